// ANCHOR: main
use listing_1_2_8_01::Semaphore;
use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

const PERMITS: usize = 3;
const WORKERS: usize = 10;

fn main() {
    let semaphore = Semaphore::new(PERMITS);
    let holders = AtomicUsize::new(0);
    let high_water = AtomicUsize::new(0);

    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                let _permit = semaphore.acquire();
                let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                high_water.fetch_max(now, Ordering::SeqCst);
                // The "work": long enough that all ten threads are queued behind three permits.
                thread::sleep(Duration::from_millis(20));
                holders.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    println!(
        "{WORKERS} workers, {PERMITS} permits: at most {} held at once",
        high_water.load(Ordering::SeqCst)
    );

    let held = semaphore.acquire();
    let _also_held = semaphore.acquire();
    let _and_this = semaphore.acquire();
    println!(
        "all permits taken: try_acquire gives {:?}",
        semaphore.try_acquire().map(|_| "a permit")
    );
    let waited = semaphore.acquire_timeout(Duration::from_millis(50));
    println!(
        "acquire_timeout(50 ms) gives {:?}",
        waited.map(|_| "a permit")
    );
    drop(held);
    println!(
        "one permit dropped: try_acquire gives {:?}",
        semaphore.try_acquire().map(|_| "a permit")
    );
    drop((_also_held, _and_this));

    // Report a panic in one line: the default hook would add a thread id and a backtrace.
    panic::set_hook(Box::new(|info| {
        let message = info.payload().downcast_ref::<&str>().unwrap_or(&"?");
        println!("panic in a worker: {message}");
    }));

    let outcome = thread::scope(|scope| {
        scope
            .spawn(|| {
                let _permit = semaphore.acquire();
                panic!("worker failed while holding a permit");
            })
            .join()
    });
    println!(
        "a worker panicked ({}); permits free afterwards: {}",
        if outcome.is_err() {
            "joined as Err"
        } else {
            "no panic"
        },
        semaphore.available()
    );
}
// ANCHOR_END: main
