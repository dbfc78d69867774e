//! Stride scheduling: the deterministic sibling of lottery.
//!
//! Each job's stride is a large constant divided by its tickets; the job with the lowest pass runs
//! for a quantum, then its pass grows by its stride. Over time each job's share of the CPU is
//! proportional to its tickets, with no randomness. A job that arrives (or returns from I/O) starts
//! from the pass of the last job chosen, not from 0: otherwise a newcomer would hold the CPU until
//! it had caught up with everyone else. Ties go to the lower job id. A turn cut short by an I/O or
//! by the end of the job still costs a whole stride: the simple accounting of the OSTEP chapter.

use super::ready::{Context, Pick, ReadySet};
use crate::error::{Error, Result};
use crate::job::Job;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The constant divided by tickets, as in the OSTEP chapter's example (100 tickets: stride 100).
pub const STRIDE_CONSTANT: u64 = 10_000;

pub(crate) struct Stride {
    stride: Vec<u64>,
    pass: Vec<u64>,
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    global_pass: u64,
    quantum: u64,
}

impl Stride {
    pub fn new(jobs: &[Job], quantum: u64) -> Result<Self> {
        if let Some(job) = jobs.iter().find(|j| j.tickets > STRIDE_CONSTANT) {
            return Err(Error::InvalidJob {
                job: job.id,
                reason: format!(
                    "stride scheduling allows at most {STRIDE_CONSTANT} tickets (got {})",
                    job.tickets
                ),
            });
        }
        Ok(Stride {
            stride: jobs.iter().map(|j| STRIDE_CONSTANT / j.tickets).collect(),
            pass: vec![0; jobs.len()],
            heap: BinaryHeap::new(),
            global_pass: 0,
            quantum,
        })
    }
}

impl ReadySet for Stride {
    fn admit(&mut self, job: usize, _remaining: &[u64]) {
        self.pass[job] = self.pass[job].max(self.global_pass);
        self.heap.push(Reverse((self.pass[job], job)));
    }

    fn requeue(&mut self, job: usize, _remaining: &[u64]) {
        self.heap.push(Reverse((self.pass[job], job)));
    }

    fn charge(&mut self, job: usize) {
        // At most STRIDE_CONSTANT per quantum handed out: 2^64 would take more than 10^15
        // quanta, each an event of the engine, which no run lives to see.
        self.pass[job] += self.stride[job];
    }

    fn pick(&mut self, _context: Context<'_>) -> Result<Option<Pick>> {
        Ok(self.heap.pop().map(|Reverse((pass, job))| {
            self.global_pass = pass;
            Pick {
                job,
                quantum: Some(self.quantum),
                may_extend: false,
                charge_full_quantum: false,
            }
        }))
    }

    fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
