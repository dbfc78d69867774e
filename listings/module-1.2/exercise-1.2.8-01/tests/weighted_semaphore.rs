//! What "done" means for Exercise 1.2.8-1.
use exercise_1_2_8_01::{AcquireError, WeightedSemaphore};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn permits_are_taken_and_returned_by_weight() {
    let semaphore = WeightedSemaphore::new(10);
    let permit = semaphore.acquire(7).expect("fits");
    assert_eq!(permit.weight(), 7);
    assert_eq!(semaphore.available(), 3);
    assert!(semaphore.try_acquire(4).is_none());
    let small = semaphore.try_acquire(3).expect("three are free");
    assert_eq!(semaphore.available(), 0);
    drop(permit);
    drop(small);
    assert_eq!(semaphore.available(), 10);
}

#[test]
fn a_request_heavier_than_the_capacity_fails_at_once() {
    let semaphore = WeightedSemaphore::new(4);
    assert_eq!(
        semaphore.acquire(5).err(),
        Some(AcquireError::TooHeavy {
            weight: 5,
            capacity: 4
        })
    );
    assert_eq!(
        semaphore.acquire_timeout(5, Duration::from_secs(5)).err(),
        Some(AcquireError::TooHeavy {
            weight: 5,
            capacity: 4
        })
    );
    assert!(semaphore.try_acquire(5).is_none());
}

#[test]
fn acquire_timeout_gives_up() {
    let semaphore = WeightedSemaphore::new(4);
    let _held = semaphore.acquire(3).expect("fits");
    assert_eq!(
        semaphore
            .acquire_timeout(2, Duration::from_millis(30))
            .err(),
        Some(AcquireError::TimedOut)
    );
    assert!(
        semaphore
            .acquire_timeout(1, Duration::from_millis(30))
            .is_ok()
    );
}

#[test]
fn the_weight_in_use_never_exceeds_the_capacity() {
    const CAPACITY: usize = 6;
    let semaphore = WeightedSemaphore::new(CAPACITY);
    let in_use = AtomicUsize::new(0);
    let high_water = AtomicUsize::new(0);
    thread::scope(|scope| {
        for worker in 0..12 {
            let (semaphore, in_use, high_water) = (&semaphore, &in_use, &high_water);
            scope.spawn(move || {
                let weight = worker % 3 + 1;
                for _ in 0..100 {
                    let permit = semaphore
                        .acquire_timeout(weight, Duration::from_secs(10))
                        .expect("a permit within 10 s: is a waiter never woken?");
                    let now = in_use.fetch_add(permit.weight(), Ordering::SeqCst) + permit.weight();
                    high_water.fetch_max(now, Ordering::SeqCst);
                    thread::yield_now();
                    in_use.fetch_sub(permit.weight(), Ordering::SeqCst);
                }
            });
        }
    });
    assert!(high_water.load(Ordering::SeqCst) <= CAPACITY);
    assert_eq!(semaphore.available(), CAPACITY);
}

#[test]
fn a_small_waiter_is_woken_even_when_a_big_one_waits_too() {
    let semaphore = WeightedSemaphore::new(4);
    let three = semaphore.acquire(3).expect("fits");
    let one = semaphore.acquire(1).expect("fits");
    thread::scope(|scope| {
        // Both wait; then one permit comes back. Only the small waiter fits, and it must get it
        // even if the big one is the thread that a single notification happens to wake.
        let big = scope.spawn(|| semaphore.acquire_timeout(4, Duration::from_secs(5)).is_ok());
        // The big waiter goes to sleep first, so a single notification tends to wake it.
        thread::sleep(Duration::from_millis(20));
        let small = scope.spawn(|| {
            semaphore
                .acquire_timeout(1, Duration::from_secs(10))
                .map(|permit| (permit.weight(), Instant::now()))
        });
        thread::sleep(Duration::from_millis(50));
        let released = Instant::now();
        drop(one);
        let (weight, acquired) = small
            .join()
            .expect("small waiter panicked")
            .expect("the small waiter got its permit");
        assert_eq!(weight, 1);
        // A waiter that fits must be woken, not left to find the permit when its timeout ends.
        assert!(
            acquired.duration_since(released) < Duration::from_secs(2),
            "the small waiter slept on while a permit it could use was free"
        );
        drop(three);
        assert!(big.join().expect("big waiter panicked"));
    });
    assert_eq!(semaphore.available(), 4);
}

#[test]
fn a_panicking_holder_returns_its_permits() {
    let semaphore = WeightedSemaphore::new(3);
    let result = thread::scope(|scope| {
        scope
            .spawn(|| {
                let _permit = semaphore.acquire(2).expect("fits");
                panic!("worker failed");
            })
            .join()
    });
    assert!(result.is_err());
    assert_eq!(semaphore.available(), 3);
}
