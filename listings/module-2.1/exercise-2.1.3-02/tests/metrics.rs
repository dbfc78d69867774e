use exercise_2_1_3_02::{Metrics, RouteStats};
use std::sync::Arc;
use std::thread;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn metrics_can_be_shared_between_threads() {
    assert_send_sync::<Metrics>();
}

#[test]
fn records_requests_and_server_errors() {
    let metrics = Metrics::new();
    metrics.record("GET /products", 200);
    metrics.record("GET /products", 503);
    metrics.record("DELETE /products/{id}", 404);
    assert_eq!(
        metrics.snapshot(),
        vec![
            (
                "DELETE /products/{id}".to_string(),
                RouteStats {
                    requests: 1,
                    server_errors: 0
                }
            ),
            (
                "GET /products".to_string(),
                RouteStats {
                    requests: 2,
                    server_errors: 1
                }
            ),
        ]
    );
}

#[test]
fn no_update_is_lost_under_contention() {
    let metrics = Arc::new(Metrics::default());
    let threads: Vec<_> = (0..8)
        .map(|worker| {
            let metrics = Arc::clone(&metrics);
            thread::spawn(move || {
                for i in 0..1_000 {
                    let status = if (worker + i) % 10 == 0 { 500 } else { 200 };
                    metrics.record(if i % 2 == 0 { "/a" } else { "/b" }, status);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a recording thread panicked");
    }
    let snapshot = metrics.snapshot();
    let total: u64 = snapshot.iter().map(|(_, stats)| stats.requests).sum();
    let errors: u64 = snapshot.iter().map(|(_, stats)| stats.server_errors).sum();
    assert_eq!(total, 8_000);
    assert_eq!(errors, 800);
    assert_eq!(snapshot[0].1.requests, 4_000);
}
