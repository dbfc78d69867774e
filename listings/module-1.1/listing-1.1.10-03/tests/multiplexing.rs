//! What each protocol needs for twenty requests at once, counted by the server.
use listing_1_1_10_03::{Protocol, WORK, http1_over, http2_all_at_once, start_server};
use std::sync::atomic::Ordering;
use std::time::Instant;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn http2_serves_all_requests_at_once_on_one_connection() {
    runtime().block_on(async {
        let (address, counters) = start_server(Protocol::Http2 { max_streams: 100 })
            .await
            .unwrap();
        assert_eq!(http2_all_at_once(address, 20).await.unwrap(), 20);
        assert_eq!(counters.requests.load(Ordering::Relaxed), 20);
        assert_eq!(counters.connections.load(Ordering::Relaxed), 1);
        // The first request alone, then the other nineteen together.
        assert_eq!(counters.most_at_once.load(Ordering::Relaxed), 19);
    });
}

#[test]
fn the_stream_limit_caps_what_one_connection_may_ask_at_once() {
    runtime().block_on(async {
        let (address, counters) = start_server(Protocol::Http2 { max_streams: 5 })
            .await
            .unwrap();
        let started = Instant::now();
        assert_eq!(http2_all_at_once(address, 20).await.unwrap(), 20);
        assert_eq!(counters.requests.load(Ordering::Relaxed), 20);
        assert_eq!(counters.connections.load(Ordering::Relaxed), 1);
        assert_eq!(counters.most_at_once.load(Ordering::Relaxed), 5);
        // The first request, then nineteen in four waves: 5, 5, 5 and 4.
        assert!(started.elapsed() >= WORK * 5);
    });
}

#[test]
fn http1_carries_one_request_at_a_time_per_connection() {
    runtime().block_on(async {
        let (address, counters) = start_server(Protocol::Http1).await.unwrap();
        let started = Instant::now();
        assert_eq!(http1_over(address, 10, 1).await.unwrap(), 10);
        assert_eq!(counters.requests.load(Ordering::Relaxed), 10);
        assert!(started.elapsed() >= WORK * 10);
        assert_eq!(counters.connections.load(Ordering::Relaxed), 1);
        assert_eq!(counters.most_at_once.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn http1_needs_a_connection_per_concurrent_request() {
    runtime().block_on(async {
        let (address, counters) = start_server(Protocol::Http1).await.unwrap();
        assert_eq!(http1_over(address, 20, 20).await.unwrap(), 20);
        assert_eq!(counters.requests.load(Ordering::Relaxed), 20);
        assert_eq!(counters.connections.load(Ordering::Relaxed), 20);
        assert_eq!(counters.most_at_once.load(Ordering::Relaxed), 20);
    });
}
