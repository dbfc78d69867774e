//! A small HTTP/1.1 server that answers `200 ok` at once, except that it can stop answering
//! for a while at regular intervals, as a server does during a long garbage-collection pause, a
//! stop-the-world compaction or a failover. It exists to show what a load generator sees, and
//! what it misses, during such a stall; the tests and `examples/stall_server.rs` use it.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Largest request body read; bigger ones get 413.
const MAX_BODY: usize = 1024 * 1024;

#[derive(Clone, Copy, Debug)]
pub struct StallConfig {
    /// The server stalls once in every period of this length, counted from the first request
    /// it receives (so that a load test's clock and the stalls start together). `None`: never.
    pub every: Option<Duration>,
    /// How long each stall lasts: the last `stall_for` of each period. Responses due during a
    /// stall are held until it ends.
    pub stall_for: Duration,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// A client must send a request's head within this long.
    pub header_timeout: Duration,
}

impl Default for StallConfig {
    fn default() -> Self {
        StallConfig {
            every: None,
            stall_for: Duration::ZERO,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// What the server has seen, for tests.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub body_bytes: AtomicU64,
    /// The largest number seen after `n=` in a body: enough to check `{seq}` templating.
    pub largest_n: AtomicU64,
}

/// When the stall that covers `now` ends, if one does. With the first request at `epoch`,
/// stalls cover `[k * every - stall_for, k * every)` for k = 1, 2, ...: a 10 s run against
/// `every` 2 s and `stall_for` 500 ms meets five whole stalls, 25% of its time.
pub fn stall_end(config: &StallConfig, epoch: Instant, now: Instant) -> Option<Instant> {
    let every = config.every.filter(|every| !every.is_zero())?;
    let since = now.saturating_duration_since(epoch).as_nanos();
    let into = since % every.as_nanos();
    let quiet = every.saturating_sub(config.stall_for).as_nanos();
    if into < quiet {
        return None;
    }
    let left = u64::try_from(every.as_nanos() - into).ok()?;
    Some(now + Duration::from_nanos(left))
}

/// Serves until `shutdown` completes. Open connections are dropped then: this is a demo
/// server, and nothing it holds needs finishing.
pub async fn serve(
    listener: TcpListener,
    config: StallConfig,
    counters: Arc<Counters>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    // Set by the first request: the stall cycle starts with the load, not with the process.
    let epoch = Arc::new(OnceLock::new());
    let permits = Arc::new(Semaphore::new(config.max_connections));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => return Ok(()),
            permit = Arc::clone(&permits).acquire_owned() => permit.map_err(io::Error::other)?,
        };
        let stream = tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // EMFILE and friends: pause rather than spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (counters, epoch) = (Arc::clone(&counters), Arc::clone(&epoch));
        tokio::spawn(async move {
            let _permit = permit;
            let service = service_fn(move |request| {
                answer(request, config, Arc::clone(&epoch), Arc::clone(&counters))
            });
            // A connection error ends only that connection.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(config.header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    config: StallConfig,
    epoch: Arc<OnceLock<Instant>>,
    counters: Arc<Counters>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let epoch = *epoch.get_or_init(Instant::now);
    let Ok(body) = Limited::new(request.into_body(), MAX_BODY).collect().await else {
        return Ok(status(StatusCode::PAYLOAD_TOO_LARGE, "body too large\n"));
    };
    let body = body.to_bytes();
    counters.requests.fetch_add(1, Ordering::Relaxed);
    counters
        .body_bytes
        .fetch_add(body.len() as u64, Ordering::Relaxed);
    if let Some(n) = find_n(&body) {
        counters.largest_n.fetch_max(n, Ordering::Relaxed);
    }
    if let Some(end) = stall_end(&config, epoch, Instant::now()) {
        tokio::time::sleep_until(end).await;
    }
    Ok(status(StatusCode::OK, "ok\n"))
}

fn status(code: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = code;
    response
}

/// The number after `n=` in a body such as `n=41`, if there is one.
fn find_n(body: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(body).ok()?;
    let digits = text.split_once("n=")?.1;
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stalls_cover_the_end_of_each_period() {
        let config = StallConfig {
            every: Some(Duration::from_secs(2)),
            stall_for: Duration::from_millis(500),
            ..StallConfig::default()
        };
        let epoch = Instant::now();
        let at = |ms| epoch + Duration::from_millis(ms);
        assert_eq!(stall_end(&config, epoch, at(0)), None);
        assert_eq!(stall_end(&config, epoch, at(1_499)), None);
        assert_eq!(stall_end(&config, epoch, at(1_500)), Some(at(2_000)));
        assert_eq!(stall_end(&config, epoch, at(1_999)), Some(at(2_000)));
        assert_eq!(stall_end(&config, epoch, at(2_000)), None);
        assert_eq!(stall_end(&config, epoch, at(9_600)), Some(at(10_000)));
        assert_eq!(stall_end(&StallConfig::default(), epoch, at(1_800)), None);
    }

    #[test]
    fn finds_the_request_number_in_a_body() {
        assert_eq!(find_n(b"{\"x\":1} n=41"), Some(41));
        assert_eq!(find_n(b"n=7&b=2"), Some(7));
        assert_eq!(find_n(b"nothing"), None);
    }
}
