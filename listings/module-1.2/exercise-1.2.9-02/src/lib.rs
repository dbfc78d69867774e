//! Exercise 1.2.9-2: a spin lock, model-checked with loom.
//!
//! `SpinLock<T>` protects a value with a raw lock (anything implementing `RawLock`). This crate
//! provides a broken raw lock, `NaiveRawLock`; you write `RawSpinLock`, which loom cannot break.
//! Everything here uses loom's types, so it runs only inside `loom::model` (the tests do that).
//!
//! ```text
//! cargo xtask exercise 1.2.9-2
//! ```

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicBool, Ordering};

// ANCHOR: raw_lock
/// The two operations of a lock without data: take it (waiting as long as needed) and give it
/// back.
///
/// # Safety
///
/// `SpinLock` hands out `&mut T` on the strength of this trait alone, so an implementation
/// must really exclude: once `lock` has returned on one thread, no other call to `lock` returns
/// until that thread calls `unlock`. And `unlock` must publish the holder's writes to the next
/// thread whose `lock` returns (a Release paired with an Acquire, or stronger). The compiler
/// cannot check either promise, hence `unsafe trait`, as for `lock_api::RawMutex`.
pub unsafe trait RawLock {
    fn new() -> Self;
    fn lock(&self);
    /// Gives the lock back.
    ///
    /// # Safety
    ///
    /// The calling thread holds the lock: it took it with `lock` and has not yet unlocked it.
    unsafe fn unlock(&self);
}
// ANCHOR_END: raw_lock

// ANCHOR: naive
/// Looks right and is not: see the test `loom_finds_the_naive_bug`.
#[derive(Debug)]
pub struct NaiveRawLock {
    locked: AtomicBool,
}

// SAFETY: none. This impl breaks the promise `RawLock` asks for, on purpose, so that loom can
// show how: the crate's types are loom's, which run only inside `loom::model`, and loom's cell
// reports the overlapping access before it happens. Never write an impl like this elsewhere.
unsafe impl RawLock for NaiveRawLock {
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

    unsafe fn unlock(&self) {
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
// `SpinLock` shares access to `T` one thread at a time, as for `Mutex<T>`. That holds because
// `RawLock` is an unsafe trait whose implementors promise to exclude; the tests check that
// `RawSpinLock` keeps the promise.
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
        // SAFETY: this thread took the lock two lines up. (If `f` panics, the lock stays
        // taken: a real lock would unlock from a guard's `Drop`.)
        unsafe { self.raw.unlock() };
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
