//! CPU scheduling of a workload under FIFO, SJF, STCF, Round Robin, lottery or stride.
//!
//! The policies differ only in one decision: which ready job gets the CPU next, and for how long.
//! So each policy is a small ready-set type behind the [`ready::ReadySet`] trait, and one
//! event-driven engine ([`engine`]) does everything they share: arrivals, I/O, preemption, the
//! clock, the trace. The engine jumps from one event to the next instead of stepping tick by tick,
//! which is what lets a million Round Robin jobs finish in seconds.

mod engine;
mod lottery;
mod queue;
mod ready;
mod shortest;
mod stride;
#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::job::{self, Job};
use crate::random::RandomSource;
use crate::time::TimeScale;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

pub use stride::STRIDE_CONSTANT;

/// A scheduling policy of the event-driven engine (MLFQ has its own module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Policy {
    /// First in, first out: run each job to its end (or its next I/O) in order of readiness.
    Fifo,
    /// Shortest job first: non-preemptive, the least remaining work goes next.
    Sjf,
    /// Shortest time-to-completion first: SJF that preempts when a shorter job becomes ready.
    Stcf,
    /// Round Robin: a quantum each, in turn.
    #[serde(rename = "RR")]
    RoundRobin,
    /// Lottery: each quantum goes to the holder of a randomly drawn ticket.
    Lottery,
    /// Stride: each quantum goes to the job with the lowest pass; pass grows by 1/tickets.
    Stride,
}

impl Policy {
    pub const NAMES: &'static str = "FIFO, SJF, STCF, RR, LOTTERY, STRIDE";

    /// Whether the policy slices time into quanta (and so reads `-q`).
    pub fn uses_quantum(self) -> bool {
        matches!(self, Policy::RoundRobin | Policy::Lottery | Policy::Stride)
    }

    /// Whether the policy reads tickets.
    pub fn uses_tickets(self) -> bool {
        matches!(self, Policy::Lottery | Policy::Stride)
    }
}

impl FromStr for Policy {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name.to_ascii_uppercase().as_str() {
            "FIFO" | "FCFS" => Ok(Policy::Fifo),
            "SJF" => Ok(Policy::Sjf),
            "STCF" | "SRTF" | "PSJF" => Ok(Policy::Stcf),
            "RR" => Ok(Policy::RoundRobin),
            "LOTTERY" => Ok(Policy::Lottery),
            "STRIDE" => Ok(Policy::Stride),
            _ => Err(Error::UnknownPolicy {
                kind: "scheduling",
                name: name.to_string(),
                expected: Policy::NAMES,
            }),
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Policy::Fifo => "FIFO",
            Policy::Sjf => "SJF",
            Policy::Stcf => "STCF",
            Policy::RoundRobin => "RR",
            Policy::Lottery => "LOTTERY",
            Policy::Stride => "STRIDE",
        })
    }
}

/// How to run a simulation.
#[derive(Debug, Clone, Copy)]
pub struct SchedConfig {
    pub policy: Policy,
    /// Length of a time slice for RR, lottery and stride, in units of `scale`.
    pub quantum: u64,
    /// The unit the workload's times (and `quantum`) are counted in. The engine never reads it:
    /// it works in whole units whatever they are, and only the reports turn them into ticks.
    pub scale: TimeScale,
    /// Reproduce `lottery.py`'s accounting: a job that needs less than a quantum is still charged
    /// the whole quantum, so the clock (and its finishing time) moves a full quantum. Under
    /// lottery it also refuses times with fractions, which `lottery.py` cannot read.
    pub ostep_compat: bool,
    /// Keep the trace (slices, I/O, lottery draws). Off for large runs: the metrics do not need it.
    pub record: bool,
}

impl SchedConfig {
    pub fn new(policy: Policy) -> Self {
        SchedConfig {
            policy,
            quantum: 1,
            scale: TimeScale::TICKS,
            ostep_compat: false,
            record: true,
        }
    }

    pub fn quantum(mut self, quantum: u64) -> Self {
        self.quantum = quantum;
        self
    }
}

/// A stretch of time during which one job had the CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Slice {
    pub job: usize,
    pub start: u64,
    pub end: u64,
    /// The job's work was done at `end`.
    pub finished: bool,
}

/// A stretch of time during which a job waited for its I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IoSpan {
    pub job: usize,
    pub start: u64,
    pub end: u64,
}

/// One lottery: the number drawn, the winning ticket and who held it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Draw {
    pub time: u64,
    /// `int(random() * 1000001)`, the number `lottery.py` prints.
    pub number: u64,
    pub ticket: u64,
    pub total_tickets: u64,
    pub job: usize,
}

/// What happened to one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JobOutcome {
    pub id: usize,
    pub arrival: u64,
    pub run: u64,
    pub first_run: u64,
    pub finish: u64,
    /// Time the job held the CPU: its run time, plus any quantum it was charged but did not use.
    pub cpu_time: u64,
    pub io_time: u64,
}

impl JobOutcome {
    /// From arrival to the first time on the CPU.
    pub fn response(&self) -> u64 {
        self.first_run - self.arrival
    }

    /// From arrival to completion.
    pub fn turnaround(&self) -> u64 {
        self.finish - self.arrival
    }

    /// Time spent ready but not running: neither on the CPU nor waiting for I/O.
    pub fn wait(&self) -> u64 {
        self.turnaround() - self.cpu_time - self.io_time
    }
}

/// The result of a simulation. The trace vectors are empty unless `record` was set.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub jobs: Vec<JobOutcome>,
    pub trace: Vec<Slice>,
    pub io: Vec<IoSpan>,
    pub draws: Vec<Draw>,
}

impl Outcome {
    /// When the last job finished.
    pub fn makespan(&self) -> u64 {
        self.jobs.iter().map(|j| j.finish).max().unwrap_or(0)
    }
}

/// Runs `jobs` under `config`. `random` is read only by the lottery.
pub fn simulate(jobs: &[Job], config: &SchedConfig, random: &mut RandomSource) -> Result<Outcome> {
    job::validate_in(jobs, config.scale)?;
    if config.quantum == 0 {
        return Err(Error::argument("quantum", "must be at least 1 (got 0)"));
    }
    if config.quantum > job::MAX_SCHEDULE_LENGTH {
        return Err(Error::argument(
            "quantum",
            format!(
                "must be at most {} ticks",
                config.scale.format_short(job::MAX_SCHEDULE_LENGTH)
            ),
        ));
    }
    if config.ostep_compat && config.policy == Policy::Lottery && !config.scale.is_whole_ticks() {
        // lottery.py reads run times with int(), which refuses "2.5": its answer to a fraction is
        // a crash, so a compatibility mode has no answer to copy.
        return Err(Error::argument(
            "ostep",
            "lottery.py reads times with int(), which refuses fractions; give whole ticks, or drop --ostep",
        ));
    }
    let compat = config.ostep_compat;
    let q = config.quantum;
    // ANCHOR: policies
    let mut ready: Box<dyn ready::ReadySet> = match config.policy {
        Policy::Fifo => Box::new(queue::Queue::fifo()),
        Policy::RoundRobin => Box::new(queue::Queue::round_robin(q)),
        Policy::Sjf => Box::new(shortest::Shortest::non_preemptive()),
        Policy::Stcf => Box::new(shortest::Shortest::preemptive()),
        Policy::Lottery => Box::new(lottery::Lottery::new(jobs, q, compat)),
        Policy::Stride => Box::new(stride::Stride::new(jobs, q)?),
    };
    engine::run(jobs, ready.as_mut(), random, config.record)
    // ANCHOR_END: policies
}
