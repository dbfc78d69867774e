//! The Debian packages that some tests and recorded outputs need, installed when the check runs as
//! root on Debian or Ubuntu (as CI does). Elsewhere the check says what is missing; the tests that
//! need a missing tool say so and pass over their work, except in CI, where they fail.

use crate::workspace;
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// A package, and what in the book needs it.
const PACKAGES: &[(&str, &str)] = &[
    (
        "nftables",
        "Listing 1.1.8-4 drops packets between two network namespaces",
    ),
    (
        "iproute2",
        "Listing 1.1.8-4 and netscan's bench/time-wait.sh make namespaces (`ip netns`) and read `ss`",
    ),
    (
        "util-linux",
        "netscan's bench scripts run in their own namespace (`unshare`)",
    ),
    (
        "python3",
        "netscan's bench scripts start their listeners with Python",
    ),
    (
        "nmap",
        "netscan's outputs/defaults.txt compares netscan with nmap",
    ),
    (
        "time",
        "netscan's outputs/cpu-time.txt times scans with GNU time (/usr/bin/time)",
    ),
    ("wrk", "loadgen's outputs/compare.txt compares it with wrk"),
];

pub fn is_root() -> bool {
    workspace::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

pub fn is_debian() -> bool {
    Path::new("/usr/bin/dpkg-query").is_file()
}

pub fn installed(package: &str) -> bool {
    workspace::output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_ok_and(|status| status.contains("install ok installed"))
}

/// Installs what is missing (as root with apt-get), or lists it.
pub fn install_packages() -> Result<()> {
    if !is_debian() {
        println!("  not a Debian system: install these yourself if their tests matter to you:");
        for (package, why) in PACKAGES {
            println!("    {package}: {why}");
        }
        return Ok(());
    }
    let missing: Vec<&(&str, &str)> = PACKAGES
        .iter()
        .filter(|(package, _)| !installed(package))
        .collect();
    if missing.is_empty() {
        println!("  all present: {}", names(PACKAGES.iter()));
        return Ok(());
    }
    if !is_root() || !Path::new("/usr/bin/apt-get").is_file() {
        println!(
            "  missing (run the check as root to install them; their tests will say they skipped):"
        );
        for (package, why) in &missing {
            println!("    {package}: {why}");
        }
        return Ok(());
    }
    println!("  installing {}", names(missing.iter().copied()));
    apt_get_install(
        &missing
            .iter()
            .map(|(package, _)| *package)
            .collect::<Vec<_>>(),
    )
}

/// `apt-get update` then `apt-get install` of `packages`, quietly and without recommends.
pub fn apt_get_install(packages: &[&str]) -> Result<()> {
    workspace::run(Command::new("apt-get").args(["update", "-qq"]))?;
    workspace::run(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn names<'a>(packages: impl Iterator<Item = &'a (&'a str, &'a str)>) -> String {
    packages
        .map(|(package, _)| *package)
        .collect::<Vec<_>>()
        .join(", ")
}
