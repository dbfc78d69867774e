use crate::{Metrics, ScheduleError};
use std::collections::VecDeque;

// ANCHOR: solution
pub fn round_robin(
    run_times: &[u64],
    quantum: u64,
    switch_cost: u64,
) -> Result<Vec<Metrics>, ScheduleError> {
    if quantum == 0 {
        return Err(ScheduleError::ZeroQuantum);
    }
    if let Some(job) = run_times.iter().position(|&run_time| run_time == 0) {
        return Err(ScheduleError::ZeroRunTime { job });
    }

    let mut first_run: Vec<Option<u64>> = vec![None; run_times.len()];
    let mut finished_at = vec![0; run_times.len()];
    let mut queue: VecDeque<(usize, u64)> = run_times.iter().copied().enumerate().collect();
    let mut clock = 0;
    let mut previous: Option<usize> = None;

    while let Some((job, remaining)) = queue.pop_front() {
        if previous.is_some_and(|previous| previous != job) {
            clock += switch_cost;
        }
        first_run[job].get_or_insert(clock);
        let slice = remaining.min(quantum);
        clock += slice;
        if remaining > slice {
            queue.push_back((job, remaining - slice));
        } else {
            finished_at[job] = clock;
        }
        previous = Some(job);
    }

    Ok(run_times
        .iter()
        .enumerate()
        .map(|(job, &run_time)| Metrics {
            response: first_run[job].unwrap_or_default(),
            turnaround: finished_at[job],
            waiting: finished_at[job] - run_time,
        })
        .collect())
}
// ANCHOR_END: solution
