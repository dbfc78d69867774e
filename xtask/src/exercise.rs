//! `cargo xtask exercise 1.1-1`: runs an exercise's tests against the reader's attempt.
//!
//! Each exercise is a crate at `listings/module-<M>/exercise-<id>/` with the reader's file
//! `src/attempt.rs` (the starter), a reference `src/solution.rs`, and tests in `tests/`. The tests
//! use the solution by default (that is what CI checks) and the attempt with `--features attempt`.

use crate::workspace::{self, relative};
use anyhow::{Result, bail};

pub fn run(id: &str) -> Result<()> {
    let wanted = format!("exercise-{id}");
    let Some(dir) = workspace::listing_crates()?
        .into_iter()
        .find(|dir| dir.file_name().is_some_and(|name| name == wanted.as_str()))
    else {
        let known: Vec<String> = workspace::listing_crates()?
            .iter()
            .filter_map(|dir| {
                dir.file_name()?
                    .to_str()?
                    .strip_prefix("exercise-")
                    .map(str::to_owned)
            })
            .collect();
        bail!(
            "no exercise `{id}`; the exercises are: {}",
            known.join(", ")
        );
    };
    println!("testing your attempt: {}/src/attempt.rs", relative(&dir));
    let result = workspace::run(
        workspace::cargo()
            .args([
                "test",
                "--quiet",
                "--features",
                "attempt",
                "--manifest-path",
            ])
            .arg(dir.join("Cargo.toml")),
    );
    match result {
        Ok(()) => {
            println!(
                "\nExercise {id}: every test passes. Done. Compare with the solution in the book."
            );
            Ok(())
        }
        Err(_) => bail!(
            "exercise {id} is not done yet: the failing tests above say what is missing \
             (a `not yet implemented` panic means a `todo!()` is still in your attempt)"
        ),
    }
}
