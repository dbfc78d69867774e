//! Rooms: the latest messages of each, a token bucket per user, and the broadcast that carries
//! every new message to the members.
//!
//! One mutex per room guards its history and buckets, and a message is appended and broadcast
//! under it: so every member receives messages in history order, and a joiner subscribes and
//! copies the history in one step, so that no message falls between the two. Each message is
//! encoded once and the members share the bytes; a member that falls `BROADCAST_CAPACITY`
//! messages behind loses its place (the connection closes it rather than buffer without bound).
//!
//! A room lives as long as it has members: each join holds a [`Membership`], and when the last
//! one is dropped (a leave, a rejoin elsewhere, a closed socket) the room and its history are
//! freed. So `max_rooms` bounds the rooms that exist at once, not the rooms ever named.

use crate::protocol;
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// How far a member may fall behind a room before it is dropped. Tokio's broadcast channel
/// allocates every slot up front, about 56 bytes each on x86-64: 1,024 slots were 57 KiB a room,
/// 570 MB for the 10,000 rooms `max_rooms` allows, whatever the rooms held. 128 slots are about
/// 7 KiB a room (70 MB at the cap), and still hold a full burst (10 messages) from a dozen
/// members at once, or 128 ms of a room's traffic at 1,000 messages a second; a member further
/// behind than that is a slow consumer, and the connection closes it with 1013.
pub const BROADCAST_CAPACITY: usize = 128;

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

/// Every room that has members, by name, with how many.
pub struct Rooms {
    rooms: Mutex<HashMap<String, (Arc<Room>, usize)>>,
    limits: Limits,
}

impl Rooms {
    pub fn new(limits: Limits) -> Rooms {
        Rooms {
            rooms: Mutex::new(HashMap::new()),
            limits,
        }
    }

    /// Makes the caller a member of the room called `name`, creating it if it has none; `None`
    /// when `max_rooms` rooms exist already. The room is freed when the last membership is
    /// dropped.
    pub fn enter(self: &Arc<Self>, name: &str) -> Option<Membership> {
        let mut rooms = lock(&self.rooms);
        let room = if let Some((room, members)) = rooms.get_mut(name) {
            *members += 1;
            Arc::clone(room)
        } else if rooms.len() >= self.limits.max_rooms {
            return None;
        } else {
            let room = Arc::new(Room::new(name, self.limits.clone()));
            rooms.insert(name.to_string(), (Arc::clone(&room), 1));
            room
        };
        Some(Membership {
            rooms: Arc::clone(self),
            room,
        })
    }

    /// Rooms that exist now: those with members.
    pub fn len(&self) -> usize {
        lock(&self.rooms).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One member's hold on a room; dropping it leaves the room, and the last to leave frees it.
pub struct Membership {
    rooms: Arc<Rooms>,
    room: Arc<Room>,
}

impl std::ops::Deref for Membership {
    type Target = Room;

    fn deref(&self) -> &Room {
        &self.room
    }
}

impl Drop for Membership {
    fn drop(&mut self) {
        // Counted under the map's lock, as `enter` counts: a join racing the last leave either
        // finds the room before it goes or creates a new one after.
        let mut rooms = lock(&self.rooms.rooms);
        let name = self.room.name();
        if let Some((_, members)) = rooms.get_mut(name) {
            *members -= 1;
            if *members == 0 {
                rooms.remove(name);
            }
        }
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

    /// The room's name, without the `room:` of its topic.
    pub fn name(&self) -> &str {
        &self.topic["room:".len()..]
    }

    /// The history, oldest first, and a subscription to everything sent after it.
    pub fn join(&self) -> (Vec<Value>, broadcast::Receiver<Utf8Bytes>) {
        let state = lock(&self.state);
        (
            state.history.iter().cloned().collect(),
            self.broadcast.subscribe(),
        )
    }

    // ANCHOR: chat_rs_post
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
                .retain(|_, bucket| !bucket.is_full(limits.rate_per_sec, limits.burst, now));
        }
        let bucket = state
            .buckets
            .entry(user.to_string())
            .or_insert_with(|| TokenBucket::full(limits.burst, now));
        if !bucket.take(limits.rate_per_sec, limits.burst, now) {
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
    // ANCHOR_END: chat_rs_post
}

/// A token bucket: `burst` tokens at most, refilled at `rate` a second; each message (or
/// join) takes one. The rate and burst are passed in rather than kept, since every bucket of a
/// room shares them.
#[derive(Clone, Debug)]
pub struct TokenBucket {
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    pub fn full(burst: f64, now: Instant) -> TokenBucket {
        TokenBucket {
            tokens: burst,
            updated: now,
        }
    }

    fn refill(&mut self, rate: f64, burst: f64, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate).min(burst);
        self.updated = now;
    }

    /// Takes a token if there is one.
    pub fn take(&mut self, rate: f64, burst: f64, now: Instant) -> bool {
        self.refill(rate, burst, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn is_full(&self, rate: f64, burst: f64, now: Instant) -> bool {
        let mut copy = self.clone();
        copy.refill(rate, burst, now);
        copy.tokens >= burst
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
    fn a_member_may_fall_broadcast_capacity_messages_behind_and_no_more() {
        let limits = Limits {
            rate_per_sec: 1e6,
            burst: 1e6,
            ..Limits::default()
        };
        let room = Room::new("lobby", limits);
        let (_, mut caught_up) = room.join();
        let (_, mut behind) = room.join();
        let now = Instant::now();
        for _ in 0..BROADCAST_CAPACITY {
            room.post("ada", "hi", now).unwrap();
        }
        for _ in 0..BROADCAST_CAPACITY {
            assert!(caught_up.try_recv().is_ok());
        }
        room.post("ada", "one too many", now).unwrap();
        assert!(caught_up.try_recv().is_ok());
        assert!(matches!(
            behind.try_recv(),
            Err(broadcast::error::TryRecvError::Lagged(1))
        ));
    }

    #[test]
    fn live_rooms_are_bounded() {
        let rooms = Arc::new(Rooms::new(Limits {
            max_rooms: 2,
            ..Limits::default()
        }));
        let a = rooms.enter("a").unwrap();
        let b = rooms.enter("b").unwrap();
        let a2 = rooms.enter("a").expect("an existing room is found");
        assert!(rooms.enter("c").is_none());
        assert_eq!(rooms.len(), 2);
        // Once b has no members it is gone, and c fits.
        drop(b);
        assert_eq!(rooms.len(), 1);
        assert!(rooms.enter("c").is_some_and(|c| c.name() == "c"));
        drop((a, a2));
        assert!(rooms.is_empty());
    }

    #[test]
    fn a_room_is_freed_with_its_last_member_and_its_history_with_it() {
        let rooms = Arc::new(Rooms::new(Limits::default()));
        let ada = rooms.enter("lobby").unwrap();
        let bob = rooms.enter("lobby").unwrap();
        ada.post("ada", "hello", Instant::now()).unwrap();
        let weak = Arc::downgrade(&ada.room);
        drop(ada);
        assert_eq!(rooms.len(), 1, "bob is still in it");
        assert_eq!(bob.join().0.len(), 1);
        drop(bob);
        assert!(rooms.is_empty());
        assert!(weak.upgrade().is_none(), "nothing else holds the room");
        let eve = rooms.enter("lobby").unwrap();
        assert!(eve.join().0.is_empty(), "a new room, with no history");
    }
}
