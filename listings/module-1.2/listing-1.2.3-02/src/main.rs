//! An in-memory event log indexed by time: the shape of a metrics buffer, an audit trail or
//! the recent-requests table behind a dashboard. A BTreeMap keeps keys sorted, so "every
//! event between two instants" is a walk down to the first one and along to the last.
use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Included};

// ANCHOR: log
/// Milliseconds since the Unix epoch.
type Millis = u64;

/// Two events can share a millisecond, so the key adds a sequence number to keep both.
type EventKey = (Millis, u64);

#[derive(Debug, Default)]
struct EventLog {
    events: BTreeMap<EventKey, String>,
    next_seq: u64,
}

impl EventLog {
    fn record(&mut self, at: Millis, what: &str) {
        self.events.insert((at, self.next_seq), what.to_string());
        self.next_seq += 1;
    }

    /// Events with `from <= time < to`: O(log n) to find the start, then one step per result.
    fn between(&self, from: Millis, to: Millis) -> impl Iterator<Item = (&EventKey, &String)> {
        self.events.range((Included((from, 0)), Excluded((to, 0))))
    }

    /// Drops every event older than `cutoff` in O(log n) plus the cost of freeing them:
    /// `split_off` cuts the tree in two at a key.
    fn forget_before(&mut self, cutoff: Millis) -> usize {
        let kept = self.events.split_off(&(cutoff, 0));
        let forgotten = std::mem::replace(&mut self.events, kept);
        forgotten.len()
    }
}
// ANCHOR_END: log

// ANCHOR: main
fn main() {
    let mut log = EventLog::default();
    let start: Millis = 1_700_000_000_000;
    // One event every 250 ms for ten minutes, a login failure every 7 seconds.
    for i in 0..2_400u64 {
        let at = start + i * 250;
        let what = if i % 28 == 0 {
            "login failed"
        } else {
            "GET /api/orders 200"
        };
        log.record(at, what);
    }
    println!("events recorded: {}", log.events.len());

    // The last minute, as a dashboard would ask for it.
    let now = start + 600_000;
    let last_minute = log.between(now - 60_000, now).count();
    println!("events in the last 60 s: {last_minute}");

    // Failed logins in a two-minute window, for an alert rule.
    let failures: Vec<Millis> = log
        .between(start + 60_000, start + 180_000)
        .filter(|(_, what)| what.as_str() == "login failed")
        .map(|((at, _), _)| (at - start) / 1000)
        .collect();
    println!("login failures between 60 s and 180 s, at seconds: {failures:?}");

    // Keep five minutes of history.
    let forgotten = log.forget_before(now - 300_000);
    let oldest = log.events.keys().next().map(|(at, _)| (at - start) / 1000);
    println!("retention dropped {forgotten} events; oldest kept is at second {oldest:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_half_open_and_keep_same_millisecond_events() {
        let mut log = EventLog::default();
        for at in [10, 20, 20, 30] {
            log.record(at, "e");
        }
        assert_eq!(
            log.between(20, 30).count(),
            2,
            "both events at 20, not the one at 30"
        );
        assert_eq!(log.between(0, 100).count(), 4);
        assert_eq!(log.between(21, 30).count(), 0);
    }

    #[test]
    fn retention_keeps_the_cutoff_and_later() {
        let mut log = EventLog::default();
        for at in [10, 20, 30, 40] {
            log.record(at, "e");
        }
        assert_eq!(log.forget_before(30), 2);
        let left: Vec<Millis> = log.events.keys().map(|(at, _)| *at).collect();
        assert_eq!(left, vec![30, 40]);
    }
}
