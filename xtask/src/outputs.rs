//! Program output shown in the book, kept true.
//!
//! A listing that the book shows running has an `output.txt` beside its `Cargo.toml` (a project
//! whose chapter shows several runs has one file per run in `outputs/`). Its first
//! line is the command, as the reader types it (`$ cargo run -q`); the rest is what that command
//! printed, standard output and standard error together. `cargo xtask outputs` runs every such
//! command again and fails when the output has changed; `--bless` rewrites the stale files.
//!
//! Some values change on every run: process IDs, durations, ports. The files keep the real values
//! of the run that made them, and the comparison masks them on both sides (see `MASKS`), so such a
//! file is stale only when something else changed.

use crate::workspace::{self, relative};
use anyhow::{Context, Result, bail};
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

pub enum Mode {
    Check,
    /// Rewrite the files that no longer match.
    Bless,
    /// Rewrite every file with a new run, even one that matches once masked: for new measurements.
    Rerun,
}

/// What varies from run to run, and the stand-in it is compared as. Documented in CONTRIBUTING.md.
static MASKS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        // "812.3 MB/s", "1.2 GiB/s", "48,512 req/s", "3.1M ops/s": throughput, before durations so
        // that the "s" of "/s" is never read as seconds.
        (
            r"\s*\b\d[\d,]*(\.\d+)?\s?([kKMG]i?B|B|[kKM])?\s?(req|ops|lines|items|msgs)?/s\b",
            " <rate>",
        ),
        // "pid 4242", "PID 4242", "parent pid 4242"
        (r"(?i)\bpid\s+\d+", "pid <N>"),
        // "630.9 µs", "12ms", "1.5 s". Right-aligned numbers are padded to a width, and a wider
        // number eats the padding ("( 13.9x" becomes "(132.5x"), so the masks of numbers take the
        // spaces before them too and put back exactly one.
        (r"\s*\b\d+(\.\d+)?\s?(ns|µs|us|ms|s)\b", " <duration>"),
        // "latency_us=534": a log field whose name gives the unit, in whole microseconds
        (r"\b([a-z_]+_us)=\d+\b", "$1=<duration>"),
        // "13.9x"
        (r"\s*\b\d+(\.\d+)?x\b", " <ratio>"),
        // "72.4 KiB/conn", "296 MiB RSS": a server's memory per connection and a process's
        // resident memory, as the chat benchmarks print them. Other sizes stay compared.
        (r"\s*\b\d+(\.\d+)?\s?KiB/conn\b", " <size>/conn"),
        (r"\s*\b\d+(\.\d+)?\s?MiB RSS\b", " <size> RSS"),
        // "127.0.0.1:40123", "[::1]:40123", "localhost:40123"
        (r"(127\.\d+\.\d+\.\d+|\[::1\]|localhost):\d+", "$1:<port>"),
    ]
    .into_iter()
    .map(|(pattern, replacement)| (Regex::new(pattern).expect("valid mask"), replacement))
    .collect()
});

/// The form in which two outputs are compared: masked, with runs of spaces collapsed (masked
/// values change width and move the columns after them) and trailing space dropped.
pub fn comparable(text: &str) -> String {
    let mut masked = text.to_owned();
    for (pattern, replacement) in MASKS.iter() {
        masked = pattern.replace_all(&masked, *replacement).into_owned();
    }
    masked
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

/// Checks (or with `Mode::Bless`, rewrites) the recorded outputs; with paths in `only`, just
/// those under one of them (a listing folder, a project's `outputs/` folder or a single file).
pub fn run(mode: Mode, only: &[PathBuf]) -> Result<()> {
    let only = only
        .iter()
        .map(|path| {
            fs::canonicalize(path)
                .with_context(|| format!("no such file or folder: {}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let repo = workspace::repo()?;
    let selected: Vec<_> = repo
        .recorded_outputs()
        .into_iter()
        .filter(|(_, file)| only.is_empty() || only.iter().any(|path| file.starts_with(path)))
        .collect();
    prebuild(&selected)?;
    let mut stale = Vec::new();
    let mut checked = 0;
    let has_mix = crate::elixir::on_path("mix");
    for (project, file) in selected {
        let dir = &project.dir;
        if project.build == book_layout::Build::Mix && !has_mix {
            println!("  skipped     {} (no Elixir here)", relative(&file));
            continue;
        }
        checked += 1;
        let recorded = fs::read_to_string(&file)?;
        let command_line = recorded
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("$ "))
            .with_context(|| format!("{}: the first line must be `$ <command>`", relative(&file)))?
            .to_owned();
        let mut fresh = run_recorded_command(dir, &command_line)?;
        // An output that depends on the machine's free memory (Listing 1.2.1-1 needs free 2 MiB
        // blocks for its huge pages) can differ after a long build has filled the page cache and
        // fragmented memory: compacting every 20 s beforehand was not enough in a fresh-clone run.
        // As root, drop the clean page cache, compact, and run it once more before calling it
        // stale: a real change fails the second run too.
        if matches!(mode, Mode::Check)
            && comparable(&format!("$ {command_line}\n{fresh}")) != comparable(&recorded)
            && free_memory()
        {
            println!("  (different; running it again after freeing memory)");
            fresh = run_recorded_command(dir, &command_line)?;
        }
        // A program that needs what this machine lacks (root, a network namespace) says
        // `skipped: <why>` and succeeds. Outside CI that is reported and passed over; in CI it is
        // compared like any output, so it fails there as stale.
        if let Some(why) = fresh.strip_prefix("skipped: ")
            && std::env::var_os("CI").is_none()
        {
            println!("  skipped     {} ({})", relative(&file), why.trim_end());
            continue;
        }
        let fresh_file = format!("$ {command_line}\n{fresh}");
        if comparable(&fresh_file) == comparable(&recorded) && !matches!(mode, Mode::Rerun) {
            println!("  up to date  {}", relative(&file));
            continue;
        }
        match mode {
            Mode::Bless | Mode::Rerun => {
                fs::write(&file, &fresh_file)?;
                println!("  rewritten   {}", relative(&file));
            }
            Mode::Check => {
                println!("  STALE       {}", relative(&file));
                println!("--- recorded\n{recorded}--- now\n{fresh_file}---");
                stale.push(relative(&file));
            }
        }
    }
    println!("{checked} output file(s) checked");
    if !stale.is_empty() {
        bail!(
            "{} output file(s) no longer match their program: {}\n\
             if the change is intended, run `cargo xtask outputs --bless` and commit the result",
            stale.len(),
            stale.join(", ")
        );
    }
    Ok(())
}

/// Builds every program the recorded commands run, in two Cargo invocations (debug and release)
/// instead of one per command: Cargo then compiles them in parallel, the commands that follow
/// find them fresh, and no compiler message can end up in a recording.
fn prebuild(selected: &[(&book_layout::Project, PathBuf)]) -> Result<()> {
    let mut debug = Vec::new();
    let mut release = Vec::new();
    for (project, file) in selected {
        // A Mix project is compiled by `mix compile` first, for the same reason ("Compiling 2
        // files (.ex)" is not part of what the book shows); `mix run` then finds it fresh.
        if project.build == book_layout::Build::Mix {
            if crate::elixir::on_path("mix") {
                workspace::run(
                    Command::new("mix")
                        .args(["compile", "--warnings-as-errors"])
                        .current_dir(&project.dir)
                        .stdout(std::process::Stdio::null()),
                )?;
            }
            continue;
        }
        let Some(package) = project.package.as_deref() else {
            continue;
        };
        let command = fs::read_to_string(file)?;
        let command = command.lines().next().unwrap_or_default();
        let list = if command.contains("--release") {
            &mut release
        } else {
            &mut debug
        };
        if !list.contains(&package) {
            list.push(package);
        }
    }
    for (packages, profile) in [(debug, None), (release, Some("--release"))] {
        if packages.is_empty() {
            continue;
        }
        let mut build = workspace::cargo();
        build.args(["build", "--quiet", "--bins", "--examples"]);
        build.args(profile);
        for package in packages {
            build.args(["-p", package]);
        }
        workspace::run(&mut build)?;
    }
    Ok(())
}

/// Drops the page cache's clean pages and compacts memory (as root); whether it could.
fn free_memory() -> bool {
    fs::write("/proc/sys/vm/drop_caches", "1").is_ok()
        && fs::write("/proc/sys/vm/compact_memory", "1").is_ok()
}

/// Runs the command in the listing's folder as a reader would, both output streams together.
fn run_recorded_command(dir: &Path, command_line: &str) -> Result<String> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{command_line} 2>&1"))
        .current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .with_context(|| format!("cannot run `{command_line}` in {}", relative(dir)))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    // A command may fail on purpose (the page shows the error a bad call raises): its output is
    // compared like any other, so a failure the recording does not show is still caught, as a
    // stale output with the exit status beside it.
    if !output.status.success() {
        println!(
            "  (`{command_line}` in {} exited with {})",
            relative(dir),
            output.status
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::comparable;

    #[test]
    fn masks_what_varies_and_nothing_else() {
        let first = "parent pid 19024 starting\npid 19099   true   exited with status 3\n  took 630.9 µs  ( 13.9x a thread)\nlistening on 127.0.0.1:40123";
        let second = "parent pid 7 starting\npid 8 true exited with status 3\n  took 1.2 ms  (  1.0x a thread)\nlistening on 127.0.0.1:5\n";
        assert_eq!(comparable(first), comparable(second));
        // A number that outgrows its column eats the padding before it.
        assert_eq!(
            comparable("( 13.9x a thread)"),
            comparable("(132.5x a thread)")
        );
        assert_eq!(comparable("took   8.1 µs"), comparable("took 1234.5 µs"));
        assert_eq!(
            comparable("read 812.3 MB/s, 48,512 req/s, 3.1M ops/s"),
            comparable("read 1.2 GB/s, 9 req/s, 120k ops/s")
        );
        assert_ne!(comparable("812.3 MB/s"), comparable("812.3 MB"));
        assert_eq!(
            comparable("answered status=200 latency_us=534"),
            comparable("answered status=200 latency_us=3165")
        );
        assert_ne!(comparable("status=200"), comparable("status=404"));
        assert_eq!(
            comparable("chat  72.4 KiB/conn (68.8 KiB/conn-72.9 KiB/conn), 296 MiB RSS"),
            comparable("chat 113.0 KiB/conn (9.1 KiB/conn-120.5 KiB/conn), 1024 MiB RSS")
        );
        assert_ne!(comparable("a 4 KiB page"), comparable("a 8 KiB page"));
        assert_ne!(comparable("256 MiB mapped"), comparable("512 MiB mapped"));
        let changed_status = second.replace("status 3", "status 4");
        assert_ne!(comparable(first), comparable(&changed_status));
    }
}
