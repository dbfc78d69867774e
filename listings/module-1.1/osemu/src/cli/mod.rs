//! Flags and dispatch, one submodule per subcommand.
//!
//! The flags are those of the OSTEP homework simulators, so that a command from the book's
//! homework works here unchanged (`osemu sched -p RR -l 10,20,30 -q 5 -c`); the additions are
//! long options (`--json`, `--gantt`, `--svg`, `--ostep`, `--random`, `--jobs-file`). The library
//! does the work; this layer only turns flags into library calls and results into output.

mod mlfq;
mod paging;
mod sched;
mod translate;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, error::ErrorKind};
use osemu::gantt::{self, Timeline};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "osemu",
    version,
    about = "Mini OS Scheduler Emulator: CPU scheduling, MLFQ, page replacement and address translation",
    long_about = "Mini OS Scheduler Emulator.\n\n\
        Predicts what an operating system's policies do with a workload, with the flags of the \
        OSTEP homework simulators. Without -c it poses a problem (random from a seed, or yours); \
        with -c it prints the answer."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// CPU scheduling: FIFO, SJF, STCF, RR, LOTTERY, STRIDE (like scheduler.py and lottery.py)
    Sched(sched::SchedArgs),
    /// Multi-level feedback queue (like mlfq.py)
    Mlfq(mlfq::MlfqArgs),
    /// Page replacement: FIFO, LRU, MRU, OPT, UNOPT, RAND, CLOCK (like paging-policy.py)
    Paging(paging::PagingArgs),
    /// Address translation with a linear page table (like paging-linear-translate.py)
    Translate(translate::TranslateArgs),
}

/// Flags every subcommand shares: homework or answer, and in which form.
#[derive(Debug, Args)]
struct AnswerArgs {
    /// Compute the answers (OSTEP's -c); without it, only the problem is shown
    #[arg(short = 'c', long = "compute")]
    solve: bool,
    /// Print the answers as JSON (implies -c)
    #[arg(long)]
    json: bool,
}

impl AnswerArgs {
    fn wants_answer(&self) -> bool {
        self.solve || self.json
    }
}

/// Flags of the subcommands that produce a schedule.
#[derive(Debug, Args)]
struct ChartArgs {
    /// Draw a Gantt chart of the schedule in the terminal (implies -c)
    #[arg(long, conflicts_with = "json")]
    gantt: bool,
    /// Write the schedule as an SVG picture to FILE (implies -c); with -, print only the picture
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Width of the terminal Gantt chart, in columns (10 to 1000)
    #[arg(long, default_value_t = 72, value_name = "COLUMNS")]
    width: usize,
}

impl ChartArgs {
    fn wanted(&self) -> bool {
        self.gantt || self.svg.is_some()
    }

    /// Appends the terminal chart to `out` and writes the SVG file, as asked.
    fn draw(&self, timeline: &Timeline, out: &mut String) -> anyhow::Result<()> {
        if self.gantt {
            out.push('\n');
            out.push_str(&gantt::render_text(timeline, self.width));
        }
        if let Some(path) = &self.svg {
            let picture = osemu::svg::render_svg(timeline);
            if path.as_os_str() == "-" {
                // The picture alone on standard output, so that it can be piped or embedded in a
                // page: text around it would make it an invalid SVG document.
                *out = picture;
                return Ok(());
            }
            std::fs::write(path, picture)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("osemu: wrote {}", path.display());
        }
        Ok(())
    }
}

/// Runs the parsed command and prints what it produced.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let text = match cli.command {
        Command::Sched(args) => sched::run(args)?,
        Command::Mlfq(args) => mlfq::run(args)?,
        Command::Paging(args) => paging::run(args)?,
        Command::Translate(args) => translate::run(args)?,
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // The reader stopped reading (`osemu ... | head`): not an error worth reporting.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

fn to_json(value: &impl serde::Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value).context("cannot encode the JSON report")?;
    text.push('\n');
    Ok(text)
}

/// Prints a clap error as one line (help and version requests are printed whole).
pub fn usage_error(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(2)
        }
        _ => {
            let rendered = error.render().to_string();
            let first = rendered
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("invalid command line");
            let message = first.trim().trim_start_matches("error: ");
            eprintln!("osemu: error: {message} (see osemu --help)");
            ExitCode::from(2)
        }
    }
}

/// Turns a signed flag into a count, with a message that names the flag.
fn at_least(flag: &str, value: i64, minimum: i64) -> anyhow::Result<u64> {
    if value < minimum {
        anyhow::bail!("{flag} must be at least {minimum} (got {value})");
    }
    Ok(value as u64)
}
