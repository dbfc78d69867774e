//! Readiness, checked on a thread of its own and read from a cache by `GET /ready`.
//!
//! A load balancer polls `/ready` on every instance and stops sending traffic to the ones that
//! fail it. If the check went through the store's queue like any request, an instance under
//! heavy load would answer it late or with "overloaded", and the balancer would pull it out;
//! its traffic would go to the others, which are just as busy, and they would fail next. That
//! is a cascading failure (chapter 22 of Google's SRE book describes the mechanism). Overload
//! is what the 503s of the API are for; readiness answers only "is this instance able to
//! serve?", so it has its own thread and its own database connection, and the handler reads
//! the last answer without waiting for anything.

use crate::store::Store;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

// ANCHOR: readiness
/// The last readiness check, refreshed every `interval` by a background thread.
pub struct Readiness {
    last: Arc<Mutex<Check>>,
    interval: Duration,
    /// Dropping it stops the thread.
    _stop: mpsc::Sender<()>,
}

struct Check {
    result: Result<(), String>,
    at: Instant,
}

impl Readiness {
    /// Checks once before returning, so that an instance is never ready before its first
    /// check, then every `interval` on a thread named `readiness`.
    pub fn start(store: Arc<dyn Store>, interval: Duration) -> std::io::Result<Readiness> {
        let check = |store: &dyn Store| Check {
            result: store.ping().map_err(|error| error.to_string()),
            at: Instant::now(),
        };
        let first = check(store.as_ref());
        if let Err(error) = &first.result {
            tracing::warn!(%error, "not ready");
        }
        let last = Arc::new(Mutex::new(first));
        let (stop, stopped) = mpsc::channel::<()>();
        let shared = Arc::clone(&last);
        std::thread::Builder::new()
            .name("readiness".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                    let fresh = check(store.as_ref());
                    let mut last = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    // A line when the answer changes, not one a second while it stays the same.
                    match (&last.result, &fresh.result) {
                        (Ok(()), Err(error)) => tracing::warn!(%error, "not ready"),
                        (Err(before), Err(error)) if before != error => {
                            tracing::warn!(%error, "not ready")
                        }
                        (Err(_), Ok(())) => tracing::info!("ready again"),
                        _ => {}
                    }
                    *last = fresh;
                }
            })?;
        Ok(Readiness {
            last,
            interval,
            _stop: stop,
        })
    }

    /// The last answer, unless it is too old: a check that hangs (a disk that stopped
    /// answering) must not leave the last "ready" standing.
    pub fn current(&self) -> Result<(), String> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        let age = last.at.elapsed();
        if age > self.interval * 3 + Duration::from_secs(1) {
            return Err(format!(
                "the readiness check has not finished for {} ms",
                age.as_millis()
            ));
        }
        last.result.clone()
    }
}
// ANCHOR_END: readiness
