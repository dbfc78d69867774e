use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

// ANCHOR: main
const TASKS: usize = 20;
const DOWNSTREAM_LIMIT: usize = 3;

/// Counts calls in flight and remembers the most seen at once.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// Stands in for a call to another service that can take only a few requests at once.
async fn downstream_call(in_flight: &InFlight, request: usize) -> usize {
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.peak.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(10)).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    request * 2
}

async fn run(limit: Option<usize>) -> (usize, Duration) {
    // No limit is modelled as more permits than tasks.
    let permits = Arc::new(Semaphore::new(limit.unwrap_or(TASKS)));
    let in_flight = Arc::new(InFlight::default());
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for request in 0..TASKS {
        let permits = Arc::clone(&permits);
        let in_flight = Arc::clone(&in_flight);
        tasks.spawn(async move {
            // `acquire_owned` ties the permit to an `Arc`, not to a borrow, so it can live inside
            // a spawned task. The permit is returned when `_permit` is dropped at the end.
            let _permit = permits
                .acquire_owned()
                .await
                .expect("the semaphore is never closed");
            downstream_call(&in_flight, request).await
        });
    }
    let mut answered = 0;
    while let Some(result) = tasks.join_next().await {
        result.expect("task panicked");
        answered += 1;
    }
    assert_eq!(answered, TASKS);
    (in_flight.peak.load(Ordering::SeqCst), start.elapsed())
}

#[tokio::main]
async fn main() {
    for limit in [None, Some(DOWNSTREAM_LIMIT)] {
        let (peak, elapsed) = run(limit).await;
        let label = limit.map_or("no limit".to_string(), |n| format!("limit {n}"));
        println!(
            "{TASKS} tasks, {label:>8}: peak {peak:>2} calls in flight, all done in {:.1} ms",
            elapsed.as_secs_f64() * 1e3
        );
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_semaphore_caps_calls_in_flight() {
        let (peak, _) = run(Some(DOWNSTREAM_LIMIT)).await;
        assert_eq!(peak, DOWNSTREAM_LIMIT);
    }
}
