//! One run at one offered rate: a pacer that issues requests on schedule, and a fixed pool of
//! keep-alive connections that sends them.
//!
//! ```text
//!  pacer thread ──(bounded queue of due requests)──> connection tasks ──> server
//!     │ sleeps until each intended time                 │ one request at a time each
//!     └ takes an "outstanding" slot first               └ record latency, release the slot
//! ```
//!
//! Three bounds keep the generator's memory and time fixed: `connections` sockets, at most
//! `max_outstanding` requests issued and not yet answered (in flight or queued for a free
//! connection), and a timeout on every request, counted from its intended start, as a user's
//! patience is. When the server is too slow for the offered rate, requests wait in the queue,
//! and since their latency is measured from the *intended* start, that wait is in the figures.
//! When even the slots run out, the pacer waits for one, for as long as the request's own
//! timeout allows, and then sends the late requests as soon as it can, still timed from their
//! intended start. A request that is not answered by its deadline, sent or not, is given up and
//! recorded as the time until then: a lower bound of its latency, never left out.

use crate::report::{Mode, PacerStats, Recorder, Report, Timing};
use crate::schedule::{Arrival, Schedule};
use crate::target::Target;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{HOST, HeaderName, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError, mpsc};
use tokio::task::JoinSet;
use tokio::time::{timeout, timeout_at};

/// Time between setting up the clock and the first intended request, so that the pacer thread
/// has started before anything is due.
const LEAD: Duration = Duration::from_millis(10);

/// Closed loop only: the first pause after a failed connect, doubled after each further failure
/// up to `MAX_BACKOFF`, so that a server that is down is not hammered with connects.
const MIN_BACKOFF: Duration = Duration::from_millis(10);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// Everything one run needs. The CLI checks the values; see `main.rs`.
#[derive(Clone, Debug)]
pub struct Config {
    pub target: Target,
    /// Offered load, in requests per second.
    pub rate: f64,
    pub duration: Duration,
    pub arrival: Arrival,
    pub seed: u64,
    /// Keep-alive connections, each carrying one request at a time: the most requests the
    /// server ever has from this generator at once.
    pub connections: usize,
    /// Requests issued and not yet answered, at most: in flight plus waiting for a connection.
    pub max_outstanding: usize,
    /// How long each request may take, from its intended start (open loop) or from its send
    /// (closed loop), connecting included. A request not answered by then is given up.
    pub timeout: Duration,
    /// A response body longer than this is counted as an error and its connection closed.
    /// `None`: no limit (the body is read and thrown away as it comes, so memory stays small
    /// either way; the timeout still ends an endless one).
    pub max_body: Option<u64>,
    pub request: RequestTemplate,
}

/// What to send. `{seq}` in the body is replaced by the request's sequence number (0, 1, 2...), so
/// that each POST can carry a unique key. A `Host` among the headers replaces the one made from
/// the URL.
#[derive(Clone, Debug)]
pub struct RequestTemplate {
    pub method: Method,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

impl Default for RequestTemplate {
    fn default() -> Self {
        RequestTemplate {
            method: Method::GET,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }
}

/// Why a run could not take place at all. Failures of single requests are counted in the
/// report instead. The messages leave the underlying error to `source()`, so that a caller that
/// prints the chain (anyhow's `{:#}`) shows it once.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot connect to {addr}")]
    Connect { addr: SocketAddr, source: io::Error },
    #[error("connecting to {addr} took longer than {timeout:?}")]
    ConnectTimeout { addr: SocketAddr, timeout: Duration },
    #[error("HTTP/1.1 handshake with {addr} failed")]
    Handshake {
        addr: SocketAddr,
        source: hyper::Error,
    },
    #[error("no address of the target accepts a connection: {}", .0.join("; "))]
    Unreachable(Vec<String>),
    #[error("cannot start the pacer thread")]
    Thread(#[source] io::Error),
    #[error("a loadgen task panicked")]
    Panicked,
}

/// A request whose intended time has come, holding its outstanding slot until it is answered.
struct Job {
    index: u64,
    intended: Instant,
    /// When the pacer put it in the queue, holding a slot.
    issued: Instant,
    _slot: OwnedSemaphorePermit,
}

/// What every connection task shares.
struct Shared {
    config: Config,
    /// The address every connection uses: the first of the target's that accepted one.
    addr: SocketAddr,
    recorder: Mutex<Recorder>,
    /// Closed loop only: the sequence number of the next request, for `{seq}`.
    next_index: AtomicU64,
}

impl Shared {
    fn record(&self, update: impl FnOnce(&mut Recorder)) {
        // A poisoned lock means another task panicked mid-update; its counts are still usable.
        let mut recorder = self
            .recorder
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        update(&mut recorder);
    }

    /// The counts and histograms of a finished run.
    fn take_recorder(&self) -> Recorder {
        let mut recorder = self
            .recorder
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::replace(&mut *recorder, Recorder::new(self.config.timeout))
    }
}

/// Opens every connection before the clock starts, so that no request pays for a handshake.
/// The first one also picks the address: `localhost` is both 127.0.0.1 and ::1, a server may
/// listen on either, and a refused connect on loopback costs microseconds.
async fn connect_all(config: &Config) -> Result<(SocketAddr, Vec<Connection>), RunError> {
    let mut failures = Vec::new();
    let mut first = None;
    for &addr in &config.target.addrs {
        match Connection::open(addr, config.timeout).await {
            Ok(connection) => {
                first = Some((addr, connection));
                break;
            }
            Err(error) => failures.push(error),
        }
    }
    let Some((addr, connection)) = first else {
        return Err(match failures.len() {
            1 => failures.remove(0),
            _ => RunError::Unreachable(failures.iter().map(chain).collect()),
        });
    };
    let mut connecting = JoinSet::new();
    for _ in 1..config.connections {
        let limit = config.timeout;
        connecting.spawn(async move { Connection::open(addr, limit).await });
    }
    let mut connections = Vec::with_capacity(config.connections);
    connections.push(connection);
    while let Some(opened) = connecting.join_next().await {
        connections.push(opened.map_err(|_| RunError::Panicked)??);
    }
    Ok((addr, connections))
}

/// `error: its source: the source's source`, on one line.
fn chain(error: &RunError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn shared(config: &Config, addr: SocketAddr) -> Arc<Shared> {
    Arc::new(Shared {
        config: config.clone(),
        addr,
        recorder: Mutex::new(Recorder::new(config.timeout)),
        next_index: AtomicU64::new(0),
    })
}

/// Runs `config` once, open-loop, and reports what happened. It ends when every scheduled
/// request has been answered or given up: at most `timeout` after the end of `duration`.
pub async fn run(config: &Config) -> Result<Report, RunError> {
    let (addr, connections) = connect_all(config).await?;
    let t0 = Instant::now() + LEAD;
    let shared = shared(config, addr);

    let slots = Arc::new(Semaphore::new(config.max_outstanding));
    // As deep as there are slots: the pacer always finds room once it holds a slot.
    let (queue, jobs) = mpsc::channel::<Job>(config.max_outstanding);
    let jobs = Arc::new(tokio::sync::Mutex::new(jobs));
    let mut workers = JoinSet::new();
    for connection in connections {
        workers.spawn(send_loop(
            connection,
            Arc::clone(&shared),
            Arc::clone(&jobs),
        ));
    }

    let pacer = Pacer {
        schedule: Schedule::new(config.arrival, config.rate, config.duration, config.seed),
        t0,
        timeout: config.timeout,
        max_outstanding: config.max_outstanding,
        slots,
        queue,
        shared: Arc::clone(&shared),
        runtime: tokio::runtime::Handle::current(),
    };
    let pacer = std::thread::Builder::new()
        .name("loadgen-pacer".into())
        .spawn(move || pace(pacer))
        .map_err(RunError::Thread)?;
    let stats = tokio::task::spawn_blocking(move || pacer.join())
        .await
        .map_err(|_| RunError::Panicked)?
        .map_err(|_| RunError::Panicked)?;
    while let Some(finished) = workers.join_next().await {
        finished.map_err(|_| RunError::Panicked)?;
    }

    let recorder = shared.take_recorder();
    Ok(Report::new(config, Mode::Open, Some(stats), recorder, t0))
}

/// Runs closed-loop instead, the way wrk and most benchmarking tools do: each connection sends
/// its next request as soon as the previous response is in, for `duration`; `rate`, `arrival`
/// and `max_outstanding` are ignored. There is no intended start, only the actual send, so the
/// latency is the service time. This is here for comparison: it finds a throughput (loadgen's
/// own, if its worker threads are the busier side), and its latencies leave out every request a
/// stall kept it from sending.
pub async fn run_closed_loop(config: &Config) -> Result<Report, RunError> {
    let (addr, connections) = connect_all(config).await?;
    let t0 = Instant::now();
    let end = t0 + config.duration;
    let shared = shared(config, addr);
    let mut loops = JoinSet::new();
    for connection in connections {
        let shared = Arc::clone(&shared);
        loops.spawn(async move {
            let mut connection = Some(connection);
            let mut backoff = MIN_BACKOFF;
            while Instant::now() < end {
                let index = shared.next_index.fetch_add(1, Ordering::Relaxed);
                let sent = Instant::now();
                let timing = Timing {
                    intended: sent,
                    issued: sent,
                    sent,
                };
                let outcome = send_one(&mut connection, &shared, index, timing).await;
                if outcome == Outcome::ConnectFailed {
                    // Nothing is listening, or it refuses us: try again later, not at once.
                    let now = Instant::now();
                    tokio::time::sleep(backoff.min(end.saturating_duration_since(now))).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                } else {
                    backoff = MIN_BACKOFF;
                }
            }
        });
    }
    while let Some(finished) = loops.join_next().await {
        finished.map_err(|_| RunError::Panicked)?;
    }
    let recorder = shared.take_recorder();
    Ok(Report::new(config, Mode::Closed, None, recorder, t0))
}

/// The pacer's time spent waiting for a slot, so that each request's delay before it was issued
/// can be split into the part spent waiting because no slot was free (the server behind) and
/// the rest (the generator's own lag).
#[derive(Debug, Default)]
struct SlotWaits {
    /// Waits that ended after the last `since` asked about, oldest first: start, end, and the
    /// total waited before this one. Since a request waits no longer than its deadline, these
    /// are the waits of the last `timeout` or so: a bounded number.
    recent: VecDeque<(Instant, Instant, Duration)>,
    total: Duration,
}

impl SlotWaits {
    fn push(&mut self, start: Instant, end: Instant) {
        self.recent.push_back((start, end, self.total));
        self.total += end.saturating_duration_since(start);
    }

    /// Time spent waiting from `since` until now. `since` never decreases from one call to the
    /// next (intended times are in order), so waits that ended before it are forgotten.
    fn since(&mut self, since: Instant) -> Duration {
        while self.recent.front().is_some_and(|&(_, end, _)| end <= since) {
            self.recent.pop_front();
        }
        match self.recent.front() {
            None => Duration::ZERO,
            Some(&(start, _, before)) => {
                (self.total - before).saturating_sub(since.saturating_duration_since(start))
            }
        }
    }
}

/// Everything the pacer thread owns.
struct Pacer {
    schedule: Schedule,
    t0: Instant,
    timeout: Duration,
    max_outstanding: usize,
    slots: Arc<Semaphore>,
    queue: mpsc::Sender<Job>,
    shared: Arc<Shared>,
    runtime: tokio::runtime::Handle,
}

// ANCHOR: pacer
/// Issues each request at its intended time. It runs on a thread of its own because
/// `std::thread::sleep` wakes within tens of microseconds on Linux, where Tokio's timer
/// rounds up to the next millisecond: at 2,000 requests per second that would be up to two
/// requests' worth of delay added to every measurement.
fn pace(pacer: Pacer) -> PacerStats {
    // Linux delays a sleeping thread's wake-up by up to its timer slack (50 µs by default)
    // to batch wake-ups; the pacer wants to be on time instead. Best effort: if this fails,
    // the lag is larger and the report shows it.
    let _ = nix::sys::prctl::set_timerslack(1);
    let mut stats = PacerStats::new(pacer.timeout);
    let mut waits = SlotWaits::default();
    for (index, offset) in (0u64..).zip(pacer.schedule.clone()) {
        stats.scheduled += 1;
        let intended = pacer.t0 + offset;
        if let Some(wait) = intended.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let slot = match Arc::clone(&pacer.slots).try_acquire_owned() {
            Ok(slot) => slot,
            Err(TryAcquireError::NoPermits) => {
                // Every slot is taken: the server is behind by `max_outstanding` requests.
                // Wait for one until this request's own deadline, past the end of the run if
                // need be: a slot freed a moment after the end still carries the request. The
                // wait shows in its latency, which counts from `intended`.
                stats.stalled += 1;
                let (waited, started, ended) = pacer.wait_for_slot(intended + pacer.timeout);
                waits.push(started, ended);
                match waited {
                    Some(slot) => slot,
                    None => {
                        // Given up unsent: recorded as the time it waited, a lower bound.
                        pacer.shared.record(|r| r.unsent(intended, None, ended));
                        continue;
                    }
                }
            }
            // Never closed; if it were, there would be nothing to wait for.
            Err(TryAcquireError::Closed) => break,
        };
        let issued = Instant::now();
        let slot_wait = waits.since(intended);
        stats.issue(issued.saturating_duration_since(intended), slot_wait);
        stats.peak_outstanding = stats
            .peak_outstanding
            .max(pacer.max_outstanding - pacer.slots.available_permits());
        let job = Job {
            index,
            intended,
            issued,
            _slot: slot,
        };
        if pacer.queue.try_send(job).is_err() {
            break; // every connection task is gone (panicked): the run reports that
        }
    }
    stats
}
// ANCHOR_END: pacer

impl Pacer {
    /// Waits until a slot frees or `deadline` passes; also returns when the wait began and ended.
    fn wait_for_slot(&self, deadline: Instant) -> (Option<OwnedSemaphorePermit>, Instant, Instant) {
        let started = Instant::now();
        // The timer is created inside `block_on`, which enters the runtime it needs.
        let waited = self.runtime.block_on(async {
            let slot = Arc::clone(&self.slots).acquire_owned();
            timeout_at(tokio::time::Instant::from_std(deadline), slot).await
        });
        (waited.ok().and_then(Result::ok), started, Instant::now())
    }
}

// ANCHOR: send_loop
/// One connection's life: take the next due request, send it, record, repeat.
async fn send_loop(
    connection: Connection,
    shared: Arc<Shared>,
    jobs: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
) {
    let mut connection = Some(connection);
    loop {
        // Whoever holds the lock waits for the next job; the others wait for the lock. Either
        // way, each job goes to exactly one idle connection.
        let Some(job) = jobs.lock().await.recv().await else {
            return; // the pacer is done and the queue is empty
        };
        let timing = Timing {
            intended: job.intended,
            issued: job.issued,
            sent: Instant::now(),
        };
        if timing.sent >= job.intended + shared.config.timeout {
            // It waited for a connection past its deadline: given up without being sent.
            shared.record(|r| r.unsent(job.intended, Some(job.issued), timing.sent));
            continue;
        }
        send_one(&mut connection, &shared, job.index, timing).await;
        drop(job); // frees the outstanding slot
    }
}
// ANCHOR_END: send_loop

/// What became of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Response,
    /// No connection could be opened for it.
    ConnectFailed,
    /// The connection failed mid-exchange, or the body was over the limit.
    Failed,
    TimedOut,
}

/// Why one exchange failed.
enum ExchangeError {
    Connect,
    Protocol,
}

/// Sends one request, bounded by its deadline, and records what became of it.
async fn send_one(
    connection: &mut Option<Connection>,
    shared: &Shared,
    index: u64,
    timing: Timing,
) -> Outcome {
    let deadline = timing.intended + shared.config.timeout;
    let exchanged = timeout_at(
        tokio::time::Instant::from_std(deadline),
        exchange(connection, shared, index),
    )
    .await;
    let done = Instant::now();
    match exchanged {
        Ok(Ok(status)) => {
            shared.record(|r| r.response(status, timing, done));
            Outcome::Response
        }
        Ok(Err(error)) => {
            *connection = None; // reconnect for the next request
            shared.record(|r| r.error(timing));
            match error {
                ExchangeError::Connect => Outcome::ConnectFailed,
                ExchangeError::Protocol => Outcome::Failed,
            }
        }
        Err(_elapsed) => {
            // HTTP/1.1 cannot cancel a request on a live connection: close it.
            *connection = None;
            shared.record(|r| r.timeout(timing, done));
            Outcome::TimedOut
        }
    }
}

/// Sends request `index` and reads the whole response; returns its status code.
async fn exchange(
    connection: &mut Option<Connection>,
    shared: &Shared,
    index: u64,
) -> Result<u16, ExchangeError> {
    let config = &shared.config;
    let mut live = match connection.take() {
        Some(live) if !live.sender.is_closed() => live,
        _ => Connection::open(shared.addr, config.timeout)
            .await
            .map_err(|_| ExchangeError::Connect)?,
    };
    let request = build_request(config, index).map_err(|_| ExchangeError::Protocol)?;
    live.sender
        .ready()
        .await
        .map_err(|_| ExchangeError::Protocol)?;
    let response = live
        .sender
        .send_request(request)
        .await
        .map_err(|_| ExchangeError::Protocol)?;
    let status = response.status().as_u16();
    // The body is part of the latency: a response is not there until its last byte is. Each
    // frame is counted and dropped as it arrives, so an endless body costs time (the deadline
    // ends it), never memory.
    let mut body = response.into_body();
    let mut received: u64 = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ExchangeError::Protocol)?;
        if let Some(data) = frame.data_ref() {
            received = received.saturating_add(data.len() as u64);
            if config.max_body.is_some_and(|limit| received > limit) {
                return Err(ExchangeError::Protocol); // `live` is dropped: the connection closes
            }
        }
    }
    *connection = Some(live);
    Ok(status)
}

fn build_request(config: &Config, index: u64) -> Result<Request<Full<Bytes>>, hyper::http::Error> {
    let template = &config.request;
    let body = if template.body.windows(5).any(|w| w == b"{seq}") {
        let text = String::from_utf8_lossy(&template.body);
        Bytes::from(text.replace("{seq}", &index.to_string()))
    } else {
        template.body.clone() // a reference count, not a copy
    };
    let mut builder = Request::builder()
        .method(template.method.clone())
        .uri(config.target.path_and_query.as_str());
    // One Host header: the caller's if given (a virtual host on this machine), else the URL's.
    if !template.headers.iter().any(|(name, _)| name == HOST) {
        builder = builder.header(HOST, config.target.authority.as_str());
    }
    for (name, value) in &template.headers {
        builder = builder.header(name, value);
    }
    builder.body(Full::new(body))
}

/// One keep-alive HTTP/1.1 connection (hyper's client protocol, without its pool: we are the
/// pool, which is what lets us bound and count everything).
struct Connection {
    sender: http1::SendRequest<Full<Bytes>>,
}

impl Connection {
    async fn open(addr: SocketAddr, limit: Duration) -> Result<Connection, RunError> {
        let stream = timeout(limit, TcpStream::connect(addr))
            .await
            .map_err(|_| RunError::ConnectTimeout {
                addr,
                timeout: limit,
            })?
            .map_err(|source| RunError::Connect { addr, source })?;
        // Requests are small and latency is the point: do not let Nagle hold them back.
        stream
            .set_nodelay(true)
            .map_err(|source| RunError::Connect { addr, source })?;
        let (sender, protocol) = timeout(limit, http1::handshake(TokioIo::new(stream)))
            .await
            .map_err(|_| RunError::ConnectTimeout {
                addr,
                timeout: limit,
            })?
            .map_err(|source| RunError::Handshake { addr, source })?;
        // The protocol task reads and writes the socket; it ends when `sender` is dropped or
        // the connection fails, which `is_closed` then tells the sender.
        tokio::spawn(async move {
            let _ = protocol.await;
        });
        Ok(Connection { sender })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_waits_are_counted_from_a_moment_on() {
        let t = Instant::now();
        let at = |ms| t + Duration::from_millis(ms);
        let mut waits = SlotWaits::default();
        waits.push(at(10), at(30)); // 20 ms
        waits.push(at(50), at(55)); // 5 ms
        assert_eq!(waits.since(at(0)), Duration::from_millis(25));
        assert_eq!(
            waits.since(at(20)),
            Duration::from_millis(15),
            "half of the first"
        );
        assert_eq!(waits.since(at(40)), Duration::from_millis(5));
        assert_eq!(waits.since(at(60)), Duration::ZERO);
        assert!(waits.recent.is_empty(), "waits in the past are forgotten");
        waits.push(at(70), at(80));
        assert_eq!(waits.since(at(75)), Duration::from_millis(5));
    }

    #[test]
    fn a_host_header_replaces_the_one_from_the_url() {
        let target = Target::parse("http://127.0.0.1:3000/x").unwrap();
        let mut config = Config {
            target,
            rate: 1.0,
            duration: Duration::from_secs(1),
            arrival: Arrival::Uniform,
            seed: 1,
            connections: 1,
            max_outstanding: 1,
            timeout: Duration::from_secs(1),
            max_body: None,
            request: RequestTemplate::default(),
        };
        let hosts = |config: &Config| -> Vec<String> {
            let request = build_request(config, 0).unwrap();
            let values = request.headers().get_all(HOST).iter();
            values.map(|v| v.to_str().unwrap().to_string()).collect()
        };
        assert_eq!(hosts(&config), ["127.0.0.1:3000"]);
        config.request.headers = vec![(HOST, HeaderValue::from_static("shop.test"))];
        assert_eq!(hosts(&config), ["shop.test"]);
    }
}
