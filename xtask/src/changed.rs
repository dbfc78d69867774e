//! `cargo xtask check --changed`: the check over what a change touches, for a contributor to run
//! before pushing. CI runs the full check; this one is the same steps, narrowed:
//!
//! - the change is every file that differs from where the branch left `main` (`git merge-base
//!   HEAD origin/main`, else the local `main`, else `HEAD`), committed or not, plus untracked
//!   files;
//! - a changed file inside a project touches that project; a changed page touches its code
//!   blocks; a changed listing file touches every page that includes it;
//! - a change to anything else (xtask, book-tests, the workspace's Cargo files, the theme, the
//!   workflows) can break any step, so it runs the full check.

use crate::check::{self, Scope, Touched};
use crate::workspace::{self, relative, root};
use anyhow::Result;
use book_layout::markdown::{self, Workspace};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run() -> Result<()> {
    let changed = changed_files()?;
    if changed.is_empty() {
        println!("nothing changed since the branch left main: nothing to check");
        return Ok(());
    }
    match touched(&changed)? {
        Err(reason) => {
            println!("{reason}: running the full check");
            check::run(&Scope::Everything)
        }
        Ok(touched) => {
            println!(
                "{} file(s) changed: {} project(s), {} page(s) with code blocks{}",
                changed.len(),
                touched.projects.len(),
                touched.page_stems.len(),
                if touched.book { ", the book" } else { "" }
            );
            for project in &touched.projects {
                println!("  project {}", relative(&project.dir));
            }
            check::run(&Scope::Touched(touched))
        }
    }
}

/// The files the change adds, edits or deletes (absolute paths).
fn changed_files() -> Result<Vec<PathBuf>> {
    let git = |args: &[&str]| workspace::output(Command::new("git").args(args).current_dir(root()));
    // A clone has `origin/main`; a local worktree on a side branch has only `main`.
    let base = git(&["merge-base", "HEAD", "origin/main"])
        .or_else(|_| git(&["merge-base", "HEAD", "main"]))
        .map(|base| base.trim().to_owned())
        .unwrap_or_else(|_| "HEAD".to_owned());
    let mut files = BTreeSet::new();
    for list in [
        git(&["diff", "--name-only", "--no-renames", &base])?,
        git(&["ls-files", "--others", "--exclude-standard"])?,
    ] {
        files.extend(list.lines().map(|line| root().join(line)));
    }
    Ok(files.into_iter().collect())
}

/// What `changed` touches, or why it touches everything.
fn touched(changed: &[PathBuf]) -> Result<std::result::Result<Touched, String>> {
    let repo = workspace::repo()?;
    let src = repo.src();
    let mut touched = Touched::default();
    let mut pages = BTreeSet::new();
    for file in changed {
        let name = relative(file);
        if let Some(project) = repo.project_of(file) {
            if !touched.projects.iter().any(|p| p.dir == project.dir) {
                touched.projects.push(project.clone());
            }
            // Its code may be on a page (below); its outputs and build are the project's.
            continue;
        }
        if file.starts_with(repo.root.join("listings")) {
            // A project deleted whole: the lints find the pages that still name it.
            touched.book = true;
            continue;
        }
        if file.starts_with(&src) {
            touched.book = true;
            if file.extension().is_some_and(|e| e == "md") {
                pages.insert(file.clone());
            }
            continue;
        }
        // The top-level prose is not part of the build or the tests.
        let top_level_prose = Path::new(&name).parent() == Some(Path::new(""))
            && file.extension().is_some_and(|e| e == "md");
        if !top_level_prose {
            return Ok(Err(format!("{name} can affect every step")));
        }
    }
    // Pages whose included code changed, found by expanding every page as the tests do.
    let workspace = Workspace {
        root: repo.root.clone(),
    };
    for page in repo.markdown_files()? {
        if pages.contains(&page) {
            continue;
        }
        let (_, found) = markdown::expand_chapter(&page, &workspace);
        if found.included.iter().any(|file| changed.contains(file)) {
            pages.insert(page);
            touched.book = true;
        }
    }
    touched.page_stems = pages
        .iter()
        .filter_map(|page| page.strip_prefix(&src).ok())
        .map(book_layout::markdown::test_stem)
        .collect();
    Ok(Ok(touched))
}
