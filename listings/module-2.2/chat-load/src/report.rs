//! What a run found, as text or JSON.

use hdrhistogram::Histogram;
use loadgen::report::{human, thousands};
use serde::Serialize;
use std::fmt;

/// Latency percentiles, in microseconds.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Percentiles {
    pub samples: u64,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
}

impl Percentiles {
    pub fn of(histogram: &Histogram<u64>) -> Option<Percentiles> {
        (!histogram.is_empty()).then(|| Percentiles {
            samples: histogram.len(),
            p50: histogram.value_at_quantile(0.5),
            p90: histogram.value_at_quantile(0.9),
            p99: histogram.value_at_quantile(0.99),
            p999: histogram.value_at_quantile(0.999),
            max: histogram.max(),
        })
    }
}

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
    /// Not sent because the member's connection was stuck.
    pub unsent: u64,
    /// Sent, and no reply by the end of the drain.
    pub unanswered: u64,
    /// Accepted messages times the members of their rooms.
    pub expected_deliveries: u64,
    pub delivered: u64,
    pub lost: u64,
    /// Accepted messages that some member had not received by the end.
    pub incomplete_messages: u64,
    /// Every delivery, from the message's intended send time.
    pub delivery: Option<Percentiles>,
    /// Each message's last delivery: the time until every member of its room had it.
    pub last_delivery: Option<Percentiles>,
    pub memory: Memory,
}

impl Report {
    /// Nothing lost, refused, unsent or unanswered.
    pub fn is_complete(&self) -> bool {
        self.lost == 0
            && self.rate_limited == 0
            && self.refused == 0
            && self.unsent == 0
            && self.unanswered == 0
    }
}

fn row(f: &mut fmt::Formatter<'_>, label: &str, p: Option<Percentiles>) -> fmt::Result {
    match p {
        None => writeln!(f, "{label:<22} none"),
        Some(p) => writeln!(
            f,
            "{label:<22} p50 {:>8}  p90 {:>8}  p99 {:>8}  p99.9 {:>8}  max {:>8}",
            human(p.p50),
            human(p.p90),
            human(p.p99),
            human(p.p999),
            human(p.max)
        ),
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
             {} unsent, {} unanswered",
            self.rate,
            self.duration_secs,
            thousands(self.scheduled as f64),
            thousands(self.accepted as f64),
            self.rate_limited,
            self.refused,
            self.unsent,
            self.unanswered
        )?;
        writeln!(
            f,
            "deliveries: {} of {} ({} lost, {} messages incomplete)",
            thousands(self.delivered as f64),
            thousands(self.expected_deliveries as f64),
            self.lost,
            self.incomplete_messages
        )?;
        row(f, "each delivery", self.delivery)?;
        row(f, "last of each message", self.last_delivery)?;
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
