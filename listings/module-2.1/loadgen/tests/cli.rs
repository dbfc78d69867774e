//! The `loadgen` binary, as a user or a script runs it.
use loadgen::stall_server::{self, Counters, StallConfig};
use std::process::{Command, Output};
use std::sync::Arc;
use tokio::net::TcpListener;

fn loadgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loadgen"))
        .args(args)
        .output()
        .expect("run loadgen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fast server on a free port, for as long as the test's runtime lives.
async fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(stall_server::serve(
        listener,
        StallConfig::default(),
        Arc::new(Counters::default()),
        std::future::pending(),
    ));
    url
}

#[test]
fn urls_off_this_machine_are_refused_before_anything_is_sent() {
    for (url, message) in [
        ("http://10.0.0.5/", "10.0.0.5 is not a loopback address"),
        (
            "http://192.168.1.10:8080/x",
            "192.168.1.10 is not a loopback address",
        ),
        (
            "http://[2001:db8::1]/",
            "[2001:db8::1] is not a loopback address",
        ),
        (
            "http://example.com/",
            "example.com is not a loopback address",
        ),
        ("https://127.0.0.1/", "https:// is not supported"),
        ("127.0.0.1:3000", "the URL needs a scheme and a host"),
        (
            "http://admin:secret@127.0.0.1:3000/",
            "the URL carries user information (admin:secret@)",
        ),
    ] {
        let output = loadgen(&["--rate", "10", "--duration", "1s", url]);
        assert_eq!(output.status.code(), Some(2), "{url}");
        assert!(
            stderr(&output).contains(message),
            "{url}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn bad_flags_get_clear_errors() {
    let url = "http://127.0.0.1:9/";
    for (args, message) in [
        (vec![url], "--rate <RATE>"),
        (vec!["--rate", "0", url], "0 is out of range"),
        (
            vec!["--rate", "fast", url],
            "\"fast\" is not a number of requests per second",
        ),
        (
            vec!["--rate", "10", "--duration", "10", url],
            "\"10\" needs a unit",
        ),
        (
            vec!["--rate", "10", "--duration", "10h", url],
            "unknown unit \"h\"",
        ),
        (
            vec!["--rate", "10", "--connections", "0", url],
            "0 is not in 1..=10000",
        ),
        (
            vec![
                "--rate",
                "10",
                "--connections",
                "64",
                "--max-outstanding",
                "8",
                url,
            ],
            "--max-outstanding 8 is less than --connections 64",
        ),
        (
            vec!["--rate", "10", "--sweep", "10,20", url],
            "cannot be used with",
        ),
        (vec!["--sweep", "10,,20", url], "\"\" is not a number"),
        (
            vec!["--rate", "10", "--body", "x", url],
            "--body needs --method post or put",
        ),
        (
            vec!["--rate", "10", "-H", "NoColon", url],
            "is not a header",
        ),
    ] {
        let output = loadgen(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_listening_exits_1_with_the_reason() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let output = tokio::task::spawn_blocking(move || {
        loadgen(&["--rate", "10", "--duration", "100ms", &url])
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("cannot connect to 127.0.0.1:"),
        "{message}"
    );
    assert_eq!(
        message.matches("Connection refused").count(),
        1,
        "the cause once: {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_loop_report_shows_only_what_applies_to_it() {
    let url = server().await;
    let output = tokio::task::spawn_blocking(move || {
        loadgen(&["--closed-loop", "-d", "300ms", "-c", "2", &url])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("closed loop for 0.3 s"), "{report}");
    assert!(report.contains("service time (from sent)"), "{report}");
    for absent in ["intended", "slot", "unsent", "pacer"] {
        assert!(!report.contains(absent), "{absent:?} in {report}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_is_one_report_that_scripts_can_read() {
    let url = server().await;
    let output = tokio::task::spawn_blocking(move || {
        loadgen(&[
            "--rate",
            "100",
            "--duration",
            "1s",
            "--connections",
            "4",
            "--json",
            &url,
        ])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["scheduled"], 100);
    assert_eq!(report["responses"], 100);
    assert_eq!(report["arrival"], "uniform");
    assert!(report["latency"]["p99_us"].as_u64().unwrap() > 0);
    assert!(report["service_time"]["max_us"].as_u64().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_prints_one_row_per_offered_rate() {
    let url = server().await;
    let output = tokio::task::spawn_blocking(move || {
        loadgen(&["--sweep", "50,100", "--duration", "500ms", &url])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].split_whitespace().eq([
        "offered", "achieved", "p50", "p90", "p99", "p99.9", "max", "errors", "timeouts", "unsent"
    ]));
    assert!(lines[1].trim_start().starts_with("50 req/s"), "{table}");
    assert!(lines[2].trim_start().starts_with("100 req/s"), "{table}");
    let last_three: Vec<&str> = lines[2].split_whitespace().rev().take(3).collect();
    assert_eq!(
        last_three,
        ["0", "0", "0"],
        "no errors, timeouts or unsent: {table}"
    );
}
