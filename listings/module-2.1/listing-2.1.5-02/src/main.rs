//! A heartbeat task ticks every 10 ms and records the longest gap between ticks, while another
//! task does 200 ms of blocking work: first inline, then through `spawn_blocking`. The runtime
//! has a single thread, so the first version stops the heartbeat for the whole 200 ms.

use std::time::{Duration, Instant};
use tokio::task::JoinError;

const TICK: Duration = Duration::from_millis(10);
const BLOCKING_WORK: Duration = Duration::from_millis(200);

/// Stands in for anything that holds the thread: a bcrypt hash, a big JSON parse, `std::fs`.
fn blocking_work() {
    std::thread::sleep(BLOCKING_WORK);
}

// ANCHOR: measure
/// Ticks every `TICK` for `ticks` ticks and returns the longest gap between two ticks.
async fn heartbeat(ticks: u32) -> Duration {
    let mut longest = Duration::ZERO;
    let mut last = Instant::now();
    for _ in 0..ticks {
        tokio::time::sleep(TICK).await;
        longest = longest.max(last.elapsed());
        last = Instant::now();
    }
    longest
}

async fn longest_gap(use_spawn_blocking: bool) -> Result<Duration, JoinError> {
    let beat = tokio::spawn(heartbeat(30));
    tokio::task::yield_now().await; // let the heartbeat start ticking
    if use_spawn_blocking {
        // Runs on tokio's blocking thread pool; this task waits without holding the thread.
        tokio::task::spawn_blocking(blocking_work).await?;
    } else {
        blocking_work(); // holds the only runtime thread for 200 ms
    }
    beat.await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), JoinError> {
    let inline = longest_gap(false).await?;
    println!("blocking call inside the task: longest heartbeat gap {inline:.1?}");
    let offloaded = longest_gap(true).await?;
    println!("same call via spawn_blocking:  longest heartbeat gap {offloaded:.1?}");
    Ok(())
}
// ANCHOR_END: measure
