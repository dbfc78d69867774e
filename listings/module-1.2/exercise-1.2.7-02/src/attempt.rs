// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.7-2`.
#![allow(unused_variables, unused_imports, dead_code)]

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

// ANCHOR: starter
/// A gate that starts closed, is opened once, and then lets every waiter through, present and
/// future.
pub struct Latch {
    // Your fields: a `Mutex<bool>` and a `Condvar`.
}

impl Latch {
    /// A closed latch.
    pub fn new() -> Self {
        todo!()
    }

    /// Opens the latch and wakes every thread waiting on it. Opening twice is harmless.
    pub fn open(&self) {
        todo!()
    }

    /// Whether the latch has been opened.
    pub fn is_open(&self) -> bool {
        todo!()
    }

    /// Blocks until the latch is open; returns at once if it already is. Remember that a
    /// condition variable may wake you when nothing has changed.
    pub fn wait(&self) {
        todo!()
    }

    /// Like `wait`, but gives up after `timeout`. Returns whether the latch is open. Spurious
    /// wake-ups must not shorten the total time waited.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        todo!()
    }
}

impl Default for Latch {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: starter
