use crate::RawLock;
use loom::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug)]
pub struct RawSpinLock {
    locked: AtomicBool,
}

// ANCHOR: solution
impl RawLock for RawSpinLock {
    fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
        }
    }

    fn lock(&self) {
        // Test and set in one atomic step: of two threads that both see `false`, only one
        // succeeds in swapping it to `true`. Acquire pairs with the Release in `unlock`.
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            loom::hint::spin_loop();
        }
    }

    fn unlock(&self) {
        // Release: everything this holder wrote happens before the next holder's Acquire.
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: solution
