use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
const CAPACITY: usize = 8;
const ITEMS: u32 = 40;

fn main() {
    let (sender, receiver) = mpsc::sync_channel::<u32>(CAPACITY);
    let start = Instant::now();

    let consumer = thread::spawn(move || {
        let mut consumed = 0;
        // `recv` fails once every sender is dropped and the queue is empty: close, then drain.
        while let Ok(_item) = receiver.recv() {
            thread::sleep(Duration::from_millis(2));
            consumed += 1;
        }
        consumed
    });

    for item in 0..ITEMS {
        // `send` blocks while the queue is full; it fails only if the receiver is gone.
        if sender.send(item).is_err() {
            break;
        }
    }
    let pushed_at = start.elapsed();
    drop(sender);
    let consumed = consumer.join().expect("consumer panicked");

    println!("sync_channel({CAPACITY}), {ITEMS} items, consumer takes 2 ms each");
    println!(
        "producer sent its last item after {:.1} ms",
        pushed_at.as_secs_f64() * 1e3
    );
    println!(
        "consumer drained {consumed} items in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
}
// ANCHOR_END: main
