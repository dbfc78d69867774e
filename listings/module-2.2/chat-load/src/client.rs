//! The client side of the protocol: connect, join, and the messages a member sends.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{WebSocketStream, client_async_with_config};

pub type Ws = WebSocketStream<TcpStream>;

/// The path Phoenix's JavaScript client connects to, with the V2 serializer.
pub const SOCKET_PATH: &str = "/socket/websocket?vsn=2.0.0";

/// Why a member could not connect or join.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot connect to {addr}: {source}")]
    Connect {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("WebSocket upgrade refused: {0}")]
    Upgrade(String),
    #[error("join of {topic} refused: {response}")]
    JoinRefused { topic: String, response: Value },
    #[error("the server closed the connection during the join")]
    Closed,
    #[error("no answer within {0:?}")]
    Timeout(Duration),
}

/// Connects and upgrades to a WebSocket.
pub async fn connect(addr: SocketAddr) -> Result<Ws, ClientError> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|source| ClientError::Connect { addr, source })?;
    let _ = stream.set_nodelay(true);
    let url = format!("ws://{addr}{SOCKET_PATH}");
    // Small buffers, as in chat-rs: the default 128 KiB read buffer is zeroed on every read.
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (ws, _) = client_async_with_config(url, stream, Some(config))
        .await
        .map_err(|error| ClientError::Upgrade(error.to_string()))?;
    Ok(ws)
}

/// Joins `topic` as `user` and waits for the reply, dropping whatever is pushed meanwhile
/// (a presence list, say). Returns the history the server sent.
pub async fn join(
    ws: &mut Ws,
    topic: &str,
    user: &str,
    timeout: Duration,
) -> Result<Value, ClientError> {
    let join = json!(["1", "1", topic, "phx_join", {"user": user}]).to_string();
    send_text(ws, join).await?;
    let answer = async {
        while let Some(Ok(message)) = ws.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            if value[1] == "1" && value[3] == "phx_reply" {
                let reply = &value[4];
                return if reply["status"] == "ok" {
                    Ok(reply["response"]["history"].clone())
                } else {
                    Err(ClientError::JoinRefused {
                        topic: topic.to_string(),
                        response: reply["response"].clone(),
                    })
                };
            }
        }
        Err(ClientError::Closed)
    };
    tokio::time::timeout(timeout, answer)
        .await
        .map_err(|_| ClientError::Timeout(timeout))?
}

/// The `new_msg` a member sends; its `ref` is the message's sequence number.
pub fn new_msg(topic: &str, seq: usize) -> String {
    json!(["1", seq.to_string(), topic, "new_msg", {"body": body(seq)}]).to_string()
}

/// A heartbeat, as Phoenix's client sends every 30 seconds.
pub fn heartbeat() -> String {
    json!([null, "hb", "phoenix", "heartbeat", {}]).to_string()
}

/// The body of message `seq`: what the receivers read the sequence number back from.
pub fn body(seq: usize) -> String {
    format!("load {seq}")
}

/// The sequence number in a body this generator sent, if it is one.
pub fn seq_of(body: &str) -> Option<usize> {
    body.strip_prefix("load ")?.parse().ok()
}

pub async fn send_text(ws: &mut Ws, text: String) -> Result<(), ClientError> {
    ws.send(Message::Text(text.into()))
        .await
        .map_err(|_| ClientError::Closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_their_sequence_number() {
        assert_eq!(seq_of(&body(42)), Some(42));
        assert_eq!(seq_of("hello"), None);
        assert_eq!(seq_of("load x"), None);
        let sent: Value = serde_json::from_str(&new_msg("room:r0", 7)).unwrap();
        assert_eq!(
            sent,
            json!(["1", "7", "room:r0", "new_msg", {"body": "load 7"}])
        );
    }
}
