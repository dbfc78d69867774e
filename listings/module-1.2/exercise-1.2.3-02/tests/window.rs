//! What "done" means for Exercise 1.2.3-2.
use exercise_1_2_3_02::SlidingWindow;

#[test]
fn allows_up_to_the_limit_then_refuses() {
    let mut limiter = SlidingWindow::new(1000, 3);
    assert!(limiter.try_acquire(5000));
    assert!(limiter.try_acquire(5000));
    assert!(limiter.try_acquire(5100));
    assert!(!limiter.try_acquire(5200));
    assert!(
        !limiter.try_acquire(5999),
        "5000 is still inside (4999, 5999]"
    );
}

#[test]
fn the_window_slides_instead_of_resetting() {
    let mut limiter = SlidingWindow::new(1000, 3);
    for at in [5000, 5000, 5900] {
        assert!(limiter.try_acquire(at));
    }
    assert!(
        limiter.try_acquire(6000),
        "both requests at 5000 left the window at 6000"
    );
    assert!(limiter.try_acquire(6000));
    assert!(
        !limiter.try_acquire(6500),
        "5900, 6000 and 6000 are inside (5500, 6500]"
    );
    assert!(limiter.try_acquire(6900));
}

#[test]
fn the_boundary_burst_of_a_fixed_window_is_refused() {
    // A fixed per-second window would accept 3 at 0.999 s and 3 more at 1.000 s.
    let mut limiter = SlidingWindow::new(1000, 3);
    let accepted = [999, 999, 999, 1000, 1000, 1000]
        .iter()
        .filter(|&&t| limiter.try_acquire(t))
        .count();
    assert_eq!(accepted, 3);
}

#[test]
fn early_timestamps_do_not_underflow() {
    let mut limiter = SlidingWindow::new(1000, 2);
    assert!(limiter.try_acquire(0));
    assert!(limiter.try_acquire(10));
    assert!(!limiter.try_acquire(999));
    assert!(
        limiter.try_acquire(1000),
        "the request at 0 left the window (0, 1000]"
    );
}

#[test]
fn memory_stays_bounded_and_ranges_count() {
    let mut limiter = SlidingWindow::new(100, 1_000);
    for at in 0..100_000 {
        limiter.try_acquire(at);
    }
    assert!(
        limiter.stored() <= 100,
        "stored {} entries",
        limiter.stored()
    );
    assert_eq!(limiter.accepted_between(99_950, 100_000), 50);
    assert_eq!(limiter.accepted_between(0, 10), 0, "forgotten");
    assert_eq!(limiter.accepted_between(10, 10), 0);
}
