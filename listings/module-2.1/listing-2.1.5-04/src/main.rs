//! Two ways to make a spawned future `Send`: end the non-`Send` value's life before the
//! `.await`, or use the thread-safe type (`Arc`, `tokio::sync::Mutex`) when it must live across.

use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

// ANCHOR: fixed
async fn scoped_rc() -> usize {
    let length = {
        let shared = Rc::new(vec![1, 2, 3]);
        shared.len()
    }; // the Rc is gone before the task can be suspended
    tokio::time::sleep(Duration::from_millis(1)).await;
    length
}

async fn std_mutex_not_held(hits: Arc<Mutex<u64>>) -> u64 {
    let seen = {
        let mut guard = hits.lock().unwrap_or_else(PoisonError::into_inner);
        *guard += 1;
        *guard
    }; // the guard is dropped here, before the .await
    tokio::time::sleep(Duration::from_millis(1)).await;
    seen
}

async fn async_mutex_held(hits: Arc<tokio::sync::Mutex<u64>>) -> u64 {
    let mut guard = hits.lock().await;
    // tokio's guard is Send and may be held across an .await (at the cost of holding the lock).
    tokio::time::sleep(Duration::from_millis(1)).await;
    *guard += 1;
    *guard
}
// ANCHOR_END: fixed

#[tokio::main]
async fn main() -> Result<(), tokio::task::JoinError> {
    let std_hits = Arc::new(Mutex::new(0));
    let tokio_hits = Arc::new(tokio::sync::Mutex::new(0));
    let length = tokio::spawn(scoped_rc()).await?;
    let first = tokio::spawn(std_mutex_not_held(Arc::clone(&std_hits))).await?;
    let second = tokio::spawn(async_mutex_held(Arc::clone(&tokio_hits))).await?;
    println!("length {length}, std mutex count {first}, tokio mutex count {second}");
    Ok(())
}
