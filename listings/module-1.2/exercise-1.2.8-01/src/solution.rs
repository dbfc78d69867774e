use crate::AcquireError;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct WeightedSemaphore {
    capacity: usize,
    available: Mutex<usize>,
    returned: Condvar,
}

#[derive(Debug)]
pub struct WeightedPermit<'a> {
    semaphore: &'a WeightedSemaphore,
    weight: usize,
}

// ANCHOR: solution
impl WeightedSemaphore {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            available: Mutex::new(capacity),
            returned: Condvar::new(),
        }
    }

    fn count(&self) -> MutexGuard<'_, usize> {
        self.available
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn check_weight(&self, weight: usize) -> Result<(), AcquireError> {
        if weight > self.capacity {
            return Err(AcquireError::TooHeavy {
                weight,
                capacity: self.capacity,
            });
        }
        Ok(())
    }

    pub fn acquire(&self, weight: usize) -> Result<WeightedPermit<'_>, AcquireError> {
        self.check_weight(weight)?;
        let mut available = self.count();
        while *available < weight {
            available = self
                .returned
                .wait(available)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *available -= weight;
        Ok(WeightedPermit {
            semaphore: self,
            weight,
        })
    }

    pub fn acquire_timeout(
        &self,
        weight: usize,
        timeout: Duration,
    ) -> Result<WeightedPermit<'_>, AcquireError> {
        self.check_weight(weight)?;
        let deadline = Instant::now() + timeout;
        let mut available = self.count();
        while *available < weight {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(AcquireError::TimedOut);
            }
            available = self
                .returned
                .wait_timeout(available, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *available -= weight;
        Ok(WeightedPermit {
            semaphore: self,
            weight,
        })
    }

    pub fn try_acquire(&self, weight: usize) -> Option<WeightedPermit<'_>> {
        let mut available = self.count();
        if weight > self.capacity || *available < weight {
            return None;
        }
        *available -= weight;
        Some(WeightedPermit {
            semaphore: self,
            weight,
        })
    }

    pub fn available(&self) -> usize {
        *self.count()
    }
}

impl WeightedPermit<'_> {
    pub fn weight(&self) -> usize {
        self.weight
    }
}

impl Drop for WeightedPermit<'_> {
    fn drop(&mut self) {
        *self.semaphore.count() += self.weight;
        // Waiters want different weights, so `notify_one` could wake one that still does not
        // fit while a smaller one that would fit sleeps on. Wake them all; each rechecks.
        self.semaphore.returned.notify_all();
    }
}
// ANCHOR_END: solution
