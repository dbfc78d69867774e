//! The library against real servers on loopback: rates, the coordinated-omission correction,
//! and the bounds.
use loadgen::stall_server::{self, Counters, StallConfig};
use loadgen::{Arrival, Config, RequestTemplate, Target, run};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::net::TcpListener;

/// Starts a stall server on a free loopback port; it stops when the test's runtime does.
async fn start(config: StallConfig) -> (Target, Arc<Counters>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let counters = Arc::new(Counters::default());
    tokio::spawn(stall_server::serve(
        listener,
        config,
        Arc::clone(&counters),
        std::future::pending(),
    ));
    (Target::parse(&url).unwrap(), counters)
}

fn config(target: Target, rate: f64, duration: Duration) -> Config {
    Config {
        target,
        rate,
        duration,
        arrival: Arrival::Uniform,
        seed: 1,
        connections: 8,
        max_outstanding: 256,
        timeout: Duration::from_secs(2),
        request: RequestTemplate::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fast_server_gets_the_offered_rate() {
    let (target, counters) = start(StallConfig::default()).await;
    let report = run(&config(target, 200.0, Duration::from_secs(2)))
        .await
        .unwrap();
    assert_eq!(report.scheduled, 400, "200 req/s for 2 s");
    assert_eq!((report.sent, report.responses), (400, 400));
    assert!(report.is_complete(), "{report}");
    // Achieved is counted up to the last response, so a slow machine lowers it a little.
    assert!(
        (170.0..=205.0).contains(&report.achieved_rate),
        "achieved {} req/s",
        report.achieved_rate
    );
    assert_eq!(counters.requests.load(Ordering::Relaxed), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poisson_arrivals_average_the_offered_rate() {
    let (target, _counters) = start(StallConfig::default()).await;
    let report = run(&Config {
        arrival: Arrival::Poisson,
        seed: 42,
        ..config(target, 300.0, Duration::from_secs(2))
    })
    .await
    .unwrap();
    // 600 expected; the schedule for seed 42 is fixed, so this does not flake.
    assert!((540..=660).contains(&report.scheduled), "{report}");
    assert_eq!(report.responses, report.scheduled, "{report}");
    assert!(
        (265.0..=335.0).contains(&report.achieved_rate),
        "achieved {} req/s",
        report.achieved_rate
    );
}

// ANCHOR: stall_test
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_counts_from_the_intended_start_when_the_server_stalls() {
    // The server stops answering for the last 500 ms of every second. With one connection, the
    // request in flight waits up to 500 ms; the next 50 or so are due during the stall and wait
    // in our queue.
    let (target, _counters) = start(StallConfig {
        every: Some(Duration::from_secs(1)),
        stall_for: Duration::from_millis(500),
        ..StallConfig::default()
    })
    .await;
    let report = run(&Config {
        connections: 1,
        ..config(target, 100.0, Duration::from_secs(2))
    })
    .await
    .unwrap();
    assert!(report.is_complete(), "{report}");
    let latency = report.latency.unwrap();
    let service = report.service_time.unwrap();
    // From the intended start, half of the requests waited up to 500 ms: the p90 is the request
    // due a fifth of the way into a stall, which waited about 400 ms.
    assert!(latency.p90_us > 200_000, "{report}");
    assert!(latency.max_us > 400_000, "{report}");
    // Timed from when each was sent, as a closed-loop tool does, only the one request caught
    // on the wire saw the stall: the other waits vanish.
    assert!(service.p90_us < 100_000, "{report}");
    assert!(service.max_us > 400_000, "{report}");
}
// ANCHOR_END: stall_test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outstanding_requests_are_bounded_and_the_shortfall_counted() {
    // A server that accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream); // keep it open, read nothing, answer nothing
        }
    });
    let report = run(&Config {
        connections: 4,
        max_outstanding: 8,
        timeout: Duration::from_millis(500),
        ..config(
            Target::parse(&url).unwrap(),
            100.0,
            Duration::from_millis(300),
        )
    })
    .await
    .unwrap();
    assert_eq!(report.scheduled, 30);
    assert_eq!(report.peak_outstanding, 8, "{report}");
    // 8 were issued: 4 on the wire, 4 queued. The other 22 found every slot taken.
    assert_eq!(report.sent, 8, "{report}");
    assert_eq!(
        report.stalled, 1,
        "the pacer waited once, until the end of the run"
    );
    assert_eq!(report.unsent, 22, "{report}");
    assert_eq!(report.timeouts, 8, "{report}");
    assert_eq!(report.responses, 0);
    assert!(report.latency.is_none());
    assert!(!report.is_complete());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_carry_their_body_with_the_sequence_number() {
    let (target, counters) = start(StallConfig::default()).await;
    let report = run(&Config {
        request: RequestTemplate {
            method: hyper::Method::POST,
            headers: vec![(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("text/plain"),
            )],
            body: bytes::Bytes::from_static(b"n={seq}"),
        },
        ..config(target, 100.0, Duration::from_millis(500))
    })
    .await
    .unwrap();
    assert_eq!(report.responses, 50, "{report}");
    assert_eq!(counters.requests.load(Ordering::Relaxed), 50);
    assert_eq!(
        counters.largest_n.load(Ordering::Relaxed),
        49,
        "n = 0 to 49"
    );
    // "n=0" to "n=9" are 3 bytes, "n=10" to "n=49" are 4.
    assert_eq!(counters.body_bytes.load(Ordering::Relaxed), 10 * 3 + 40 * 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_listening_is_an_error_not_a_report() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let error = run(&config(
        Target::parse(&url).unwrap(),
        10.0,
        Duration::from_millis(100),
    ))
    .await
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("cannot connect to 127.0.0.1:"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_loop_timing_hides_a_stall_below_the_max() {
    let (target, _counters) = start(StallConfig {
        every: Some(Duration::from_secs(1)),
        stall_for: Duration::from_millis(500),
        ..StallConfig::default()
    })
    .await;
    let report = loadgen::run::run_closed_loop(&Config {
        connections: 2,
        ..config(target, 1.0, Duration::from_secs(2))
    })
    .await
    .unwrap();
    assert_eq!(report.mode, loadgen::report::Mode::Closed);
    assert_eq!(report.offered_rate, None);
    assert!(report.is_complete(), "{report}");
    let service = report.service_time.unwrap();
    // Half of the run was stalled, but each connection was waiting in only one request per
    // stall: four slow samples among thousands.
    assert!(service.max_us > 400_000, "{report}");
    assert!(service.p99_us < 100_000, "{report}");
    assert!(report.responses > 100, "{report}");
}
