//! SJF and STCF: the job with the least remaining work goes first.
//!
//! A min-heap keyed by (remaining work, order of readiness) gives the choice in O(log n); the
//! second key makes ties go to the job that became ready first, which for jobs that all arrive at
//! time 0 is the order of the job list, as in `scheduler.py`'s stable sort. A ready job's
//! remaining work does not change while it waits, so its key stays valid. STCF also preempts
//! the running job when a ready one has strictly less work left; on a tie the running job keeps
//! the CPU, since switching would cost a context switch and gain nothing.

use super::ready::{Context, Pick, ReadySet};
use crate::error::Result;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub(crate) struct Shortest {
    heap: BinaryHeap<Reverse<(u64, u64, usize)>>,
    arrivals: u64,
    preemptive: bool,
}

impl Shortest {
    pub fn non_preemptive() -> Self {
        Shortest {
            heap: BinaryHeap::new(),
            arrivals: 0,
            preemptive: false,
        }
    }

    pub fn preemptive() -> Self {
        Shortest {
            preemptive: true,
            ..Self::non_preemptive()
        }
    }
}

impl ReadySet for Shortest {
    fn admit(&mut self, job: usize, remaining: &[u64]) {
        self.heap
            .push(Reverse((remaining[job], self.arrivals, job)));
        self.arrivals += 1;
    }

    fn pick(&mut self, _context: Context<'_>) -> Result<Option<Pick>> {
        Ok(self.heap.pop().map(|Reverse((_, _, job))| Pick {
            job,
            quantum: None,
            may_extend: false,
            charge_full_quantum: false,
        }))
    }

    // ANCHOR: preempts
    fn preempts(&self, running_remaining: u64) -> bool {
        self.preemptive
            && self
                .heap
                .peek()
                .is_some_and(|Reverse((work, _, _))| *work < running_remaining)
    }
    // ANCHOR_END: preempts

    fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
