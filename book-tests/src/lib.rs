//! The book's own tests: every Rust block of `src/**/*.md`, compiled and run as the reader sees it.
//!
//! `build.rs` generates the tests; `tests/skeptic.rs` runs the blocks that must compile and
//! `tests/compile_fail.rs` the blocks that must not. This library holds what those tests share.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// Compiles `code` as a binary crate and asserts that it fails with the `expected` error codes,
/// and with no other error code: a typo that fails for another reason must not pass as the lesson.
///
/// `place` is `chapter.md:line`, printed on failure so the reader of the log knows what to fix.
pub fn expect_compile_error(rustc: &str, place: &str, expected: &[&str], code: &str) {
    let dir = scratch_dir(place);
    let source = dir.join("snippet.rs");
    fs::write(&source, code).expect("write the snippet");
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--crate-name",
            "snippet",
        ])
        .args(["--emit=metadata", "--error-format=short", "-o"])
        .arg(dir.join("snippet.rmeta"))
        .arg(&source)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {rustc}: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "{place}: the block is labelled compile_fail but it compiles"
    );
    let found = error_codes(&stderr);
    let missing: Vec<_> = expected
        .iter()
        .filter(|code| !found.contains(&code.to_string()))
        .collect();
    let unexpected: Vec<_> = found
        .iter()
        .filter(|code| !expected.contains(&code.as_str()))
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{place}: expected to fail with {expected:?}, but rustc reported {found:?}\n{stderr}"
    );
}

/// The distinct `E....` codes in rustc's short-format diagnostics, in order of appearance.
pub fn error_codes(diagnostics: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for (index, _) in diagnostics.match_indices("error[E") {
        let code = &diagnostics[index + 6..];
        if let Some(end) = code.find(']') {
            let code = code[..end].to_owned();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    codes
}

fn scratch_dir(place: &str) -> PathBuf {
    let name: String = place
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let dir = std::env::temp_dir()
        .join("book-tests-compile-fail")
        .join(format!("{}-{name}", std::process::id()));
    fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_error_codes_from_short_diagnostics() {
        let stderr = "snippet.rs:5:20: error[E0382]: borrow of moved value: `v`\n\
                      snippet.rs:7:1: error[E0382]: borrow of moved value: `w`\n\
                      snippet.rs:9:1: error[E0499]: cannot borrow `x` as mutable more than once\n\
                      error: aborting due to 3 previous errors\n";
        assert_eq!(error_codes(stderr), vec!["E0382", "E0499"]);
    }
}
