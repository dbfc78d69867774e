//! The mdBook tools, pinned in one place and installed into the cache.
//!
//! These versions are known to work together: mdBook 0.5 breaks mdbook-admonish 1.20 (the newest),
//! and mdbook-quiz 0.4.0 uses mdBook 0.4.45 as a library but works as a preprocessor for 0.4.52.
//! A cold install compiles all four from source: about 7 to 12 minutes on two cores.

use crate::workspace::{self, cache_dir, root};
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// (crate, version). Change a version here and every command and CI run picks it up.
pub const MDBOOK_TOOLS: [(&str, &str); 4] = [
    ("mdbook", "0.4.52"),
    ("mdbook-admonish", "1.20.0"),
    ("mdbook-mermaid", "0.16.2"),
    ("mdbook-quiz", "0.4.0"),
];

/// Installs each pinned tool that is not in the cache yet; returns the `bin` folders.
pub fn install_all() -> Result<Vec<PathBuf>> {
    let mut bin_dirs = Vec::new();
    for (name, version) in MDBOOK_TOOLS {
        let home = cache_dir().join("tools").join(format!("{name}-{version}"));
        let binary = home.join("bin").join(name);
        if !binary.is_file() {
            println!(
                "installing {name} {version} into {} (a few minutes, once)",
                home.display()
            );
            // Install beside the final folder and rename, so an interrupted install is not
            // mistaken for a finished one next time.
            let partial = home.with_extension("partial");
            let _ = fs::remove_dir_all(&partial);
            workspace::run(
                Command::new("cargo")
                    .args(["install", "--locked", "--quiet", "--root"])
                    .arg(&partial)
                    .args([name, "--version", version]),
            )?;
            fs::rename(&partial, &home)
                .with_context(|| format!("cannot move {} into place", partial.display()))?;
        }
        bin_dirs.push(home.join("bin"));
    }
    Ok(bin_dirs)
}

/// `PATH` with the tools first, so that mdBook finds its preprocessors.
pub fn path_with_tools() -> Result<OsString> {
    let mut dirs = install_all()?;
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    Ok(std::env::join_paths(dirs)?)
}

pub fn mdbook() -> Result<Command> {
    let mut command = Command::new("mdbook");
    command.env("PATH", path_with_tools()?).current_dir(root());
    // book.toml runs the quiz-assets preprocessor as `cargo xtask quiz-assets`; this binary is
    // that task already, so mdBook is told to run it directly (mdBook reads `MDBOOK_…` variables
    // as configuration). It saves starting cargo on each build, and a rebuild of xtask when the
    // caller's environment (RUSTFLAGS, say) differs from the one it was built with.
    // (A path mdBook's word splitting would cut, with a space or quote in it, keeps book.toml's.)
    if let Some(exe) = std::env::current_exe()?.to_str()
        && !exe.contains(['\'', '"', '\\', ' '])
    {
        command.env(
            "MDBOOK_PREPROCESSOR__QUIZ_ASSETS__COMMAND",
            format!("{exe} quiz-assets"),
        );
    }
    Ok(command)
}

/// Builds the book into `book/` and returns that folder.
pub fn build_book() -> Result<PathBuf> {
    workspace::run(mdbook()?.arg("build"))?;
    Ok(root().join("book"))
}

/// Rewrites what the tools generate: mdbook-admonish's CSS (and its `assets_version` in
/// book.toml), mdbook-mermaid's scripts, mdBook's highlight.js with our Elixir grammar, and,
/// through a build, the ids mdbook-quiz gives new questions. CONTRIBUTING.md lists these files.
pub fn regenerate() -> Result<()> {
    let path = path_with_tools()?;
    workspace::run(
        Command::new("mdbook-admonish")
            .args(["install", "--css-dir", "theme", "."])
            .env("PATH", &path)
            .current_dir(root()),
    )?;
    // mdbook-mermaid writes its scripts beside book.toml and adds them to `additional-js` by
    // those names; the book keeps them in theme/. Install into a scratch book, move them over.
    let scratch = std::env::temp_dir().join(format!("mermaid-install-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)?;
    fs::write(scratch.join("book.toml"), "[book]\n")?;
    workspace::run(
        Command::new("mdbook-mermaid")
            .args(["install", "."])
            .env("PATH", &path)
            .current_dir(&scratch),
    )?;
    for script in ["mermaid.min.js", "mermaid-init.js"] {
        fs::copy(scratch.join(script), root().join("theme").join(script))
            .with_context(|| format!("mdbook-mermaid wrote no {script}"))?;
    }
    let _ = fs::remove_dir_all(&scratch);
    fs::write(root().join(HIGHLIGHT_JS), highlight_js(&path)?)?;
    build_book()?;
    println!("regenerated; `git status` shows what changed");
    Ok(())
}

/// mdBook's highlight.js with Elixir added: the theme file mdBook uses in place of its own.
pub const HIGHLIGHT_JS: &str = "theme/highlight.js";
/// The Elixir grammar (ours), appended to mdBook's highlight.js to make [`HIGHLIGHT_JS`].
pub const ELIXIR_GRAMMAR: &str = "theme/elixir.js";

/// mdBook's bundled highlight.js (written out by `mdbook init --theme` into a scratch book) with
/// the Elixir grammar after it.
fn highlight_js(path: &OsString) -> Result<String> {
    let scratch = std::env::temp_dir().join(format!("mdbook-theme-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    workspace::run(
        Command::new("mdbook")
            .arg("init")
            .arg(&scratch)
            .args(["--theme", "--title", "scratch", "--ignore", "none"])
            .env("PATH", path)
            .stdout(std::process::Stdio::null()),
    )?;
    let bundled = fs::read_to_string(scratch.join("theme").join("highlight.js"))
        .context("mdbook init --theme wrote no theme/highlight.js")?;
    let _ = fs::remove_dir_all(&scratch);
    let grammar = fs::read_to_string(root().join(ELIXIR_GRAMMAR))?;
    Ok(format!(
        "{}
{grammar}",
        bundled.trim_end()
    ))
}

/// Whether theme/highlight.js still ends with the grammar as theme/elixir.js has it now.
pub fn highlight_js_is_current() -> Result<bool> {
    let assembled = fs::read_to_string(root().join(HIGHLIGHT_JS))?;
    let grammar = fs::read_to_string(root().join(ELIXIR_GRAMMAR))?;
    Ok(assembled.ends_with(&format!(
        "
{grammar}"
    )))
}

pub fn serve(extra_args: &[String]) -> Result<()> {
    let mut command = mdbook()?;
    command.args(["serve", "--port", "3000"]).args(extra_args);
    println!("serving the book at http://localhost:3000 (Ctrl-C stops)");
    workspace::run(&mut command)
}
