use crate::RawLock;
use loom::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug)]
pub struct RawSpinLock {
    locked: AtomicBool,
}

// ANCHOR: solution
// SAFETY: `lock` returns only after its compare-exchange turned `false` into `true`, which one
// thread at a time can do until the holder stores `false` again in `unlock`; the Acquire of
// that exchange pairs with the Release of the store, so the next holder sees the last one's
// writes.
unsafe impl RawLock for RawSpinLock {
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

    unsafe fn unlock(&self) {
        // Release: everything this holder wrote happens before the next holder's Acquire.
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: solution
