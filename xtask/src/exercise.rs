//! `cargo xtask exercise 1.1.1-1`: runs an exercise's tests against the reader's attempt.
//!
//! Each exercise is a crate at `listings/module-<M>/exercise-<id>/` (see `book_layout::ids`) with the reader's file
//! `src/attempt.rs` (the starter), a reference `src/solution.rs`, and tests in `tests/`. The tests
//! use the solution by default (that is what CI checks) and the attempt with `--features attempt`.
//! An Elixir exercise (Module 2.2) is a Mix project with `attempt/` and `solution/`, between
//! which its mix.exs chooses by `EXERCISE=attempt`.

use crate::workspace::{self, relative};
use anyhow::{Result, bail};
use book_layout::{Build, Id, Kind};

pub fn run(id: &str) -> Result<()> {
    let repo = workspace::repo()?;
    let wanted: Option<Id> = id.trim_start_matches("exercise-").parse().ok();
    let Some(project) = wanted.and_then(|wanted| repo.project(Kind::Exercise, &wanted)) else {
        let known: Vec<String> = repo.exercises().map(|(id, _)| id.to_string()).collect();
        bail!(
            "no exercise `{id}`; the exercises are: {}",
            known.join(", ")
        );
    };
    let dir = &project.dir;
    let (mut test, attempt, unfinished) = if project.build == Build::Mix {
        (
            crate::elixir::test_attempt(dir),
            format!("{}/attempt/", relative(dir)),
            "a \"not written yet\" error means a function of your attempt still raises it",
        )
    } else {
        let mut test = workspace::cargo();
        test.args([
            "test",
            "--quiet",
            "--features",
            "attempt",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"));
        (
            test,
            format!("{}/src/attempt.rs", relative(dir)),
            "a `not yet implemented` panic means a `todo!()` is still in your attempt",
        )
    };
    println!("testing your attempt: {attempt}");
    match workspace::run(&mut test) {
        Ok(()) => {
            println!(
                "\nExercise {id}: every test passes. Done. Compare with the solution in the book."
            );
            Ok(())
        }
        Err(_) => bail!(
            "exercise {id} is not done yet: the failing tests above say what is missing ({unfinished})"
        ),
    }
}
