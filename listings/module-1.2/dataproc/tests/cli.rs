//! Black-box tests of the `dataproc` binary: good input, and every kind of bad input, which must
//! give a one-line error and an exit status (or a correct empty report), never a panic.

use std::path::Path;
use std::process::{Command, Output};

fn dataproc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dataproc"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts a clean failure: the status, and exactly one line on stderr that says what is wrong.
fn assert_fails(output: &Output, status: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(status), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.starts_with("dataproc: error: "), "{stderr}");
    assert!(stderr.contains(needle), "`{needle}` not in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = dataproc(args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn generate(dir: &Path, lines: &str, malformed: &str) -> String {
    let path = dir.join("access.log").display().to_string();
    let output = dataproc(&[
        "gen",
        "--lines",
        lines,
        "--seed",
        "5",
        "--malformed",
        malformed,
        "--out",
        &path,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

#[test]
fn every_engine_and_thread_count_gives_the_same_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = generate(dir.path(), "3000", "0.05");
    let expected = json(&[&log, "--json", "--engine", "sequential"]);
    for args in [
        ["--engine", "pipeline", "--threads", "1"],
        ["--engine", "pipeline", "--threads", "3"],
        ["--engine", "rayon", "--threads", "2"],
        ["--chunk-size", "100", "--threads", "2"],
    ] {
        let mut all = vec![log.as_str(), "--json"];
        all.extend(args);
        assert_eq!(json(&all), expected, "{args:?}");
    }
    assert_eq!(expected["lines"], 3000);
    for field in [
        "parsed",
        "malformed",
        "bytes",
        "status",
        "top_paths",
        "top_clients",
        "per_hour",
        "size_percentiles",
    ] {
        assert!(expected.get(field).is_some(), "missing {field}");
    }
    assert_eq!(expected["top_paths"].as_array().map(Vec::len), Some(10));
    assert!(
        expected["malformed"]["first_lines"]
            .as_array()
            .is_some_and(|lines| lines.len() == 5)
    );
}

#[test]
fn gen_reports_what_it_wrote_and_the_table_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("small.log").display().to_string();
    let output = dataproc(&["gen", "--lines", "200", "--out", &path]);
    assert!(
        stdout(&output).starts_with("wrote 200 lines (0 malformed, "),
        "{}",
        stdout(&output)
    );
    let table = stdout(&dataproc(&[&path, "--top", "3"]));
    assert!(
        table.starts_with("lines      200\nparsed     200\nmalformed  0\n"),
        "{table}"
    );
}

#[test]
fn a_missing_file_is_an_error() {
    assert_fails(
        &dataproc(&["/no/such/access.log"]),
        1,
        "cannot open `/no/such/access.log`",
    );
}

#[test]
fn a_directory_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().display().to_string();
    for engine in ["pipeline", "rayon", "sequential"] {
        assert_fails(&dataproc(&[&path, "--engine", engine]), 1, "is a directory");
    }
}

#[test]
fn a_device_is_an_error_not_an_empty_report() {
    // /dev/null reads as empty, but it is not a regular file: mmap (the rayon engine) refuses it,
    // so every engine refuses it the same way instead of disagreeing.
    for engine in ["pipeline", "rayon", "sequential"] {
        assert_fails(
            &dataproc(&["/dev/null", "--engine", engine]),
            1,
            "is not a regular file",
        );
    }
}

#[test]
fn an_empty_file_is_an_empty_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.log");
    std::fs::write(&path, b"").expect("write");
    for engine in ["pipeline", "rayon", "sequential"] {
        let report = json(&[
            path.to_str().expect("utf-8 path"),
            "--json",
            "--engine",
            engine,
        ]);
        assert_eq!(report["lines"], 0);
        assert_eq!(report["size_percentiles"]["p50"], serde_json::Value::Null);
    }
}

#[test]
fn binary_garbage_is_counted_as_malformed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("garbage.bin");
    let garbage: Vec<u8> = (0u32..20_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let newlines = garbage.iter().filter(|&&b| b == b'\n').count() as u64;
    std::fs::write(&path, &garbage).expect("write");
    let report = json(&[path.to_str().expect("utf-8 path"), "--json"]);
    let lines = newlines + u64::from(garbage.last() != Some(&b'\n'));
    assert_eq!(report["lines"], lines);
    assert_eq!(report["malformed"]["count"], lines);
    assert_eq!(report["parsed"], 0);
}

#[test]
fn a_truncated_final_line_and_crlf_are_handled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crlf.log");
    let line = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
    std::fs::write(&path, format!("{line}\r\n{line}\r\n{}", &line[..30])).expect("write");
    let report = json(&[path.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!(
        (report["lines"].as_u64(), report["parsed"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(report["malformed"]["first_lines"], serde_json::json!([3]));
}

#[test]
fn bad_options_are_usage_errors() {
    assert_fails(&dataproc(&["x.log", "--threads", "0"]), 2, "--threads");
    assert_fails(&dataproc(&["x.log", "--top", "0"]), 2, "--top");
    assert_fails(&dataproc(&["x.log", "--engine", "gpu"]), 2, "gpu");
    assert_fails(
        &dataproc(&["x.log", "--chunk-size", "0"]),
        2,
        "--chunk-size",
    );
    assert_fails(&dataproc(&[]), 2, "FILE");
}

#[test]
fn bad_gen_arguments_are_errors() {
    assert_fails(
        &dataproc(&["gen", "--out", "/tmp/never-written.log"]),
        2,
        "--lines",
    );
    assert_fails(
        &dataproc(&["gen", "--lines", "many", "--out", "x"]),
        2,
        "--lines",
    );
    assert_fails(
        &dataproc(&["gen", "--lines", "5", "--malformed", "1.5", "--out", "x"]),
        2,
        "between 0 and 1",
    );
    assert_fails(
        &dataproc(&["gen", "--lines", "5", "--malformed", "NaN", "--out", "x"]),
        2,
        "between 0 and 1",
    );
    assert_fails(
        &dataproc(&["gen", "--lines", "5", "--out", "/no/such/dir/x.log"]),
        1,
        "cannot create",
    );
}

#[test]
fn gen_does_not_overwrite_a_file_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("precious.log");
    std::fs::write(&path, b"a real log\n").expect("write");
    let out = path.to_str().expect("utf-8 path");
    assert_fails(
        &dataproc(&["gen", "--lines", "5", "--out", out]),
        1,
        "use --force",
    );
    assert_eq!(std::fs::read(&path).expect("read"), b"a real log\n");
    assert!(
        dataproc(&["gen", "--lines", "5", "--out", out, "--force"])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(&path)
            .expect("read")
            .lines()
            .count(),
        5
    );
}

#[test]
fn an_unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("secret.log");
    std::fs::write(&path, b"x\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::File::open(&path).is_ok() {
        return; // running as root, which reads anything: nothing to test here
    }
    assert_fails(
        &dataproc(&[path.to_str().expect("utf-8 path")]),
        1,
        "Permission denied",
    );
}

#[test]
fn help_names_the_subcommand_and_the_options() {
    let help = stdout(&dataproc(&["--help"]));
    for needle in ["gen", "--threads", "--top", "--json", "--engine"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn a_line_over_the_limit_is_malformed_for_every_engine_and_chunk_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.log").display().to_string();
    let good = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
    // A well-formed line with a 3 MiB path: longer than the default chunk, under the real limit.
    let long = format!(
        "b - - [10/Oct/2026:11:00:00 +0000] \"GET /{} HTTP/1.1\" 200 5",
        "x".repeat(3 << 20)
    );
    std::fs::write(&path, format!("{good}\n{long}\n{good}")).expect("write");

    let under_limit = json(&[&path, "--json"]);
    assert_eq!(under_limit["parsed"], 3);

    for engine in ["pipeline", "rayon", "sequential"] {
        for chunk_size in ["4096", "1048576", "8388608"] {
            let report = json(&[
                &path,
                "--json",
                "--engine",
                engine,
                "--threads",
                "2",
                "--chunk-size",
                chunk_size,
                "--max-line",
                "2097152",
            ]);
            let what = format!("{engine}, chunk size {chunk_size}");
            assert_eq!(report["lines"], 3, "{what}");
            assert_eq!(report["parsed"], 2, "{what}");
            assert_eq!(
                report["malformed"]["first_lines"],
                serde_json::json!([2]),
                "{what}"
            );
        }
    }
}

#[test]
fn stats_counts_malformed_lines_by_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mixed.log");
    let good = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
    let long = good.replace("GET /", &format!("GET /{}", "x".repeat(300)));
    let lines = [
        good.to_string(),
        String::new(),                     // empty
        good.replace("200", "2x0"),        // status
        good.replace("200", "404"),        // fine
        good.replace("10/Oct", "31/Apr"),  // timestamp: no such day
        good.replace("200", "2x0"),        // status again
        long,                              // too long for --max-line 200
        good.replace(" 3", " 3 trailing"), // trailing
    ];
    std::fs::write(&path, lines.join("\n")).expect("write");
    let log = path.to_str().expect("utf-8 path");
    let expected = "malformed     6 lines, by reason:\n  \
                    empty       1\n  timestamp   1\n  status      2\n  trailing    1\n  too long    1\n";
    for engine in ["pipeline", "rayon", "sequential"] {
        let output = dataproc(&[
            log,
            "--stats",
            "--engine",
            engine,
            "--max-line",
            "200",
            "--chunk-size",
            "64",
        ]);
        assert!(output.status.success(), "{engine}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.ends_with(expected), "{engine}:\n{stderr}");
        assert!(stdout(&output).contains("malformed  6 (first at lines 2, 3, 5, 6, 7)"));
    }
}
