//! The event-driven clock that every non-MLFQ policy runs on.
//!
//! Time jumps from one event to the next: an arrival, the end of an I/O, or the end of the running
//! job's turn (its work, its burst before the next I/O, or its quantum). Nothing happens between
//! events, so there is nothing to simulate there; the cost grows with the number of events, not
//! with the length of the schedule. At one instant the engine always works in the same order,
//! which is what fixes the tie-breaking rules:
//!
//! 1. jobs that arrive now become ready, in job-list order;
//! 2. jobs whose I/O ends now become ready, in the order their I/Os started;
//! 3. the running job's turn ends (it finishes, starts an I/O, or goes back to the ready set
//!    *behind* the jobs of steps 1 and 2), or it is preempted;
//!    A job whose I/O takes no time is ready again at once, behind everyone else;
//! 4. if the CPU is free, the policy picks the next job.

use super::ready::{Context, ReadySet};
use super::{Draw, IoSpan, JobOutcome, Outcome, Slice};
use crate::error::{Error, Result};
use crate::job::Job;
use crate::random::RandomSource;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy)]
struct Running {
    job: usize,
    start: u64,
    /// CPU work the job gets done by `end` if nothing preempts it.
    work: u64,
    end: u64,
}

/// Per-job state that changes as the simulation runs, kept as parallel vectors because the ready
/// sets read `remaining` by id in their hot paths.
struct Progress {
    remaining: Vec<u64>,
    /// Work left before the job's next I/O (`u64::MAX` for a job that does none).
    burst_left: Vec<u64>,
    first_run: Vec<Option<u64>>,
    finish: Vec<u64>,
    cpu_time: Vec<u64>,
    io_time: Vec<u64>,
}

pub(crate) fn run(
    jobs: &[Job],
    ready: &mut dyn ReadySet,
    random: &mut RandomSource,
    record: bool,
) -> Result<Outcome> {
    let count = jobs.len();
    let mut by_arrival: Vec<usize> = (0..count).collect();
    by_arrival.sort_by_key(|&id| (jobs[id].arrival, id));
    let mut next_arrival = 0;
    // (time the I/O ends, order it started in, job)
    let mut io_pending: BinaryHeap<Reverse<(u64, u64, usize)>> = BinaryHeap::new();
    let mut io_started = 0u64;

    let mut progress = Progress {
        remaining: jobs.iter().map(|j| j.run).collect(),
        burst_left: jobs
            .iter()
            .map(|j| j.io.map_or(u64::MAX, |io| io.every))
            .collect(),
        first_run: vec![None; count],
        finish: vec![0; count],
        cpu_time: vec![0; count],
        io_time: vec![0; count],
    };
    let mut trace = Vec::new();
    let mut io_spans = Vec::new();
    let mut draws: Vec<Draw> = Vec::new();

    let mut running: Option<Running> = None;
    let mut finished = 0;
    let mut now = 0u64;

    while finished < count {
        while next_arrival < count && jobs[by_arrival[next_arrival]].arrival <= now {
            ready.admit(by_arrival[next_arrival], &progress.remaining);
            next_arrival += 1;
        }
        admit_io_done(now, &mut io_pending, ready, &progress.remaining);

        if let Some(turn) = running {
            let job = turn.job;
            let turn_over = now >= turn.end;
            let ran = now - turn.start;
            let preempted =
                !turn_over && ready.preempts(progress.remaining[job] - ran.min(turn.work));
            if turn_over || preempted {
                let work = if turn_over { turn.work } else { ran };
                progress.remaining[job] -= work;
                if progress.burst_left[job] != u64::MAX {
                    progress.burst_left[job] -= work;
                }
                progress.cpu_time[job] += ran;
                ready.charge(job);
                let done = progress.remaining[job] == 0;
                if record {
                    trace.push(Slice {
                        job,
                        start: turn.start,
                        end: now,
                        finished: done,
                    });
                }
                if done {
                    progress.finish[job] = now;
                    finished += 1;
                } else if let (0, Some(io)) = (progress.burst_left[job], jobs[job].io) {
                    // `job::validate` bounds the work, but a lottery that charges whole quanta
                    // (`--ostep`) can push the clock far past it.
                    let back = now.checked_add(io.duration).ok_or_else(past_the_end)?;
                    progress.burst_left[job] = io.every;
                    progress.io_time[job] += io.duration;
                    io_pending.push(Reverse((back, io_started, job)));
                    io_started += 1;
                    if record {
                        io_spans.push(IoSpan {
                            job,
                            start: now,
                            end: back,
                        });
                    }
                } else {
                    ready.requeue(job, &progress.remaining);
                }
                running = None;
                // An I/O that takes no time is over as soon as it starts.
                admit_io_done(now, &mut io_pending, ready, &progress.remaining);
            }
        }

        if running.is_none() && finished < count {
            let context = Context {
                now,
                random,
                draws: record.then_some(&mut draws),
            };
            if let Some(pick) = ready.pick(context)? {
                let job = pick.job;
                progress.first_run[job].get_or_insert(now);
                let mut work = progress.remaining[job].min(progress.burst_left[job]);
                let mut length = work;
                // ANCHOR: quantum
                if let Some(quantum) = pick.quantum {
                    let mut limit = quantum;
                    if pick.may_extend && ready.is_empty() {
                        // Nobody can ask for the CPU before the next event, so the quantum ends
                        // that would hand it straight back to this job are skipped in one step.
                        let next_event =
                            next_event_time(jobs, &by_arrival, next_arrival, &io_pending);
                        limit = match next_event {
                            Some(at) => quantum.saturating_mul((at - now).div_ceil(quantum).max(1)),
                            None => u64::MAX,
                        };
                    }
                    work = work.min(limit);
                    length = if pick.charge_full_quantum {
                        quantum
                    } else {
                        work
                    };
                }
                // ANCHOR_END: quantum
                let end = now.checked_add(length).ok_or_else(past_the_end)?;
                running = Some(Running {
                    job,
                    start: now,
                    work,
                    end,
                });
            }
        }

        // ANCHOR: advance
        let next = [
            running.map(|turn| turn.end),
            next_event_time(jobs, &by_arrival, next_arrival, &io_pending),
        ]
        .into_iter()
        .flatten()
        .min();
        match next {
            Some(at) => now = at,
            None if finished < count => {
                return Err(Error::Internal(
                    "the scheduler stalled with jobs left to run".into(),
                ));
            }
            None => {}
        }
        // ANCHOR_END: advance
    }

    let outcomes = jobs
        .iter()
        .map(|job| JobOutcome {
            id: job.id,
            arrival: job.arrival,
            run: job.run,
            first_run: progress.first_run[job.id].unwrap_or(job.arrival),
            finish: progress.finish[job.id],
            cpu_time: progress.cpu_time[job.id],
            io_time: progress.io_time[job.id],
        })
        .collect();
    Ok(Outcome {
        jobs: outcomes,
        trace,
        io: io_spans,
        draws,
    })
}

fn past_the_end() -> Error {
    Error::TooLarge("the schedule runs past the end of time".into())
}

/// Makes ready every job whose I/O has ended by `now`, in the order the I/Os started.
fn admit_io_done(
    now: u64,
    io_pending: &mut BinaryHeap<Reverse<(u64, u64, usize)>>,
    ready: &mut dyn ReadySet,
    remaining: &[u64],
) {
    while let Some(&Reverse((ends, _, job))) = io_pending.peek()
        && ends <= now
    {
        io_pending.pop();
        ready.admit(job, remaining);
    }
}

fn next_event_time(
    jobs: &[Job],
    by_arrival: &[usize],
    next_arrival: usize,
    io_pending: &BinaryHeap<Reverse<(u64, u64, usize)>>,
) -> Option<u64> {
    let arrival = by_arrival.get(next_arrival).map(|&id| jobs[id].arrival);
    let io = io_pending.peek().map(|Reverse((ends, _, _))| *ends);
    arrival.into_iter().chain(io).min()
}
