//! Rooms: the latest messages of each, a token bucket per user, and the broadcast that carries
//! every new message to the members.
//!
//! One mutex per room guards its history and buckets, and a message is appended and broadcast
//! under it: so every member receives messages in history order, and a joiner subscribes and
//! copies the history in one step, so that no message falls between the two. Each message is
//! encoded once and the members share the bytes; a member that falls `BROADCAST_CAPACITY`
//! messages behind loses its place (the connection closes it rather than buffer without bound).

use crate::protocol;
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// How far a member may fall behind a room before it is dropped.
pub const BROADCAST_CAPACITY: usize = 1024;

/// The rules every room enforces.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest body, in bytes.
    pub max_body: usize,
    /// Messages a user may send per second, on average...
    pub rate_per_sec: f64,
    /// ...and at once, after a quiet spell.
    pub burst: f64,
    /// Messages a room keeps and a joiner receives.
    pub history: usize,
    /// Rooms that may exist at once.
    pub max_rooms: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 4096,
            rate_per_sec: 5.0,
            burst: 10.0,
            history: 50,
            max_rooms: 10_000,
        }
    }
}

/// Why a message was refused; the reason is what the client receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    #[error("too_long")]
    TooLong,
    #[error("rate_limited")]
    RateLimited,
}

/// Every room, by name.
pub struct Rooms {
    rooms: Mutex<HashMap<String, Arc<Room>>>,
    limits: Limits,
}

impl Rooms {
    pub fn new(limits: Limits) -> Rooms {
        Rooms {
            rooms: Mutex::new(HashMap::new()),
            limits,
        }
    }

    /// The room called `name`, created on first use; `None` when there are `max_rooms` already.
    pub fn get_or_create(&self, name: &str) -> Option<Arc<Room>> {
        let mut rooms = lock(&self.rooms);
        if let Some(room) = rooms.get(name) {
            return Some(Arc::clone(room));
        }
        if rooms.len() >= self.limits.max_rooms {
            return None;
        }
        let room = Arc::new(Room::new(name, self.limits.clone()));
        rooms.insert(name.to_string(), Arc::clone(&room));
        Some(room)
    }
}

/// One room.
pub struct Room {
    topic: String,
    limits: Limits,
    state: Mutex<RoomState>,
    broadcast: broadcast::Sender<Utf8Bytes>,
}

struct RoomState {
    history: VecDeque<Value>,
    buckets: HashMap<String, TokenBucket>,
    next_id: u64,
}

impl Room {
    fn new(name: &str, limits: Limits) -> Room {
        Room {
            topic: format!("room:{name}"),
            state: Mutex::new(RoomState {
                history: VecDeque::with_capacity(limits.history),
                buckets: HashMap::new(),
                next_id: 1,
            }),
            limits,
            broadcast: broadcast::channel(BROADCAST_CAPACITY).0,
        }
    }

    /// The history, oldest first, and a subscription to everything sent after it.
    pub fn join(&self) -> (Vec<Value>, broadcast::Receiver<Utf8Bytes>) {
        let state = lock(&self.state);
        (
            state.history.iter().cloned().collect(),
            self.broadcast.subscribe(),
        )
    }

    /// Appends `body` from `user` and broadcasts it to every member, the sender included.
    pub fn post(&self, user: &str, body: &str, now: Instant) -> Result<(), PostError> {
        if body.len() > self.limits.max_body {
            return Err(PostError::TooLong);
        }
        let mut state = lock(&self.state);
        let limits = &self.limits;
        if state.buckets.len() >= 10_000 {
            // Users who have been quiet long enough to be full again lose nothing by being
            // forgotten; this keeps the table bounded by the users who are active.
            state
                .buckets
                .retain(|_, bucket| !bucket.is_full(limits, now));
        }
        let bucket = state
            .buckets
            .entry(user.to_string())
            .or_insert_with(|| TokenBucket::full(limits, now));
        if !bucket.take(limits, now) {
            return Err(PostError::RateLimited);
        }
        let id = state.next_id;
        state.next_id += 1;
        let message = json!({
            "id": id.to_string(),
            "user": user,
            "body": body,
            "at": utc_now(),
        });
        let text = protocol::encode(None, None, &self.topic, "new_msg", &message);
        if state.history.len() == limits.history {
            state.history.pop_front();
        }
        state.history.push_back(message);
        // An error means nobody is listening, which is not a failure to post.
        let _ = self.broadcast.send(Utf8Bytes::from(text));
        Ok(())
    }
}

/// A token bucket: `burst` tokens at most, refilled at `rate_per_sec`; a message takes one.
#[derive(Clone, Debug)]
struct TokenBucket {
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    fn full(limits: &Limits, now: Instant) -> TokenBucket {
        TokenBucket {
            tokens: limits.burst,
            updated: now,
        }
    }

    fn refill(&mut self, limits: &Limits, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * limits.rate_per_sec).min(limits.burst);
        self.updated = now;
    }

    fn take(&mut self, limits: &Limits, now: Instant) -> bool {
        self.refill(limits, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn is_full(&self, limits: &Limits, now: Instant) -> bool {
        let mut copy = self.clone();
        copy.refill(limits, now);
        copy.tokens >= limits.burst
    }
}

/// `2026-12-03T15:04:05.123456Z`: ISO 8601 in UTC, to the microsecond, as Elixir's
/// `DateTime.to_iso8601/1` writes it.
fn utc_now() -> String {
    let now = OffsetDateTime::now_utc();
    let micros = now.microsecond();
    now.replace_microsecond(micros)
        .ok()
        .and_then(|at| at.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// A poisoned lock means a panic while holding it; the data are still whole (every update is
/// one assignment), so carry on rather than take every later caller down too.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn history_keeps_the_latest_oldest_first() {
        let limits = Limits {
            history: 3,
            rate_per_sec: 1000.0,
            burst: 1000.0,
            ..Limits::default()
        };
        let room = Room::new("lobby", limits);
        let now = Instant::now();
        for body in ["a", "b", "c", "d"] {
            room.post("ada", body, now).unwrap();
        }
        let (history, _) = room.join();
        let bodies: Vec<&str> = history
            .iter()
            .map(|m| m["body"].as_str().unwrap())
            .collect();
        assert_eq!(bodies, ["b", "c", "d"]);
        assert_eq!(history[2]["id"], "4");
    }

    #[test]
    fn a_joiner_receives_what_follows_its_history() {
        let room = Room::new("lobby", Limits::default());
        let now = Instant::now();
        room.post("ada", "before", now).unwrap();
        let (history, mut receiver) = room.join();
        room.post("ada", "after", now).unwrap();
        assert_eq!(history.len(), 1);
        let frame = protocol::decode(receiver.try_recv().unwrap().as_str()).unwrap();
        assert_eq!(frame.event, "new_msg");
        assert_eq!(frame.payload["body"], "after");
        assert!(frame.payload["at"].as_str().unwrap().ends_with('Z'));
    }

    #[test]
    fn a_burst_then_the_rate() {
        let room = Room::new("lobby", Limits::default());
        let start = Instant::now();
        for _ in 0..10 {
            assert_eq!(room.post("ada", "hi", start), Ok(()));
        }
        assert_eq!(room.post("ada", "hi", start), Err(PostError::RateLimited));
        // Another user has a bucket of their own.
        assert_eq!(room.post("bob", "hi", start), Ok(()));
        // 5 per second: one token back after 200 ms.
        let later = start + Duration::from_millis(200);
        assert_eq!(room.post("ada", "hi", later), Ok(()));
        assert_eq!(room.post("ada", "hi", later), Err(PostError::RateLimited));
    }

    #[test]
    fn a_long_body_is_refused_and_not_kept() {
        let room = Room::new("lobby", Limits::default());
        let body = "x".repeat(4097);
        assert_eq!(
            room.post("ada", &body, Instant::now()),
            Err(PostError::TooLong)
        );
        assert_eq!(room.post("ada", &body[..4096], Instant::now()), Ok(()));
        assert_eq!(room.join().0.len(), 1);
    }

    #[test]
    fn rooms_are_bounded() {
        let rooms = Rooms::new(Limits {
            max_rooms: 2,
            ..Limits::default()
        });
        assert!(rooms.get_or_create("a").is_some());
        assert!(rooms.get_or_create("b").is_some());
        assert!(
            rooms.get_or_create("a").is_some(),
            "an existing room is found"
        );
        assert!(rooms.get_or_create("c").is_none());
    }
}
