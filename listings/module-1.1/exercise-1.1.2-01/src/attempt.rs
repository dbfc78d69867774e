// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.2-1`.
#![allow(unused_variables, unused_imports)]

use crate::{Metrics, ScheduleError};
use std::collections::VecDeque;

// ANCHOR: starter
/// Runs Round Robin over jobs that all arrive at time 0, in the order given, and returns the
/// metrics of each job in the same order.
///
/// - Each turn, the job at the front of the queue runs for `quantum`, or less if it finishes
///   sooner; if it is not finished, it goes to the back of the queue.
/// - Whenever the CPU goes from one job to a *different* job, `switch_cost` time units pass in
///   which no job runs. Starting the first job costs nothing, and a job that gets another turn
///   because it is alone in the queue keeps the CPU without a switch.
/// - A quantum of 0 and a run time of 0 are errors.
pub fn round_robin(
    run_times: &[u64],
    quantum: u64,
    switch_cost: u64,
) -> Result<Vec<Metrics>, ScheduleError> {
    todo!("keep a queue of (job, remaining time) and a clock; record first run and finish times")
}
// ANCHOR_END: starter
