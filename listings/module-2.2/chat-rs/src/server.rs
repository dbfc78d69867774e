//! The WebSocket endpoint: one Tokio task per connection, which decodes each frame, answers it,
//! and forwards the broadcasts of the rooms it has joined.
//!
//! Every way a client can misbehave has a bound: the upgrade must arrive within
//! `handshake_timeout`, a frame may be `max_frame` bytes, a socket may join `max_channels`
//! rooms and make `join_burst` joins at once, then `join_rate_per_sec` a second (so it cannot
//! churn through room names), a socket that sends nothing (not even a heartbeat) for
//! `idle_timeout` is closed, and one that stops reading is dropped once a write has waited
//! `write_timeout`, so that it holds neither its task nor its buffers.
//! Bad input closes that one connection with a close code that says why; nothing a client
//! sends can take the server down.

use crate::protocol::{self, Frame};
use crate::room::{Membership, Rooms, TokenBucket};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_stream::StreamMap;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message, Utf8Bytes};

/// The endpoint's bounds.
#[derive(Clone, Debug)]
pub struct Config {
    pub max_frame: usize,
    pub max_channels: usize,
    /// Joins a socket may make a second, after...
    pub join_rate_per_sec: f64,
    /// ...a burst of this many.
    pub join_burst: f64,
    pub handshake_timeout: Duration,
    pub idle_timeout: Duration,
    /// How long one write may wait for the client to read.
    pub write_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_frame: 64 * 1024,
            max_channels: 100,
            // As the Elixir chat: a burst of max_channels, since phoenix.js rejoins every
            // channel at once after a reconnect, then 10 a second.
            join_rate_per_sec: 10.0,
            join_burst: 100.0,
            handshake_timeout: Duration::from_secs(10),
            // Phoenix's JS client sends a heartbeat every 30 s; Phoenix's default timeout is 60 s.
            idle_timeout: Duration::from_secs(60),
            // The Elixir chat's send_timeout.
            write_timeout: Duration::from_secs(5),
        }
    }
}

/// Accepts connections until `shutdown` turns true, then closes every connection with 1001
/// (going away) and waits for them, at most `drain` long.
pub async fn serve(
    listener: TcpListener,
    rooms: Arc<Rooms>,
    config: Config,
    mut shutdown: watch::Receiver<bool>,
    drain: Duration,
) {
    let config = Arc::new(config);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let (rooms, config) = (Arc::clone(&rooms), Arc::clone(&config));
                    connections.spawn(connection(stream, rooms, config, shutdown.clone()));
                }
                // Out of file descriptors, say: wait a moment instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            // Reap finished connections so the set does not grow with every one ever accepted.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped(&mut shutdown) => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(drain, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

/// Resolves once shutdown is asked for (the guard that `wait_for` returns is dropped here, so
/// the future can move between threads).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// The upgrade is accepted only at Phoenix's path, `/socket/websocket?vsn=2.0.0`.
#[expect(
    clippy::result_large_err,
    reason = "the signature is tungstenite's handshake callback"
)]
fn check_path(request: &Request, response: Response) -> Result<Response, ErrorResponse> {
    let uri = request.uri();
    let vsn2 = uri
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair == "vsn=2.0.0"));
    let status = match (uri.path(), vsn2) {
        ("/socket/websocket", true) => return Ok(response),
        ("/socket/websocket", false) => StatusCode::BAD_REQUEST,
        _ => StatusCode::NOT_FOUND,
    };
    let mut refusal = ErrorResponse::new(Some(status.canonical_reason().unwrap_or("").into()));
    *refusal.status_mut() = status;
    Err(refusal)
}

async fn connection(
    stream: TcpStream,
    rooms: Arc<Rooms>,
    config: Arc<Config>,
    shutdown: watch::Receiver<bool>,
) {
    let ws_config = WebSocketConfig::default()
        // tungstenite's default 128 KiB read buffer is zeroed on every read: with a thousand
        // members that memset was 59% of the server's CPU time (perf), and the buffers were
        // most of its memory per connection. Chat frames are small.
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_frame_size(Some(config.max_frame))
        .max_message_size(Some(config.max_frame));
    let upgrade =
        tokio_tungstenite::accept_hdr_async_with_config(stream, check_path, Some(ws_config));
    // A client that opens a connection and dribbles its request is cut off here.
    let Ok(Ok(ws)) = tokio::time::timeout(config.handshake_timeout, upgrade).await else {
        return;
    };
    Connection {
        ws,
        rooms,
        joins: TokenBucket::full(config.join_burst, Instant::now()),
        config,
        joined: HashMap::new(),
        broadcasts: StreamMap::new(),
    }
    .run(shutdown)
    .await;
}

/// A room this socket has joined.
struct Joined {
    join_ref: Option<String>,
    user: String,
    room: Membership,
}

struct Connection {
    ws: WebSocketStream<TcpStream>,
    rooms: Arc<Rooms>,
    config: Arc<Config>,
    /// The socket's join rate limit.
    joins: TokenBucket,
    joined: HashMap<String, Joined>,
    broadcasts: StreamMap<String, BroadcastStream<Utf8Bytes>>,
}

/// What to do after a frame.
enum Next {
    Continue,
    Close(CloseCode, &'static str),
}

/// Why a write failed.
enum WriteError {
    /// The connection is gone.
    Closed,
    /// The client has not read for `write_timeout`.
    Timeout,
}

/// A client that stops reading is told so with 1008 (policy violation: it broke the rule that a
/// client reads what it is sent), as far as it can be told: its buffers are full, so the close
/// frame rarely gets through, and the connection is dropped either way. A client that reads but
/// too slowly to keep up with its rooms is closed with 1013 (try again later) instead.
const STOPPED_READING: (CloseCode, &str) = (CloseCode::Policy, "write timeout");

impl Connection {
    // ANCHOR: chat_rs_loop
    async fn run(mut self, mut shutdown: watch::Receiver<bool>) {
        let mut deadline = tokio::time::Instant::now() + self.config.idle_timeout;
        let close = loop {
            tokio::select! {
                incoming = self.ws.next() => {
                    let message = match incoming {
                        Some(Ok(message)) => message,
                        // tungstenite refuses the frame from its header, before reading the
                        // payload, but sends nothing: say why, or the client sees only 1006.
                        Some(Err(WsError::Capacity(_))) => {
                            self.close(CloseCode::Size, "message too big").await;
                            self.discard_input().await;
                            return;
                        }
                        // The peer went away, or broke the framing.
                        _ => return,
                    };
                    deadline = tokio::time::Instant::now() + self.config.idle_timeout;
                    match self.on_message(message).await {
                        Next::Continue => {}
                        Next::Close(code, reason) => break (code, reason),
                    }
                }
                Some((_, item)) = self.broadcasts.next(), if !self.broadcasts.is_empty() => {
                    match item {
                        Ok(text) => match self.write(text).await {
                            Ok(()) => {}
                            Err(WriteError::Timeout) => break STOPPED_READING,
                            Err(WriteError::Closed) => return,
                        },
                        Err(BroadcastStreamRecvError::Lagged(_)) => {
                            break (CloseCode::Again, "too far behind");
                        }
                    }
                }
                // 1001, as the Elixir chat: a client gone quiet may come back.
                _ = tokio::time::sleep_until(deadline) => break (CloseCode::Away, "heartbeat timeout"),
                _ = stopped(&mut shutdown) => break (CloseCode::Away, "server shutting down"),
            }
        };
        let (code, reason) = close;
        self.close(code, reason).await;
    }
    // ANCHOR_END: chat_rs_loop

    /// Sends one message, waiting at most `write_timeout` for the client to take it.
    async fn write(&mut self, text: Utf8Bytes) -> Result<(), WriteError> {
        match tokio::time::timeout(self.config.write_timeout, self.ws.send(Message::Text(text)))
            .await
        {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(WriteError::Closed),
            Err(_) => Err(WriteError::Timeout),
        }
    }

    /// Sends a close frame, giving up after `write_timeout`: the connection is dropped after
    /// this whether the client saw it or not.
    async fn close(&mut self, code: CloseCode, reason: &'static str) {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = tokio::time::timeout(self.config.write_timeout, self.ws.close(Some(frame))).await;
    }

    /// Reads and drops what the client is still sending (the rest of an oversized frame) until
    /// it closes, at most `write_timeout`: a socket closed with unread input is reset, and the
    /// reset can destroy the close frame before the client reads it.
    async fn discard_input(&mut self) {
        use tokio::io::AsyncReadExt;
        let mut scrap = [0u8; 4096];
        let stream = self.ws.get_mut();
        let _ = tokio::time::timeout(self.config.write_timeout, async {
            while matches!(stream.read(&mut scrap).await, Ok(n) if n > 0) {}
        })
        .await;
    }

    async fn on_message(&mut self, message: Message) -> Next {
        let text = match message {
            Message::Text(text) => text,
            Message::Binary(_) => return Next::Close(CloseCode::Unsupported, "text frames only"),
            // tungstenite answers pings itself and completes the closing handshake.
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => return Next::Continue,
            Message::Close(_) => return Next::Continue,
        };
        let frame = match protocol::decode(text.as_str()) {
            Ok(frame) => frame,
            Err(_) => return Next::Close(CloseCode::Invalid, "not a V2 message"),
        };
        let replies = self.handle(&frame);
        for reply in replies {
            match self.write(reply.into()).await {
                Ok(()) => {}
                Err(WriteError::Timeout) => {
                    return Next::Close(STOPPED_READING.0, STOPPED_READING.1);
                }
                Err(WriteError::Closed) => return Next::Close(CloseCode::Error, "send failed"),
            }
        }
        Next::Continue
    }

    /// The messages that answer `frame`, in order.
    fn handle(&mut self, frame: &Frame) -> Vec<String> {
        let error = |reason: &str| vec![protocol::reply(frame, false, json!({"reason": reason}))];
        match (frame.topic.as_str(), frame.event.as_str()) {
            ("phoenix", "heartbeat") => vec![protocol::reply(frame, true, json!({}))],
            (_, "phx_join") => self.join(frame),
            (topic, "phx_leave") => {
                let mut out = vec![protocol::reply(frame, true, json!({}))];
                if let Some(old) = self.leave(topic) {
                    out.push(close_message(topic, old.join_ref.as_deref()));
                }
                out
            }
            (topic, event) => {
                let Some(joined) = self.joined.get(topic) else {
                    return error("unmatched topic");
                };
                match (event, frame.payload.get("body")) {
                    ("new_msg", Some(Value::String(body))) => {
                        match joined.room.post(&joined.user, body, Instant::now()) {
                            Ok(()) => vec![protocol::reply(frame, true, json!({}))],
                            Err(refused) => error(&refused.to_string()),
                        }
                    }
                    ("new_msg", _) => error("invalid body"),
                    _ => error("unknown event"),
                }
            }
        }
    }

    fn join(&mut self, frame: &Frame) -> Vec<String> {
        let error = |reason: &str| vec![protocol::reply(frame, false, json!({"reason": reason}))];
        let topic = frame.topic.as_str();
        // As in the Elixir chat: a join refused for the channel limit costs no token, and any
        // other join does, matched or not, so that the limit is on what the client asks for.
        // A second join of a joined topic replaces the first and so adds no channel.
        if !self.joined.contains_key(topic) && self.joined.len() >= self.config.max_channels {
            return error("too many channels joined");
        }
        let (rate, burst) = (self.config.join_rate_per_sec, self.config.join_burst);
        if !self.joins.take(rate, burst, Instant::now()) {
            return error("join rate limited");
        }
        let Some(name) = topic.strip_prefix("room:").filter(|name| valid_room(name)) else {
            return error("unmatched topic");
        };
        let user = match frame.payload.get("user") {
            Some(Value::String(user)) if valid_user(user) => user.clone(),
            _ => return error("invalid user"),
        };
        // Entered before the old join is left, so that a rejoin keeps the room (and its
        // history) alive.
        let Some(room) = self.rooms.enter(name) else {
            return error("too many rooms");
        };
        let mut out = Vec::new();
        // A second join of the same topic replaces the first, as in Phoenix: the old join is
        // closed, so that a client that rejoins after a glitch does not receive everything twice.
        if let Some(old) = self.leave(topic) {
            out.push(close_message(topic, old.join_ref.as_deref()));
        }
        let (history, receiver) = room.join();
        self.broadcasts
            .insert(frame.topic.clone(), BroadcastStream::new(receiver));
        self.joined.insert(
            frame.topic.clone(),
            Joined {
                join_ref: frame.join_ref.clone(),
                user,
                room,
            },
        );
        out.push(protocol::reply(frame, true, json!({"history": history})));
        out
    }

    fn leave(&mut self, topic: &str) -> Option<Joined> {
        self.broadcasts.remove(topic);
        self.joined.remove(topic)
    }
}

fn close_message(topic: &str, join_ref: Option<&str>) -> String {
    protocol::encode(join_ref, join_ref, topic, "phx_close", &json!({}))
}

/// 1 to 32 of `A-Z a-z 0-9 _ -`.
pub fn valid_user(user: &str) -> bool {
    (1..=32).contains(&user.len())
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Room names follow the same rule, up to 64 bytes.
fn valid_room(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names() {
        assert!(valid_user("ada_lovelace-1"));
        assert!(valid_user(&"a".repeat(32)));
        assert!(!valid_user(""));
        assert!(!valid_user(&"a".repeat(33)));
        assert!(!valid_user("ada lovelace"));
        assert!(!valid_user("adé"));
    }
}
