//! `osemu sched`: the event-driven policies.
//!
//! The flags are `scheduler.py`'s and `lottery.py`'s. The workload comes from `--jobs-file`, else
//! from `-l`, else from the seed, and the seed's stream then goes on to feed the lottery, as in
//! `lottery.py`, unless `--random` gives the draws. Run and arrival times of `-l` and
//! `--arrivals` may have fractions, as `scheduler.py`'s run times may, under every policy but
//! `-p LOTTERY --ostep` (`lottery.py` reads whole numbers only); the quantum is whole ticks, as in
//! `scheduler.py`.

use super::{AnswerArgs, ChartArgs, at_least, to_json};
use anyhow::Context;
use clap::Args;
use osemu::generate;
use osemu::job::{self, Job};
use osemu::random::RandomSource;
use osemu::render::sched as render;
use osemu::sched::{self, Policy, SchedConfig};
use osemu::time::TimeScale;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SchedArgs {
    /// Scheduling policy: FIFO, SJF, STCF, RR, LOTTERY or STRIDE
    #[arg(short = 'p', long, default_value = "FIFO")]
    policy: String,
    /// Run times, comma-separated (10,20,30 or 2.5,1.5,4), optionally with tickets (10:100,20:50)
    #[arg(short = 'l', long = "jlist", value_name = "LIST")]
    jlist: Option<String>,
    /// Arrival times of the jobs of -l, comma-separated (default: all at 0)
    #[arg(long, value_name = "LIST", requires = "jlist")]
    arrivals: Option<String>,
    /// Read the jobs from a .toml or .json file (arrival, run, tickets, io_every, io_time)
    #[arg(long = "jobs-file", value_name = "FILE", conflicts_with = "jlist")]
    jobs_file: Option<PathBuf>,
    /// Number of random jobs (when neither -l nor --jobs-file is given)
    #[arg(
        short = 'j',
        long = "jobs",
        default_value_t = 3,
        allow_negative_numbers = true
    )]
    jobs: i64,
    /// Longest random job
    #[arg(short = 'm', long, default_value_t = 10, allow_negative_numbers = true)]
    maxlen: i64,
    /// Most tickets of a random job (LOTTERY, STRIDE)
    #[arg(
        short = 'T',
        long,
        default_value_t = 100,
        allow_negative_numbers = true
    )]
    maxticket: i64,
    /// Random seed, as Python's random.seed
    #[arg(short = 's', long, default_value_t = 0, allow_negative_numbers = true)]
    seed: i64,
    /// Time slice of RR, LOTTERY and STRIDE
    #[arg(short = 'q', long, default_value_t = 1, allow_negative_numbers = true)]
    quantum: i64,
    /// Replay these random numbers in [0, 1) for the lottery draws instead of the seed's
    #[arg(long, value_name = "LIST")]
    random: Option<String>,
    /// Reproduce lottery.py's accounting (a finishing job is charged a whole quantum; whole ticks only)
    #[arg(long)]
    ostep: bool,
    /// Print only the averages (for very large workloads)
    #[arg(long)]
    summary: bool,
    #[command(flatten)]
    answer: AnswerArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: SchedArgs) -> anyhow::Result<String> {
    let policy: Policy = args.policy.parse()?;
    let mut random = RandomSource::seeded(args.seed);
    let (jobs, scale) = workload(&args, policy, &mut random)?;
    if let Some(list) = &args.random {
        random = RandomSource::parse_list(list)?;
    }
    let quantum = at_least("quantum", args.quantum, 1)?;
    let mut config = SchedConfig::new(policy).quantum(
        scale
            .from_ticks(quantum)
            .with_context(|| format!("quantum {quantum} is too large for this workload"))?,
    );
    config.scale = scale;
    config.ostep_compat = args.ostep;
    config.record = !args.summary || args.chart.wanted();

    if !args.answer.wants_answer() && !args.chart.wanted() {
        // The lottery's homework lists the numbers it will draw, as lottery.py does.
        let draws: Vec<u64> = if policy == Policy::Lottery {
            let outcome = sched::simulate(&jobs, &config, &mut random)?;
            outcome.draws.iter().map(|d| d.number).collect()
        } else {
            Vec::new()
        };
        return Ok(render::problem(&jobs, &config, &draws));
    }

    let outcome = sched::simulate(&jobs, &config, &mut random)?;
    let mut out = if args.answer.json {
        to_json(&render::report(&jobs, &config, &outcome, args.summary))?
    } else {
        render::solution(&jobs, &config, &outcome, args.summary)
    };
    args.chart
        .draw(&render::timeline(&config, &outcome), &mut out)?;
    Ok(out)
}

/// The jobs, and the unit their times are counted in (whole ticks unless `-l` has fractions).
fn workload(
    args: &SchedArgs,
    policy: Policy,
    random: &mut RandomSource,
) -> anyhow::Result<(Vec<Job>, TimeScale)> {
    if let Some(path) = &args.jobs_file {
        return Ok((job::load_job_file(path, None)?, TimeScale::TICKS));
    }
    if let Some(list) = &args.jlist {
        return Ok(job::parse_run_list(list, args.arrivals.as_deref())?);
    }
    let count = at_least("jobs", args.jobs, 1)?;
    let maxlen = at_least("maxlen", args.maxlen, 1)?;
    let jobs = if policy.uses_tickets() {
        let maxticket = at_least("maxticket", args.maxticket, 2)?;
        generate::lottery_jobs(random, count, maxlen, maxticket)
    } else {
        generate::scheduler_jobs(random, count, maxlen)
    }
    .context("cannot generate random jobs")?;
    Ok((jobs, TimeScale::TICKS))
}
