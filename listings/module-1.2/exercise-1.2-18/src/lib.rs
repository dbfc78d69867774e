//! Exercise 1.2-18: a spin lock, model-checked with loom.
//!
//! `SpinLock<T>` protects a value with a raw lock (anything implementing `RawLock`). This crate
//! provides a broken raw lock, `NaiveRawLock`; you write `RawSpinLock`, which loom cannot break.
//! Everything here uses loom's types, so it runs only inside `loom::model` (the tests do that).
//!
//! ```text
//! cargo xtask exercise 1.2-18
//! ```

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicBool, Ordering};

/// The two operations of a lock without data: take it (waiting as long as needed) and give it
/// back. `unlock` is called only by the thread that holds the lock.
pub trait RawLock {
    fn new() -> Self;
    fn lock(&self);
    fn unlock(&self);
}

// ANCHOR: naive
/// Looks right and is not: see the test `loom_finds_the_naive_bug`.
#[derive(Debug)]
pub struct NaiveRawLock {
    locked: AtomicBool,
}

impl RawLock for NaiveRawLock {
    fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
        }
    }

    fn lock(&self) {
        while self.locked.load(Ordering::Relaxed) {
            loom::hint::spin_loop();
        }
        self.locked.store(true, Ordering::Relaxed);
    }

    fn unlock(&self) {
        self.locked.store(false, Ordering::Relaxed);
    }
}
// ANCHOR_END: naive

/// A value protected by a raw lock.
#[derive(Debug)]
pub struct SpinLock<T, L: RawLock> {
    raw: L,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through `with_lock`, under the lock, so sharing the
// `SpinLock` shares access to `T` one thread at a time, as for `Mutex<T>`. That holds only if
// `L` really excludes other threads, which is what the tests check.
unsafe impl<T: Send, L: RawLock + Sync> Sync for SpinLock<T, L> {}

impl<T, L: RawLock> SpinLock<T, L> {
    pub fn new(value: T) -> Self {
        Self {
            raw: L::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `f` with exclusive access to the value.
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        self.raw.lock();
        // SAFETY: the raw lock is held, so no other thread is inside `with_lock`.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        self.raw.unlock();
        result
    }
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::RawSpinLock;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::RawSpinLock;
