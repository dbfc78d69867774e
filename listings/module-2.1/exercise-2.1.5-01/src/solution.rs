use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Runs `a` and `b` concurrently on the task that polls it; completes with both outputs.
pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: Some(Box::pin(a)),
        b: Some(Box::pin(b)),
        a_output: None,
        b_output: None,
    }
}

pub struct Join<A: Future, B: Future> {
    /// `None` once `a` has returned `Ready`: a finished future must not be polled again.
    a: Option<Pin<Box<A>>>,
    b: Option<Pin<Box<B>>>,
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

// The outputs are never pinned, so moving a `Join` is always fine.
impl<A: Future, B: Future> Unpin for Join<A, B> {}

// ANCHOR: solution
/// Polls `future` if it is still running; moves its output into `output` when it finishes.
fn poll_half<F: Future>(
    future: &mut Option<Pin<Box<F>>>,
    output: &mut Option<F::Output>,
    cx: &mut Context<'_>,
) {
    if let Some(running) = future
        && let Poll::Ready(value) = running.as_mut().poll(cx)
    {
        *output = Some(value);
        *future = None; // drop it now: it has finished, and must not be polled again
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        poll_half(&mut this.a, &mut this.a_output, cx);
        poll_half(&mut this.b, &mut this.b_output, cx);
        if this.a_output.is_some()
            && this.b_output.is_some()
            && let (Some(a), Some(b)) = (this.a_output.take(), this.b_output.take())
        {
            return Poll::Ready((a, b));
        }
        // Each unfinished future returned Pending and registered `cx`'s waker: we will be polled.
        Poll::Pending
    }
}
// ANCHOR_END: solution
