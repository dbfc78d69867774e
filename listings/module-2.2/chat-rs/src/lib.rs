//! `chat-rs`: the Real-Time Chat's protocol subset on Tokio, for the side-by-side benchmark with
//! the Elixir server of Module 2.2.
//!
//! It speaks Phoenix Channels' V2 JSON protocol at `/socket/websocket?vsn=2.0.0`: heartbeats,
//! joins of `room:<name>` with `{"user": NAME}` answered with the latest 50 messages, `new_msg`
//! broadcast to every member with the same limits (4,096-byte bodies, 5 messages per second per
//! user with a burst of 10), and leaves. It leaves out what the benchmark does not exercise:
//! Presence, history on disk, and clustering. A room here is a mutex and a broadcast channel,
//! not a process; the chapter compares the two designs.

pub mod protocol;
pub mod room;
pub mod server;
