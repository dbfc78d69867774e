//! `cargo xtask check --changed`: the check over what a change touches, for a contributor to run
//! before pushing. CI runs the full check; this one is the same steps, narrowed:
//!
//! - the change is every file that differs from where the branch left `main` (`git merge-base
//!   HEAD origin/main`, else the local `main`, else `HEAD`), committed or not, plus untracked
//!   files;
//! - a changed file inside a project touches that project; a changed page touches its code
//!   blocks; a changed listing file touches every page that includes it;
//! - a change to anything else (xtask, book-tests, the workspace's Cargo files, the theme, the
//!   workflows) can break any step, so it runs the full check; except lines added to or removed
//!   from the root `Cargo.toml`'s `exclude` list alone (what `cargo xtask new listing --mix`
//!   writes), which change no build: the lints check that list.

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
    let manifest_diff = git(&["diff", "-U0", "--no-renames", &base, "--", "Cargo.toml"])?;
    let exclude_only = !manifest_diff.is_empty() && only_exclude_entries(&manifest_diff);
    for list in [
        git(&["diff", "--name-only", "--no-renames", &base])?,
        git(&["ls-files", "--others", "--exclude-standard"])?,
    ] {
        files.extend(
            list.lines()
                .filter(|line| !(exclude_only && *line == "Cargo.toml"))
                .map(|line| root().join(line)),
        );
    }
    Ok(files.into_iter().collect())
}

/// Whether a `git diff -U0` of the root manifest adds or removes only entries of its `exclude`
/// list: quoted paths of one listing folder each, never a glob (a `members` entry has one).
fn only_exclude_entries(diff: &str) -> bool {
    let entry = regex::Regex::new(r#"^[+-]\s*"listings/[^"*]+",?\s*$"#).expect("a valid pattern");
    diff.lines()
        .filter(|line| {
            (line.starts_with('+') || line.starts_with('-'))
                && !line.starts_with("+++")
                && !line.starts_with("---")
        })
        .all(|line| entry.is_match(line))
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

#[cfg(test)]
mod tests {
    use super::only_exclude_entries;

    #[test]
    fn a_new_mix_listing_in_the_exclude_list_changes_no_build() {
        let diff = "diff --git a/Cargo.toml b/Cargo.toml\n--- a/Cargo.toml\n+++ b/Cargo.toml\n\
                    @@ -21,0 +22 @@ exclude = [\n+    \"listings/module-2.2/listing-2.2.3-01\",\n";
        assert!(only_exclude_entries(diff));
    }

    #[test]
    fn any_other_manifest_change_is_a_build_change() {
        let glob = "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -6 +6 @@\n-    \"listings/*/*\",\n+    \"listings/*\",\n";
        assert!(!only_exclude_entries(glob));
        let profile = "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -27 +27 @@\n-debug = \"line-tables-only\"\n+debug = true\n";
        assert!(!only_exclude_entries(profile));
    }
}
