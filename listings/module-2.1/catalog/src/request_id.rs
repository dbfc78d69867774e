//! Request ids and the request's log: each request gets an id (kept from the `x-request-id`
//! header when it is a sensible id, made here when it is absent or is not), a tracing span that
//! carries it into every log line of the request, one log line at `info` when it is answered,
//! and the id on its response.
//!
//! A client-supplied id ends up in every log line of the request, so it is bounded: at most
//! `MAX_LEN` bytes from `A-Z a-z 0-9 - _ . :`. Without a bound, one request could write
//! kilobytes into each of its log lines, or forge log structure with quotes and spaces. An id
//! that breaks the rule is replaced, not rejected: tracing must never be why a request fails.

use axum::http::{HeaderName, HeaderValue, Request, Response};
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;
use tower::{Layer, Service};
use tracing::Span;

pub static HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client-supplied id kept. A UUID is 36 bytes; W3C trace ids are 32.
pub const MAX_LEN: usize = 64;

// ANCHOR: valid
/// True for 1 to `MAX_LEN` bytes of `A-Z a-z 0-9 - _ . :`.
pub fn is_acceptable(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    (1..=MAX_LEN).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}
// ANCHOR_END: valid

// ANCHOR: generator
/// Makes ids like `5f0c1e2a9b7d4c38-000000000000001f`: a random 64-bit prefix chosen once per
/// process, so that ids from different instances do not collide, and a counter, so that ids
/// within one do not. That costs an atomic increment and 33 bytes of hex; a random UUID per
/// request, as tower-http's `MakeRequestUuid` makes, costs a `getrandom` system call.
pub struct IdGenerator {
    prefix: u64,
    counter: AtomicU64,
}

impl Default for IdGenerator {
    fn default() -> IdGenerator {
        // `RandomState` is seeded from the operating system's random source: a cheap way to
        // get 64 unpredictable bits without another dependency.
        IdGenerator {
            prefix: RandomState::new().hash_one(std::process::id()),
            counter: AtomicU64::new(1),
        }
    }
}

impl IdGenerator {
    pub fn next_id(&self) -> HeaderValue {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // Hex digits written by hand into a buffer on the stack: `format!` costs several
        // hundred instructions more, on every request without a client id.
        let mut id = [0u8; 33];
        hex(self.prefix, &mut id[..16]);
        id[16] = b'-';
        hex(n, &mut id[17..]);
        HeaderValue::from_bytes(&id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
    }
}

/// Writes `value` as `out.len()` lowercase hex digits, most significant first.
fn hex(mut value: u64, out: &mut [u8]) {
    for digit in out.iter_mut().rev() {
        *digit = b"0123456789abcdef"[(value & 0xf) as usize];
        value >>= 4;
    }
}
// ANCHOR_END: generator

/// The layer: `x-request-id` on every request (kept or made) and on every response, and a
/// span per request.
#[derive(Clone, Default)]
pub struct RequestIdLayer {
    ids: Arc<IdGenerator>,
}

impl<S> Layer<S> for RequestIdLayer {
    type Service = RequestId<S>;

    fn layer(&self, inner: S) -> RequestId<S> {
        RequestId {
            inner,
            ids: Arc::clone(&self.ids),
        }
    }
}

#[derive(Clone)]
pub struct RequestId<S> {
    inner: S,
    ids: Arc<IdGenerator>,
}

impl<S, B, R> Service<Request<B>> for RequestId<S>
where
    S: Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = WithRequestId<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    // ANCHOR: call
    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let id = match request.headers().get(&HEADER) {
            Some(id) if is_acceptable(id) => id.clone(),
            _ => {
                let id = self.ids.next_id();
                request.headers_mut().insert(HEADER.clone(), id.clone());
                id
            }
        };
        // Every event inside the span prints its fields. When `info` is off, the span is
        // disabled: creating and entering it costs a few instructions, and the clock is not read.
        let span = tracing::info_span!(
            "request",
            id = id.to_str().unwrap_or("-"),
            method = request.method().as_str(),
            path = request.uri().path(),
        );
        let started = (!span.is_disabled()).then(Instant::now);
        let inner = {
            let _entered = span.enter();
            self.inner.call(request)
        };
        WithRequestId {
            inner,
            id: Some(id),
            span,
            started,
        }
    }
    // ANCHOR_END: call
}

pin_project_lite::pin_project! {
    /// The inner response future, polled inside the request's span; puts the id on the
    /// response and logs it when it is ready.
    pub struct WithRequestId<F> {
        #[pin]
        inner: F,
        id: Option<HeaderValue>,
        span: Span,
        started: Option<Instant>,
    }
}

impl<F, R, E> Future for WithRequestId<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _entered = this.span.enter();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        if let Some(id) = this.id.take() {
            response.headers_mut().insert(HEADER.clone(), id);
        }
        if let Some(started) = this.started {
            let status = response.status().as_u16();
            // Whole microseconds: an integer, cheaper to write than `Debug` of a `Duration`
            // ("234.809µs") and what a log query sums and compares without parsing units.
            let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
            tracing::info!(status, latency_us, "answered");
        }
        Poll::Ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bounded_in_length_and_characters() {
        for good in [
            "a",
            "trace-me-123",
            "0af7651916cd43dd8448eb211c80319c",
            "svc:1.2_x",
        ] {
            assert!(is_acceptable(&HeaderValue::from_static(good)), "{good}");
        }
        let long = HeaderValue::try_from("x".repeat(MAX_LEN + 1)).unwrap();
        assert!(!is_acceptable(&long));
        for bad in ["", "has space", "quote\"", "semi;colon", "ünï"] {
            let value = HeaderValue::from_bytes(bad.as_bytes()).unwrap();
            assert!(!is_acceptable(&value), "{bad}");
        }
    }

    #[test]
    fn generated_ids_are_acceptable_and_distinct() {
        let ids = IdGenerator::default();
        let (a, b) = (ids.next_id(), ids.next_id());
        assert!(is_acceptable(&a) && is_acceptable(&b));
        assert_ne!(a, b);
    }
}
