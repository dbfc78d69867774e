//! Store calls run on a few dedicated threads, fed by bounded queues.
//!
//! The store blocks (SQLite reads and writes a file and waits on locks), so its calls must not
//! run on Tokio's worker threads. `spawn_blocking` would move them off, but it has no bound: a
//! burst of slow requests grows the blocking pool to 512 threads and an unbounded queue. Here a
//! fixed number of threads take calls from queues of fixed size, and a call that finds its
//! queue full fails at once with `StoreError::Overloaded`, which the API answers with 503 and
//! `Retry-After`.
//!
//! Reads and writes have a queue each. SQLite runs one write at a time, so writes get one
//! thread: a write stuck on a lock (another process, a slow disk) holds that thread and the
//! write queue, and the reads go on on their own threads. With one queue for both, every thread
//! could end up waiting for the writer while reads queued behind them.

use crate::store::{Store, StoreError};
use crossbeam_channel::{Receiver, Sender, TrySendError};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&dyn Store) + Send>;

// ANCHOR: executor
/// A store behind `readers` reading threads, one writing thread, and a queue of `queue`
/// waiting calls in front of each kind.
pub struct StoreExecutor {
    reads: Sender<Job>,
    writes: Sender<Job>,
}

impl StoreExecutor {
    pub fn new(store: Arc<dyn Store>, readers: usize, queue: usize) -> io::Result<StoreExecutor> {
        let (reads, waiting_reads) = crossbeam_channel::bounded::<Job>(queue.max(1));
        let (writes, waiting_writes) = crossbeam_channel::bounded::<Job>(queue.max(1));
        for n in 0..readers.max(1) {
            spawn_worker(format!("store-read-{n}"), waiting_reads.clone(), &store)?;
        }
        spawn_worker("store-write".into(), waiting_writes, &store)?;
        Ok(StoreExecutor { reads, writes })
    }

    /// Runs a reading `call` on a reader thread and waits for its result.
    pub async fn read<T, F>(&self, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        run(&self.reads, call).await
    }

    /// Runs a writing `call` on the writer thread and waits for its result.
    pub async fn write<T, F>(&self, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        run(&self.writes, call).await
    }
}

/// Queues `call` and waits for its result. If the request is cancelled (its timeout fired)
/// while the call waits in the queue, the call is skipped; once a thread has started it, it
/// runs to the end and only its result is dropped.
async fn run<T, F>(queue: &Sender<Job>, call: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    let (reply, result) = oneshot::channel();
    let job: Job = Box::new(move |store| {
        // Nobody waits for this answer any more: doing the work would only delay the calls
        // queued behind it.
        if reply.is_closed() {
            return;
        }
        let _ = reply.send(call(store));
    });
    match queue.try_send(job) {
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

fn spawn_worker(name: String, jobs: Receiver<Job>, store: &Arc<dyn Store>) -> io::Result<()> {
    let store = Arc::clone(store);
    std::thread::Builder::new().name(name).spawn(move || {
        // Ends when the executor, and with it the sender, is dropped.
        for job in jobs {
            // A panic in one call must not take the thread, and with it a share of the
            // capacity, away for good. The caller sees its reply dropped.
            if catch_unwind(AssertUnwindSafe(|| job(store.as_ref()))).is_err() {
                tracing::error!("a store call panicked");
            }
        }
    })?;
    Ok(())
}
// ANCHOR_END: executor
