//! The `dataproc` command line: `dataproc FILE [options]` analyses, `dataproc gen` generates.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use dataproc::Analysis;
use dataproc::generator::{GenConfig, generate};
use dataproc::progress::Bar;
use dataproc::{Engine, Options, analyse_file, report};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

/// Analyses web-server access logs (Common and Combined Log Format): status codes, top paths and
/// clients, traffic per hour and response-size percentiles, counted in parallel.
#[derive(Debug, Parser)]
#[command(
    name = "dataproc",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// The access log to analyse
    #[arg(required = true)]
    file: Option<PathBuf>,

    /// Worker threads [default: the number of cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,

    /// How many paths and clients to list
    #[arg(long, value_name = "K", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    top: u32,

    /// Print the report as JSON
    #[arg(long)]
    json: bool,

    /// Which implementation does the work
    #[arg(long, value_enum, default_value_t = Engine::Pipeline)]
    engine: Engine,

    /// Bytes per chunk (pipeline) or per piece (rayon)
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    chunk_size: u64,

    /// Print where the time went to standard error
    #[arg(long)]
    stats: bool,

    /// Never draw the progress bar (it is drawn only when standard error is a terminal)
    #[arg(long)]
    no_progress: bool,

    /// The longest line read; longer lines count as malformed (hidden: for tests)
    #[arg(long, hide = true, value_name = "BYTES", default_value_t = dataproc::chunk::MAX_LINE as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    max_line: u64,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a realistic access log, the same for the same seed
    Gen(GenArgs),
}

#[derive(Debug, Args)]
struct GenArgs {
    /// How many lines to write
    #[arg(long, value_name = "N")]
    lines: u64,
    /// Seed of the pseudo-random generator
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Share of malformed lines, from 0 to 1
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    malformed: f64,
    /// How many days the timestamps span
    #[arg(long, value_name = "D", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=3650))]
    days: u32,
    /// Where to write the log
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Overwrite FILE if it exists and is not empty
    #[arg(long)]
    force: bool,
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("`{text}` is not a share between 0 and 1")),
    }
}

// ANCHOR: main
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if error.use_stderr() => {
            // clap's message spans several lines; the first paragraph says what is wrong.
            let text = error.to_string();
            let first: Vec<&str> = text
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = first.join(" ");
            eprintln!(
                "dataproc: {}",
                message
                    .strip_prefix("error: ")
                    .map_or(message.clone(), |m| format!("error: {m}"))
            );
            return ExitCode::from(2);
        }
        Err(help_or_version) => {
            let _ = help_or_version.print();
            return ExitCode::SUCCESS;
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dataproc: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
// ANCHOR_END: main

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Gen(args)) = cli.command {
        return run_gen(&args);
    }
    let Some(path) = cli.file else {
        anyhow::bail!("no log file given (try --help)");
    };
    let threads = match cli.threads {
        Some(threads) => usize::from(threads),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let options = Options {
        engine: cli.engine,
        threads,
        chunk_size: usize::try_from(cli.chunk_size).context("--chunk-size is too large")?,
        top: cli.top as usize,
        max_line: usize::try_from(cli.max_line).context("--max-line is too large")?,
    };
    let total = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let done = Arc::new(AtomicU64::new(0));
    let bar = Bar::start(done.clone(), total, !cli.no_progress);
    let started = Instant::now();
    let result = analyse_file(&path, &options, &done);
    let wall = started.elapsed();
    bar.finish();
    let analysis = result?;
    if cli.stats {
        eprint!("{}", stats(&options, total, wall, &analysis));
    }
    let report = analysis.report;
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report::table(&report));
    }
    Ok(())
}

fn run_gen(args: &GenArgs) -> anyhow::Result<()> {
    // A mistyped --out must not replace a real log: only an absent or empty file is written
    // without --force.
    if !args.force && std::fs::metadata(&args.out).is_ok_and(|m| m.len() > 0) {
        anyhow::bail!(
            "`{}` exists and is not empty (use --force to overwrite it)",
            args.out.display()
        );
    }
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    let config = GenConfig {
        lines: args.lines,
        seed: args.seed,
        malformed: args.malformed,
        days: args.days,
    };
    let summary = generate(&config, file)
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    println!(
        "wrote {} lines ({} malformed, {} bytes)",
        summary.lines, summary.malformed, summary.bytes
    );
    Ok(())
}

/// `--stats`: where the time went, and why lines were malformed. If the reader was often blocked
/// on a full channel, the workers (parsing) are the bottleneck; if workers often waited for
/// chunks, reading is.
fn stats(options: &Options, total: u64, wall: Duration, analysis: &Analysis) -> String {
    let times = &analysis.times;
    let rate = total as f64 / 1e6 / wall.as_secs_f64().max(1e-9);
    let secs = |d: Duration| format!("{:.3} s", d.as_secs_f64());
    let mut out = format!(
        "engine {}, {} threads, {} chunks of up to {} bytes\n\
         wall          {}  {rate:.1} MB/s\n\
         read          {}  reader inside read()\n\
         send blocked  {}  reader waiting on a full channel (workers behind)\n\
         parse         {}  summed over the workers\n\
         recv waiting  {}  workers waiting for a chunk (reader behind)\n\
         merge         {}\n\
         finish        {}  the report from the merged counts (top-K, percentiles)\n\
         distinct      {} paths, {} clients, {} hours, {} sizes\n",
        format!("{:?}", options.engine).to_lowercase(),
        options.threads,
        times.chunks,
        options.chunk_size,
        secs(wall),
        secs(times.read),
        secs(times.send_blocked),
        secs(times.parse),
        secs(times.recv_waiting),
        secs(times.merge),
        secs(times.finish),
        analysis.distinct.paths,
        analysis.distinct.clients,
        analysis.distinct.hours,
        analysis.distinct.sizes,
    );
    // Writing to a String cannot fail.
    let reasons = &analysis.malformed_reasons;
    let _ = match reasons.total() {
        0 => writeln!(out, "malformed     0 lines"),
        n => writeln!(out, "malformed     {n} lines, by reason:"),
    };
    for (reason, count) in reasons.iter() {
        let _ = writeln!(out, "  {:<11} {count}", reason.name());
    }
    out
}
