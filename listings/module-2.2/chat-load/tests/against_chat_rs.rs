//! The generator against a real server: `chat-rs`, started in this process.

use chat_load::{Plan, RunError, run};
use chat_rs::room::{Limits, Rooms};
use chat_rs::server::{self, Config};
use loadgen::Arrival;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

fn plan(addr: SocketAddr, connections: usize, rooms: usize, rate: f64) -> Plan {
    Plan {
        addrs: vec![addr],
        connections,
        rooms,
        rate,
        duration: Duration::from_secs(1),
        arrival: Arrival::Uniform,
        seed: 1,
        concurrency: 8,
        quiet: Duration::from_millis(50),
        settle_max: Duration::from_secs(5),
        drain: Duration::from_secs(5),
        join_timeout: Duration::from_secs(5),
        server_pid: Some(std::process::id()),
    }
}

async fn start(limits: Limits) -> (SocketAddr, watch::Sender<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, shutdown) = watch::channel(false);
    let rooms = Arc::new(Rooms::new(limits));
    tokio::spawn(server::serve(
        listener,
        rooms,
        Config::default(),
        shutdown,
        Duration::from_secs(1),
    ));
    (addr, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_of_a_room_receives_every_message() {
    let (addr, stop) = start(Limits::default()).await;
    let report = run(&plan(addr, 20, 2, 40.0)).await.unwrap();
    assert!(report.is_complete(), "{report}");
    assert_eq!(report.scheduled, 40);
    assert_eq!(report.accepted, 40);
    // Ten members per room, the sender included.
    assert_eq!(report.expected_deliveries, 400);
    assert_eq!(report.delivered, 400);
    let last = report.last_delivery.unwrap();
    assert_eq!(last.count, 40);
    let each = report.delivery.unwrap();
    assert_eq!(each.count, 400);
    assert!(each.p50_us <= last.p50_us && last.max_us >= each.max_us);
    assert!(report.memory.server_joined_kib.is_some());
    stop.send(true).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_counted_not_hidden() {
    // One member sending 30 messages in a second, against a burst of 10 and 5 per second.
    let (addr, stop) = start(Limits::default()).await;
    let report = run(&plan(addr, 1, 1, 30.0)).await.unwrap();
    assert!(!report.is_complete());
    assert!(report.rate_limited >= 10, "{report}");
    assert_eq!(report.accepted + report.rate_limited, 30);
    assert_eq!(report.delivered, report.accepted);
    stop.send(true).unwrap();
}

#[tokio::test]
async fn nothing_listening_is_an_error_not_a_report() {
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let error = run(&plan(addr, 2, 1, 1.0)).await.unwrap_err();
    assert!(matches!(error, RunError::Client(_)), "{error}");
}
