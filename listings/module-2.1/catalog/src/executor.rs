//! Store calls run on a few dedicated threads, fed by a bounded queue.
//!
//! The store blocks (SQLite reads and writes a file and waits on locks), so its calls must not
//! run on Tokio's worker threads. `spawn_blocking` would move them off, but it has no bound: a
//! burst of slow requests grows the blocking pool to 512 threads and an unbounded queue. Here a
//! fixed number of threads take calls from a queue of fixed size, and a call that finds the
//! queue full fails at once with `StoreError::Overloaded`, which the API answers with 503 and
//! `Retry-After`. The threads also stay warm: under load each one takes call after call from
//! the queue without going to sleep in between, where `spawn_blocking` wakes a thread per call.

use crate::store::{Store, StoreError};
use crossbeam_channel::{Sender, TrySendError};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&dyn Store) + Send>;

// ANCHOR: executor
/// A store behind `threads` threads and a queue of `queue` waiting calls.
pub struct StoreExecutor {
    jobs: Sender<Job>,
}

impl StoreExecutor {
    pub fn new(store: Arc<dyn Store>, threads: usize, queue: usize) -> io::Result<StoreExecutor> {
        let (jobs, waiting) = crossbeam_channel::bounded::<Job>(queue.max(1));
        for n in 0..threads.max(1) {
            let (waiting, store) = (waiting.clone(), Arc::clone(&store));
            std::thread::Builder::new()
                .name(format!("store-{n}"))
                .spawn(move || {
                    // Ends when the executor, and with it the sender, is dropped.
                    for job in waiting {
                        // A panic in one call must not take the thread, and with it a share
                        // of the capacity, away for good. The caller sees its reply dropped.
                        if catch_unwind(AssertUnwindSafe(|| job(store.as_ref()))).is_err() {
                            tracing::error!("a store call panicked");
                        }
                    }
                })?;
        }
        Ok(StoreExecutor { jobs })
    }

    /// Runs `call` on a store thread and waits for its result. If the request is cancelled
    /// (its timeout fired), the call still runs to the end; only its result is dropped.
    pub async fn run<T, F>(&self, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = reply.send(call(store));
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(StoreError::Overloaded),
            Err(TrySendError::Disconnected(_)) => {
                return Err(StoreError::Internal(
                    "the store threads have stopped".into(),
                ));
            }
        }
        result
            .await
            .unwrap_or_else(|_| Err(StoreError::Internal("a store call panicked".into())))
    }
}
// ANCHOR_END: executor
