// ANCHOR: main
use listing_1_2_8_02::BoundedBuffer;
use std::thread;
use std::time::{Duration, Instant};

const CAPACITY: usize = 8;
const ITEMS: u32 = 40;

fn main() {
    let buffer = BoundedBuffer::new(CAPACITY);
    let start = Instant::now();

    let (pushed_at, consumed) = thread::scope(|scope| {
        let consumer = scope.spawn(|| {
            let mut consumed = 0;
            while let Some(_item) = buffer.pop() {
                // The slow consumer: 2 ms of "work" per item.
                thread::sleep(Duration::from_millis(2));
                consumed += 1;
            }
            consumed
        });
        // The fast producer: no work at all between items. Only `push` can slow it down.
        for item in 0..ITEMS {
            if buffer.push(item).is_err() {
                break;
            }
        }
        let pushed_at = start.elapsed();
        // Clean shutdown: no more items, but what is queued still gets consumed.
        buffer.close();
        (pushed_at, consumer.join().expect("consumer panicked"))
    });

    println!("capacity {CAPACITY}, {ITEMS} items, consumer takes 2 ms each");
    println!("longest the queue got: {} items", buffer.max_len());
    println!(
        "producer pushed its last item after {:.1} ms",
        pushed_at.as_secs_f64() * 1e3
    );
    println!(
        "consumer drained {consumed} items in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
}
// ANCHOR_END: main
