//! What a run found, as text or JSON.

use hdrhistogram::Histogram;
use loadgen::report::{human, thousands};
use serde::Serialize;
use std::fmt;

/// Latencies are recorded in microseconds, up to four hours: a run sends for at most an hour
/// and drains for at most another, so nothing real is clamped.
const HIGHEST_MICROS: u64 = 4 * 3600 * 1_000_000;

/// Latencies in microseconds, some of which may be only lower bounds: a delivery still missing
/// when the run ended is counted as the time from its message's intended send until then.
#[derive(Clone, Debug)]
pub struct Samples {
    histogram: Histogram<u64>,
    lower_bounds: u64,
    /// The smallest lower bound recorded.
    lowest_bound: Option<u64>,
}

impl Default for Samples {
    fn default() -> Samples {
        Samples {
            // Constants: a failure here is a bug.
            histogram: Histogram::new_with_bounds(1, HIGHEST_MICROS, 3).expect("valid bounds"),
            lower_bounds: 0,
            lowest_bound: None,
        }
    }
}

impl Samples {
    pub fn record(&mut self, micros: u64) {
        self.histogram.saturating_record(micros.max(1));
    }

    /// `count` samples that took at least `micros`.
    pub fn record_lower_bound(&mut self, micros: u64, count: u64) {
        if count == 0 {
            return;
        }
        let value = micros.max(1);
        self.histogram.saturating_record_n(value, count);
        self.lower_bounds += count;
        self.lowest_bound = Some(self.lowest_bound.map_or(value, |lowest| lowest.min(value)));
    }
}

/// The names of the percentiles, in the order `Percentiles::values` gives them.
const NAMES: [&str; 5] = ["p50", "p90", "p99", "p99.9", "max"];

/// Latency percentiles, in microseconds.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Percentiles {
    pub samples: u64,
    /// Samples that are lower bounds: deliveries missing at the end of the run.
    pub lower_bounds: u64,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
    /// The first of `p50`, `p90`, `p99`, `p99.9`, `max` that lower-bound samples reach: it and
    /// every one after it are *at least* the value given (`≥` in the text). `None`: every
    /// value is exact. Module 2.1's `loadgen` reports the same way.
    pub lower_bound_from: Option<&'static str>,
}

impl Percentiles {
    pub fn of(samples: &Samples) -> Option<Percentiles> {
        let histogram = &samples.histogram;
        if histogram.is_empty() {
            return None;
        }
        let values = [
            histogram.value_at_quantile(0.5),
            histogram.value_at_quantile(0.9),
            histogram.value_at_quantile(0.99),
            histogram.value_at_quantile(0.999),
            histogram.max(),
        ];
        // A percentile below every lower bound is exact: each sample at or under it is a real
        // latency. One at or above the lowest bound might be higher had the run waited longer
        // (values in the same histogram bucket count as reached, to be safe).
        let lower_bound_from = samples.lowest_bound.and_then(|lowest| {
            let reached = |value: u64| {
                histogram.lowest_equivalent(value) >= histogram.lowest_equivalent(lowest)
            };
            let first = values.iter().position(|&value| reached(value))?;
            Some(NAMES[first])
        });
        Some(Percentiles {
            samples: histogram.len(),
            lower_bounds: samples.lower_bounds,
            p50: values[0],
            p90: values[1],
            p99: values[2],
            p999: values[3],
            max: values[4],
            lower_bound_from,
        })
    }

    /// p50, p90, p99, p99.9 and max, each with whether it is only a lower bound.
    pub fn values(&self) -> [(u64, bool); 5] {
        let from = self
            .lower_bound_from
            .and_then(|name| NAMES.iter().position(|&n| n == name))
            .unwrap_or(NAMES.len());
        let values = [self.p50, self.p90, self.p99, self.p999, self.max];
        std::array::from_fn(|i| (values[i], i >= from))
    }
}

/// What became of a message that did not reach every member of its room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The server accepted it, and some deliveries never came.
    Accepted,
    /// Sent, or queued to be sent, with no reply by the end.
    Unanswered,
    /// Never sent: the member's send queue was full (its connection stuck writing).
    UnsentQueueFull,
    /// Never sent: the member's connection was gone.
    UnsentConnectionGone,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Accepted => "accepted",
            Outcome::Unanswered => "unanswered",
            Outcome::UnsentQueueFull => "unsent: queue full",
            Outcome::UnsentConnectionGone => "unsent: connection gone",
        })
    }
}

/// One message that some member of its room had not received by the end of the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Incomplete {
    pub seq: usize,
    pub topic: String,
    pub outcome: Outcome,
    /// The members of its room, the sender included.
    pub expected: u64,
    pub received: u64,
}

/// Connections the server closed with one close code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CloseCount {
    /// The close frame's code; `None` when the connection ended without one (a reset, or a
    /// plain TCP close: what a browser reports as 1006).
    pub code: Option<u16>,
    pub count: u64,
}

impl fmt::Display for CloseCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(code) = self.code else {
            return write!(f, "no close frame ×{}", self.count);
        };
        // The meanings RFC 6455 (section 7.4.1) and the IANA registry give them.
        let meaning = match code {
            1000 => " normal",
            1001 => " going away",
            1002 => " protocol error",
            1003 => " unsupported data",
            1007 => " invalid data",
            1008 => " policy violation",
            1009 => " message too big",
            1011 => " internal error",
            1012 => " service restart",
            1013 => " try again later",
            _ => "",
        };
        write!(f, "{code}{meaning} ×{}", self.count)
    }
}

/// How many incomplete messages the report lists; the count covers them all.
pub const INCOMPLETE_LISTED: usize = 100;

/// How many of them the text shows.
const INCOMPLETE_SHOWN: usize = 5;

/// Resident memory (VmRSS), in KiB, before the members connected and once they had joined.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Memory {
    pub server_before_kib: Option<u64>,
    pub server_joined_kib: Option<u64>,
    pub generator_before_kib: Option<u64>,
    pub generator_joined_kib: Option<u64>,
}

impl Memory {
    /// What each connection added to the server, in KiB.
    pub fn server_per_connection_kib(&self, connections: usize) -> Option<f64> {
        per_connection(
            self.server_before_kib?,
            self.server_joined_kib?,
            connections,
        )
    }

    pub fn generator_per_connection_kib(&self, connections: usize) -> Option<f64> {
        per_connection(
            self.generator_before_kib?,
            self.generator_joined_kib?,
            connections,
        )
    }
}

fn per_connection(before: u64, after: u64, connections: usize) -> Option<f64> {
    (connections > 0).then(|| after.saturating_sub(before) as f64 / connections as f64)
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub connections: usize,
    pub rooms: usize,
    pub members_per_room: usize,
    pub rate: f64,
    pub duration_secs: f64,
    /// Time to connect and join every member.
    pub ramp_secs: f64,
    /// Time from the last join until the members' traffic had died down.
    pub settle_secs: f64,
    pub scheduled: u64,
    pub accepted: u64,
    pub rate_limited: u64,
    pub refused: u64,
    /// Not sent because the member's send queue was full when the message was due (or still
    /// held it at the end of the run): its connection was stuck writing.
    pub unsent_queue_full: u64,
    /// Not sent because the member's connection was gone: closed by the server, or a write
    /// failed.
    pub unsent_connection_gone: u64,
    /// Sent, and no reply by the end of the drain.
    pub unanswered: u64,
    /// Every message that should have reached its room (all but the rate-limited and the
    /// refused, which the server answered) times the members of its room.
    pub expected_deliveries: u64,
    pub delivered: u64,
    pub lost: u64,
    /// Messages that some member had not received by the end.
    pub incomplete_messages: u64,
    /// The first `INCOMPLETE_LISTED` of them, in order, with deliveries expected and received.
    pub incomplete: Vec<Incomplete>,
    /// Connections the server closed before the end of the run...
    pub closed_by_server: u64,
    /// ...by close code, lowest first (no close frame before every code).
    pub close_codes: Vec<CloseCount>,
    /// Every delivery, from the message's intended send time; a delivery missing at the end of
    /// the run counts as the time until then, a lower bound.
    pub delivery: Option<Percentiles>,
    /// Each message's last delivery: the time until every member of its room had it; for a
    /// message some member never received, the time until the end of the run, a lower bound.
    pub last_delivery: Option<Percentiles>,
    pub memory: Memory,
}

impl Report {
    /// Nothing lost, refused, unsent or unanswered, and no connection closed by the server.
    pub fn is_complete(&self) -> bool {
        self.lost == 0
            && self.rate_limited == 0
            && self.refused == 0
            && self.unsent_queue_full == 0
            && self.unsent_connection_gone == 0
            && self.unanswered == 0
            && self.closed_by_server == 0
    }
}

/// A value for a table: `≥` in front when it is only a lower bound.
fn cell((micros, lower_bound): (u64, bool)) -> String {
    match lower_bound {
        true => format!("≥{}", human(micros)),
        false => human(micros),
    }
}

fn row(f: &mut fmt::Formatter<'_>, label: &str, p: Option<Percentiles>) -> fmt::Result {
    match p {
        None => writeln!(f, "{label:<22} none"),
        Some(p) => {
            let [p50, p90, p99, p999, max] = p.values().map(cell);
            writeln!(
                f,
                "{label:<22} p50 {p50:>9}  p90 {p90:>9}  p99 {p99:>9}  p99.9 {p999:>9}  max {max:>9}"
            )
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} connections in {} room(s) of up to {}, joined in {:.2} s, quiet {:.2} s later",
            thousands(self.connections as f64),
            self.rooms,
            thousands(self.members_per_room as f64),
            self.ramp_secs,
            self.settle_secs
        )?;
        writeln!(
            f,
            "{} messages/s for {:.0} s: {} scheduled, {} accepted, {} rate-limited, {} refused, \
             {} unanswered; unsent: {} (send queue full), {} (connection gone)",
            self.rate,
            self.duration_secs,
            thousands(self.scheduled as f64),
            thousands(self.accepted as f64),
            self.rate_limited,
            self.refused,
            self.unanswered,
            self.unsent_queue_full,
            self.unsent_connection_gone
        )?;
        if self.closed_by_server == 0 {
            writeln!(f, "closed by the server: none")?;
        } else {
            let codes: Vec<String> = self
                .close_codes
                .iter()
                .rev()
                .map(ToString::to_string)
                .collect();
            writeln!(
                f,
                "closed by the server: {} connections ({})",
                self.closed_by_server,
                codes.join(", ")
            )?;
        }
        writeln!(
            f,
            "deliveries: {} of {} ({} lost, {} messages incomplete)",
            thousands(self.delivered as f64),
            thousands(self.expected_deliveries as f64),
            self.lost,
            self.incomplete_messages
        )?;
        for message in self.incomplete.iter().take(INCOMPLETE_SHOWN) {
            writeln!(
                f,
                "  message {} ({}, {}): {} of {} delivered",
                message.seq, message.topic, message.outcome, message.received, message.expected
            )?;
        }
        if self.incomplete_messages > INCOMPLETE_SHOWN as u64 {
            writeln!(
                f,
                "  and {} more (--json lists the first {INCOMPLETE_LISTED})",
                self.incomplete_messages - INCOMPLETE_SHOWN as u64
            )?;
        }
        row(f, "each delivery", self.delivery)?;
        row(f, "last of each message", self.last_delivery)?;
        if self.incomplete_messages > 0 {
            writeln!(
                f,
                "warning: {} messages did not reach every member by the end of the run ({} \
                 deliveries lost); each missing delivery is counted as the time from its \
                 intended send until then, a lower bound, and values marked ≥ are at least what \
                 they say",
                self.incomplete_messages, self.lost
            )?;
        }
        let kib = |value: Option<f64>| value.map_or("unknown".into(), |v| format!("{v:.1} KiB"));
        writeln!(
            f,
            "memory per connection: server {} (--server-pid), generator {}",
            kib(self.memory.server_per_connection_kib(self.connections)),
            kib(self.memory.generator_per_connection_kib(self.connections))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_per_connection_is_the_growth_over_the_count() {
        let memory = Memory {
            server_before_kib: Some(50_000),
            server_joined_kib: Some(80_000),
            generator_before_kib: None,
            generator_joined_kib: Some(1),
        };
        assert_eq!(memory.server_per_connection_kib(1_000), Some(30.0));
        assert_eq!(memory.generator_per_connection_kib(1_000), None);
        assert_eq!(memory.server_per_connection_kib(0), None);
    }
}
