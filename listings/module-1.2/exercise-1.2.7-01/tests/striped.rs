//! What "done" means for Exercise 1.2.7-1.
use exercise_1_2_7_01::StripedCounter;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

#[test]
fn counts_and_totals() {
    let counter = StripedCounter::new(4);
    counter.add("/", 3);
    counter.add("/login", 1);
    counter.add("/", 2);
    assert_eq!(counter.get("/"), 5);
    assert_eq!(counter.get("/login"), 1);
    assert_eq!(counter.get("/never"), 0);
    assert_eq!(counter.total(), 6);
}

#[test]
fn zero_stripes_means_one() {
    let counter = StripedCounter::new(0);
    assert_eq!(counter.stripes(), 1);
    counter.add("a", 1);
    assert_eq!(counter.get("a"), 1);
    assert_eq!(StripedCounter::new(16).stripes(), 16);
}

#[test]
fn top_is_ordered_by_count_then_key() {
    let counter = StripedCounter::new(8);
    for (key, n) in [("c", 5), ("a", 5), ("b", 9), ("d", 1)] {
        counter.add(key, n);
    }
    let top = counter.top(3);
    let expected = [("b", 9), ("a", 5), ("c", 5)].map(|(k, n)| (k.to_owned(), n));
    assert_eq!(top, expected);
    assert_eq!(counter.top(10).len(), 4);
    assert!(counter.top(0).is_empty());
}

#[test]
fn no_update_is_lost_across_threads() {
    let counter = StripedCounter::new(16);
    thread::scope(|scope| {
        for thread_id in 0..8_u64 {
            let counter = &counter;
            scope.spawn(move || {
                for i in 0..5_000_u64 {
                    counter.add(&format!("key-{}", (i + thread_id) % 100), 1);
                }
            });
        }
    });
    assert_eq!(counter.total(), 40_000);
    for key in 0..100 {
        assert_eq!(counter.get(&format!("key-{key}")), 400, "key-{key}");
    }
}

#[test]
fn a_single_stripe_is_still_correct() {
    let counter = StripedCounter::new(1);
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..1_000 {
                    counter.add("same", 2);
                }
            });
        }
    });
    assert_eq!(counter.get("same"), 8_000);
}

#[test]
fn update_changes_one_count_and_returns_the_closure_result() {
    let counter = StripedCounter::new(4);
    assert_eq!(
        counter.update("/", |count| *count),
        0,
        "a new key starts at 0"
    );
    counter.add("/", 5);
    let before = counter.update("/", |count| {
        let before = *count;
        *count *= 2;
        before
    });
    assert_eq!((before, counter.get("/")), (5, 10));
    for key in ["a", "b", "c"] {
        assert!(counter.stripe_of(key) < counter.stripes());
        assert_eq!(counter.stripe_of(key), counter.stripe_of(key));
    }
}

/// The point of stripes: while one thread is inside an update of one stripe, another thread
/// can update a key of a different stripe. With one lock for the whole map the second update
/// waits for the first, which here waits for the second: the test would hang, so each wait has
/// a time limit and the test fails instead.
#[test]
fn keys_in_different_stripes_do_not_wait_for_each_other() {
    let counter = StripedCounter::new(64);
    let first = "key-0";
    let second = (1..1_000)
        .map(|i| format!("key-{i}"))
        .find(|key| counter.stripe_of(key) != counter.stripe_of(first))
        .expect("64 stripes and 1,000 keys, all in one stripe?");
    let (inside_tx, inside_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (second_done_tx, second_done_rx) = mpsc::channel();
    thread::scope(|scope| {
        let counter = &counter;
        scope.spawn(move || {
            counter.update(first, |count| {
                // Hold the first stripe until the main thread says so (or 10 s pass).
                inside_tx.send(()).ok();
                release_rx.recv_timeout(Duration::from_secs(10)).ok();
                *count += 1;
            });
        });
        inside_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the first update never started");
        let second = second.as_str();
        scope.spawn(move || {
            counter.add(second, 1);
            second_done_tx.send(()).ok();
        });
        let overlapped = second_done_rx.recv_timeout(Duration::from_secs(2)).is_ok();
        release_tx.send(()).ok(); // let the first update finish in every case
        assert!(
            overlapped,
            "an update of another stripe waited for the first stripe's lock: is there one lock \
             for the whole map?"
        );
    });
    assert_eq!(counter.get(first), 1);
    assert_eq!(counter.get(&second), 1);
}

#[test]
fn it_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<StripedCounter>();
}
