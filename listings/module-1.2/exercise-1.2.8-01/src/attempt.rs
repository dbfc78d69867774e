// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.8-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::AcquireError;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

// ANCHOR: starter
/// A semaphore of `capacity` permits where each acquire takes `weight` of them at once.
#[derive(Debug)]
pub struct WeightedSemaphore {
    capacity: usize,
    available: Mutex<usize>,
    returned: Condvar,
}

/// Holds `weight` permits; dropping it returns all of them (also during a panic).
#[derive(Debug)]
pub struct WeightedPermit<'a> {
    semaphore: &'a WeightedSemaphore,
    weight: usize,
}

impl WeightedSemaphore {
    pub fn new(capacity: usize) -> Self {
        todo!()
    }

    /// Waits until `weight` permits are free and takes them all at once (never a few now and
    /// the rest later: two requests each holding half would wait for each other forever).
    /// A `weight` above the capacity is `Err(TooHeavy)` at once.
    pub fn acquire(&self, weight: usize) -> Result<WeightedPermit<'_>, AcquireError> {
        todo!()
    }

    /// Like `acquire`, but gives up with `Err(TimedOut)` after `timeout`.
    pub fn acquire_timeout(
        &self,
        weight: usize,
        timeout: Duration,
    ) -> Result<WeightedPermit<'_>, AcquireError> {
        todo!()
    }

    /// Takes `weight` permits if they are free right now.
    pub fn try_acquire(&self, weight: usize) -> Option<WeightedPermit<'_>> {
        todo!()
    }

    /// Permits free right now.
    pub fn available(&self) -> usize {
        todo!()
    }
}

impl WeightedPermit<'_> {
    pub fn weight(&self) -> usize {
        self.weight
    }
}

impl Drop for WeightedPermit<'_> {
    /// Returns the permits. Think about whom to wake: the waiter that `notify_one` picks may
    /// need more permits than just came back, while another waiter would fit.
    fn drop(&mut self) {
        todo!()
    }
}
// ANCHOR_END: starter
