//! `osemu paging`: page replacement, with `paging-policy.py`'s flags.
//!
//! References are generated before any replacement decision is drawn, from the same stream, so a
//! seed gives the same references and the same random victims as the Python tool.

use super::{AnswerArgs, at_least, to_json};
use anyhow::Context;
use clap::Args;
use osemu::generate;
use osemu::paging::{self, PagingConfig, Replacement};
use osemu::random::RandomSource;
use osemu::render::paging as render;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PagingArgs {
    /// Pages to access, comma-separated (0,1,2,0); -1 generates them at random
    #[arg(short = 'a', long, default_value = "-1", allow_hyphen_values = true)]
    addresses: String,
    /// Read the pages to access from a file, one per line
    #[arg(short = 'f', long = "addressfile", value_name = "FILE")]
    address_file: Option<PathBuf>,
    /// Number of random accesses (with -a -1)
    #[arg(
        short = 'n',
        long = "numaddrs",
        default_value_t = 10,
        allow_negative_numbers = true
    )]
    num_addresses: i64,
    /// Replacement policy: FIFO, LRU, MRU, OPT, UNOPT, RAND or CLOCK
    #[arg(short = 'p', long, default_value = "FIFO")]
    policy: String,
    /// Largest value of CLOCK's use counter (default 1, or 2 with --ostep as in paging-policy.py)
    #[arg(short = 'b', long = "clockbits", allow_negative_numbers = true)]
    clock_bits: Option<i64>,
    /// Frames of memory
    #[arg(
        short = 'C',
        long = "cachesize",
        default_value_t = 3,
        allow_negative_numbers = true
    )]
    cache_size: i64,
    /// Random pages are drawn below this number
    #[arg(short = 'm', long, default_value_t = 10, allow_negative_numbers = true)]
    maxpage: i64,
    /// Random seed, as Python's random.seed
    #[arg(short = 's', long, default_value_t = 0, allow_negative_numbers = true)]
    seed: i64,
    /// Print only the totals, not every access
    #[arg(short = 'N', long = "notrace")]
    no_trace: bool,
    /// Replay these random numbers in [0, 1) for RAND and CLOCK instead of the seed's
    #[arg(long, value_name = "LIST")]
    random: Option<String>,
    /// Use paging-policy.py's CLOCK (random probes, counters) instead of the textbook hand
    #[arg(long)]
    ostep: bool,
    #[command(flatten)]
    answer: AnswerArgs,
}

pub fn run(args: PagingArgs) -> anyhow::Result<String> {
    let policy: Replacement = args.policy.parse()?;
    let mut random = RandomSource::seeded(args.seed);
    let trace = if let Some(path) = &args.address_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        paging::parse_trace_file(&text)?
    } else if args.addresses.trim() == "-1" {
        generate::page_references(
            &mut random,
            at_least("numaddrs", args.num_addresses, 1)?,
            at_least("maxpage", args.maxpage, 1)?,
        )?
    } else {
        paging::parse_trace(&args.addresses)?
    };
    if let Some(list) = &args.random {
        random = RandomSource::parse_list(list)?;
    }
    let default_bits = if args.ostep { 2 } else { 1 };
    let clock_bits = at_least("clockbits", args.clock_bits.unwrap_or(default_bits), 0)?;
    let config = PagingConfig {
        policy,
        frames: at_least("cachesize", args.cache_size, 1)? as usize,
        clock_bits: u32::try_from(clock_bits).context("clockbits is too large")?,
        ostep_compat: args.ostep,
    };

    if !args.answer.wants_answer() {
        return Ok(render::problem(&trace, &config));
    }
    let outcome = paging::simulate(&trace, &config, &mut random)?;
    if args.answer.json {
        to_json(&render::report(&config, &outcome))
    } else {
        Ok(render::solution(&config, &outcome, args.no_trace))
    }
}
