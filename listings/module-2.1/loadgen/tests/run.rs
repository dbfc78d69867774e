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
        max_body: None,
        request: RequestTemplate::default(),
    }
}

/// What every report must satisfy, whatever the server did.
fn assert_accounted(report: &loadgen::Report) {
    assert_eq!(report.scheduled, report.sent + report.unsent, "{report}");
    assert_eq!(
        report.sent,
        report.responses + report.errors + report.timeouts,
        "{report}"
    );
    // Every request but the failed ones is in the latency, given-up ones as lower bounds.
    if let Some(latency) = report.latency {
        assert_eq!(latency.count, report.scheduled - report.errors, "{report}");
        assert_eq!(
            latency.lower_bounds,
            report.timeouts + report.unsent,
            "{report}"
        );
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
    assert_accounted(&report);
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

// ANCHOR: stall_at_the_end
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stall_that_ends_with_the_run_is_measured_not_dropped() {
    // A 500 ms stall in the last quarter of a 2 s run, and only 10 slots: the slots run out
    // 100 ms into the stall, and the stall ends with the run. The pacer must wait for a slot
    // past the end of the run, as each request's deadline allows, or the 40 requests due in
    // the rest of the stall, the slowest of the run, are never sent and never measured.
    let (target, _counters) = start(StallConfig {
        every: Some(Duration::from_secs(2)),
        stall_for: Duration::from_millis(500),
        ..StallConfig::default()
    })
    .await;
    let report = run(&Config {
        connections: 2,
        max_outstanding: 10,
        ..config(target, 100.0, Duration::from_secs(2))
    })
    .await
    .unwrap();
    assert_accounted(&report);
    assert!(report.stalled > 0, "the slots did run out: {report}");
    assert_eq!(report.unsent, 0, "{report}");
    assert!(report.is_complete(), "{report}");
    // 50 of the 200 requests were due during the stall and waited 0 to 500 ms for its end:
    // the p90 is one that waited about 300 ms.
    let latency = report.latency.unwrap();
    assert!(latency.p90_us > 200_000, "{report}");
    // Most of that wait was for a slot: the server behind, not the generator. (Compared with
    // the slot wait rather than a fixed bound: on a loaded machine the pacer lags too.)
    let slot_wait = report.slot_wait.unwrap();
    assert!(slot_wait.max_us > 200_000, "{report}");
    assert!(
        report.pacer_lag.unwrap().p99_us < slot_wait.max_us,
        "{report}"
    );
}
// ANCHOR_END: stall_at_the_end

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_given_up_are_lower_bounds_in_the_latency() {
    // The stall (600 ms) outlasts the timeout (300 ms): requests due in its first half are
    // given up at their deadlines. They are the slowest 15% of the run, so they must reach the
    // p90, marked as a lower bound.
    let (target, _counters) = start(StallConfig {
        every: Some(Duration::from_secs(2)),
        stall_for: Duration::from_millis(600),
        ..StallConfig::default()
    })
    .await;
    let report = run(&Config {
        timeout: Duration::from_millis(300),
        ..config(target, 100.0, Duration::from_secs(2))
    })
    .await
    .unwrap();
    assert_accounted(&report);
    assert_eq!(report.errors, 0, "{report}");
    let given_up = report.timeouts + report.unsent;
    assert!((20..=40).contains(&given_up), "{report}");
    let latency = report.latency.unwrap();
    assert_eq!(latency.lower_bound_from, Some("p90"), "{report}");
    assert!(latency.p90_us >= 300_000, "{report}");
    assert!(latency.p50_us < 100_000, "{report}");
    // A request is given up at its deadline, not long after.
    assert!(latency.max_us < 400_000, "{report}");
    let text = report.to_string();
    let line = text.lines().find(|l| l.starts_with("latency")).unwrap();
    let (before, after) = line.split_once(" p90 ").unwrap();
    assert!(
        !before.contains('≥') && after.trim_start().starts_with('≥'),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outstanding_requests_are_bounded_and_each_one_given_up_is_counted() {
    // A server that accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream); // keep it open, read nothing, answer nothing
        }
    });
    let started = std::time::Instant::now();
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
    let took = started.elapsed();
    assert_accounted(&report);
    assert_eq!(report.scheduled, 30);
    assert_eq!(report.peak_outstanding, 8, "{report}");
    // 8 were issued at once (4 on the wire, 4 queued); the 9th found every slot taken.
    assert!(report.stalled >= 1, "{report}");
    assert_eq!(report.responses, 0);
    assert_eq!(
        report.timeouts + report.unsent,
        30,
        "every one given up: {report}"
    );
    // Each after waiting its whole timeout, counted from its intended start.
    let latency = report.latency.unwrap();
    assert_eq!(latency.lower_bound_from, Some("p50"), "{report}");
    assert!(latency.p50_us >= 500_000, "{report}");
    assert!(!report.is_complete());
    // The last request was due at 290 ms: its deadline, 790 ms, ends the run.
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn localhost_tries_each_loopback_address_until_one_connects() {
    // A server on ::1 only, as `TcpListener::bind("localhost:0")` gives on a system whose
    // /etc/hosts lists ::1 first. `localhost` is tried as 127.0.0.1, then ::1.
    let listener = TcpListener::bind("[::1]:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(stall_server::serve(
        listener,
        StallConfig::default(),
        Arc::new(Counters::default()),
        std::future::pending(),
    ));
    let target = Target::parse(&format!("http://localhost:{port}/")).unwrap();
    let report = run(&config(target.clone(), 100.0, Duration::from_millis(200)))
        .await
        .unwrap();
    assert_eq!(report.responses, 20, "{report}");

    // And the other way round: the first address refuses, the second serves.
    let (served, _counters) = start(StallConfig::default()).await;
    let v4 = served.addrs[0];
    let nothing = std::net::TcpListener::bind("[::1]:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let target = Target {
        addrs: vec![nothing, v4],
        ..served
    };
    let report = run(&config(target, 100.0, Duration::from_millis(200)))
        .await
        .unwrap();
    assert_eq!(report.responses, 20, "{report}");
    assert!(report.is_complete(), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refused_address_is_named() {
    let free = |addr: &str| {
        std::net::TcpListener::bind(addr)
            .unwrap()
            .local_addr()
            .unwrap()
    };
    let (v4, v6) = (free("127.0.0.1:0"), free("[::1]:0"));
    let target = Target {
        addrs: vec![v4, v6],
        ..Target::parse("http://localhost/").unwrap()
    };
    let error = run(&config(target, 10.0, Duration::from_millis(100)))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(&format!("cannot connect to {v4}: ")),
        "{error}"
    );
    assert!(
        error.contains(&format!("cannot connect to {v6}: ")),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_loop_backs_off_when_the_server_goes_away() {
    // Connections are made (the kernel completes them in the backlog), then the listener is
    // closed: every request fails, and every reconnect is refused within microseconds.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = Target::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let config = Config {
        connections: 2,
        ..config(target, 1.0, Duration::from_millis(600))
    };
    let closing = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(listener);
    };
    let (report, ()) = tokio::join!(loadgen::run::run_closed_loop(&config), closing);
    let report = report.unwrap();
    assert_eq!(report.responses, 0, "{report}");
    // Backing off from 10 ms, doubling: about 6 attempts per connection in 600 ms. A tight
    // loop would make tens of thousands.
    assert!((2..=30).contains(&report.errors), "{report}");
}
