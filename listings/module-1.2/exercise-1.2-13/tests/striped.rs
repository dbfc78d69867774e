//! What "done" means for Exercise 1.2-13.
use exercise_1_2_13::StripedCounter;
use std::thread;

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
fn it_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<StripedCounter>();
}
