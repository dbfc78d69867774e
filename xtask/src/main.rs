//! The repository's own commands, run as `cargo xtask <task>`.
//!
//! A reader needs two of them: `serve` to read the book, `check` to run every check. The others
//! are for authors. Everything the tasks install goes into a cache outside the clone
//! (`~/.cache/mastering-backend`, or `$MBE_CACHE_DIR`), keyed by version, so a second run reuses it.

mod archives;
mod browser;
mod changed;
mod check;
mod contract;
mod elixir;
mod exercise;
mod links;
mod outputs;
mod quiz_assets;
mod scaffold;
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
    Check {
        /// Only what the change since `main` touches (its projects, its pages, the book build):
        /// what to run before pushing. CI runs the full check.
        #[arg(long)]
        changed: bool,
    },
    /// Test your attempt at an exercise, e.g. `cargo xtask exercise 1.1.1-1`.
    Exercise {
        /// The exercise's id, as the book numbers it.
        id: String,
    },
    /// Build the book into book/, with the listing archives in book/downloads/ (what GitHub
    /// Pages publishes).
    Build {
        /// Also print the book to book/mastering-backend.pdf, in headless Chromium.
        #[arg(long)]
        pdf: bool,
    },
    /// Rewrite the files the tools generate (theme assets, quiz ids) with the pinned versions:
    /// run after changing a version in xtask/src/tools.rs, then commit what changed.
    Regenerate,
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
    /// Create a new listing, exercise or chapter that follows the conventions, and say what to
    /// write next.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Install the pinned mdBook tools into the cache and print where they are.
    InstallTools,
    /// Fuzz the catalog service (Module 2.1) against its OpenAPI document with schemathesis.
    Contract,
    /// The mdBook preprocessor that links mdbook-quiz's files once per page (book.toml runs it).
    #[command(hide = true)]
    QuizAssets {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Subcommand)]
enum New {
    /// The next listing of a chapter: `listings/module-M/listing-<chapter>-NN/`.
    Listing {
        /// The chapter, by number (`1.1.8`) or file (`src/month-1/module-1.1/tcp.md`).
        chapter: String,
        /// A Mix project (Elixir, Module 2.2) instead of a Cargo one.
        #[arg(long)]
        mix: bool,
    },
    /// The next exercise of a chapter: starter, solution, the switch between them, and tests.
    Exercise {
        /// The chapter, by number (`1.1.8`) or file.
        chapter: String,
        /// The function the reader writes (snake_case).
        function: String,
        /// A Mix project (Elixir, Module 2.2) instead of a Cargo one.
        #[arg(long)]
        mix: bool,
    },
    /// A chapter of a module: its page, its quiz, its line in SUMMARY.md and in the module page.
    Chapter {
        /// The module (`2.2`).
        module: String,
        /// The page's file name without `.md` (`processes`).
        stem: String,
        /// The title, as SUMMARY.md and the module page show it.
        title: String,
    },
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
        Task::Check { changed: false } => check::run_all(),
        Task::Check { changed: true } => changed::run(),
        Task::Exercise { id } => exercise::run(&id),
        Task::Build { pdf } => {
            let book = tools::build_book()?;
            for archive in archives::pack(&book)? {
                println!("packed {}", workspace::relative(&archive));
            }
            if pdf {
                let pdf = browser::print_pdf(&book)?;
                println!("printed {}", workspace::relative(&pdf));
            }
            Ok(())
        }
        Task::Regenerate => tools::regenerate(),
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
        Task::QuizAssets { args } => quiz_assets::run(&args),
        Task::New { what } => match what {
            New::Listing { chapter, mix } => scaffold::listing(&chapter, mix),
            New::Exercise {
                chapter,
                function,
                mix,
            } => scaffold::exercise(&chapter, &function, mix),
            New::Chapter {
                module,
                stem,
                title,
            } => scaffold::chapter(&module, &stem, &title),
        },
    }
}
