//! `cargo xtask check`: every check the project has, in the order that fails fastest.

use crate::workspace::{self, cargo, relative, root, step};
use crate::{archives, browser, contract, elixir, links, outputs, system, tools};
use anyhow::{Context, Result, bail};
use book_layout::{Build, Id, Project};
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn run_all() -> Result<()> {
    run(&Scope::Everything)
}

/// What one run of the check covers.
pub enum Scope {
    /// Every step over the whole repository: what CI runs.
    Everything,
    /// `--changed`: the steps over what a change touches (see `crate::changed`).
    Touched(Touched),
}

/// What a change touches: the projects whose files changed, and the pages whose text (or whose
/// included code) changed.
#[derive(Debug, Default)]
pub struct Touched {
    pub projects: Vec<Project>,
    /// Test-name stems of the pages (`month_1_module_1_1_processes`), as book-tests names them.
    pub page_stems: Vec<String>,
    /// Whether anything the built book shows changed (a page, a quiz, included code).
    pub book: bool,
}

impl Scope {
    /// The Cargo packages to lint, test and build: `None` for the whole workspace.
    fn packages(&self) -> Option<Vec<&str>> {
        match self {
            Scope::Everything => None,
            Scope::Touched(touched) => Some(
                touched
                    .projects
                    .iter()
                    .filter(|project| project.build == Build::Cargo)
                    .filter_map(|project| project.package.as_deref())
                    .collect(),
            ),
        }
    }

    /// Whether a page is in scope: every page, or those the change touched.
    fn includes_page(&self, repo: &book_layout::Repo, page: &book_layout::Chapter) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Touched(touched) => {
                page.file
                    .strip_prefix(repo.root.join("src"))
                    .is_ok_and(|path| {
                        touched
                            .page_stems
                            .contains(&book_layout::markdown::test_stem(path))
                    })
            }
        }
    }

    fn includes(&self, project: &Project) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Touched(touched) => touched.projects.iter().any(|p| p.dir == project.dir),
        }
    }
}

pub fn run(scope: &Scope) -> Result<()> {
    let started = Instant::now();
    let everything = matches!(scope, Scope::Everything);
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
    let packages = scope.packages();
    if packages
        .as_ref()
        .is_none_or(|packages| !packages.is_empty())
    {
        step("lints (cargo clippy -D warnings)", || {
            workspace::run(
                cargo()
                    .arg("clippy")
                    .args(package_args(packages.as_deref()))
                    .args(["--all-targets", "--quiet", "--", "-D", "warnings"]),
            )
        })?;
    }
    match scope {
        Scope::Everything => step(
            "tests: listings, exercises and every code block of the book",
            || workspace::run(cargo().args(["test", "--workspace", "--quiet"])),
        )?,
        Scope::Touched(touched) => {
            if let Some(packages) = packages.as_deref().filter(|p| !p.is_empty()) {
                step("tests: the listings and exercises changed", || {
                    workspace::run(
                        cargo()
                            .arg("test")
                            .args(package_args(Some(packages)))
                            .arg("--quiet"),
                    )
                })?;
            }
            if !touched.page_stems.is_empty() {
                step("tests: the code blocks of the pages changed", || {
                    let mut test = cargo();
                    test.args(["test", "--quiet", "-p", "book-tests", "--"]);
                    // Test names are `<page stem>_line_<N>`, or `<page stem>_sect_<heading>_line_<N>`
                    // under a heading; a filter matches any part of a name.
                    test.args(
                        touched
                            .page_stems
                            .iter()
                            .flat_map(|stem| [format!("{stem}_line_"), format!("{stem}_sect_")]),
                    );
                    workspace::run(&mut test)
                })?;
            }
        }
    }
    let repo = workspace::repo()?;
    let exercises: Vec<(&Id, &Project)> = repo
        .exercises()
        .filter(|(_, project)| project.build == Build::Cargo && scope.includes(project))
        .collect();
    if !exercises.is_empty() {
        step("every exercise's starter fails its tests", || {
            exercise_starters_fail(&exercises)
        })?;
    }
    let mix_projects: Vec<&Project> = elixir::mix_projects(repo.projects.iter())
        .into_iter()
        .filter(|project| scope.includes(project))
        .collect();
    let elixir_pages: Vec<&book_layout::Chapter> = repo
        .chapters
        .iter()
        .filter(|chapter| scope.includes_page(&repo, chapter))
        .collect();
    let elixir = if mix_projects.is_empty() && !elixir_pages.iter().any(|p| elixir::has_blocks(p)) {
        false
    } else {
        step_with_value(
            "Elixir and Erlang from Debian (Module 2.2)",
            elixir::available,
        )?
    };
    if elixir {
        step(
            "Elixir: Mix projects formatted, compiled with warnings as errors, tested",
            || elixir::check_projects(&mix_projects),
        )?;
        let mix_exercises: Vec<&Project> = mix_projects
            .iter()
            .copied()
            .filter(|project| matches!(project.id(), Some((book_layout::Kind::Exercise, _))))
            .collect();
        if !mix_exercises.is_empty() {
            step("Elixir: every exercise's starter fails its tests", || {
                mix_starters_fail(&mix_exercises)
            })?;
        }
        step("Elixir: the pages' iex transcripts and scripts", || {
            elixir::check_blocks(&elixir_pages)
        })?;
        if let Some(chat) = mix_projects.iter().find(|p| p.name() == CHAT_PROJECT) {
            step(
                "the chat's page in headless Chromium: two users, presence, messages",
                || browser::check_chat_page(&chat.dir),
            )?;
        }
    }
    let catalog = repo.projects.iter().find(|p| p.name() == contract::PROJECT);
    if catalog.is_some_and(|catalog| scope.includes(catalog)) {
        step(
            "the catalog service against its OpenAPI document (schemathesis)",
            contract::run,
        )?;
    }
    let with_outputs: Vec<PathBuf> = repo
        .projects
        .iter()
        .filter(|project| scope.includes(project) && !project.recorded_outputs().is_empty())
        .map(|project| project.dir.clone())
        .collect();
    if everything || !with_outputs.is_empty() {
        step("program output shown in the book is current", || {
            outputs::run(
                outputs::Mode::Check,
                if everything { &[] } else { &with_outputs },
            )
        })?;
    }
    let copied: Vec<&Project> = repo
        .projects
        .iter()
        .filter(|project| match project.build {
            Build::Cargo => true,
            Build::Mix => elixir,
            _ => false,
        })
        .filter(|project| scope.includes(project))
        .collect();
    if !copied.is_empty() {
        step(
            "listings build when copied out, anchors stripped (the download archives)",
            || copied_listings_build(&copied),
        )?;
    }
    let book_changed = match scope {
        Scope::Everything => true,
        Scope::Touched(touched) => touched.book,
    };
    if book_changed {
        let book = step_with_value(
            "build the book (mdBook and its preprocessors) and the listing archives",
            build_book_leaving_tree_clean,
        )?;
        step("internal links of the built book", || {
            links::check(&book).map(|_| ())
        })?;
        if everything {
            step("workflows (actionlint)", browser::lint_workflows)?;
            step("the rendered book in headless Chromium", || {
                browser::check_rendered_book(&book)
            })?;
        } else {
            println!(
                "\n(the browser check and actionlint run in the full check, `cargo xtask check`)"
            );
        }
    }
    println!(
        "\nall checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Module 2.2's project, whose page the browser check opens.
const CHAT_PROJECT: &str = "chat";

/// `--workspace`, or `-p` for each package.
fn package_args(packages: Option<&[&str]>) -> Vec<String> {
    match packages {
        None => vec!["--workspace".to_owned()],
        Some(packages) => packages
            .iter()
            .flat_map(|package| ["-p".to_owned(), (*package).to_owned()])
            .collect(),
    }
}

/// The lints of `book_layout::lints`: the rules the book's parts keep with each other.
pub fn conventions() -> Result<()> {
    let repo = workspace::repo()?;
    let mut problems: Vec<String> = book_layout::lints::check(&repo)
        .iter()
        .map(ToString::to_string)
        .collect();
    if !tools::highlight_js_is_current()? {
        problems.push(format!(
            "{}: does not end with {} as it is now: run `cargo xtask regenerate`",
            tools::HIGHLIGHT_JS,
            tools::ELIXIR_GRAMMAR
        ));
    }
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
fn exercise_starters_fail(exercises: &[(&Id, &Project)]) -> Result<()> {
    let dirs: Vec<&std::path::Path> = exercises.iter().map(|(_, p)| p.dir.as_path()).collect();
    let exercises: Vec<(&Id, &str)> = exercises
        .iter()
        .filter_map(|(id, project)| Some((*id, project.package.as_deref()?)))
        .collect();
    // A failing proptest saves its case next to the test (`*.proptest-regressions`); a starter's
    // failures are expected and must not be left in the tree, so new such files are removed.
    let regressions = |dir: &std::path::Path| {
        book_layout::paths::files_under(dir, &["proptest-regressions"]).unwrap_or_default()
    };
    // Those committed on purpose are put back as they were (proptest appends to them).
    let before: Vec<(PathBuf, Vec<u8>)> = dirs
        .iter()
        .flat_map(|dir| regressions(dir))
        .map(|file| {
            let bytes = fs::read(&file)?;
            Ok((file, bytes))
        })
        .collect::<Result<_>>()?;
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
        for dir in &dirs {
            for file in regressions(dir) {
                match before.iter().find(|(kept, _)| *kept == file) {
                    Some((_, bytes)) => fs::write(&file, bytes)?,
                    None => fs::remove_file(&file)?,
                }
            }
        }
    }
    if !solved.is_empty() {
        bail!(
            "these exercises' starters already pass their tests: {}\n\
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

/// Module 2.2's exercises, as `exercise_starters_fail` does for the Rust ones.
fn mix_starters_fail(exercises: &[&Project]) -> Result<()> {
    let mut solved = Vec::new();
    for project in exercises {
        match elixir::starter_passes(&project.dir, STARTER_DEADLINE)? {
            Some(true) => solved.push(relative(&project.dir)),
            Some(false) => {}
            None => println!(
                "  {}: the starter's tests ran past {STARTER_DEADLINE:?} (counted as failing)",
                relative(&project.dir)
            ),
        }
    }
    if !solved.is_empty() {
        bail!(
            "these exercises' starters already pass their tests: {}\n\
             a starter must leave the work to the reader",
            solved.join(", ")
        );
    }
    println!(
        "  {} starters fail their tests, as they must",
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
    for archive in archives::pack(&book)? {
        println!("  packed {}", relative(&archive));
    }
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

/// A reader copies a listing's folder into their own projects, or downloads its module's
/// archive: each must build there, anchors stripped, with the dependency versions its own
/// Cargo.toml names and no help from this workspace.
fn copied_listings_build(projects: &[&Project]) -> Result<()> {
    let _staging = archives::staging_lock()?;
    let copies = archives::stage(projects.iter().copied())?;
    for (project, copy) in projects.iter().zip(&copies) {
        let built = if elixir::is_mix(copy) {
            elixir::build_copy(copy)
        } else {
            archives::build_copy(copy)
        };
        built.with_context(|| format!("{} does not build on its own", relative(&project.dir)))?;
        println!("  builds alone: {}", relative(&project.dir));
    }
    Ok(())
}
