//! Four small experiments with what happens to a future that is not polled to the end.

use std::io;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

// ANCHOR: drop_guard
/// Prints when it is dropped, so that we can see a cancelled future being torn down.
struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("  dropped: {}", self.0);
    }
}

async fn replica(name: &'static str, delay_ms: u64) -> &'static str {
    let _guard = Noisy(name);
    sleep(Duration::from_millis(delay_ms)).await;
    name
}
// ANCHOR_END: drop_guard

// ANCHOR: select
async fn first_of_two() {
    println!("select! between two replicas:");
    let winner = tokio::select! {
        name = replica("replica A (80 ms)", 80) => {
            println!("  handler of A's branch runs");
            name
        }
        name = replica("replica B (20 ms)", 20) => {
            // By now the losing branch's future is gone: see where "dropped: replica A" prints.
            println!("  handler of B's branch runs");
            name
        }
    };
    println!("  winner: {winner}");
}

async fn with_timeout() {
    println!("timeout of 30 ms around a 1 s operation:");
    match timeout(Duration::from_millis(30), replica("slow operation", 1000)).await {
        Ok(name) => println!("  finished: {name}"),
        Err(elapsed) => println!("  gave up: {elapsed}"),
    }
}
// ANCHOR_END: select

// ANCHOR: cancel_safety
/// Sends "hel", pauses longer than one tick, then sends "lo\n" and "world\n".
async fn slow_sender(mut tx: DuplexStream) -> io::Result<()> {
    tx.write_all(b"hel").await?;
    sleep(Duration::from_millis(50)).await;
    tx.write_all(b"lo\nworld\n").await?;
    Ok(()) // dropping tx closes the stream: the reader sees end of file
}

/// Reads lines with `read_line` while a 20 ms ticker competes in the same `select!`.
async fn with_read_line() -> io::Result<Vec<String>> {
    let (tx, rx) = tokio::io::duplex(64);
    let sender = tokio::spawn(slow_sender(tx));
    let mut reader = BufReader::new(rx);
    let mut ticker = tokio::time::interval(Duration::from_millis(20));
    let mut line = String::new();
    let mut lines = Vec::new();
    loop {
        tokio::select! {
            read = reader.read_line(&mut line) => {
                if read? == 0 {
                    break;
                }
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            _ = ticker.tick() => {} // the read_line future is dropped here, mid-line
        }
    }
    sender.await.map_err(io::Error::other)??;
    Ok(lines)
}

/// The same loop with `Lines::next_line`, which keeps a partial line inside `Lines` itself.
async fn with_next_line() -> io::Result<Vec<String>> {
    let (tx, rx) = tokio::io::duplex(64);
    let sender = tokio::spawn(slow_sender(tx));
    let mut reader = BufReader::new(rx).lines();
    let mut ticker = tokio::time::interval(Duration::from_millis(20));
    let mut lines = Vec::new();
    loop {
        tokio::select! {
            read = reader.next_line() => match read? {
                Some(line) => lines.push(line),
                None => break,
            },
            _ = ticker.tick() => {} // dropping next_line loses nothing
        }
    }
    sender.await.map_err(io::Error::other)??;
    Ok(lines)
}
// ANCHOR_END: cancel_safety

// ANCHOR: join_set
async fn join_set() {
    println!("JoinSet: results arrive in completion order:");
    let mut set = JoinSet::new();
    for (id, delay_ms) in [(1u32, 90u64), (2, 30), (3, 60)] {
        set.spawn(async move {
            sleep(Duration::from_millis(delay_ms)).await;
            id
        });
    }
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(id) => println!("  task {id} done"),
            Err(error) => println!("  a task failed: {error}"),
        }
    }
}
// ANCHOR_END: join_set

#[tokio::main(flavor = "current_thread")]
async fn main() -> io::Result<()> {
    first_of_two().await;
    with_timeout().await;
    println!("read_line inside select!: {:?}", with_read_line().await?);
    println!("next_line inside select!: {:?}", with_next_line().await?);
    join_set().await;
    Ok(())
}
