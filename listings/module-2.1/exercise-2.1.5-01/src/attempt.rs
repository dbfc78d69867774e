// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.5-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: starter
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

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    /// Poll each unfinished future once with the same `cx` (so that either can wake the task),
    /// keep any output, and return `Ready` only when both outputs are in.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        todo!("poll a and b if they are unfinished; Ready((a, b)) once both are done")
    }
}
// ANCHOR_END: starter
