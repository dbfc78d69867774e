//! The binary: bad configuration is a clear error and exit status 1, never a panic; SIGTERM
//! stops it cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Runs the binary with `args` and waits for it to exit, for at most 10 s: a configuration it
/// should refuse but accepts would otherwise start a server and hang the test.
fn catalog(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .args(args)
        .env_remove("CATALOG_ADDR")
        .env_remove("CATALOG_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run catalog");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for catalog") {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let status = status.unwrap_or_else(|| panic!("still running after 10 s: {stderr}"));
    (status.code(), stderr)
}

#[test]
fn an_unparseable_address_is_exit_1() {
    let (code, stderr) = catalog(&["--addr", "localhost:80:80", "--db", ":memory:"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("invalid --addr"), "{stderr}");
}

#[test]
fn an_address_in_use_is_exit_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = catalog(&["--addr", &addr, "--db", ":memory:"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(stderr.contains("in use"), "{stderr}");
}

#[test]
fn an_unwritable_database_path_is_exit_1() {
    // A path under a regular file cannot be created, even by root.
    let (code, stderr) = catalog(&["--addr", "127.0.0.1:0", "--db", "/etc/hostname/catalog.db"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("cannot open database"), "{stderr}");
}

// ANCHOR: schema_test
#[test]
fn a_database_from_a_newer_binary_is_refused() {
    let path = std::env::temp_dir().join(format!("catalog-cli-newer-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    // What a later release would leave behind: a schema version this binary has never heard of.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let db = path.to_string_lossy().into_owned();
    let (code, stderr) = catalog(&["--addr", "127.0.0.1:0", "--db", &db]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("schema is version 99"), "{stderr}");
    assert!(
        stderr.contains("newer than this binary knows (1)"),
        "{stderr}"
    );
}
// ANCHOR_END: schema_test

#[test]
fn a_worker_count_out_of_range_is_a_usage_error() {
    for workers in ["0", "513", "18446744073709551616", "many"] {
        let (code, stderr) = catalog(&[
            "--addr",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--workers",
            workers,
        ]);
        assert_eq!(code, Some(2), "--workers {workers}: {stderr}");
        assert!(stderr.contains("--workers"), "{stderr}");
    }
}

#[test]
fn the_environment_configures_it_too() {
    let output = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .env("CATALOG_ADDR", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not-an-address"));
}

#[test]
fn sigterm_stops_it_with_status_0() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--drain-delay-ms",
            "100",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    // The "listening" line names the port the kernel picked; a warning may come before it.
    let mut addr = None;
    for _ in 0..10 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        addr = line
            .split_whitespace()
            .find_map(|word| word.strip_prefix("addr="))
            .map(str::to_owned);
        if addr.is_some() {
            break;
        }
    }
    let addr = addr.expect("a listening line with addr=");

    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("received SIGTERM"), "{rest}");
    // Readiness failed first, then the listener closed.
    let draining = rest.find("draining").expect("a draining line");
    let closing = rest.find("shutting down").expect("a shutting-down line");
    assert!(draining < closing, "{rest}");
}
