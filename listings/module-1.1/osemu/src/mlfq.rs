//! The multi-level feedback queue, tick by tick, with `mlfq.py`'s rules.
//!
//! MLFQ is the one policy simulated one tick at a time: its answers are defined per tick (the
//! boost happens when the clock is a multiple of the boost period, I/O is checked after every tick
//! of CPU), and homework-sized workloads are small. Queues are numbered as in `mlfq.py`: 0 is the
//! lowest priority, `levels - 1` the highest. Every pass of the loop is one tick, run or idle, and
//! applies these rules in this order (each is pinned down by a test in `tests.rs`):
//!
//! 1. **Boost** (`-B`), when the clock is a positive multiple of the period: the jobs of queues
//!    0, 1, ... up to the one below the top, in that order and each queue in its own order, join
//!    the tail of the top queue, behind the jobs already there. Then every unfinished job, whether
//!    queued, in I/O or not yet arrived, gets the top priority, a full quantum and a full allotment
//!    of the top queue.
//! 2. **Wake-ups** due now, in the order they were scheduled: arrivals first (in job-list order),
//!    then I/O completions (in the order the I/Os started). Each joins the tail of the queue of
//!    its current priority, so a job whose I/O ends on a boost tick joins the top queue behind the
//!    boosted jobs. With `io_bump` (`-I`) an I/O completion joins the head instead; arrivals
//!    still join the tail.
//! 3. **One tick** for the head of the highest non-empty queue: one unit of work and one unit of
//!    quantum are used up. With every queue empty, the tick is idle.
//! 4. **After the tick**, for the job that ran:
//!    - its work done: it leaves, and nothing is charged;
//!    - otherwise, if its CPU time so far is a multiple of its I/O period, it starts an I/O and
//!      leaves the queue until the I/O ends, `io_time` ticks later (with 0, it is ready again at
//!      the next tick). With `stay_after_io` (`-S`) its quantum and allotment are reset to the
//!      full values of its queue. A job that starts an I/O with quantum left keeps what is left;
//!    - then, if its quantum ran out in this tick, whether or not it started an I/O, one unit of
//!      allotment is charged. With none left it moves down a queue and gets that queue's quantum
//!      and allotment (in the lowest queue, it stays and both are refilled); otherwise it gets a
//!      fresh quantum in the same queue. Either way, unless it is in I/O, it goes to the tail of
//!      its queue, before the next tick's arrivals: a job that arrives just as a quantum ends
//!      queues behind the job that used it. A job whose quantum has not run out stays at the
//!      head of its queue and runs again at the next tick, unless a job of a higher queue (or a
//!      boost) comes first.
//!
//! With `ostep_compat` (`--ostep`), these rules are `mlfq.py`'s to the letter. Without it they
//! differ in one case only: under `stay_after_io`, when an I/O starts on the very tick a quantum
//! ends. `mlfq.py` resets the counters for the I/O and then charges the quantum that ended to the
//! fresh allotment (its check reads the quantum counter from before the reset), so the job keeps
//! one unit of allotment less, or moves down if its allotment is 1. By default the reset comes
//! last, as the I/O came after the quantum, and the job stays with a full allotment.

use crate::error::{Error, Result};
use crate::job::{self, Job};
use crate::metrics::Metrics;
use std::collections::{BTreeMap, VecDeque};

/// The most ticks a tick-by-tick simulation is allowed to take.
pub const MAX_TICKS: u64 = 10_000_000;

/// The most queues `-n` may ask for: homework uses a handful, and each queue costs memory before
/// the first tick, so a typo must not ask for billions.
pub const MAX_QUEUES: u64 = 1_000;

/// One queue: how long a turn lasts there, and how many turns a job gets before moving down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub quantum: u64,
    pub allotment: u64,
}

/// The queues and the rules that move jobs between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MlfqConfig {
    /// Index 0 is the lowest priority.
    pub levels: Vec<Level>,
    /// Boost every this many ticks (0: never).
    pub boost: u64,
    /// A job that starts an I/O keeps its queue and gets a fresh quantum and allotment.
    pub stay_after_io: bool,
    /// A job back from I/O goes to the head of its queue, not the tail.
    pub io_bump: bool,
    /// Charge a quantum that ends with an I/O under `stay_after_io`, as `mlfq.py` does.
    pub ostep_compat: bool,
}

impl MlfqConfig {
    /// `levels` queues, each with the same quantum and allotment.
    pub fn uniform(levels: usize, quantum: u64, allotment: u64) -> Self {
        MlfqConfig {
            levels: vec![Level { quantum, allotment }; levels],
            boost: 0,
            stay_after_io: false,
            io_bump: false,
            ostep_compat: false,
        }
    }

    /// Builds the queues from `mlfq.py`'s flags: `-n`, `-q`, `-a`, and the per-queue lists `-Q`
    /// and `-A`, which name the highest-priority queue first.
    pub fn from_flags(
        queues: u64,
        quantum: u64,
        allotment: u64,
        quantum_list: Option<&str>,
        allotment_list: Option<&str>,
    ) -> Result<Self> {
        // Read signed, so that `-Q 2,-1` gets "must be at least 1 (got -1)" rather than a
        // parser's complaint about a minus sign. Lists come top queue first; queues are numbered
        // from the lowest, so each list is reversed before its values are checked.
        let parse = |what: &'static str, input: &str| -> Result<Vec<i64>> {
            let mut values = input
                .split(',')
                .map(|item| {
                    item.trim().parse::<i64>().map_err(|_| {
                        Error::list(what, input, format!("`{item}` is not a whole number"))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            values.reverse();
            Ok(values)
        };
        // Every setting must be at least 1, except that the lowest queue (0) may have an
        // allotment of 0 (see `validate`): `lowest` is the minimum there.
        let checked = |name: &'static str, values: Vec<i64>, lowest: i64| -> Result<Vec<u64>> {
            values
                .into_iter()
                .enumerate()
                .map(|(level, value)| {
                    let minimum = if level == 0 { lowest } else { 1 };
                    u64::try_from(value)
                        .ok()
                        .filter(|_| value >= minimum)
                        .ok_or_else(|| {
                            Error::argument(
                                name,
                                format!("queue {level}: must be at least {minimum} (got {value})"),
                            )
                        })
                })
                .collect()
        };
        if quantum_list.is_none() && queues > MAX_QUEUES {
            return Err(Error::TooLarge(format!(
                "numQueues: at most {MAX_QUEUES} queues (got {queues})"
            )));
        }
        let quanta = match quantum_list {
            Some(list) => checked("quantum", parse("quantum list", list)?, 1)?,
            None => vec![quantum; queues as usize],
        };
        let allotments = match allotment_list {
            Some(list) => {
                let values = parse("allotment list", list)?;
                if values.len() != quanta.len() {
                    return Err(Error::list(
                        "allotment list",
                        list,
                        format!(
                            "{} allotments for {} queues; give one per queue",
                            values.len(),
                            quanta.len()
                        ),
                    ));
                }
                checked("allotment", values, 0)?
            }
            None => vec![allotment; quanta.len()],
        };
        let config = MlfqConfig {
            levels: quanta
                .into_iter()
                .zip(allotments)
                .map(|(quantum, allotment)| Level { quantum, allotment })
                .collect(),
            ..MlfqConfig::uniform(0, 1, 1)
        };
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<()> {
        if self.levels.is_empty() {
            return Err(Error::argument(
                "numQueues",
                "there must be at least 1 queue",
            ));
        }
        for (level, settings) in self.levels.iter().enumerate() {
            if settings.quantum == 0 {
                return Err(Error::argument(
                    "quantum",
                    format!("queue {level}: must be at least 1 (got 0)"),
                ));
            }
            // The lowest queue's allotment is never used up in a way that matters (there is no
            // lower queue), so mlfq.py accepts 0 there, and so does this.
            if level > 0 && settings.allotment == 0 {
                return Err(Error::argument(
                    "allotment",
                    format!("queue {level}: must be at least 1 (got 0)"),
                ));
            }
            if settings.quantum > job::MAX_SCHEDULE_LENGTH
                || settings.allotment > job::MAX_SCHEDULE_LENGTH
            {
                return Err(Error::TooLarge(format!(
                    "queue {level}: quantum and allotment must be at most {}",
                    job::MAX_SCHEDULE_LENGTH
                )));
            }
        }
        Ok(())
    }

    fn top(&self) -> usize {
        self.levels.len() - 1
    }
}

/// Something that happened at a tick, for the printed trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Boost,
    Arrives {
        job: usize,
    },
    IoDone {
        job: usize,
    },
    Idle,
    Runs {
        job: usize,
        priority: usize,
        /// What is left after this tick (signed: `mlfq.py`'s counters can go below zero).
        ticks_left: i64,
        allotment_left: i64,
        work_left: u64,
        run: u64,
    },
    Finishes {
        job: usize,
    },
    StartsIo {
        job: usize,
    },
}

/// The result: per-job outcomes, what ran at each tick, and the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MlfqOutcome {
    pub jobs: Vec<MlfqJobOutcome>,
    /// The job that ran in each tick (None: the CPU was idle), with the queue it ran in.
    pub schedule: Vec<Option<(usize, usize)>>,
    /// (time, event) in the order they happened.
    pub events: Vec<(u64, Event)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MlfqJobOutcome {
    pub id: usize,
    pub start: u64,
    pub run: u64,
    pub first_run: u64,
    pub finish: u64,
    pub io_time: u64,
}

impl MlfqJobOutcome {
    pub fn metrics(&self) -> Metrics {
        let turnaround = self.finish - self.start;
        Metrics {
            id: self.id,
            response: self.first_run - self.start,
            turnaround,
            wait: turnaround - self.run - self.io_time,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wakeup {
    Arrival,
    IoDone,
}

struct JobState {
    priority: usize,
    ticks_left: i64,
    allotment_left: i64,
    work_left: u64,
    first_run: Option<u64>,
    finish: u64,
    io_time: u64,
}

/// Runs `jobs` (arrival, run time, and an optional I/O pattern each) through the queues.
pub fn simulate(jobs: &[Job], config: &MlfqConfig) -> Result<MlfqOutcome> {
    job::validate(jobs)?;
    config.validate()?;
    let bound = jobs.iter().map(|j| j.arrival).max().unwrap_or(0)
        + jobs
            .iter()
            .map(|j| j.run + j.io.map_or(0, |io| (j.run - 1) / io.every * io.duration))
            .sum::<u64>();
    if bound > MAX_TICKS {
        return Err(Error::TooLarge(format!(
            "this workload could take {bound} ticks; MLFQ is simulated tick by tick and allows at most {MAX_TICKS}"
        )));
    }

    let top = config.top();
    let quantum = |level: usize| config.levels[level].quantum as i64;
    let allotment = |level: usize| config.levels[level].allotment as i64;
    let mut state: Vec<JobState> = jobs
        .iter()
        .map(|j| JobState {
            priority: top,
            ticks_left: quantum(top),
            allotment_left: allotment(top),
            work_left: j.run,
            first_run: None,
            finish: 0,
            io_time: 0,
        })
        .collect();
    // Arrivals are entered first, so at a shared instant they precede I/O completions.
    let mut wakeups: BTreeMap<u64, Vec<(usize, Wakeup)>> = BTreeMap::new();
    for j in jobs {
        wakeups
            .entry(j.arrival)
            .or_default()
            .push((j.id, Wakeup::Arrival));
    }
    let mut queues: Vec<VecDeque<usize>> = vec![VecDeque::new(); config.levels.len()];
    let mut schedule = Vec::new();
    let mut events = Vec::new();
    let mut finished = 0;
    let mut now = 0u64;

    while finished < jobs.len() {
        // ANCHOR: boost
        // The boost comes before this tick's wake-ups, so a job back from I/O now sees its new
        // priority and joins the top queue behind the jobs moved up from below.
        if config.boost > 0 && now != 0 && now.is_multiple_of(config.boost) {
            events.push((now, Event::Boost));
            for level in 0..top {
                let moved: Vec<usize> = queues[level].drain(..).collect();
                queues[top].extend(moved);
            }
            // Jobs in I/O and jobs yet to arrive are boosted too: they are unfinished.
            for job in state.iter_mut().filter(|s| s.work_left > 0) {
                job.priority = top;
                job.ticks_left = quantum(top);
                job.allotment_left = allotment(top);
            }
        }
        // ANCHOR_END: boost

        for (id, wakeup) in wakeups.remove(&now).unwrap_or_default() {
            let queue = &mut queues[state[id].priority];
            match wakeup {
                Wakeup::Arrival => {
                    events.push((now, Event::Arrives { job: id }));
                    queue.push_back(id);
                }
                Wakeup::IoDone => {
                    events.push((now, Event::IoDone { job: id }));
                    if config.io_bump {
                        queue.push_front(id);
                    } else {
                        queue.push_back(id);
                    }
                }
            }
        }

        // ANCHOR: tick
        let Some(level) = (0..=top).rev().find(|&l| !queues[l].is_empty()) else {
            events.push((now, Event::Idle));
            schedule.push(None);
            now += 1;
            continue;
        };
        let id = queues[level][0];
        let job = &mut state[id];
        job.work_left -= 1;
        job.ticks_left -= 1;
        job.first_run.get_or_insert(now);
        let quantum_over = job.ticks_left == 0;
        events.push((
            now,
            Event::Runs {
                job: id,
                priority: level,
                ticks_left: job.ticks_left,
                allotment_left: job.allotment_left,
                work_left: job.work_left,
                run: jobs[id].run,
            },
        ));
        schedule.push(Some((id, level)));
        now += 1;
        // ANCHOR_END: tick

        if job.work_left == 0 {
            events.push((now, Event::Finishes { job: id }));
            job.finish = now;
            finished += 1;
            queues[level].pop_front();
            continue;
        }

        let mut started_io = false;
        if let Some(io) = jobs[id].io
            && (jobs[id].run - job.work_left).is_multiple_of(io.every)
        {
            events.push((now, Event::StartsIo { job: id }));
            started_io = true;
            queues[level].pop_front();
            if config.stay_after_io {
                job.ticks_left = quantum(level);
                job.allotment_left = allotment(level);
            }
            job.io_time += io.duration;
            wakeups
                .entry(now + io.duration)
                .or_default()
                .push((id, Wakeup::IoDone));
        }

        // `quantum_over` was read before the stay-after-I/O reset. mlfq.py charges it to the
        // allotment that the reset has just refilled; by default the reset, which comes with the
        // I/O and so after the quantum, has the last word.
        let stays_put = started_io && config.stay_after_io && !config.ostep_compat;
        if quantum_over && !stays_put {
            if !started_io {
                queues[level].pop_front();
            }
            job.allotment_left -= 1;
            let next_level = if job.allotment_left == 0 {
                let lower = level.saturating_sub(1);
                job.priority = lower;
                job.allotment_left = allotment(lower);
                lower
            } else {
                level
            };
            job.ticks_left = quantum(next_level);
            if !started_io {
                queues[next_level].push_back(id);
            }
        }
    }

    let outcomes = jobs
        .iter()
        .zip(&state)
        .map(|(j, s)| MlfqJobOutcome {
            id: j.id,
            start: j.arrival,
            run: j.run,
            first_run: s.first_run.unwrap_or(j.arrival),
            finish: s.finish,
            io_time: s.io_time,
        })
        .collect();
    Ok(MlfqOutcome {
        jobs: outcomes,
        schedule,
        events,
    })
}

#[cfg(test)]
mod tests;
