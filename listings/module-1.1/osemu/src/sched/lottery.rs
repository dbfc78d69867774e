//! Lottery scheduling: every quantum, draw a ticket; its holder runs.
//!
//! The draw follows `lottery.py` so that a seeded run reproduces it: the number drawn is
//! `int(random() * 1000001)`, the winning ticket is that number modulo the tickets held by ready
//! jobs, and the winner is the first job, in job-list order, whose running total of tickets
//! exceeds the winning ticket. A Fenwick tree over job ids holds the tickets of ready jobs, so
//! that running-total search costs O(log n) instead of a walk over every job.

use super::Draw;
use super::ready::{Context, Pick, ReadySet};
use crate::error::Result;
use crate::job::Job;

/// Numbers are drawn from 0 to this bound (exclusive), as `lottery.py` does.
const DRAW_RANGE: f64 = 1_000_001.0;

pub(crate) struct Lottery {
    tickets: Vec<u64>,
    ready: TicketTree,
    ready_count: usize,
    quantum: u64,
    charge_full_quantum: bool,
}

impl Lottery {
    pub fn new(jobs: &[Job], quantum: u64, ostep_compat: bool) -> Self {
        Lottery {
            tickets: jobs.iter().map(|j| j.tickets).collect(),
            ready: TicketTree::new(jobs.len()),
            ready_count: 0,
            quantum,
            charge_full_quantum: ostep_compat,
        }
    }
}

impl ReadySet for Lottery {
    fn admit(&mut self, job: usize, _remaining: &[u64]) {
        self.ready.add(job, self.tickets[job] as i64);
        self.ready_count += 1;
    }

    fn pick(&mut self, context: Context<'_>) -> Result<Option<Pick>> {
        let total = self.ready.total();
        if total == 0 {
            return Ok(None);
        }
        let number = (context.random.next_f64()? * DRAW_RANGE) as u64;
        let ticket = number % total;
        let job = self.ready.holder_of(ticket);
        self.ready.add(job, -(self.tickets[job] as i64));
        self.ready_count -= 1;
        if let Some(draws) = context.draws {
            draws.push(Draw {
                time: context.now,
                number,
                ticket,
                total_tickets: total,
                job,
            });
        }
        Ok(Some(Pick {
            job,
            quantum: Some(self.quantum),
            may_extend: false,
            charge_full_quantum: self.charge_full_quantum,
        }))
    }

    fn is_empty(&self) -> bool {
        self.ready_count == 0
    }
}

/// A Fenwick (binary indexed) tree of ticket counts by job id.
struct TicketTree {
    sums: Vec<u64>,
}

impl TicketTree {
    fn new(len: usize) -> Self {
        TicketTree {
            sums: vec![0; len + 1],
        }
    }

    fn add(&mut self, job: usize, delta: i64) {
        let mut i = job + 1;
        while i < self.sums.len() {
            self.sums[i] = self.sums[i].wrapping_add_signed(delta);
            i += i & i.wrapping_neg();
        }
    }

    fn total(&self) -> u64 {
        let mut i = self.sums.len() - 1;
        let mut sum = 0;
        while i > 0 {
            sum += self.sums[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    /// The smallest job id whose prefix sum of tickets is greater than `ticket`.
    fn holder_of(&self, ticket: u64) -> usize {
        let mut position = 0;
        let mut left = ticket;
        let mut step = (self.sums.len() - 1).next_power_of_two();
        while step > 0 {
            let next = position + step;
            if next < self.sums.len() && self.sums[next] <= left {
                position = next;
                left -= self.sums[next];
            }
            step /= 2;
        }
        // `position` jobs hold at most `ticket` tickets between them: the next one is the holder.
        position
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_found_by_running_totals_in_id_order() {
        // Tickets 100, 0, 50: tickets 0..=99 belong to job 0, 100..=149 to job 2.
        let mut tree = TicketTree::new(3);
        tree.add(0, 100);
        tree.add(2, 50);
        assert_eq!(tree.total(), 150);
        assert_eq!(tree.holder_of(0), 0);
        assert_eq!(tree.holder_of(99), 0);
        assert_eq!(tree.holder_of(100), 2);
        assert_eq!(tree.holder_of(149), 2);
        tree.add(0, -100);
        assert_eq!(tree.holder_of(0), 2);
    }
}
