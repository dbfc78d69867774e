//! A one-shot channel: one value, sent once, received once, without a lock.
//!
//! The sender writes the value into a shared slot and then raises a flag; the receiver checks the
//! flag and, if it is up, takes the value. Whether that is correct depends entirely on the memory
//! ordering of the flag, which is why the tests model-check it with loom.

mod sync;

use std::fmt;
use sync::atomic::{AtomicBool, Ordering};
use sync::{Arc, UnsafeCell};

/// The orderings used to publish the value (the sender's store) and to observe it (the
/// receiver's load).
#[derive(Clone, Copy, Debug)]
struct Orderings {
    publish: Ordering,
    observe: Ordering,
}

// ANCHOR: orderings
/// Correct: the Release store makes the write of the value visible to whoever reads the flag
/// with an Acquire load and sees `true`.
const RELEASE_ACQUIRE: Orderings = Orderings {
    publish: Ordering::Release,
    observe: Ordering::Acquire,
};

/// The bug: Relaxed only makes the flag itself atomic. It says nothing about the value written
/// before it, so the receiver may see the flag up and still read a slot the sender is writing.
/// Test builds only: there the channel runs on loom's types, which catch the race instead of
/// committing it, and no safe caller can ever get a channel built this way.
#[cfg(test)]
const RELAXED: Orderings = Orderings {
    publish: Ordering::Relaxed,
    observe: Ordering::Relaxed,
};
// ANCHOR_END: orderings

// ANCHOR: channel
struct Shared<T> {
    value: UnsafeCell<Option<T>>,
    ready: AtomicBool,
    orderings: Orderings,
}

// SAFETY: the slot is written only by the single `Sender` before it sets `ready`, and read only
// by the single `Receiver` after it sees `ready`; with Release/Acquire those accesses are ordered.
// Every channel outside the tests is built with Release/Acquire: the Relaxed one exists only
// under `cfg(test)`, where loom's cell reports the race before it can happen.
unsafe impl<T: Send> Sync for Shared<T> {}

/// The sending half. `send` consumes it, so a value is sent at most once.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving half.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Sender<T> {
    /// Puts the value in the slot, then raises the flag.
    pub fn send(self, value: T) {
        self.shared.value.with_mut(|slot| {
            // SAFETY: the receiver does not touch the slot until it sees `ready`, which is
            // still false here, and there is only one sender.
            unsafe { *slot = Some(value) }
        });
        self.shared.ready.store(true, self.shared.orderings.publish);
    }
}

impl<T> Receiver<T> {
    /// Takes the value if it has been sent; `None` if not yet (or if it was already taken).
    pub fn try_recv(&mut self) -> Option<T> {
        if !self.shared.ready.load(self.shared.orderings.observe) {
            return None;
        }
        self.shared.value.with_mut(|slot| {
            // SAFETY: `ready` is true, so the sender has finished writing; `&mut self` makes
            // this the only receiver access.
            unsafe { (*slot).take() }
        })
    }
}
// ANCHOR_END: channel

fn channel_with<T>(orderings: Orderings) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        value: UnsafeCell::new(None),
        ready: AtomicBool::new(false),
        orderings,
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

/// A correct one-shot channel (Release store, Acquire load).
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    channel_with(RELEASE_ACQUIRE)
}

/// The same channel with Relaxed orderings, to show what loom finds. It exists only in test
/// builds: a public, safe function that hands out a racy channel would let safe code cause
/// undefined behaviour.
#[cfg(test)]
fn relaxed_channel<T>() -> (Sender<T>, Receiver<T>) {
    channel_with(RELAXED)
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("orderings", &self.shared.orderings)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loom::thread;
    use std::panic;
    use std::sync::atomic::{AtomicUsize, Ordering as StdOrdering};

    /// How many executions the current model has run (a std atomic: it counts across them).
    static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);

    // ANCHOR: model
    /// Runs a sender thread against a receiver on the main thread, in every interleaving loom
    /// can produce, and checks that the receiver gets either nothing yet or exactly 42.
    fn check_every_interleaving(make: fn() -> (Sender<u64>, Receiver<u64>)) {
        loom::model(move || {
            EXECUTIONS.fetch_add(1, StdOrdering::Relaxed);
            let (sender, mut receiver) = make();
            let handle = thread::spawn(move || sender.send(42));
            if let Some(value) = receiver.try_recv() {
                assert_eq!(value, 42);
            }
            handle.join().expect("sender thread panicked");
        });
    }

    #[test]
    fn release_acquire_is_correct_in_every_interleaving() {
        check_every_interleaving(channel);
    }

    #[test]
    #[should_panic(expected = "Causality violation")]
    fn loom_finds_the_relaxed_bug() {
        check_every_interleaving(relaxed_channel);
    }
    // ANCHOR_END: model

    /// Runs one model and reports how it ended, in one line: the panic message of a failing
    /// model, without the backtrace.
    fn report(name: &str, make: fn() -> (Sender<u64>, Receiver<u64>)) -> bool {
        EXECUTIONS.store(0, StdOrdering::Relaxed);
        let previous_hook = panic::take_hook();
        panic::set_hook(Box::new(|_| {}));
        let outcome = panic::catch_unwind(|| check_every_interleaving(make));
        panic::set_hook(previous_hook);
        let executions = EXECUTIONS.load(StdOrdering::Relaxed);
        match outcome {
            Ok(()) => {
                println!("{name}: all {executions} executions passed");
                true
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                let first_line = message.lines().next().unwrap_or_default();
                println!("{name}: failed in execution {executions}: {first_line}");
                false
            }
        }
    }

    /// `cargo test -q -- --nocapture loom_report` prints what loom finds in each version.
    #[test]
    fn loom_report() {
        assert!(!report("Relaxed store, Relaxed load", relaxed_channel));
        assert!(report("Release store, Acquire load", channel));
    }
}
