// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.9-2`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::RawLock;
use loom::sync::atomic::{AtomicBool, Ordering};

// ANCHOR: starter
/// A spin lock that loom cannot break.
#[derive(Debug)]
pub struct RawSpinLock {
    locked: AtomicBool,
}

// SAFETY: write here why your lock keeps the promise `RawLock` asks for: one holder at a time,
// and each holder sees the writes of the one before.
unsafe impl RawLock for RawSpinLock {
    fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
        }
    }

    /// Take the lock. Two things to get right: checking that it is free and taking it must be
    /// one atomic step, and taking it must make the previous holder's writes visible here.
    /// While waiting, call `loom::hint::spin_loop()` so that loom can run the holder.
    fn lock(&self) {
        todo!()
    }

    /// Give the lock back, publishing this holder's writes to the next one.
    unsafe fn unlock(&self) {
        todo!()
    }
}
// ANCHOR_END: starter
