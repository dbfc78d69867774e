//! `cargo xtask contract`: the `catalog` service (Module 2.1) fuzzed against its own OpenAPI
//! document with schemathesis. It sends requests generated from the schema, valid and invalid,
//! and fails on a 5xx, a schema-valid request the server refuses, an invalid one it accepts, or
//! a response that does not match the document.
//!
//! schemathesis comes from PyPI into a virtualenv in the cache outside the clone, with every
//! package it depends on pinned to an exact version (`CONSTRAINTS`); the server is a debug build
//! on a free loopback port with its database in a temporary folder.

use crate::system;
use crate::workspace::{self, cache_dir, cargo};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Change it here (and `CONSTRAINTS` with it) and the next run installs that version beside the
/// old one.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Every package the install brings, at the version it brings: a new hypothesis or requests
/// would otherwise arrive with the next install and change what the fuzzer generates or how it
/// talks to the server. Made with `pip freeze` in a virtualenv holding schemathesis 4.32.5.
///
/// Versions, not hashes. `pip install --require-hashes` would also pin the files, but four of
/// these (charset-normalizer, jsonschema_rs, MarkupSafe, PyYAML) ship a separate wheel for each
/// platform and Python version: a hashed list made here would refuse to install on a
/// contributor's Mac or on another Python, or would have to carry the hash of every wheel of
/// every platform. PyPI never lets a released file be replaced under the same name, so a
/// version names the same files until a maintainer yanks it.
const CONSTRAINTS: &str = "\
anyio==4.16.0
certifi==2026.10.19.post1
charset-normalizer==3.5.3
click==8.5.1
graphql-core==3.3.2
harfile==0.6.0
hypothesis==6.170.17
hypothesis-graphql==0.13.5
idna==3.20
iniconfig==2.3.1
jsonschema_rs==0.60.3
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mdurl==0.1.2
packaging==26.4
pluggy==1.7.0
Pygments==2.21.0
pyrate-limiter==4.5.1
pytest==9.2.0
PyYAML==6.0.4
requests==2.34.2
rich==15.0.0
schemathesis==4.32.5
sortedcontainers==2.4.0
typing_extensions==4.16.0
urllib3==2.8.0
Werkzeug==3.1.9
";

/// A fixed seed and one worker make a run reproducible: the same cases in the same order, so a
/// failure in CI fails the same way on a laptop. (With two workers, which operation runs when
/// depends on timing, and so does the state the stateful phase finds.)
/// The project the contract fuzzes (its folder and package name).
pub const PROJECT: &str = "catalog";

const SEED: &str = "20261202";
const WORKERS: &str = "1";
/// Test cases per operation and phase: a few thousand requests.
const MAX_EXAMPLES: &str = "300";
/// The whole run, install excluded: a hung fuzzer or server fails the step instead of CI.
const DEADLINE: Duration = Duration::from_secs(600);

pub fn run() -> Result<()> {
    let Some(python) = python()? else {
        if std::env::var_os("CI").is_some() {
            bail!("the contract check needs Python 3 with venv and pip (Debian: python3-venv)");
        }
        println!(
            "  skipped: no Python 3 with venv and pip found (Debian: apt-get install \
             python3-venv); everything else was checked"
        );
        return Ok(());
    };
    let schemathesis = install(&python)?;
    workspace::run(cargo().args(["build", "--quiet", "-p", PROJECT, "--bin", PROJECT]))?;
    let binary = target_dir()?.join("debug").join(PROJECT);

    let scratch = Scratch::new()?;
    let server = Server::start(&binary, &scratch.0)?;
    let started = Instant::now();
    let result = fuzz(&schemathesis, &server.addr, &scratch.0);
    println!(
        "  schemathesis {SCHEMATHESIS_VERSION} ran for {:.1} s (seed {SEED})",
        started.elapsed().as_secs_f64()
    );
    drop(server);
    if result.is_err() {
        show_server_log(&scratch.0.join("server.log"));
    }
    result
}

/// Runs schemathesis against the server at `addr`, for at most `DEADLINE`.
fn fuzz(schemathesis: &Path, addr: &str, scratch: &Path) -> Result<()> {
    let mut child = Command::new(schemathesis)
        .arg("run")
        .arg(format!("http://{addr}/openapi.json"))
        .args(["--checks", "all", "--max-examples", MAX_EXAMPLES])
        .args(["--seed", SEED, "--workers", WORKERS])
        // A request the server never answers fails instead of stalling the run.
        .args(["--request-timeout", "5", "--generation-database", "none"])
        .arg("--no-color")
        .current_dir(scratch)
        .spawn()
        .with_context(|| format!("cannot start {}", schemathesis.display()))?;
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!(
                    "schemathesis found a difference between the document and the server ({status})"
                );
            }
            return Ok(());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "schemathesis did not finish within {} s",
                DEADLINE.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The end of the server's log, which says what it did with the requests that failed, and a
/// copy kept in the target directory after the scratch folder is gone.
fn show_server_log(log: &Path) {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    println!("  the last lines of the server's log:");
    for line in &lines[lines.len().saturating_sub(40)..] {
        println!("    {line}");
    }
    if let Ok(target) = target_dir() {
        let kept = target.join("contract-server.log");
        if fs::copy(log, &kept).is_ok() {
            println!("  the whole log: {}", kept.display());
        }
    }
}

/// A temporary folder for the database and the log, removed when dropped, whatever failed.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let path = std::env::temp_dir().join(format!("catalog-contract-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// `python3`, when it can make a virtualenv with pip.
fn python() -> Result<Option<PathBuf>> {
    let usable = |python: &Path| {
        Command::new(python)
            .args(["-c", "import venv, ensurepip"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    let python = PathBuf::from("python3");
    if usable(&python) {
        return Ok(Some(python));
    }
    // As root on Debian (as in CI), install it, as the browser check does with Chromium.
    if system::is_root() && Path::new("/usr/bin/apt-get").is_file() {
        println!("installing Debian's python3-venv for the contract check");
        system::apt_get_install(&["python3", "python3-venv"])?;
        let debian = PathBuf::from("/usr/bin/python3");
        if usable(&debian) {
            return Ok(Some(debian));
        }
    }
    Ok(None)
}

/// Creates the virtualenv once per schemathesis and Python version; returns the executable.
fn install(python: &Path) -> Result<PathBuf> {
    let version = workspace::output(Command::new(python).args([
        "-c",
        "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')",
    ]))?;
    let home = cache_dir().join("python").join(format!(
        "schemathesis-{SCHEMATHESIS_VERSION}-py{}",
        version.trim()
    ));
    let executable = home.join("bin").join("schemathesis");
    let venv_python = home.join("bin").join("python");
    // A virtualenv records its own path, so it cannot be built elsewhere and moved into place
    // as the mdBook tools are: it is made where it stays, and counts as installed only once
    // the marker holds these constraints and its Python still starts and imports them (a
    // system upgrade can remove the interpreter a virtualenv points to).
    let done = home.join(".installed");
    let installed = fs::read_to_string(&done).is_ok_and(|marker| marker == CONSTRAINTS)
        && executable.is_file()
        && Command::new(&venv_python)
            .args(["-c", "import schemathesis, hypothesis, requests"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
    if installed {
        return Ok(executable);
    }
    println!(
        "installing schemathesis {SCHEMATHESIS_VERSION} into {} (once)",
        home.display()
    );
    let _ = fs::remove_dir_all(&home);
    workspace::run(Command::new(python).args(["-m", "venv"]).arg(&home))?;
    let constraints = home.join("constraints.txt");
    fs::write(&constraints, CONSTRAINTS)?;
    workspace::run(
        Command::new(&venv_python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--constraint")
            .arg(&constraints)
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    fs::write(&done, CONSTRAINTS)?;
    Ok(executable)
}

/// Where cargo puts its builds: `CARGO_TARGET_DIR`, a `build.target-dir` in a cargo config,
/// or `target/`; `cargo metadata` knows which.
fn target_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let metadata =
        workspace::output(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let pattern = regex::Regex::new(r#""target_directory":"([^"]+)""#)?;
    let Some(found) = pattern.captures(&metadata) else {
        bail!("cargo metadata did not name a target directory");
    };
    Ok(PathBuf::from(&found[1]))
}

/// The catalog binary on `127.0.0.1:0`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(binary: &Path, scratch: &Path) -> Result<Server> {
        let log = scratch.join("server.log");
        let child = Command::new(binary)
            .args([
                "--addr",
                "127.0.0.1:0",
                "--log",
                "info",
                "--drain-delay-ms",
                "0",
            ])
            .arg("--db")
            .arg(scratch.join("catalog.db"))
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log)?)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let mut server = Server {
            child,
            addr: String::new(),
        };
        // The "listening" line names the port the kernel picked.
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.addr.is_empty() {
            let text = fs::read_to_string(&log).unwrap_or_default();
            if let Some(addr) = text
                .split_whitespace()
                .find_map(|word| word.strip_prefix("addr="))
            {
                server.addr = addr.to_owned();
            } else if let Some(status) = server.child.try_wait()? {
                bail!("catalog exited ({status}) before listening:\n{text}");
            } else if Instant::now() > deadline {
                bail!("catalog did not start listening within 30 s:\n{text}");
            } else {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
