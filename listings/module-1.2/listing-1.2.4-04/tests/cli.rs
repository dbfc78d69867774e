//! Black-box tests of the `startup-order` binary on the example files.
use std::process::Command;

fn run(file: &str) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_startup-order"))
        .arg(format!("{}/configs/{file}", env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn prints_layers_for_a_valid_file() {
    let (ok, stdout, _) = run("services.conf");
    assert!(ok);
    assert!(stdout.starts_with("layer 0: cache, orders-db, queue, users-db\n"));
    assert!(stdout.ends_with("layer 3: gateway\n"));
}

#[test]
fn fails_and_names_the_cycle() {
    let (ok, stdout, stderr) = run("cycle.conf");
    assert!(!ok);
    assert!(stdout.is_empty());
    assert!(stderr.contains("dependency cycle: api -> auth -> db -> backup-agent -> api"));
}

#[test]
fn fails_on_a_missing_file() {
    let (ok, _, stderr) = run("no-such-file.conf");
    assert!(!ok);
    assert!(stderr.contains("cannot read"));
}
