//! `osemu translate`: linear page tables, with `paging-linear-translate.py`'s flags.
//!
//! Every address is translated before anything is printed, so an address outside the address
//! space is reported as an error even in homework mode, rather than posed as a question.

use super::{AnswerArgs, at_least, to_json};
use clap::Args;
use osemu::generate;
use osemu::random::RandomSource;
use osemu::render::translate as render;
use osemu::translate::{self, Geometry};

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Virtual addresses to translate, comma-separated (decimal or 0x hex); -1: random ones
    #[arg(short = 'A', long, default_value = "-1", allow_hyphen_values = true)]
    addresses: String,
    /// Random seed, as Python's random.seed
    #[arg(short = 's', long, default_value_t = 0, allow_negative_numbers = true)]
    seed: i64,
    /// Address-space size (16, 64k, 32m, 1g)
    #[arg(short = 'a', long = "asize", default_value = "16k")]
    address_space: String,
    /// Physical memory size
    #[arg(short = 'p', long = "physmem", default_value = "64k")]
    physical_memory: String,
    /// Page size
    #[arg(short = 'P', long = "pagesize", default_value = "4k")]
    page_size: String,
    /// Number of random virtual addresses (with -A -1)
    #[arg(
        short = 'n',
        long = "numaddrs",
        default_value_t = 5,
        allow_negative_numbers = true
    )]
    num_addresses: i64,
    /// Percentage of the virtual pages that are valid in a random page table
    #[arg(short = 'u', long, default_value_t = 50, allow_negative_numbers = true)]
    used: i64,
    /// The page table, one entry per virtual page: a frame number, 0x80000005-style, or -
    #[arg(long = "page-table", value_name = "LIST")]
    page_table: Option<String>,
    /// Accepted for compatibility; the page table always shows its indices
    #[arg(short = 'v', hide = true)]
    verbose: bool,
    #[command(flatten)]
    answer: AnswerArgs,
}

pub fn run(args: TranslateArgs) -> anyhow::Result<String> {
    let geometry = Geometry::new(
        translate::parse_size("asize", &args.address_space)?,
        translate::parse_size("physmem", &args.physical_memory)?,
        translate::parse_size("pagesize", &args.page_size)?,
    )?;
    let mut random = RandomSource::seeded(args.seed);
    let table = match &args.page_table {
        Some(list) => translate::parse_page_table(list, &geometry)?,
        None => {
            if geometry.physical_memory <= geometry.address_space {
                anyhow::bail!(
                    "physmem must be larger than asize for a random page table (or give --page-table)"
                );
            }
            generate::page_table(
                &mut random,
                geometry.virtual_pages(),
                geometry.physical_pages(),
                at_least("used", args.used, 0)?,
            )?
        }
    };
    let addresses = if args.addresses.trim() == "-1" {
        generate::virtual_addresses(
            &mut random,
            at_least("numaddrs", args.num_addresses, 0)?,
            geometry.address_space,
        )?
    } else {
        translate::parse_addresses(&args.addresses)?
    };
    let translations = addresses
        .iter()
        .map(|&va| translate::translate(&geometry, &table, va))
        .collect::<Result<Vec<_>, _>>()?;

    if !args.answer.wants_answer() {
        return Ok(render::problem(&geometry, &table, &addresses));
    }
    if args.answer.json {
        to_json(&render::report(&geometry, &table, &translations))
    } else {
        Ok(render::solution(&geometry, &table, &translations))
    }
}
