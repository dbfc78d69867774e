//! What "done" means for Exercise 2.1.5-2.
use exercise_2_1_5_02::{TaskError, run_bounded};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::{sleep, timeout};

const LIMIT: Duration = Duration::from_secs(10);
const GENEROUS: Duration = Duration::from_secs(5);

#[tokio::test]
async fn results_follow_the_order_of_the_inputs() {
    // Later inputs finish first.
    let inputs = vec![50u64, 40, 30, 20, 10];
    let results = timeout(
        LIMIT,
        run_bounded(inputs, 5, GENEROUS, |ms| async move {
            sleep(Duration::from_millis(ms)).await;
            ms * 2
        }),
    )
    .await
    .unwrap();
    assert_eq!(results, vec![Ok(100), Ok(80), Ok(60), Ok(40), Ok(20)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_runs_more_than_the_limit_at_once() {
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let results = timeout(
        LIMIT,
        run_bounded((0..20).collect(), 3, GENEROUS, |n: u32| {
            let (running, most) = (Arc::clone(&running), Arc::clone(&most));
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                sleep(Duration::from_millis(5)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                n
            }
        }),
    )
    .await
    .unwrap();
    assert_eq!(results.len(), 20);
    assert!(results.iter().enumerate().all(|(i, r)| *r == Ok(i as u32)));
    assert_eq!(
        most.load(Ordering::SeqCst),
        3,
        "at most 3 at once, and 3 were allowed"
    );
}

#[tokio::test]
async fn a_slow_task_times_out_alone() {
    let results = timeout(
        LIMIT,
        run_bounded(
            vec![10u64, 3_000, 10],
            2,
            // Far above the fast tasks' 10 ms, so that a loaded machine cannot time them out.
            Duration::from_secs(1),
            |ms| async move {
                sleep(Duration::from_millis(ms)).await;
                ms
            },
        ),
    )
    .await
    .unwrap();
    assert_eq!(results, vec![Ok(10), Err(TaskError::TimedOut), Ok(10)]);
}

#[tokio::test]
async fn a_panicking_task_is_reported_and_the_others_finish() {
    let results = timeout(
        LIMIT,
        run_bounded(vec![1u32, 0, 3], 1, GENEROUS, |n| async move {
            assert!(n != 0, "this task panics on purpose");
            10 / n
        }),
    )
    .await
    .unwrap();
    assert_eq!(results, vec![Ok(10), Err(TaskError::Panicked), Ok(3)]);
}

#[tokio::test]
async fn a_limit_of_zero_still_makes_progress_and_empty_input_is_fine() {
    let results = timeout(
        LIMIT,
        run_bounded(vec![7u8], 0, GENEROUS, |n| async move { n }),
    )
    .await
    .unwrap();
    assert_eq!(results, vec![Ok(7)]);
    let none = run_bounded(Vec::<u8>::new(), 4, GENEROUS, |n| async move { n }).await;
    assert!(none.is_empty());
}
