//! One run at one offered rate: a pacer that issues requests on schedule, and a fixed pool of
//! keep-alive connections that sends them.
//!
//! ```text
//!  pacer thread ──(bounded queue of due requests)──> connection tasks ──> server
//!     │ sleeps until each intended time                 │ one request at a time each
//!     └ takes an "outstanding" permit first             └ record latency, release the permit
//! ```
//!
//! Three bounds keep the generator honest and its memory fixed: `connections` sockets, at most
//! `max_outstanding` requests issued and not yet answered (in flight or queued for a free
//! connection), and a timeout on every request. When the server is too slow for the offered
//! rate, requests wait in the queue, and since their latency is measured from the *intended*
//! start, that wait is in the figures. When even the queue is full, the pacer stalls and counts
//! it, then sends the late requests as soon as it can, still timed from their intended start.

use crate::report::{Mode, Recorder, Report};
use crate::schedule::{Arrival, Schedule};
use crate::target::Target;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{HOST, HeaderName, HeaderValue};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError, mpsc};
use tokio::task::JoinSet;
use tokio::time::timeout;

/// Time between setting up the clock and the first intended request, so that the pacer thread
/// has started before anything is due.
const LEAD: Duration = Duration::from_millis(10);

/// Everything one run needs. The CLI checks the values; see `main.rs`.
#[derive(Clone, Debug)]
pub struct Config {
    pub target: Target,
    /// Offered load, in requests per second.
    pub rate: f64,
    pub duration: Duration,
    pub arrival: Arrival,
    pub seed: u64,
    /// Keep-alive connections, each carrying one request at a time.
    pub connections: usize,
    /// Requests issued and not yet answered, at most: in flight plus waiting for a connection.
    pub max_outstanding: usize,
    /// For each request, from the moment it is sent (connecting included, if it has to).
    pub timeout: Duration,
    pub request: RequestTemplate,
}

/// What to send. `{seq}` in the body is replaced by the request's sequence number (0, 1, 2...), so
/// that each POST can carry a unique key.
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
/// report instead.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot connect to {addr}: {source}")]
    Connect { addr: SocketAddr, source: io::Error },
    #[error("connecting to {addr} took longer than {timeout:?}")]
    ConnectTimeout { addr: SocketAddr, timeout: Duration },
    #[error("HTTP/1.1 handshake with {addr} failed: {source}")]
    Handshake {
        addr: SocketAddr,
        source: hyper::Error,
    },
    #[error("cannot start the pacer thread: {0}")]
    Thread(io::Error),
    #[error("a loadgen task panicked")]
    Panicked,
}

/// A request whose intended time has come, holding its outstanding slot until it is answered.
struct Job {
    index: u64,
    intended: Instant,
    /// When the pacer actually put it in the queue: `issued - intended` is the pacer's lag.
    issued: Instant,
    _slot: OwnedSemaphorePermit,
}

/// What the pacer counted.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PacerStats {
    pub scheduled: u64,
    pub issued: u64,
    pub stalled: u64,
    pub peak_outstanding: usize,
}

/// Opens every connection before the clock starts, so that no request pays for a handshake.
async fn connect_all(config: &Config) -> Result<Vec<Connection>, RunError> {
    let mut connecting = JoinSet::new();
    for _ in 0..config.connections {
        let (addr, limit) = (config.target.addr, config.timeout);
        connecting.spawn(async move { Connection::open(addr, limit).await });
    }
    let mut connections = Vec::with_capacity(config.connections);
    while let Some(opened) = connecting.join_next().await {
        connections.push(opened.map_err(|_| RunError::Panicked)??);
    }
    Ok(connections)
}

fn shared(config: &Config, end: Instant) -> Arc<Shared> {
    Arc::new(Shared {
        config: config.clone(),
        // Requests still queued this long after the end are not sent: the run must end.
        drain_deadline: end + config.timeout,
        recorder: Mutex::new(Recorder::new(config.timeout)),
        next_index: AtomicU64::new(0),
    })
}

/// The counts and histograms of a finished run.
fn take_recorder(shared: &Shared) -> Result<Recorder, RunError> {
    let mut recorder = shared.recorder.lock().map_err(|_| RunError::Panicked)?;
    Ok(std::mem::replace(
        &mut *recorder,
        Recorder::new(shared.config.timeout),
    ))
}

/// Runs `config` once, open-loop, and reports what happened.
pub async fn run(config: &Config) -> Result<Report, RunError> {
    let connections = connect_all(config).await?;
    let t0 = Instant::now() + LEAD;
    let end = t0 + config.duration;
    let shared = shared(config, end);

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

    let schedule = Schedule::new(config.arrival, config.rate, config.duration, config.seed);
    let runtime = tokio::runtime::Handle::current();
    let max_outstanding = config.max_outstanding;
    let pacer = std::thread::Builder::new()
        .name("loadgen-pacer".into())
        .spawn(move || pace(schedule, t0, end, slots, max_outstanding, queue, runtime))
        .map_err(RunError::Thread)?;
    let stats = tokio::task::spawn_blocking(move || pacer.join())
        .await
        .map_err(|_| RunError::Panicked)?
        .map_err(|_| RunError::Panicked)?;
    while let Some(finished) = workers.join_next().await {
        finished.map_err(|_| RunError::Panicked)?;
    }

    let recorder = take_recorder(&shared)?;
    Ok(Report::new(config, Mode::Open, stats, recorder, t0))
}

// ANCHOR: closed_loop
/// Runs closed-loop instead, the way wrk and most benchmarking tools do: each connection sends
/// its next request as soon as the previous response is in, for `duration`; `rate`, `arrival`
/// and `max_outstanding` are ignored. There is no intended start, only the actual send, so the
/// latency is the service time. This is here for comparison: it finds the throughput, and its
/// latencies leave out every request a stall kept it from sending.
pub async fn run_closed_loop(config: &Config) -> Result<Report, RunError> {
    let connections = connect_all(config).await?;
    let t0 = Instant::now();
    let end = t0 + config.duration;
    let shared = shared(config, end);
    let mut loops = JoinSet::new();
    for connection in connections {
        let shared = Arc::clone(&shared);
        loops.spawn(async move {
            let mut connection = Some(connection);
            while Instant::now() < end {
                let index = shared.next_index.fetch_add(1, Ordering::Relaxed);
                let sent = Instant::now();
                send_one(&mut connection, &shared, index, sent, sent).await;
            }
        });
    }
    while let Some(finished) = loops.join_next().await {
        finished.map_err(|_| RunError::Panicked)?;
    }
    let sent = shared.next_index.load(Ordering::Relaxed);
    let stats = PacerStats {
        scheduled: sent,
        issued: sent,
        stalled: 0,
        peak_outstanding: config.connections,
    };
    let recorder = take_recorder(&shared)?;
    Ok(Report::new(config, Mode::Closed, stats, recorder, t0))
}
// ANCHOR_END: closed_loop

// ANCHOR: pacer
/// Issues each request at its intended time. It runs on a thread of its own because
/// `std::thread::sleep` wakes within tens of microseconds on Linux, where Tokio's timer rounds
/// up to the next millisecond: at 2,000 requests per second that would be up to two requests'
/// worth of delay added to every measurement.
fn pace(
    schedule: Schedule,
    t0: Instant,
    end: Instant,
    slots: Arc<Semaphore>,
    max_outstanding: usize,
    queue: mpsc::Sender<Job>,
    runtime: tokio::runtime::Handle,
) -> PacerStats {
    // Linux delays a sleeping thread's wake-up by up to its timer slack (50 µs by default) to
    // batch wake-ups; the pacer wants to be on time instead. Best effort: if this fails, the
    // lag is larger and the report shows it.
    let _ = nix::sys::prctl::set_timerslack(1);
    let mut stats = PacerStats::default();
    let mut stopped = false;
    for (index, offset) in (0u64..).zip(schedule) {
        stats.scheduled += 1;
        if stopped {
            continue; // still counted, as unsent
        }
        let intended = t0 + offset;
        if let Some(wait) = intended.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => slot,
            Err(TryAcquireError::NoPermits) => {
                // Every slot is taken: the server is behind by `max_outstanding` requests. Wait
                // for one, but not past the end of the run. The requests sent late keep their
                // intended time, so the wait shows in their latency.
                stats.stalled += 1;
                let deadline = tokio::time::Instant::from_std(end);
                // The timer is created inside `block_on`, which enters the runtime it needs.
                let waited = runtime.block_on(async {
                    let slot = Arc::clone(&slots).acquire_owned();
                    tokio::time::timeout_at(deadline, slot).await
                });
                match waited {
                    Ok(Ok(slot)) => slot,
                    _ => {
                        stopped = true;
                        continue;
                    }
                }
            }
            Err(TryAcquireError::Closed) => {
                stopped = true;
                continue;
            }
        };
        stats.peak_outstanding = stats
            .peak_outstanding
            .max(max_outstanding - slots.available_permits());
        let job = Job {
            index,
            intended,
            issued: Instant::now(),
            _slot: slot,
        };
        if queue.try_send(job).is_err() {
            stopped = true; // the senders are gone
            continue;
        }
        stats.issued += 1;
    }
    stats
}
// ANCHOR_END: pacer

struct Shared {
    config: Config,
    drain_deadline: Instant,
    recorder: Mutex<Recorder>,
    /// Closed loop only: the sequence number of the next request, for `{seq}`.
    next_index: AtomicU64,
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
        if Instant::now() >= shared.drain_deadline {
            shared.record(|r| r.unsent_late += 1);
            continue;
        }
        send_one(
            &mut connection,
            &shared,
            job.index,
            job.intended,
            job.issued,
        )
        .await;
        drop(job); // frees the outstanding slot
    }
}
// ANCHOR_END: send_loop

/// Sends one request under the timeout and records what became of it.
async fn send_one(
    connection: &mut Option<Connection>,
    shared: &Shared,
    index: u64,
    intended: Instant,
    issued: Instant,
) {
    let sent = Instant::now();
    let outcome = timeout(shared.config.timeout, exchange(connection, shared, index)).await;
    let done = Instant::now();
    match outcome {
        Ok(Ok(status)) => shared.record(|r| r.response(status, intended, issued, sent, done)),
        Ok(Err(())) => {
            *connection = None; // reconnect for the next request
            shared.record(|r| r.errors += 1);
        }
        Err(_elapsed) => {
            // HTTP/1.1 cannot cancel a request on a live connection: close it.
            *connection = None;
            shared.record(|r| r.timeouts += 1);
        }
    }
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
}

/// Sends request `index` and reads the whole response; returns its status code.
async fn exchange(
    connection: &mut Option<Connection>,
    shared: &Shared,
    index: u64,
) -> Result<u16, ()> {
    let config = &shared.config;
    let live = match connection.take() {
        Some(live) if !live.sender.is_closed() => live,
        _ => Connection::open(config.target.addr, config.timeout)
            .await
            .map_err(|_| ())?,
    };
    let request = build_request(config, index).map_err(|_| ())?;
    let mut live = live;
    live.sender.ready().await.map_err(|_| ())?;
    let response = live.sender.send_request(request).await.map_err(|_| ())?;
    let status = response.status().as_u16();
    // The body is part of the latency: a response is not there until its last byte is.
    response.into_body().collect().await.map_err(|_| ())?;
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
        .uri(config.target.path_and_query.as_str())
        .header(HOST, config.target.authority.as_str());
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
