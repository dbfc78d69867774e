//! The repository's own commands, run as `cargo xtask <task>`.
//!
//! A reader needs two of them: `serve` to read the book, `check` to run every check. The others
//! are for authors. Everything the tasks install goes into a cache outside the clone
//! (`~/.cache/mastering-backend`, or `$MBE_CACHE_DIR`), keyed by version, so a second run reuses it.

mod browser;
mod check;
mod contract;
mod exercise;
mod links;
mod outputs;
mod system;
mod tools;
mod workspace;

use anyhow::{Result, bail};

const HELP: &str = "\
usage: cargo xtask <task>

For readers:
  serve               install the book's tools if missing, serve the book at http://localhost:3000
  check               run every check: format, lints, all tests, outputs, the built book in a browser
  exercise <id>       test your attempt at an exercise, e.g. `cargo xtask exercise 1.1-1`

For authors:
  build               build the book into book/ (what GitHub Pages publishes)
  outputs [--bless] [PATH...]
                      compare every listing's output.txt with a fresh run (or only those under
                      the PATHs); --bless rewrites stale ones; --rerun rewrites them all with
                      a new run (new measurements, even where only masked values changed)
  install-tools       install the pinned mdBook tools into the cache and print where they are
  contract            fuzz the catalog service (Module 2.1) against its OpenAPI document with
                      schemathesis (part of `check`)
";

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["serve", rest @ ..] => tools::serve(rest),
        ["build"] => tools::build_book().map(|_| ()),
        ["check"] => check::run_all(),
        ["contract"] => contract::run(),
        ["outputs", "--bless", only @ ..] => outputs::run(outputs::Mode::Bless, only),
        ["outputs", "--rerun", only @ ..] => outputs::run(outputs::Mode::Rerun, only),
        ["outputs", only @ ..] => outputs::run(outputs::Mode::Check, only),
        ["exercise", id] => exercise::run(id),
        ["install-tools"] => {
            let bin_dirs = tools::install_all()?;
            for dir in bin_dirs {
                println!("{}", dir.display());
            }
            Ok(())
        }
        [] | ["help" | "--help" | "-h"] => {
            print!("{HELP}");
            Ok(())
        }
        _ => bail!("unknown task `{}`\n\n{HELP}", words.join(" ")),
    }
}
