//! One deadline per request, from a complete head to the response, and a status that says
//! whose fault it was when it passes: 408 Request Timeout while the body was still arriving
//! (the client was slow), 503 with `Retry-After` once the request was complete (the server
//! was slow; a retry may find it less busy).
//!
//! Written as a tower layer rather than with `axum::middleware::from_fn`: `from_fn` clones the
//! inner service and boxes a future on every request, which the load test showed as a
//! measurable share of a request's instructions.

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;
use tower::{Layer, Service};

#[derive(Clone, Copy, Debug)]
pub struct RequestTimeoutLayer {
    limit: Duration,
}

impl RequestTimeoutLayer {
    pub fn new(limit: Duration) -> RequestTimeoutLayer {
        RequestTimeoutLayer { limit }
    }
}

impl<S> Layer<S> for RequestTimeoutLayer {
    type Service = RequestTimeout<S>;

    fn layer(&self, inner: S) -> RequestTimeout<S> {
        RequestTimeout {
            inner,
            limit: self.limit,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RequestTimeout<S> {
    inner: S,
    limit: Duration,
}

impl<S, B> Service<Request<B>> for RequestTimeout<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = TimeoutFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let (parts, body) = request.into_parts();
        // A request without a body (a GET) arrived in full with its head: no flag needed.
        let (body, arrived) = if body.is_end_stream() {
            (Body::new(body), None)
        } else {
            let arrived = Arc::new(AtomicBool::new(false));
            let body = Body::new(Arrival {
                inner: Body::new(body),
                arrived: Arc::clone(&arrived),
            });
            (body, Some(arrived))
        };
        TimeoutFuture {
            inner: self.inner.call(Request::from_parts(parts, body)),
            deadline: tokio::time::sleep(self.limit),
            arrived,
            limit: self.limit,
        }
    }
}

pin_project_lite::pin_project! {
    pub struct TimeoutFuture<F> {
        #[pin]
        inner: F,
        #[pin]
        deadline: Sleep,
        arrived: Option<Arc<AtomicBool>>,
        limit: Duration,
    }
}

// ANCHOR: expired
impl<F> Future for TimeoutFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(response) = this.inner.poll(cx) {
            return Poll::Ready(response);
        }
        if this.deadline.poll(cx).is_pending() {
            return Poll::Pending;
        }
        // Dropping this future drops the handler's future: the cancellation the async
        // chapter warns about. A store call already on a store thread still runs to the end.
        let ms = this.limit.as_millis();
        let still_arriving = this
            .arrived
            .as_ref()
            .is_some_and(|arrived| !arrived.load(Ordering::Relaxed));
        let response = if still_arriving {
            let mut response = ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!("the request body did not arrive within {ms} ms"),
            )
            .into_response();
            // The rest of the body may still be on its way: this connection cannot carry
            // another request.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        } else {
            tracing::warn!(limit_ms = ms, "no response within the request timeout");
            ApiError::unavailable("timeout", format!("no response within {ms} ms"), 1)
                .into_response()
        };
        Poll::Ready(Ok(response))
    }
}
// ANCHOR_END: expired

pin_project_lite::pin_project! {
    /// A request body that records when its last byte has arrived.
    struct Arrival {
        #[pin]
        inner: Body,
        arrived: Arc<AtomicBool>,
    }
}

impl HttpBody for Arrival {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.project();
        let mut inner = this.inner;
        let frame = inner.as_mut().poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) || inner.is_end_stream() {
            this.arrived.store(true, Ordering::Relaxed);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
