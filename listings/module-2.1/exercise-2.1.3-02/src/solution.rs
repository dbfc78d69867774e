use crate::RouteStats;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

// ANCHOR: solution
/// Request counts per route, shared by every handler thread through an `Arc<Metrics>`.
pub struct Metrics {
    // A BTreeMap keeps routes sorted, so `snapshot` needs no sort of its own.
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    pub fn new() -> Self {
        Metrics {
            routes: Mutex::new(BTreeMap::new()),
        }
    }

    /// Records one response for `route` with HTTP `status`.
    pub fn record(&self, route: &str, status: u16) {
        // Counters stay meaningful even if a thread panicked while holding the lock.
        let mut routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        // Allocate the key only for a route seen for the first time.
        let stats = match routes.get_mut(route) {
            Some(stats) => stats,
            None => routes.entry(route.to_string()).or_default(),
        };
        stats.requests += 1;
        if status >= 500 {
            stats.server_errors += 1;
        }
    }

    /// Every route seen so far with its stats, sorted by route.
    pub fn snapshot(&self) -> Vec<(String, RouteStats)> {
        let routes = self.routes.lock().unwrap_or_else(PoisonError::into_inner);
        routes
            .iter()
            .map(|(route, stats)| (route.clone(), *stats))
            .collect()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: solution
