//! What a run found, as text or JSON.

pub use loadgen::report::{Percentiles, Samples};
use loadgen::report::{cell, thousands};
use serde::Serialize;
use std::fmt;

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
