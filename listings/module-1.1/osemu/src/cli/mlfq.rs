//! `osemu mlfq`: the multi-level feedback queue, with `mlfq.py`'s flags.
//!
//! The long options keep `mlfq.py`'s spelling (`--numQueues`, `--quantumList`), so that a command
//! copied from the OSTEP homework works unchanged.

use super::{AnswerArgs, ChartArgs, at_least, to_json};
use clap::Args;
use osemu::generate;
use osemu::job::{self, Job};
use osemu::mlfq::{self, MlfqConfig};
use osemu::random::RandomSource;
use osemu::render::mlfq as render;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MlfqArgs {
    /// Random seed, as Python's random.seed
    #[arg(short = 's', long, default_value_t = 0, allow_negative_numbers = true)]
    seed: i64,
    /// Number of queues (when -Q is not given)
    #[arg(
        short = 'n',
        long = "numQueues",
        default_value_t = 3,
        allow_negative_numbers = true
    )]
    num_queues: i64,
    /// Time slice of every queue (when -Q is not given)
    #[arg(short = 'q', long, default_value_t = 10, allow_negative_numbers = true)]
    quantum: i64,
    /// Allotment of every queue, in quanta (when -A is not given)
    #[arg(short = 'a', long, default_value_t = 1, allow_negative_numbers = true)]
    allotment: i64,
    /// Time slice per queue, highest priority first (10,20,40); sets the number of queues
    #[arg(short = 'Q', long = "quantumList", value_name = "LIST")]
    quantum_list: Option<String>,
    /// Allotment per queue, highest priority first; one per queue
    #[arg(short = 'A', long = "allotmentList", value_name = "LIST")]
    allotment_list: Option<String>,
    /// Number of random jobs
    #[arg(
        short = 'j',
        long = "numJobs",
        default_value_t = 3,
        allow_negative_numbers = true
    )]
    num_jobs: i64,
    /// Longest random job
    #[arg(
        short = 'm',
        long,
        default_value_t = 100,
        allow_negative_numbers = true
    )]
    maxlen: i64,
    /// Largest I/O frequency of a random job
    #[arg(short = 'M', long, default_value_t = 10, allow_negative_numbers = true)]
    maxio: i64,
    /// Move every job to the top queue every this many ticks (0: never)
    #[arg(short = 'B', long, default_value_t = 0, allow_negative_numbers = true)]
    boost: i64,
    /// How long an I/O lasts
    #[arg(
        short = 'i',
        long = "iotime",
        default_value_t = 5,
        allow_negative_numbers = true
    )]
    io_time: i64,
    /// A job that starts an I/O stays at its priority with a fresh quantum and allotment
    #[arg(short = 'S', long)]
    stay: bool,
    /// A job back from I/O goes to the head of its queue
    #[arg(short = 'I', long)]
    iobump: bool,
    /// Jobs as start,run,ioFreq:start,run,ioFreq:... (ioFreq 0: no I/O)
    #[arg(short = 'l', long = "jlist", value_name = "LIST")]
    jlist: Option<String>,
    /// Read the jobs from a .toml or .json file (arrival, run, io_every, io_time)
    #[arg(long = "jobs-file", value_name = "FILE", conflicts_with = "jlist")]
    jobs_file: Option<PathBuf>,
    /// Reproduce mlfq.py's boost and stay-after-I/O accounting exactly
    #[arg(long)]
    ostep: bool,
    #[command(flatten)]
    answer: AnswerArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: MlfqArgs) -> anyhow::Result<String> {
    let io_time = at_least("iotime", args.io_time, 0)?;
    let mut config = MlfqConfig::from_flags(
        at_least("numQueues", args.num_queues, 1)?,
        at_least("quantum", args.quantum, 1)?,
        at_least("allotment", args.allotment, 0)?,
        args.quantum_list.as_deref(),
        args.allotment_list.as_deref(),
    )?;
    config.boost = at_least("boost", args.boost, 0)?;
    config.stay_after_io = args.stay;
    config.io_bump = args.iobump;
    config.ostep_compat = args.ostep;
    let jobs = workload(&args, io_time)?;

    if !args.answer.wants_answer() && !args.chart.wanted() {
        return Ok(render::problem(&jobs, &config));
    }
    let outcome = mlfq::simulate(&jobs, &config)?;
    let mut out = if args.answer.json {
        to_json(&render::report(&jobs, &config, &outcome))?
    } else {
        render::solution(&jobs, &config, &outcome)
    };
    args.chart
        .draw(&render::timeline(&jobs, &config, &outcome), &mut out)?;
    Ok(out)
}

fn workload(args: &MlfqArgs, io_time: u64) -> anyhow::Result<Vec<Job>> {
    if let Some(path) = &args.jobs_file {
        return Ok(job::load_job_file(path, Some(io_time))?);
    }
    if let Some(list) = &args.jlist {
        return Ok(job::parse_mlfq_list(list, io_time)?);
    }
    let mut random = RandomSource::seeded(args.seed);
    Ok(generate::mlfq_jobs(
        &mut random,
        at_least("numJobs", args.num_jobs, 1)?,
        at_least("maxlen", args.maxlen, 1)?,
        at_least("maxio", args.maxio, 0)?,
        io_time,
    )?)
}
