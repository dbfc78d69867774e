// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.5-2`.
#![allow(unused_variables, unused_imports)]

use crate::TaskError;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;

// ANCHOR: starter
/// Calls `work` on every input and runs the resulting futures as tasks:
///
/// - at most `limit` tasks run at any moment (a `limit` of 0 counts as 1);
/// - each task gets `per_task` to finish, or it is cancelled and reported as `TimedOut`;
/// - a task that panics is reported as `Panicked` and does not stop the others;
/// - `results[i]` belongs to `inputs[i]`, whatever order the tasks finish in.
pub async fn run_bounded<T, F, Fut>(
    inputs: Vec<T>,
    limit: usize,
    per_task: Duration,
    work: F,
) -> Vec<Result<Fut::Output, TaskError>>
where
    F: Fn(T) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    todo!("a JoinSet that never holds more than `limit` tasks; map each task's id to its index")
}
// ANCHOR_END: starter
