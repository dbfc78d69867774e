//! Black-box tests of the `extsort` binary: generate a file, sort it, check the result.
use std::process::Command;

fn extsort(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_extsort"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn generates_and_sorts_a_file_with_several_runs() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("in.log");
    let output = dir.path().join("out.log");
    let (input, output) = (input.to_str().unwrap(), output.to_str().unwrap());
    let temp = dir.path().to_str().unwrap();

    let generated = extsort(&["gen", "--mb", "1", "--seed", "3", input]);
    assert!(generated.status.success());
    let sorted = extsort(&["sort", "--budget", "128K", "--temp", temp, input, output]);
    assert!(
        sorted.status.success(),
        "{}",
        String::from_utf8_lossy(&sorted.stderr)
    );
    let report = String::from_utf8_lossy(&sorted.stdout);
    assert!(report.contains(" runs with a 128 KiB budget"), "{report}");

    let mut expected: Vec<String> = std::fs::read_to_string(input)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    expected.sort();
    let got: Vec<String> = std::fs::read_to_string(output)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(got, expected);
    // Only the input and the output are left: the runs' directory was removed.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn bad_arguments_are_usage_errors() {
    assert_eq!(extsort(&[]).status.code(), Some(2));
    assert_eq!(extsort(&["sort", "only-one-path"]).status.code(), Some(2));
    assert_eq!(
        extsort(&["sort", "--budget", "lots", "a", "b"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_budget_too_large_for_the_offsets_is_an_error_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (input, output) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::write(&input, "b\na\n").expect("write the input");
    std::fs::write(&output, "keep me\n").expect("write the old output");
    let result = extsort(&[
        "sort",
        "--budget",
        "4G",
        input.to_str().unwrap(),
        output.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("at most 4 GiB"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "keep me\n");
}

#[test]
fn a_missing_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("out");
    let result = extsort(&["sort", "/no/such/file", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("extsort:"));
}
