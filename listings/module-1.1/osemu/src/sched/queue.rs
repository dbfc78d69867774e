//! FIFO and Round Robin: one queue in order of readiness.
//!
//! They differ only in the quantum. FIFO lets a job keep the CPU until it finishes or starts an
//! I/O; Round Robin takes it back after a quantum and puts the job at the tail, behind any job
//! that became ready at the same instant.

use super::ready::{Context, Pick, ReadySet};
use crate::error::Result;
use std::collections::VecDeque;

pub(crate) struct Queue {
    jobs: VecDeque<usize>,
    quantum: Option<u64>,
}

impl Queue {
    pub fn fifo() -> Self {
        Queue {
            jobs: VecDeque::new(),
            quantum: None,
        }
    }

    pub fn round_robin(quantum: u64) -> Self {
        Queue {
            jobs: VecDeque::new(),
            quantum: Some(quantum),
        }
    }
}

// ANCHOR: queue
impl ReadySet for Queue {
    fn admit(&mut self, job: usize, _remaining: &[u64]) {
        self.jobs.push_back(job);
    }

    fn pick(&mut self, _context: Context<'_>) -> Result<Option<Pick>> {
        Ok(self.jobs.pop_front().map(|job| Pick {
            job,
            quantum: self.quantum,
            may_extend: true,
            charge_full_quantum: false,
        }))
    }

    fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }
}
// ANCHOR_END: queue
