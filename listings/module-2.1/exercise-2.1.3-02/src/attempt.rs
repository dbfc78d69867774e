// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.3-2`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::RouteStats;
use std::collections::BTreeMap;
use std::sync::Mutex;

// ANCHOR: starter
/// Request counts per route, shared by every handler thread through an `Arc<Metrics>`.
///
/// All methods take `&self`: handlers only ever hold a shared reference. The type must be
/// `Send + Sync` (a test checks it), and no update may be lost when threads record at once.
pub struct Metrics {
    // Add the fields you need.
}

impl Metrics {
    pub fn new() -> Self {
        todo!()
    }

    /// Records one response for `route` with HTTP `status`.
    pub fn record(&self, route: &str, status: u16) {
        todo!()
    }

    /// Every route seen so far with its stats, sorted by route.
    pub fn snapshot(&self) -> Vec<(String, RouteStats)> {
        todo!()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: starter
