//! A counting semaphore built from a `Mutex` and a `Condvar`.
//!
//! A semaphore holds a number of permits. `acquire` takes one, waiting while there are none;
//! dropping the returned `Permit` gives it back. The count lives under the mutex; the condition
//! variable lets a thread sleep until a permit is returned instead of spinning.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

// ANCHOR: semaphore
/// A counting semaphore: at most `permits` holders at a time.
#[derive(Debug)]
pub struct Semaphore {
    available: Mutex<usize>,
    returned: Condvar,
}

/// One permit. Dropping it returns it to its semaphore, also when the holder panics.
#[must_use = "the permit is released as soon as it is dropped"]
#[derive(Debug)]
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Self {
            available: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    /// The count is a plain number that is never left half-updated, so a panic in another
    /// thread while it held the lock does not make it wrong: ignore the poison.
    fn count(&self) -> MutexGuard<'_, usize> {
        self.available
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes a permit, waiting as long as it takes for one to be returned.
    pub fn acquire(&self) -> Permit<'_> {
        let mut available = self.count();
        // A loop, not an `if`: a waiter can wake up spuriously, or find that another thread
        // took the permit between the notification and this thread getting the lock.
        while *available == 0 {
            available = self
                .returned
                .wait(available)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *available -= 1;
        Permit { semaphore: self }
    }

    /// Takes a permit if one is free right now.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut available = self.count();
        if *available == 0 {
            return None;
        }
        *available -= 1;
        Some(Permit { semaphore: self })
    }

    /// Takes a permit, waiting at most `timeout` for one.
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<Permit<'_>> {
        let deadline = Instant::now() + timeout;
        let mut available = self.count();
        while *available == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            // `wait_timeout` may return early (spuriously or because another thread won the
            // permit), so wait again for what is left of the deadline, not for `timeout`.
            available = self
                .returned
                .wait_timeout(available, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *available -= 1;
        Some(Permit { semaphore: self })
    }

    /// Permits free right now: only a hint, since it may change as soon as it is read.
    pub fn available(&self) -> usize {
        *self.count()
    }

    fn release(&self) {
        *self.count() += 1;
        // One permit came back, so one waiter can proceed: waking all of them would only make
        // the others find the count at zero and go back to sleep.
        self.returned.notify_one();
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.release();
    }
}
// ANCHOR_END: semaphore

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    // ANCHOR: high_water
    #[test]
    fn never_more_than_n_holders() {
        const PERMITS: usize = 3;
        let semaphore = Semaphore::new(PERMITS);
        let holders = AtomicUsize::new(0);
        let high_water = AtomicUsize::new(0);

        thread::scope(|scope| {
            for _ in 0..32 {
                scope.spawn(|| {
                    for _ in 0..50 {
                        let _permit = semaphore.acquire();
                        let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                        high_water.fetch_max(now, Ordering::SeqCst);
                        thread::yield_now();
                        holders.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });

        assert_eq!(high_water.load(Ordering::SeqCst), PERMITS);
        assert_eq!(semaphore.available(), PERMITS);
    }
    // ANCHOR_END: high_water

    #[test]
    fn a_panicking_holder_still_returns_its_permit() {
        let semaphore = Semaphore::new(1);
        let result = thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _permit = semaphore.acquire();
                    panic!("worker failed while holding the permit");
                })
                .join()
        });
        assert!(result.is_err());
        assert_eq!(semaphore.available(), 1);
        assert!(semaphore.try_acquire().is_some());
    }

    #[test]
    fn try_acquire_and_timeout_give_up() {
        let semaphore = Semaphore::new(1);
        let held = semaphore.acquire();
        assert!(semaphore.try_acquire().is_none());
        assert!(
            semaphore
                .acquire_timeout(Duration::from_millis(20))
                .is_none()
        );
        drop(held);
        assert!(
            semaphore
                .acquire_timeout(Duration::from_millis(20))
                .is_some()
        );
    }

    #[test]
    fn a_waiter_wakes_when_a_permit_is_returned() {
        let semaphore = Semaphore::new(1);
        let held = semaphore.acquire();
        thread::scope(|scope| {
            let waiter =
                scope.spawn(|| semaphore.acquire_timeout(Duration::from_secs(10)).is_some());
            thread::sleep(Duration::from_millis(20));
            drop(held);
            assert!(waiter.join().expect("waiter panicked"));
        });
    }
}
