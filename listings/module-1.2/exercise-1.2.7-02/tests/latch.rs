//! What "done" means for Exercise 1.2.7-2.
use exercise_1_2_7_02::Latch;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn starts_closed_and_stays_open() {
    let latch = Latch::new();
    assert!(!latch.is_open());
    latch.open();
    assert!(latch.is_open());
    latch.open();
    assert!(latch.is_open());
}

#[test]
fn waiting_on_an_open_latch_returns_at_once() {
    let latch = Latch::default();
    latch.open();
    latch.wait();
    assert!(latch.wait_timeout(Duration::from_secs(30)));
}

#[test]
fn one_open_releases_every_waiter() {
    let latch = Latch::new();
    let released = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                latch.wait();
                released.fetch_add(1, Ordering::SeqCst);
            });
        }
        thread::sleep(Duration::from_millis(50));
        assert_eq!(
            released.load(Ordering::SeqCst),
            0,
            "a waiter got through a closed latch"
        );
        latch.open();
    });
    assert_eq!(released.load(Ordering::SeqCst), 8);
}

#[test]
fn a_timeout_on_a_closed_latch_waits_then_says_closed() {
    let latch = Latch::new();
    let started = Instant::now();
    assert!(!latch.wait_timeout(Duration::from_millis(100)));
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "gave up before the timeout"
    );
}

#[test]
fn a_timeout_wait_sees_a_later_open() {
    let latch = Latch::new();
    thread::scope(|scope| {
        let waiter = scope.spawn(|| latch.wait_timeout(Duration::from_secs(30)));
        thread::sleep(Duration::from_millis(20));
        latch.open();
        assert!(waiter.join().unwrap());
    });
}

#[test]
fn it_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Latch>();
}
