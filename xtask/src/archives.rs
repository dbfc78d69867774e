//! The listings as a learner downloads them: one archive per module, each project a folder that
//! builds on its own, with the `ANCHOR:` lines that only the book's includes need taken out (as
//! the Rust book's release step does).
//!
//! [`stage`] writes those copies; the check builds every staged copy (so what is published is
//! what was tested), and [`pack`] turns the staged modules into `book/downloads/*.tar.gz`.

use crate::workspace::{self, relative, root};
use anyhow::{Context, Result};
use book_layout::markdown::strip_anchor_lines;
use book_layout::{Project, paths};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the copies are staged: outside the repository, or Cargo would take the repository's
/// workspace for theirs.
pub fn staging_dir() -> PathBuf {
    std::env::temp_dir().join("mastering-backend-listings")
}

/// Held while a check stages copies and builds them: the staging folder and the copies' target
/// folder are shared by every checkout on the machine, and two checks writing them at once (two
/// worktrees, say) break each other's builds. The lock ends with the returned file.
pub fn staging_lock() -> Result<fs::File> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(std::env::temp_dir().join("mastering-backend-listings.lock"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            println!("  waiting for another check's copied-out builds to finish");
            file.lock()?;
        }
        Err(fs::TryLockError::Error(error)) => return Err(error.into()),
    }
    Ok(file)
}

/// The archive of a module's listings, relative to the built book.
pub fn archive_name(module: &str) -> String {
    format!("downloads/listings-module-{module}.tar.gz")
}

/// Copies each project to `<staging>/module-<M>/<folder>/` as a reader gets it: anchors
/// stripped, build output left out, and the workspace's lock file beside its `Cargo.toml`, so
/// that it builds with the dependency versions the book was tested with. Returns the copies.
pub fn stage<'a>(projects: impl IntoIterator<Item = &'a Project>) -> Result<Vec<PathBuf>> {
    let lock = fs::read(root().join("Cargo.lock"))?;
    let mut copies = Vec::new();
    for project in projects {
        let copy = staging_dir()
            .join(format!("module-{}", project.module))
            .join(project.name());
        let _ = fs::remove_dir_all(&copy);
        paths::copy_tree(&project.dir, &copy, &strip_anchors)
            .with_context(|| format!("cannot copy {}", relative(&project.dir)))?;
        if copy.join("Cargo.toml").is_file() {
            fs::write(copy.join("Cargo.lock"), &lock)?;
        }
        copies.push(copy);
    }
    Ok(copies)
}

/// The text files of a listing lose their anchor lines; anything else is copied as it is.
fn strip_anchors(_: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let stripped = strip_anchor_lines(text);
    (stripped != text).then(|| stripped.into_bytes())
}

/// Builds one staged copy as a reader would, offline, with no help from this workspace. The
/// copies share one target folder in the cache, so each dependency is compiled once for all.
pub fn build_copy(copy: &Path) -> Result<()> {
    workspace::run(
        Command::new("cargo")
            .args(["build", "--quiet", "--offline", "--all-targets"])
            .current_dir(copy)
            .env(
                "CARGO_TARGET_DIR",
                workspace::cache_dir().join("copy-out-target"),
            )
            // The workspace's profile setting, so that the copies resolve and build alike.
            .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only"),
    )
}

/// Stages every project and packs each module into `<book>/downloads/`. Returns the archives.
pub fn pack(book: &Path) -> Result<Vec<PathBuf>> {
    let repo = workspace::repo()?;
    let _staging = staging_lock()?;
    let _ = fs::remove_dir_all(staging_dir());
    stage(&repo.projects)?;
    let modules: BTreeSet<&str> = repo.projects.iter().map(|p| p.module.as_str()).collect();
    let mut archives = Vec::new();
    for module in modules {
        let archive = book.join(archive_name(module));
        fs::create_dir_all(archive.parent().expect("downloads/"))?;
        // Cargo's lock files are rewritten by a build; the staged copies are fresh, so the
        // archive holds exactly what `stage` wrote.
        workspace::run(
            Command::new("tar")
                .args([
                    "--create",
                    "--gzip",
                    "--sort=name",
                    "--owner=0",
                    "--group=0",
                ])
                .arg("--file")
                .arg(&archive)
                .arg("--directory")
                .arg(staging_dir())
                .arg(format!("module-{module}")),
        )?;
        archives.push(archive);
    }
    Ok(archives)
}
