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

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The book's tasks. Readers need `serve` and `check`; the rest are for authors.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install the book's tools if missing and serve the book at http://localhost:3000.
    Serve {
        /// Passed on to `mdbook serve` (for example `--open`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        mdbook_args: Vec<String>,
    },
    /// Run every check: conventions, format, lints, all tests, outputs, the built book in a browser.
    Check,
    /// Test your attempt at an exercise, e.g. `cargo xtask exercise 1.1.1-1`.
    Exercise {
        /// The exercise's id, as the book numbers it.
        id: String,
    },
    /// Build the book into book/ (what GitHub Pages publishes).
    Build,
    /// Check the repository's conventions: ids, captions, references, anchors, module pages.
    Lint,
    /// Compare every recorded output (output.txt, outputs/*.txt) with a fresh run of its command.
    Outputs {
        /// Rewrite the files that no longer match.
        #[arg(long, conflicts_with = "rerun")]
        bless: bool,
        /// Rewrite every file with a new run, even one that matches once masked (new measurements).
        #[arg(long)]
        rerun: bool,
        /// Only the outputs under these paths (a listing's folder, an outputs/ folder, a file).
        paths: Vec<PathBuf>,
    },
    /// Install the pinned mdBook tools into the cache and print where they are.
    InstallTools,
    /// Fuzz the catalog service (Module 2.1) against its OpenAPI document with schemathesis.
    Contract,
}

fn main() {
    if let Err(error) = run(Cli::parse()) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.task {
        Task::Serve { mdbook_args } => tools::serve(&mdbook_args),
        Task::Check => check::run_all(),
        Task::Exercise { id } => exercise::run(&id),
        Task::Build => tools::build_book().map(|_| ()),
        Task::Lint => check::conventions(),
        Task::Outputs {
            bless,
            rerun,
            paths,
        } => {
            let mode = match (bless, rerun) {
                (true, _) => outputs::Mode::Bless,
                (_, true) => outputs::Mode::Rerun,
                _ => outputs::Mode::Check,
            };
            outputs::run(mode, &paths)
        }
        Task::InstallTools => {
            for dir in tools::install_all()? {
                println!("{}", dir.display());
            }
            Ok(())
        }
        Task::Contract => contract::run(),
    }
}
