use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

// ANCHOR: solution
pub struct Latch {
    opened: Mutex<bool>,
    changed: Condvar,
}

impl Latch {
    pub fn new() -> Self {
        Latch {
            opened: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    pub fn open(&self) {
        *self.lock() = true;
        // All waiters, not one: every one of them is waiting for the same event.
        self.changed.notify_all();
    }

    pub fn is_open(&self) -> bool {
        *self.lock()
    }

    pub fn wait(&self) {
        // `wait_while` loops on the predicate, so a spurious wake-up just waits again.
        let _opened = self
            .changed
            .wait_while(self.lock(), |opened| !*opened)
            .unwrap_or_else(|poison| poison.into_inner());
    }

    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        // `wait_timeout_while` keeps track of the deadline across spurious wake-ups.
        let (opened, _) = self
            .changed
            .wait_timeout_while(self.lock(), timeout, |opened| !*opened)
            .unwrap_or_else(|poison| poison.into_inner());
        *opened
    }

    /// The flag is a plain bool, valid whatever a panicking thread was doing, so poisoning is
    /// ignored.
    fn lock(&self) -> MutexGuard<'_, bool> {
        self.opened
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

impl Default for Latch {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: solution
