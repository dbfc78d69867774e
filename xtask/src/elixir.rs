//! Module 2.2's Elixir, checked like the Rust: every Mix project formatted, compiled with warnings
//! as errors and tested; every exercise's starter failing its tests; every `elixir` block of the
//! pages run.
//!
//! Elixir and the Erlang libraries the projects use come from Debian (there is no Hex here, so a
//! project cannot fetch packages): the check installs them when it runs as root on Debian, as it
//! does Chromium. Without them, and outside CI, the Elixir steps say so and are skipped; a reader
//! without Elixir can still run `cargo test`.
//!
//! The blocks of a page: one included from a listing (`{{#include …}}`) is checked by that
//! project's tests. One written in the page is either an iex transcript, whose first line starts
//! with `iex>`, checked by `xtask/elixir/transcripts.exs` (which says how), or a script, run with
//! `elixir`, which must succeed.

use crate::system;
use crate::workspace::{self, relative, root};
use anyhow::{Context, Result, bail};
use book_layout::markdown::{self, Origin, Workspace};
use book_layout::{Build, Chapter, Project};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// The Debian packages: Elixir (which brings Erlang/OTP), and the Erlang libraries Module 2.2's
/// projects name in `extra_applications`.
const PACKAGES: &[&str] = &["elixir", "erlang-cowlib", "erlang-jiffy", "erlang-proper"];

/// How long one script block may run.
const SCRIPT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether Elixir can run here: installs it when root on Debian; fails in CI if it cannot.
pub fn available() -> Result<bool> {
    let missing: Vec<&str> = PACKAGES
        .iter()
        .copied()
        .filter(|package| !system::installed(package))
        .collect();
    if missing.is_empty() || (!system::is_debian() && on_path("mix")) {
        return Ok(true);
    }
    if system::is_debian() && system::is_root() {
        println!("  installing {} from Debian", missing.join(", "));
        system::apt_get_install(&missing)?;
        return Ok(true);
    }
    if std::env::var_os("CI").is_some() {
        bail!(
            "Elixir is needed in CI: install Debian's {}",
            missing.join(", ")
        );
    }
    println!(
        "  skipped: missing {} (run the check as root on Debian to install them, or install \
         Elixir 1.14+ yourself); everything else is checked",
        missing.join(", ")
    );
    Ok(false)
}

pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// `mix TASK` in `dir`, in the test environment, so that compiling and testing share one build.
pub fn mix(dir: &Path) -> Command {
    let mut command = Command::new("mix");
    command.current_dir(dir).env("MIX_ENV", "test");
    command
}

/// `mix test` against an exercise's attempt (`attempt/`, which its mix.exs compiles when
/// `EXERCISE=attempt`), built apart from the solution so that switching never recompiles both.
pub fn test_attempt(dir: &Path) -> Command {
    let mut command = mix(dir);
    command
        .arg("test")
        .env("EXERCISE", "attempt")
        .env("MIX_BUILD_PATH", dir.join("_build").join("attempt"));
    command
}

/// Format, compile with warnings as errors, and test each Mix project, including the tests a
/// learner may leave out: those tagged `:cluster` (two nodes, which need epmd: started here
/// on loopback for the step, and stopped after) and `:node` (a project with a
/// `package-lock.json` gets its npm packages, Phoenix's JS client among them, first).
pub fn check_projects(projects: &[&Project]) -> Result<()> {
    let _epmd = Epmd::ensure()?;
    for project in projects {
        let dir = &project.dir;
        let folder = relative(dir);
        workspace::run(mix(dir).args(["format", "--check-formatted"]))
            .with_context(|| format!("{folder} is not `mix format`ted"))?;
        workspace::run(mix(dir).args(["compile", "--warnings-as-errors"]))
            .with_context(|| format!("{folder} does not compile cleanly"))?;
        workspace::npm_ci(dir).with_context(|| format!("{folder}: `npm ci` fails"))?;
        workspace::run(
            mix(dir)
                .args(["test", "--include", "cluster", "--include", "node"])
                .stdout(Stdio::null()),
        )
        .with_context(|| format!("{folder}: `mix test` fails (run it there to see why)"))?;
        println!("  formatted, compiles, tests pass: {folder}");
    }
    Ok(())
}

/// Erlang's port mapper, which distributed nodes register with: started on 127.0.0.1 if none
/// is running, and stopped when this is dropped (one that was running already is left alone).
struct Epmd {
    started: bool,
}

impl Epmd {
    fn running() -> bool {
        Command::new("epmd")
            .arg("-names")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }

    fn ensure() -> Result<Epmd> {
        if Epmd::running() {
            return Ok(Epmd { started: false });
        }
        workspace::run(Command::new("epmd").args(["-daemon", "-address", "127.0.0.1"]))?;
        // `-daemon` returns before it listens.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !Epmd::running() {
            if std::time::Instant::now() > deadline {
                bail!("epmd did not start within 5 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Ok(Epmd { started: true })
    }
}

impl Drop for Epmd {
    fn drop(&mut self) {
        if self.started {
            let _ = Command::new("epmd")
                .arg("-kill")
                .stdout(Stdio::null())
                .status();
        }
    }
}

/// A staged copy (see `crate::archives`) compiles on its own.
pub fn build_copy(copy: &Path) -> Result<()> {
    workspace::run(mix(copy).args(["compile", "--warnings-as-errors"]))
}

/// Whether an exercise's tests pass against its starter (they must not).
pub fn starter_passes(dir: &Path, deadline: std::time::Duration) -> Result<Option<bool>> {
    let mut test = test_attempt(dir);
    test.stdout(Stdio::null()).stderr(Stdio::null());
    Ok(workspace::status_within(&mut test, deadline)?.map(|status| status.success()))
}

/// Where a block came from, for messages: the page and the line of the block's first line.
struct Block {
    page: String,
    first_line: usize,
    code: String,
}

/// The `elixir` blocks written in `pages` (not included from a listing).
fn page_blocks(pages: &[&Chapter]) -> Vec<Block> {
    let workspace = Workspace { root: root() };
    let mut blocks = Vec::new();
    for page in pages {
        let (lines, _) = markdown::expand_chapter(&page.file, &workspace);
        for block in markdown::code_blocks(&lines) {
            let body = &lines[block.fence_line + 1..block.closing_line.min(lines.len())];
            let written = body.iter().any(|line| line.origin == Origin::Chapter);
            if block.tokens().next() == Some("elixir") && written {
                blocks.push(Block {
                    page: relative(&page.file),
                    first_line: lines[block.fence_line].source_line + 2,
                    code: markdown::block_code(&lines, &block),
                });
            }
        }
    }
    blocks
}

/// Whether a page has `elixir` blocks of its own (a cheap look, before Elixir is installed).
pub fn has_blocks(page: &Chapter) -> bool {
    !page_blocks(&[page]).is_empty()
}

/// Runs the `elixir` blocks of `pages`: transcripts in one run of the checker, scripts one by one.
pub fn check_blocks(pages: &[&Chapter]) -> Result<()> {
    let blocks = page_blocks(pages);
    let scratch = std::env::temp_dir().join(format!("elixir-blocks-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)?;
    let mut transcripts = 0;
    let mut problems = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let at = format!("{}:{}", block.page, block.first_line);
        if block.code.trim_start().starts_with("iex>") {
            // The checker reads the block's place from its first line.
            let file = scratch.join(format!("{index:04}.iex"));
            fs::write(&file, format!("# {}\n{}", at, block.code))?;
            transcripts += 1;
        } else {
            let dir = scratch.join(format!("script-{index:04}"));
            fs::create_dir_all(&dir)?;
            fs::write(dir.join("block.exs"), &block.code)?;
            let mut run = Command::new("elixir");
            run.arg("block.exs").current_dir(&dir);
            run.stdout(Stdio::null()).stderr(Stdio::null());
            match workspace::status_within(&mut run, SCRIPT_DEADLINE)? {
                Some(status) if status.success() => {}
                Some(status) => problems.push(format!(
                    "{at}: the script fails ({status}); run it with `elixir` to see why"
                )),
                None => problems.push(format!("{at}: the script ran past {SCRIPT_DEADLINE:?}")),
            }
        }
    }
    if transcripts > 0 {
        let checker = root().join("xtask").join("elixir").join("transcripts.exs");
        let output = Command::new("elixir")
            .arg(&checker)
            .arg(&scratch)
            .current_dir(&scratch)
            .output()
            .context("cannot run elixir")?;
        let text = String::from_utf8_lossy(&output.stdout);
        problems.extend(
            text.lines()
                .filter(|line| !line.starts_with("  "))
                .map(str::to_owned),
        );
        if !output.status.success() && problems.is_empty() {
            bail!(
                "the transcript checker failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    println!(
        "  {} blocks in {} pages: {transcripts} iex transcripts, {} scripts",
        blocks.len(),
        pages.len(),
        blocks.len() - transcripts
    );
    if !problems.is_empty() {
        for problem in &problems {
            println!("  {problem}");
        }
        bail!(
            "{} Elixir block(s) do not do what the page shows",
            problems.len()
        );
    }
    Ok(())
}

/// The Mix projects among `projects`.
pub fn mix_projects<'a>(projects: impl IntoIterator<Item = &'a Project>) -> Vec<&'a Project> {
    projects
        .into_iter()
        .filter(|project| project.build == Build::Mix)
        .collect()
}

/// Whether a staged copy is a Mix project.
pub fn is_mix(copy: &Path) -> bool {
    copy.join("mix.exs").is_file()
}
