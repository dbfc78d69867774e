//! The generator against a server that closes some connections right after their join: the
//! closes are counted with their codes, and the messages those members were due to send are
//! unsent for want of a connection, counted in the percentiles as lower bounds.

use chat_load::report::{CloseCount, Outcome};
use chat_load::{Plan, run};
use futures_util::{SinkExt, StreamExt};
use loadgen::Arrival;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// Answers every request with ok and echoes each `new_msg` to its sender (one member per
/// room); closes `u1` and `u3` with 1008 after their join, and drops `u5` without a close frame.
async fn serve(listener: TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream));
    }
}

async fn connection(stream: TcpStream) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    while let Some(Ok(Message::Text(text))) = ws.next().await {
        let Ok(request) = serde_json::from_str::<Value>(&text) else {
            return;
        };
        let reply = json!([request[0], request[1], request[2], "phx_reply",
            {"status": "ok", "response": {}}]);
        if ws
            .send(Message::Text(reply.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
        match (request[3].as_str(), request[4]["user"].as_str()) {
            (Some("phx_join"), Some("u1" | "u3")) => {
                let frame = CloseFrame {
                    code: CloseCode::Policy,
                    reason: "go away".into(),
                };
                let _ = ws.close(Some(frame)).await;
                return;
            }
            (Some("phx_join"), Some("u5")) => return,
            (Some("new_msg"), _) => {
                let push = json!([null, null, request[2], "new_msg",
                    {"body": request[4]["body"]}]);
                if ws
                    .send(Message::Text(push.to_string().into()))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn plan(addr: SocketAddr) -> Plan {
    Plan {
        addrs: vec![addr],
        connections: 6,
        rooms: 6,
        rate: 30.0,
        duration: Duration::from_secs(1),
        arrival: Arrival::Uniform,
        seed: 1,
        concurrency: 6,
        quiet: Duration::from_millis(100),
        settle_max: Duration::from_secs(5),
        drain: Duration::from_millis(500),
        join_timeout: Duration::from_secs(5),
        server_pid: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_closes_are_counted_with_their_codes() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(serve(listener));
    let report = run(&plan(addr)).await.unwrap();

    assert_eq!(report.closed_by_server, 3, "{report}");
    assert_eq!(
        report.close_codes,
        [
            CloseCount {
                code: None,
                count: 1
            },
            CloseCount {
                code: Some(1008),
                count: 2
            },
        ]
    );
    // Member i sends message seq when seq % 6 == i: half of the 30 had no connection.
    assert_eq!(report.scheduled, 30);
    assert_eq!(report.unsent_connection_gone, 15, "{report}");
    assert_eq!(report.unsent_queue_full, 0);
    assert_eq!(report.accepted, 15);
    assert_eq!(
        (report.expected_deliveries, report.delivered, report.lost),
        (30, 15, 15)
    );
    assert_eq!(report.incomplete_messages, 15);
    assert!(
        report
            .incomplete
            .iter()
            .all(|m| m.outcome == Outcome::UnsentConnectionGone && m.received == 0)
    );
    // Half the deliveries are lower bounds of at least the drain: p50 is exact, p90 is not.
    let each = report.delivery.unwrap();
    assert_eq!((each.count, each.lower_bounds), (30, 15));
    assert!(each.p90_us >= 500_000, "{each:?}");
    assert!(each.lower_bound_from.is_some());
    let text = report.to_string();
    assert!(
        text.contains(
            "closed by the server: 3 connections (1008 policy violation ×2, no close frame ×1)"
        ),
        "{text}"
    );
    assert!(!report.is_complete());
    server.abort();
}
