//! `cargo xtask contract`: the `catalog` service (Module 2.1) fuzzed against its own OpenAPI
//! document with schemathesis. It sends requests generated from the schema, valid and invalid,
//! and fails on a 5xx, a schema-valid request the server refuses, an invalid one it accepts, or
//! a response that does not match the document.
//!
//! schemathesis comes from PyPI, pinned, into a virtualenv in the cache outside the clone; the
//! server is a debug build on a free loopback port with its database in a temporary folder.

use crate::system;
use crate::workspace::{self, cache_dir, cargo, root};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Change it here and the next run installs that version beside the old one.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// A fixed seed makes a run reproducible: a failure in CI fails the same way on a laptop.
const SEED: &str = "20261202";
/// Test cases per operation and phase: a few thousand requests, under a minute on 2 cores.
const MAX_EXAMPLES: &str = "300";

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
    workspace::run(cargo().args(["build", "--quiet", "-p", "catalog", "--bin", "catalog"]))?;
    let binary = target_dir().join("debug").join("catalog");

    let scratch = std::env::temp_dir().join(format!("catalog-contract-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)?;
    let server = Server::start(&binary, &scratch)?;
    let started = Instant::now();
    let result = workspace::run(
        Command::new(&schemathesis)
            .arg("run")
            .arg(format!("http://{}/openapi.json", server.addr))
            .args([
                "--checks",
                "all",
                "--max-examples",
                MAX_EXAMPLES,
                "--seed",
                SEED,
            ])
            // A request the server never answers fails instead of stalling the run.
            .args(["--request-timeout", "5", "--generation-database", "none"])
            .args(["--no-color", "--workers", "2"])
            .current_dir(&scratch),
    );
    println!(
        "  schemathesis {SCHEMATHESIS_VERSION} ran for {:.1} s (seed {SEED})",
        started.elapsed().as_secs_f64()
    );
    drop(server);
    let _ = fs::remove_dir_all(&scratch);
    result
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
    // A virtualenv records its own path, so it cannot be built elsewhere and moved into place
    // as the mdBook tools are: it is made where it stays, and counts as installed only once
    // the marker exists, so an interrupted install is redone.
    let done = home.join(".installed");
    if done.is_file() && executable.is_file() {
        return Ok(executable);
    }
    println!(
        "installing schemathesis {SCHEMATHESIS_VERSION} into {} (once)",
        home.display()
    );
    let _ = fs::remove_dir_all(&home);
    workspace::run(Command::new(python).args(["-m", "venv"]).arg(&home))?;
    workspace::run(
        Command::new(home.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )?;
    fs::write(&done, SCHEMATHESIS_VERSION)?;
    Ok(executable)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
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
