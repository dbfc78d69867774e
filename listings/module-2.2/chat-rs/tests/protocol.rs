//! Black-box tests: a real server on a loopback port, driven over WebSocket.

use chat_rs::room::{Limits, Rooms};
use chat_rs::server::{self, Config};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error, Message};
use tokio_tungstenite::{WebSocketStream, client_async};

type Ws = WebSocketStream<TcpStream>;

struct Server {
    addr: SocketAddr,
    rooms: Arc<Rooms>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

async fn start(limits: Limits) -> Server {
    start_with(limits, Config::default()).await
}

async fn start_with(limits: Limits, config: Config) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, shutdown) = watch::channel(false);
    let rooms = Arc::new(Rooms::new(limits));
    let task = tokio::spawn(server::serve(
        listener,
        Arc::clone(&rooms),
        config,
        shutdown,
        Duration::from_secs(5),
    ));
    Server {
        addr,
        rooms,
        stop,
        task,
    }
}

async fn connect_to(addr: SocketAddr, path: &str) -> Result<Ws, Error> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (ws, _) = client_async(format!("ws://{addr}{path}"), stream).await?;
    Ok(ws)
}

async fn connect(addr: SocketAddr) -> Ws {
    connect_to(addr, "/socket/websocket?vsn=2.0.0")
        .await
        .unwrap()
}

async fn send(ws: &mut Ws, message: Value) {
    ws.send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next text message, decoded; fails the test after 5 s.
async fn recv(ws: &mut Ws) -> Value {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("no message within 5 s");
        match next {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

/// The close code the server ends the connection with.
async fn close_code(ws: &mut Ws) -> Option<CloseCode> {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("not closed within 5 s");
        match next {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code),
            Some(Ok(_)) => continue,
            _ => return None,
        }
    }
}

async fn join(ws: &mut Ws, join_ref: &str, room: &str, user: &str) -> Value {
    send(
        ws,
        json!([join_ref, join_ref, room, "phx_join", {"user": user}]),
    )
    .await;
    recv(ws).await
}

fn ok(join_ref: &str, msg_ref: &str, topic: &str, response: Value) -> Value {
    json!([join_ref, msg_ref, topic, "phx_reply", {"status": "ok", "response": response}])
}

fn refused(join_ref: Option<&str>, msg_ref: &str, topic: &str, reason: &str) -> Value {
    json!([join_ref, msg_ref, topic, "phx_reply", {"status": "error", "response": {"reason": reason}}])
}

#[tokio::test]
async fn heartbeat_join_and_broadcast_to_every_member() {
    let server = start(Limits::default()).await;
    let mut ada = connect(server.addr).await;
    send(&mut ada, json!([null, "1", "phoenix", "heartbeat", {}])).await;
    assert_eq!(
        recv(&mut ada).await,
        json!([null, "1", "phoenix", "phx_reply", {"status": "ok", "response": {}}])
    );

    let reply = join(&mut ada, "2", "room:lobby", "ada").await;
    assert_eq!(reply, ok("2", "2", "room:lobby", json!({"history": []})));
    let mut bob = connect(server.addr).await;
    join(&mut bob, "1", "room:lobby", "bob").await;

    send(
        &mut ada,
        json!(["2", "3", "room:lobby", "new_msg", {"body": "hello"}]),
    )
    .await;
    assert_eq!(recv(&mut ada).await, ok("2", "3", "room:lobby", json!({})));
    for ws in [&mut ada, &mut bob] {
        let pushed = recv(ws).await;
        assert_eq!(
            (&pushed[2], &pushed[3]),
            (&json!("room:lobby"), &json!("new_msg"))
        );
        assert_eq!(pushed[4]["user"], "ada");
        assert_eq!(pushed[4]["body"], "hello");
    }

    // A later joiner receives the history.
    let mut eve = connect(server.addr).await;
    let reply = join(&mut eve, "1", "room:lobby", "eve").await;
    assert_eq!(reply[4]["response"]["history"][0]["body"], "hello");
    server.stop.send(true).unwrap();
    assert_eq!(close_code(&mut eve).await, Some(CloseCode::Away));
    server.task.await.unwrap();
}

#[tokio::test]
async fn refusals_leave_the_channel_working() {
    let server = start(Limits::default()).await;
    let mut ada = connect(server.addr).await;
    let reply = join(&mut ada, "1", "lobby", "ada").await;
    assert_eq!(reply, refused(Some("1"), "1", "lobby", "unmatched topic"));
    let reply = join(&mut ada, "2", "room:lobby", "no spaces").await;
    assert_eq!(reply, refused(Some("2"), "2", "room:lobby", "invalid user"));
    join(&mut ada, "3", "room:lobby", "ada").await;

    let long = "x".repeat(4097);
    send(
        &mut ada,
        json!(["3", "4", "room:lobby", "new_msg", {"body": long}]),
    )
    .await;
    assert_eq!(
        recv(&mut ada).await,
        refused(Some("3"), "4", "room:lobby", "too_long")
    );

    // The burst of 10 goes through; the 11th is refused.
    for n in 0..11 {
        let msg_ref = format!("m{n}");
        send(
            &mut ada,
            json!(["3", msg_ref, "room:lobby", "new_msg", {"body": "hi"}]),
        )
        .await;
    }
    let (mut replies, mut pushes) = (Vec::new(), 0);
    // Replies and broadcasts interleave; every accepted message comes back as a push too.
    while replies.len() < 11 || pushes < 10 {
        let message = recv(&mut ada).await;
        match message[3].as_str() {
            Some("phx_reply") => replies.push(message[4]["status"].clone()),
            _ => pushes += 1,
        }
    }
    assert_eq!(replies.iter().filter(|s| *s == "ok").count(), 10);
    assert_eq!(replies.last(), Some(&json!("error")));
    assert_eq!(pushes, 10);

    // A topic not joined is refused, and the socket is still in good order.
    send(
        &mut ada,
        json!(["9", "20", "room:other", "new_msg", {"body": "hi"}]),
    )
    .await;
    assert_eq!(
        recv(&mut ada).await,
        refused(Some("9"), "20", "room:other", "unmatched topic")
    );
    send(&mut ada, json!([null, "21", "phoenix", "heartbeat", {}])).await;
    loop {
        let message = recv(&mut ada).await;
        if message[1] == "21" {
            assert_eq!(message[4]["status"], "ok");
            break;
        }
    }
}

#[tokio::test]
async fn a_second_join_closes_the_first_and_leave_closes_the_channel() {
    let server = start(Limits::default()).await;
    let mut ada = connect(server.addr).await;
    join(&mut ada, "1", "room:lobby", "ada").await;
    send(
        &mut ada,
        json!(["5", "5", "room:lobby", "phx_join", {"user": "ada"}]),
    )
    .await;
    assert_eq!(
        recv(&mut ada).await,
        json!(["1", "1", "room:lobby", "phx_close", {}])
    );
    assert_eq!(
        recv(&mut ada).await,
        ok("5", "5", "room:lobby", json!({"history": []}))
    );

    send(&mut ada, json!(["5", "6", "room:lobby", "phx_leave", {}])).await;
    assert_eq!(recv(&mut ada).await, ok("5", "6", "room:lobby", json!({})));
    assert_eq!(
        recv(&mut ada).await,
        json!(["5", "5", "room:lobby", "phx_close", {}])
    );
}

#[tokio::test]
async fn bad_frames_close_only_their_own_connection() {
    let server = start(Limits::default()).await;
    let mut bystander = connect(server.addr).await;
    join(&mut bystander, "1", "room:lobby", "bob").await;

    let mut binary = connect(server.addr).await;
    binary
        .send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(close_code(&mut binary).await, Some(CloseCode::Unsupported));

    for bad in [
        "not json",
        r#"["1","1","room:lobby","phx_join"]"#,
        r#"{"a":1}"#,
    ] {
        let mut ws = connect(server.addr).await;
        ws.send(Message::Text(bad.into())).await.unwrap();
        assert_eq!(close_code(&mut ws).await, Some(CloseCode::Invalid), "{bad}");
    }

    let mut oversized = connect(server.addr).await;
    let big = format!(
        r#"[null,"1","phoenix","heartbeat",{{"pad":"{}"}}]"#,
        "x".repeat(70_000)
    );
    // The server may close before the whole frame is written.
    let _ = oversized.send(Message::Text(big.into())).await;
    assert_eq!(close_code(&mut oversized).await, Some(CloseCode::Size));

    let wrong_path = connect_to(server.addr, "/socket/websocket").await;
    assert!(matches!(wrong_path, Err(Error::Http(response)) if response.status() == 400));
    let wrong_path = connect_to(server.addr, "/elsewhere?vsn=2.0.0").await;
    assert!(matches!(wrong_path, Err(Error::Http(response)) if response.status() == 404));

    send(
        &mut bystander,
        json!(["1", "2", "room:lobby", "new_msg", {"body": "still here"}]),
    )
    .await;
    assert_eq!(
        recv(&mut bystander).await,
        ok("1", "2", "room:lobby", json!({}))
    );
}

#[tokio::test]
async fn joins_per_socket_are_bounded() {
    let server = start(Limits::default()).await;
    let mut ws = connect(server.addr).await;
    let max = Config::default().max_channels;
    for n in 0..max {
        let reply = join(&mut ws, &n.to_string(), &format!("room:r{n}"), "ada").await;
        assert_eq!(reply[4]["status"], "ok");
    }
    let reply = join(&mut ws, "x", "room:one-too-many", "ada").await;
    assert_eq!(
        reply,
        refused(
            Some("x"),
            "x",
            "room:one-too-many",
            "too many channels joined"
        )
    );
}

/// The reply to request `msg_ref`, skipping what comes before it (a `phx_close`, a push).
async fn reply_to(ws: &mut Ws, msg_ref: &str) -> Value {
    loop {
        let message = recv(ws).await;
        if message[1] == msg_ref && message[3] == "phx_reply" {
            return message;
        }
    }
}

#[tokio::test]
async fn joins_per_socket_are_rate_limited() {
    let config = Config {
        join_rate_per_sec: 0.001,
        join_burst: 3.0,
        ..Config::default()
    };
    let server = start_with(Limits::default(), config).await;
    let mut ws = connect(server.addr).await;
    // Rejoins and unmatched topics spend a token as well: the limit is on what is asked.
    for (n, topic) in ["room:a", "room:a", "lobby"].into_iter().enumerate() {
        let n = n.to_string();
        send(&mut ws, json!([n, n, topic, "phx_join", {"user": "ada"}])).await;
        let reply = reply_to(&mut ws, &n).await;
        let expected = if topic == "lobby" { "error" } else { "ok" };
        assert_eq!(reply[4]["status"], expected, "{reply}");
    }
    let reply = join(&mut ws, "9", "room:b", "ada").await;
    assert_eq!(
        reply,
        refused(Some("9"), "9", "room:b", "join rate limited")
    );
    // The channel already joined still works.
    send(
        &mut ws,
        json!(["1", "10", "room:a", "new_msg", {"body": "hi"}]),
    )
    .await;
    assert_eq!(
        reply_to(&mut ws, "10").await,
        ok("1", "10", "room:a", json!({}))
    );
}

#[tokio::test]
async fn a_room_is_freed_when_its_last_member_leaves() {
    let server = start(Limits {
        max_rooms: 1,
        ..Limits::default()
    })
    .await;
    let mut ada = connect(server.addr).await;
    join(&mut ada, "1", "room:lobby", "ada").await;
    send(
        &mut ada,
        json!(["1", "2", "room:lobby", "new_msg", {"body": "hello"}]),
    )
    .await;
    reply_to(&mut ada, "2").await;
    let mut bob = connect(server.addr).await;
    let reply = join(&mut bob, "1", "room:other", "bob").await;
    assert_eq!(
        reply,
        refused(Some("1"), "1", "room:other", "too many rooms")
    );

    send(&mut ada, json!(["1", "3", "room:lobby", "phx_leave", {}])).await;
    reply_to(&mut ada, "3").await;
    // The cap counts the rooms that exist: with the lobby gone, another fits...
    let reply = join(&mut bob, "2", "room:other", "bob").await;
    assert_eq!(reply, ok("2", "2", "room:other", json!({"history": []})));
    // ...and a socket that closes leaves its rooms too.
    bob.close(None).await.unwrap();
    let _ = close_code(&mut bob).await;
    let mut eve = connect(server.addr).await;
    for attempt in 0.. {
        let join_ref = attempt.to_string();
        let reply = join(&mut eve, &join_ref, "room:lobby", "eve").await;
        if reply[4]["status"] == "ok" {
            // A new lobby: the old one went with its history.
            assert_eq!(
                reply,
                ok(&join_ref, &join_ref, "room:lobby", json!({"history": []}))
            );
            break;
        }
        // The server sees bob's close a moment after bob does.
        assert!(attempt < 50, "{reply}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped() {
    let config = Config {
        write_timeout: Duration::from_millis(300),
        ..Config::default()
    };
    let limits = Limits {
        rate_per_sec: 1e6,
        burst: 1e6,
        ..Limits::default()
    };
    let server = start_with(limits, config).await;
    // A reader with a small receive buffer, so that the server's writes to it block soon. It
    // is alone in room:solo, which exists as long as the server keeps it.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(server.addr).await.unwrap();
    let url = format!("ws://{}/socket/websocket?vsn=2.0.0", server.addr);
    let (mut stuck, _) = client_async(url, stream).await.unwrap();
    join(&mut stuck, "1", "room:lobby", "stuck").await;
    join(&mut stuck, "2", "room:solo", "stuck").await;

    let mut ada = connect(server.addr).await;
    join(&mut ada, "1", "room:lobby", "ada").await;
    let (mut write, mut read) = ada.split();
    let ada_frames = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&ada_frames);
    let ada_in = tokio::spawn(async move {
        while let Some(Ok(_)) = read.next().await {
            counted.fetch_add(1, Ordering::Relaxed);
        }
        counted.load(Ordering::Relaxed)
    });
    let rooms = Arc::clone(&server.rooms);
    assert_eq!(rooms.len(), 2);
    // 12 MB of 4 KiB bodies: more than the kernel buffers to the reader hold (4 MB of send
    // buffer at most, by default), in batches of 20, each read by the sender before the next.
    let body = "x".repeat(4096);
    for n in 0..3_000 {
        let message = json!(["1", n.to_string(), "room:lobby", "new_msg", {"body": body}]);
        let message = Message::Text(message.to_string().into());
        write.send(message).await.unwrap();
        if n % 20 == 19 {
            // Ada reads her reply and her own broadcast of each message: let her catch up
            // before the next batch, so that on a busy machine she is not the one who falls
            // more than the broadcast's 128 slots behind and is closed with 1013.
            let sent = n + 1;
            for _ in 0..200 {
                if ada_frames.load(Ordering::Relaxed) >= 2 * sent {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        if rooms.len() == 1 {
            break;
        }
    }
    // The server lets go of the reader, and so of room:solo.
    for _ in 0..100 {
        if rooms.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        rooms.len(),
        1,
        "the server still holds a client that reads nothing"
    );
    // The writer, who reads, is still served.
    assert!(!ada_in.is_finished());
    write.close().await.unwrap();
    let frames = tokio::time::timeout(Duration::from_secs(10), ada_in).await;
    assert!(frames.is_ok_and(|frames| frames.unwrap() > 0));
    drop(stuck);
}
