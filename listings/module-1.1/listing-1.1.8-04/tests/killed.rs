//! A run that is killed halfway leaves nothing behind. The lab's namespaces are held by the
//! process alone (no name under /run/netns), so the kernel deletes them, with the veth pair and
//! the firewall rules inside, when the process dies, even of SIGKILL, which no cleanup code
//! survives. Like the tests in `measured.rs`, this needs root, and fails in CI without it.
use listing_1_1_8_04::lab;
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The network namespace a `/proc` link names, as its inode number: `net:[4026532281]`.
fn namespace_of(link: &Path) -> Option<u64> {
    let target = fs::read_link(link).ok()?;
    target
        .to_str()?
        .strip_prefix("net:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The entries of a folder, or none if it cannot be read (a process that has just ended).
fn entries(folder: &Path) -> impl Iterator<Item = PathBuf> + use<> {
    fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
}

/// The network namespaces that the process at `/proc/<pid>` has a thread in or a descriptor
/// open on.
fn namespaces_of_process(process: &Path) -> BTreeSet<u64> {
    let threads = entries(&process.join("task")).map(|task| task.join("ns/net"));
    let descriptors = entries(&process.join("fd"));
    threads
        .chain(descriptors)
        .filter_map(|link| namespace_of(&link))
        .collect()
}

/// Every network namespace that something on this machine still refers to, as far as a
/// process can see: a thread in it, a descriptor open on it, or a mount of it (which is what
/// `ip netns add` makes).
fn namespaces_in_use() -> BTreeSet<u64> {
    let mut found = BTreeSet::new();
    for process in entries(Path::new("/proc")) {
        let is_process = process
            .file_name()
            .is_some_and(|name| name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()));
        if is_process {
            found.extend(namespaces_of_process(&process));
        }
    }
    // A mount of a namespace shows it as its root: `... net:[4026532281] /run/netns/x ...`.
    if let Ok(mounts) = fs::read_to_string("/proc/self/mountinfo") {
        for field in mounts.split_whitespace() {
            if let Some(inode) = field
                .strip_prefix("net:[")
                .and_then(|f| f.strip_suffix(']'))
            {
                found.extend(inode.parse::<u64>().ok());
            }
        }
    }
    found
}

#[test]
fn a_run_killed_halfway_leaves_no_namespace_behind() {
    if let Err(why) = lab::check_prerequisites() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run this test, but: {why}"
        );
        eprintln!("skipped: {why}");
        return;
    }
    let own = namespace_of(Path::new("/proc/self/ns/net")).expect("this process's namespace");
    let mut child = Command::new(env!("CARGO_BIN_EXE_listing-1-1-8-04"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the listing starts");
    let stdout = child.stdout.take().expect("its output");
    // The first line is printed once the lab exists; the experiments are then under way.
    let (line_tx, line_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = line_tx.send(line);
    });
    let first = line_rx.recv_timeout(Duration::from_secs(20));
    let lab_namespaces: BTreeSet<u64> =
        namespaces_of_process(&Path::new("/proc").join(child.id().to_string()))
            .into_iter()
            .filter(|namespace| *namespace != own)
            .collect();
    child.kill().expect("SIGKILL");
    child.wait().expect("the listing ends");

    let first = first.expect("the listing printed its first line");
    assert!(first.starts_with("client "), "{first:?}");
    assert_eq!(lab_namespaces.len(), 2, "{lab_namespaces:?}");
    // Nothing may refer to them any more; the kernel frees a namespace nothing refers to.
    let left: Vec<u64> = namespaces_in_use()
        .intersection(&lab_namespaces)
        .copied()
        .collect();
    assert!(left.is_empty(), "namespaces left behind: {left:?}");
}
