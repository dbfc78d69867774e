//! The binary, tested from outside as a user runs it.
use std::process::Command;

fn cidr(arguments: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_listing-1-1-7-02"))
        .args(arguments)
        .output()
        .expect("the binary runs")
}

#[test]
fn describes_each_block_given() {
    let output = cidr(&["10.0.0.0/30", "fd00::/126"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("10.0.0.0/30\n  netmask    255.255.255.252\n  broadcast  10.0.0.3\n"));
    assert!(text.contains("hosts      10.0.0.1 to 10.0.0.2 (2 of 4 addresses)"));
    assert!(text.contains("addresses  fd00:: fd00::1 fd00::2 fd00::3"));
}

#[test]
fn bad_input_is_reported_with_a_non_zero_exit() {
    let output = cidr(&["10.0.0.0/30", "10.0.0.1/30"]);
    assert!(!output.status.success());
    let errors = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        errors,
        "error: 10.0.0.1/30 has host bits set: the block that contains it is 10.0.0.0/30\n"
    );
}
