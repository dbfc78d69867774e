//! The one decision a scheduling policy makes, as a trait.
//!
//! The engine tells a ready set when a job becomes ready and when the running job gives the CPU
//! back; the ready set answers which job runs next and for how long. Keeping the policies this
//! small is what makes them easy to compare side by side, and easy to test one at a time.

use super::Draw;
use crate::error::Result;
use crate::random::RandomSource;

// ANCHOR: ready_set
/// The job a policy chose, and the terms on which it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pick {
    pub job: usize,
    /// Longest time the job may hold the CPU before the policy chooses again (`None`: until its
    /// work or its next I/O).
    pub quantum: Option<u64>,
    /// The job may keep the CPU for several quanta in one go when nobody else can want it before
    /// then (Round Robin with a single ready job). Policies that draw or count per quantum say no.
    pub may_extend: bool,
    /// Charge a whole quantum even if the job needs less (OSTEP's lottery accounting).
    pub charge_full_quantum: bool,
}

/// What the engine shares with a ready set when it asks for a decision.
pub(crate) struct Context<'a> {
    pub now: u64,
    pub random: &'a mut RandomSource,
    /// Where a policy that draws at random records its draws, when the trace is kept.
    pub draws: Option<&'a mut Vec<Draw>>,
}

/// The set of jobs waiting for the CPU, ordered the way one policy wants.
pub(crate) trait ReadySet {
    /// `job` became ready: it arrived, or its I/O completed.
    fn admit(&mut self, job: usize, remaining: &[u64]);

    /// `job` was running, still has work, and gave the CPU back (quantum over, or preempted).
    /// The engine admits newcomers of the same instant first, so they queue ahead of it.
    fn requeue(&mut self, job: usize, remaining: &[u64]) {
        self.admit(job, remaining);
    }

    /// `job` just finished one turn on the CPU, whatever comes next for it.
    fn charge(&mut self, _job: usize) {}

    /// Removes and returns the job to run next, or `None` if no job is ready.
    fn pick(&mut self, context: Context<'_>) -> Result<Option<Pick>>;

    /// Whether a ready job should take the CPU from the running one, which has
    /// `running_remaining` work left. Only preemptive policies say yes.
    fn preempts(&self, _running_remaining: u64) -> bool {
        false
    }

    fn is_empty(&self) -> bool;
}
// ANCHOR_END: ready_set
