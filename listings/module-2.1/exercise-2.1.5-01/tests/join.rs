//! What "done" means for Exercise 2.1.5-1.
use exercise_2_1_5_01::join;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn returns_both_outputs_in_order() {
    let outputs = timeout(LIMIT, join(async { 1 }, async { "two" }))
        .await
        .unwrap();
    assert_eq!(outputs, (1, "two"));
}

#[tokio::test]
async fn runs_the_two_futures_at_the_same_time() {
    // `a` can only finish after `b` has sent, and `b` only after `a` has replied: a join that
    // runs them one after the other never finishes.
    let (to_a, from_b) = oneshot::channel::<u32>();
    let (to_b, from_a) = oneshot::channel::<u32>();
    let a = async move {
        let got = from_b.await.unwrap();
        to_b.send(got + 1).unwrap();
        got
    };
    let b = async move {
        to_a.send(41).unwrap();
        from_a.await.unwrap()
    };
    let outputs = timeout(LIMIT, join(a, b))
        .await
        .expect("join must poll both futures");
    assert_eq!(outputs, (41, 42));
}

#[tokio::test]
async fn is_woken_by_either_future() {
    let a = tokio::time::sleep(Duration::from_millis(30));
    let b = async {
        tokio::time::sleep(Duration::from_millis(60)).await;
        "late"
    };
    let outputs = timeout(LIMIT, join(a, b))
        .await
        .expect("join must finish once both have");
    assert_eq!(outputs, ((), "late"));
}

/// Ready on its first poll, and panics if polled again.
struct ReadyOnce(bool);

impl Future for ReadyOnce {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        assert!(!self.0, "a future was polled again after it returned Ready");
        self.0 = true;
        Poll::Ready("once")
    }
}

#[tokio::test]
async fn never_polls_a_finished_future_again() {
    let slow = tokio::time::sleep(Duration::from_millis(20));
    let outputs = timeout(LIMIT, join(ReadyOnce(false), slow)).await.unwrap();
    assert_eq!(outputs, ("once", ()));
}
