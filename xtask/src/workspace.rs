//! Where things are, and how to run a command so that its failure is reported clearly.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The repository root: the parent of this crate's folder. `cargo run` says where that folder is
/// at run time; the path compiled in is only a fallback, since one target folder shared by two
/// checkouts (`CARGO_TARGET_DIR`) may hold a binary compiled in the other one.
pub fn root() -> PathBuf {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("src").join("workspace.rs").is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    crate_dir
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}

/// The cache that survives between clones: installed tools, npm packages, a Chromium profile.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MBE_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("mastering-backend")
}

/// Runs `command` with its output going to the terminal; fails if it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `command` and returns its standard output; fails with its standard error if it fails.
pub fn output(command: &mut Command) -> Result<String> {
    let output = command
        .output()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    if !output.status.success() {
        bail!(
            "{} failed ({}):\n{}",
            describe(command),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `command` in a process group of its own and waits at most `deadline`; past it, kills the
/// whole group (cargo and the test binary it started) and returns `None`.
pub fn status_within(
    command: &mut Command,
    deadline: std::time::Duration,
) -> Result<Option<std::process::ExitStatus>> {
    use std::os::unix::process::CommandExt;
    let mut child = command
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if started.elapsed() > deadline {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

pub fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    format!("`{}`", words.join(" "))
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

/// Prints a step's name, runs it, and prints how long it took: a slow CI run says where its time went.
pub fn step(name: &str, work: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("\n==> {name}");
    let started = Instant::now();
    let result = work().with_context(|| format!("step failed: {name}"));
    println!("<== {name}: {:.1} s", started.elapsed().as_secs_f64());
    result
}

/// The repository's layout: its chapters and projects (see the `book-layout` crate).
pub fn repo() -> Result<book_layout::Repo> {
    book_layout::Repo::load(&root()).context("cannot read the repository's layout")
}

/// The path of `path` relative to the repository root, for messages.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A folder's pinned npm packages, installed from its `package-lock.json` once per clone
/// (nothing to do without a lock file).
pub fn npm_ci(dir: &Path) -> Result<()> {
    if !dir.join("package-lock.json").is_file()
        || dir
            .join("node_modules")
            .join(".package-lock.json")
            .is_file()
    {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}
