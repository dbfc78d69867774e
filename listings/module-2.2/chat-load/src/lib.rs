//! `chat-load`: open-loop load for a chat that speaks Phoenix Channels' V2 JSON protocol.
//!
//! It opens N WebSocket connections, joins them to rooms, and then sends `new_msg` at a fixed
//! arrival rate, whatever the server does, each message from a member of its room. Every member
//! of that room, the sender included, should receive the broadcast; each delivery's latency is
//! measured from the message's *intended* send time, so that a stalled server or a stalled
//! connection shows up in the percentiles instead of being left out (coordinated omission, as
//! in Module 2.1's `loadgen`, whose arrival schedule this reuses). It reports two latencies:
//! each delivery, and each message's last delivery (the time until everyone has it), and the
//! server's resident memory per connection, read from `/proc/<pid>/status`.

pub mod client;
pub mod report;
pub mod run;

pub use report::Report;
pub use run::{Plan, RunError, run};
