//! Accepting connections: the part `axum::serve` hides, written out so that every limit is
//! ours to set.
//!
//! - hyper's header read timeout ends a client that sends its head one byte at a time, or
//!   nothing at all;
//! - a write timeout ends a client that stops reading its responses (`WriteTimeout`);
//! - a connection limit caps the file descriptors and tasks clients can hold, and at the limit
//!   a connection with nothing in flight is closed to make room for a new one (never-used
//!   connections first, then request heads that are taking too long, then the connection idle
//!   the longest), so a crowd of idle or slow clients cannot keep a health check out;
//! - shutdown fails `/ready` first, keeps serving for a drain delay so that load balancers
//!   notice, then stops accepting and lets in-flight requests finish.
//!
//! To choose what to close, each connection's state is kept where it changes: its socket
//! (`Watched`) sees the first bytes of a head and the end of every write, its service
//! (`Tracked`) sees a request enter the app, and the response body (`TrackedBody`) sees the
//! response leave it.

use crate::app::App;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Sleep;

// ANCHOR: limits
/// Connection-level limits. The defaults suit production; tests shorten the timeouts.
#[derive(Clone, Debug)]
pub struct Limits {
    /// From accepting a connection, or from the end of the previous response on a kept-alive
    /// one, to having a complete request head. Ends slowloris clients and connections that
    /// send nothing.
    pub header_read_timeout: Duration,
    /// How long a response write may make no progress. Ends clients that send requests but
    /// never read the responses, which would otherwise hold their connection forever.
    pub write_timeout: Duration,
    /// Connections open at once. At the limit, one with nothing in flight is closed to make
    /// room (see `ConnectionState::eviction_order` for which); if every connection is busy,
    /// new clients wait in the kernel's backlog.
    pub max_connections: usize,
    /// After a shutdown signal, how long `/ready` fails while requests are still served, so
    /// that a load balancer polling it stops sending new ones.
    pub drain_delay: Duration,
    /// Then, how long in-flight requests may take before their connections are dropped.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            max_connections: 1024,
            drain_delay: Duration::from_secs(5),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}
// ANCHOR_END: limits

/// File descriptors kept for everything that is not a client connection: the listener, the
/// database and its WAL files, a connection held while waiting for a slot, stdio, the runtime.
pub const RESERVED_DESCRIPTORS: u64 = 64;

impl Limits {
    /// Lowers `max_connections` so that the connections fit in `open_files` descriptors (the
    /// process's `RLIMIT_NOFILE` soft limit). Returns the new limit when it had to change.
    pub fn fit_to_open_files(&mut self, open_files: u64) -> Option<usize> {
        let room = usize::try_from(open_files.saturating_sub(RESERVED_DESCRIPTORS))
            .unwrap_or(usize::MAX)
            .max(1);
        (self.max_connections > room).then(|| {
            self.max_connections = room;
            room
        })
    }
}

/// Whether the service is draining. `/ready` reads it; `serve` sets it when shutdown begins.
#[derive(Clone, Debug, Default)]
pub struct Lifecycle {
    draining: Arc<AtomicBool>,
}

impl Lifecycle {
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }
}

/// Binds with a backlog of 4096, so a burst of connections waits in the kernel instead of
/// being refused (Tokio's `TcpListener::bind` uses 1024).
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// What every connection task watches: serving, closing gracefully, or dropping everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Serving,
    Closing,
    Abort,
}

/// Serves `app` on `listener` until `shutdown` completes. Then `/ready` fails (through
/// `lifecycle`) while requests are still served for `limits.drain_delay`; then the listener
/// closes and open requests get `limits.shutdown_grace` to finish.
pub async fn serve(
    listener: TcpListener,
    app: App,
    lifecycle: Lifecycle,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    serve_reporting(
        listener,
        app,
        lifecycle,
        limits,
        watch::Sender::new(0),
        shutdown,
    )
    .await
}

// ANCHOR: serve
/// `serve`, publishing the number of open connections on `open`.
async fn serve_reporting(
    listener: TcpListener,
    app: App,
    lifecycle: Lifecycle,
    limits: Limits,
    open: watch::Sender<usize>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    // `Semaphore::new` panics above `MAX_PERMITS`; a limit that high means "no limit" anyway.
    let permits = Arc::new(Semaphore::new(
        limits.max_connections.min(Semaphore::MAX_PERMITS),
    ));
    let connections = Arc::new(Registry::new(open));
    let (phase, _) = watch::channel(Phase::Serving);
    tokio::pin!(shutdown);
    let drain_over = tokio::time::sleep(Duration::MAX);
    tokio::pin!(drain_over);
    let mut draining = false;

    'accept: loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(error) => {
                    // EMFILE and friends: back off instead of spinning, and keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown, if !draining => {
                draining = true;
                begin_draining(&lifecycle, limits.drain_delay, drain_over.as_mut());
                continue;
            }
            () = &mut drain_over => break,
        };
        // A slot for it: free, or made by closing a connection with nothing in flight. When
        // every connection is busy this can take a while, and the signal and the end of the
        // drain must not wait behind it.
        let room = connections.make_room(&permits);
        tokio::pin!(room);
        let permit = loop {
            tokio::select! {
                permit = &mut room => break permit,
                () = &mut shutdown, if !draining => {
                    draining = true;
                    begin_draining(&lifecycle, limits.drain_delay, drain_over.as_mut());
                }
                () = &mut drain_over => break 'accept,
            }
        };
        let Some(permit) = permit else {
            break; // the semaphore is never closed; stop if it somehow is
        };
        let _ = stream.set_nodelay(true);
        let state = connections.register();
        let service = Tracked {
            inner: TowerToHyperService::new(app.clone()),
            state: Arc::clone(&state),
        };
        let io = Watched {
            inner: WriteTimeout::new(stream, limits.write_timeout),
            state: Arc::clone(&state),
        };
        let connection = http.serve_connection(TokioIo::new(io), service);
        // Unregisters when dropped, however the task ends: a handler that panics takes its
        // task down, and the slot must come back all the same.
        let registration = Registration {
            registry: Arc::clone(&connections),
            state,
            _permit: permit,
        };
        let phase = phase.subscribe();
        tokio::spawn(async move {
            serve_connection(connection, &registration.state, phase).await;
            drop(registration);
        });
    }

    drop(listener); // new connections are now refused by the kernel
    tracing::info!("shutting down: waiting for in-flight requests");
    let _ = phase.send(Phase::Closing);
    let mut open = connections.open.subscribe();
    tokio::select! {
        _ = open.wait_for(|open| *open == 0) => tracing::info!("all connections closed"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("grace period over; dropping the remaining connections");
            let _ = phase.send(Phase::Abort);
        }
    }
    Ok(())
}
// ANCHOR_END: serve

/// Fails `/ready` and starts the drain delay, at whose end the listener closes.
fn begin_draining(lifecycle: &Lifecycle, delay: Duration, drain_over: Pin<&mut Sleep>) {
    lifecycle.start_draining();
    tracing::info!(
        delay_ms = delay.as_millis(),
        "draining: /ready fails, requests are still served"
    );
    drain_over.reset(tokio::time::Instant::now() + delay);
}

type Connection =
    http1::Connection<TokioIo<Watched<WriteTimeout<TcpStream>>>, Tracked<TowerToHyperService<App>>>;

// ANCHOR: serve_connection
/// Runs one connection until it ends, is evicted, or the server shuts down. A connection with
/// nothing in flight is closed by dropping it, which closes the socket at once; hyper's
/// graceful shutdown would not close one that has read part of a head until its header read
/// timeout. A busy one is told to close after its response.
async fn serve_connection(
    connection: Connection,
    state: &ConnectionState,
    mut phase: watch::Receiver<Phase>,
) {
    tokio::pin!(connection);
    let finished = loop {
        tokio::select! {
            result = connection.as_mut() => break Some(result),
            () = state.evict.notified() => {
                // The state may have changed since the accept loop chose this connection: a
                // request may have arrived. Only this task changes it, so it is current here.
                if state.is_evictable() {
                    tracing::debug!(connection = state.id, "closed to make room for a new connection");
                    return;
                }
                state.decline_eviction();
            }
            _ = phase.wait_for(|phase| *phase != Phase::Serving) => break None,
        }
    };
    let result = match finished {
        Some(result) => result,
        // Shutting down: close now if nothing is in flight, else after the response.
        None if state.is_evictable() => return,
        None => {
            connection.as_mut().graceful_shutdown();
            tokio::select! {
                result = connection.as_mut() => result,
                _ = phase.wait_for(|phase| *phase == Phase::Abort) => Ok(()),
            }
        }
    };
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}
// ANCHOR_END: serve_connection

// ANCHOR: registry
/// The open connections, so that the accept loop can choose one to close at the limit.
struct Registry {
    next_id: AtomicU64,
    connections: Mutex<HashMap<u64, Arc<ConnectionState>>>,
    room: Arc<Room>,
    /// How many are open; tests and shutdown wait on it.
    open: watch::Sender<usize>,
}

/// What the accept loop, waiting for a slot, shares with every connection.
struct Room {
    epoch: Instant,
    /// Set while the accept loop waits for a slot; a connection that becomes closable then, or
    /// refuses to close, says so on `changed`, so the loop never polls.
    wanted: AtomicBool,
    changed: Notify,
}

/// What a connection is doing, as far as choosing one to close is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Activity {
    /// Accepted, and not a byte received yet.
    Fresh = 0,
    /// Some bytes of a request head received, and no request in the app yet.
    Head = 1,
    /// A request in the app, or its response not yet fully written: never closed for room.
    Busy = 2,
    /// Between requests on a kept-alive connection.
    Idle = 3,
}

/// A head still incomplete after this long is not a client on its way; it goes before the
/// idle connections of well-behaved pooled clients when room must be made.
const SLOW_HEAD: Duration = Duration::from_secs(1);

/// One connection's state, shared by its task, its socket, its service and the registry.
struct ConnectionState {
    id: u64,
    activity: AtomicU8,
    /// Milliseconds after the epoch when `activity` last changed.
    since: AtomicU64,
    /// Bytes handed to the socket since the last completed flush; the connection is not
    /// closed while the end of a response may still be in hyper's buffer.
    writing: AtomicBool,
    /// Chosen to be closed, and neither closed nor refused yet.
    evicting: AtomicBool,
    evict: Notify,
    room: Arc<Room>,
}

impl ConnectionState {
    fn activity(&self) -> Activity {
        match self.activity.load(Ordering::Relaxed) {
            0 => Activity::Fresh,
            1 => Activity::Head,
            2 => Activity::Busy,
            _ => Activity::Idle,
        }
    }

    fn set(&self, activity: Activity) {
        self.since
            .store(millis_since(self.room.epoch), Ordering::Relaxed);
        self.activity.store(activity as u8, Ordering::Relaxed);
        if activity != Activity::Busy {
            self.tell_waiting_accept_loop();
        }
    }

    fn is_evictable(&self) -> bool {
        self.activity() != Activity::Busy && !self.writing.load(Ordering::Relaxed)
    }

    /// The first bytes of a head on a fresh or idle connection.
    fn bytes_arrived(&self) {
        if matches!(self.activity(), Activity::Fresh | Activity::Idle) {
            self.set(Activity::Head);
        }
    }

    fn flushed(&self) {
        if self.writing.swap(false, Ordering::Relaxed) && self.activity() != Activity::Busy {
            self.tell_waiting_accept_loop();
        }
    }

    fn decline_eviction(&self) {
        self.evicting.store(false, Ordering::Relaxed);
        self.room.changed.notify_one();
    }

    fn tell_waiting_accept_loop(&self) {
        if self.room.wanted.load(Ordering::SeqCst) {
            self.room.changed.notify_one();
        }
    }

    /// Lower is closed first: never-used connections, then heads that are taking too long,
    /// then idle kept-alive connections, then heads in progress; within each, the one in that
    /// state the longest, and of two since the same millisecond, the one accepted first.
    fn eviction_order(&self, now: u64) -> (u8, u64, u64) {
        let since = self.since.load(Ordering::Relaxed);
        let rank = match self.activity() {
            Activity::Fresh => 0,
            Activity::Head if now.saturating_sub(since) >= SLOW_HEAD.as_millis() as u64 => 1,
            Activity::Idle => 2,
            Activity::Head | Activity::Busy => 3,
        };
        (rank, since, self.id)
    }
}

impl Registry {
    fn new(open: watch::Sender<usize>) -> Registry {
        Registry {
            next_id: AtomicU64::new(0),
            connections: Mutex::new(HashMap::new()),
            room: Arc::new(Room {
                epoch: Instant::now(),
                wanted: AtomicBool::new(false),
                changed: Notify::new(),
            }),
            open,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Arc<ConnectionState>>> {
        // Nothing panics while holding it; if something did, the map is still consistent.
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// A permit for one more connection. At the limit, asks one connection with nothing in
    /// flight to close and waits for its permit; when every connection is busy, waits until
    /// one finishes, closes or becomes closable.
    async fn make_room(&self, permits: &Arc<Semaphore>) -> Option<OwnedSemaphorePermit> {
        /// Clears `wanted` however `make_room` ends, cancelled by shutdown included.
        struct Wanted<'a>(&'a Room);
        impl Drop for Wanted<'_> {
            fn drop(&mut self) {
                self.0.wanted.store(false, Ordering::SeqCst);
            }
        }
        let mut victim: Option<Arc<ConnectionState>> = None;
        let mut wanted = None;
        loop {
            match Arc::clone(permits).try_acquire_owned() {
                Ok(permit) => return Some(permit),
                Err(tokio::sync::TryAcquireError::Closed) => return None,
                Err(tokio::sync::TryAcquireError::NoPermits) => {}
            }
            if wanted.is_none() {
                self.room.wanted.store(true, Ordering::SeqCst);
                wanted = Some(Wanted(&self.room));
            }
            // One eviction at a time: a victim that closes frees the slot this call waits for.
            if victim
                .as_ref()
                .is_none_or(|v| !v.evicting.load(Ordering::Relaxed))
            {
                victim = self.choose_victim();
                if let Some(victim) = &victim {
                    victim.evict.notify_one();
                }
            }
            tokio::select! {
                permit = Arc::clone(permits).acquire_owned() => return permit.ok(),
                () = self.room.changed.notified() => {}
            }
        }
    }

    fn choose_victim(&self) -> Option<Arc<ConnectionState>> {
        let now = millis_since(self.room.epoch);
        let connections = self.lock();
        let victim = connections
            .values()
            .filter(|c| c.is_evictable() && !c.evicting.load(Ordering::Relaxed))
            .min_by_key(|c| c.eviction_order(now))?;
        victim.evicting.store(true, Ordering::Relaxed);
        Some(Arc::clone(victim))
    }

    fn register(&self) -> Arc<ConnectionState> {
        let state = Arc::new(ConnectionState {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            activity: AtomicU8::new(Activity::Fresh as u8),
            since: AtomicU64::new(millis_since(self.room.epoch)),
            writing: AtomicBool::new(false),
            evicting: AtomicBool::new(false),
            evict: Notify::new(),
            room: Arc::clone(&self.room),
        });
        let mut connections = self.lock();
        connections.insert(state.id, Arc::clone(&state));
        self.open.send_replace(connections.len());
        state
    }

    fn unregister(&self, state: &ConnectionState) {
        let mut connections = self.lock();
        connections.remove(&state.id);
        self.open.send_replace(connections.len());
    }
}

/// A connection's place in the registry and its slot, given up when its task ends, even by a
/// panic.
struct Registration {
    registry: Arc<Registry>,
    state: Arc<ConnectionState>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.unregister(&self.state);
    }
}
// ANCHOR_END: registry

fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A hyper service that marks its connection busy from the moment a request enters the app.
struct Tracked<S> {
    inner: S,
    state: Arc<ConnectionState>,
}

impl<S, R, B> hyper::service::Service<R> for Tracked<S>
where
    S: hyper::service::Service<R, Response = hyper::Response<B>>,
{
    type Response = hyper::Response<TrackedBody<B>>;
    type Error = S::Error;
    type Future = TrackedFuture<S::Future>;

    fn call(&self, request: R) -> Self::Future {
        self.state.set(Activity::Busy);
        TrackedFuture {
            inner: self.inner.call(request),
            state: Some(Arc::clone(&self.state)),
        }
    }
}

pin_project_lite::pin_project! {
    /// The app's response future; hands the connection's state on to the response body.
    struct TrackedFuture<F> {
        #[pin]
        inner: F,
        state: Option<Arc<ConnectionState>>,
    }
}

impl<F, B, E> Future for TrackedFuture<F>
where
    F: Future<Output = Result<hyper::Response<B>, E>>,
{
    type Output = Result<hyper::Response<TrackedBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = std::task::ready!(this.inner.poll(cx));
        let state = this.state.take();
        Poll::Ready(match result {
            Ok(response) => Ok(response.map(|inner| TrackedBody { inner, state })),
            Err(error) => {
                if let Some(state) = state {
                    state.set(Activity::Idle);
                }
                Err(error)
            }
        })
    }
}

pin_project_lite::pin_project! {
    /// A response body: the connection stays busy until hyper has taken its last frame and
    /// dropped it.
    struct TrackedBody<B> {
        #[pin]
        inner: B,
        state: Option<Arc<ConnectionState>>,
    }

    impl<B> PinnedDrop for TrackedBody<B> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(state) = this.project().state.take() {
                state.set(Activity::Idle);
            }
        }
    }
}

impl<B: http_body::Body> http_body::Body for TrackedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// The socket as hyper sees it, reporting to the connection's state: the first bytes of a
/// head, and whether the last bytes written have been flushed.
struct Watched<S> {
    inner: S,
    state: Arc<ConnectionState>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.state.bytes_arrived();
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // Set on every attempt, not only on success: a write that returns `Pending` leaves
        // bytes in hyper's buffer.
        self.state.writing.store(true, Ordering::Relaxed);
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.state.writing.store(true, Ordering::Relaxed);
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    /// hyper flushes the socket only once its own buffer is empty.
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_flush(cx);
        if matches!(result, Poll::Ready(Ok(()))) {
            self.state.flushed();
        }
        result
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

// ANCHOR: write_timeout
/// A stream whose writes fail with `TimedOut` after making no progress for `timeout`. hyper
/// has a timeout for reading a head but none for writing: a client that pipelines requests
/// and never reads would fill the socket buffers and leave the connection waiting forever.
struct WriteTimeout<S> {
    inner: S,
    timeout: Duration,
    /// Armed when a write returns `Pending`, dropped when a write makes progress; so the
    /// common case, a write that succeeds at once, never touches the timer.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteTimeout<S> {
    fn new(inner: S, timeout: Duration) -> WriteTimeout<S> {
        WriteTimeout {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// After the inner write returned `Pending`: `Ready(Err)` once the stall has lasted too long.
    fn check_stall<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let timeout = self.timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client read nothing for the write timeout",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Pending => self.check_stall(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write_vectored(cx, bufs) {
            Poll::Pending => self.check_stall(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.check_stall(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_shutdown(cx) {
            Poll::Pending => self.check_stall(cx),
            ready => ready,
        }
    }
}
// ANCHOR_END: write_timeout

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// A server running on a background task: for tests and examples.
pub struct RunningServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
    open: watch::Receiver<usize>,
}

impl RunningServer {
    /// Binds `127.0.0.1:0` (a free port the kernel picks) and serves `app` there.
    pub async fn start(
        app: App,
        lifecycle: Lifecycle,
        limits: Limits,
    ) -> io::Result<RunningServer> {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let (open_tx, open) = watch::channel(0);
        let task = tokio::spawn(serve_reporting(
            listener,
            app,
            lifecycle,
            limits,
            open_tx,
            async move {
                let _ = stopped.await;
            },
        ));
        Ok(RunningServer {
            addr,
            stop: Some(stop),
            task,
            open,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Connections open right now.
    pub fn open_connections(&self) -> usize {
        *self.open.borrow()
    }

    /// Begins a graceful shutdown without waiting for it.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// True once the server task has returned.
    pub fn has_stopped(&self) -> bool {
        self.task.is_finished()
    }

    /// Shuts down gracefully and waits until the server has stopped.
    pub async fn stop(mut self) -> io::Result<()> {
        self.begin_shutdown();
        self.task.await.map_err(io::Error::other)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_connection_limit_past_the_semaphore_maximum_does_not_panic() {
        let limits = Limits {
            max_connections: usize::MAX,
            drain_delay: Duration::ZERO,
            ..Limits::default()
        };
        let store = Arc::new(crate::store::MemoryStore::default());
        let state = crate::AppState::new(store, &crate::AppOptions::default()).unwrap();
        let lifecycle = state.lifecycle.clone();
        let server = RunningServer::start(crate::build_app(state), lifecycle, limits)
            .await
            .unwrap();
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        stream
            .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).await.unwrap();
        assert!(reply.starts_with(b"HTTP/1.1 200"));
        server.stop().await.unwrap();
    }

    /// A panic in a handler ends its connection's task. The slot must come back: with a limit
    /// of one, the next client would otherwise wait forever.
    #[tokio::test]
    async fn a_handler_that_panics_gives_its_slot_back() {
        use axum::routing::get;
        async fn panics() -> &'static str {
            panic!("a handler panics, on purpose")
        }
        let router = axum::Router::new()
            .route("/panic", get(panics))
            .route("/health", get(|| async { "ok" }));
        let app: App = tower::ServiceBuilder::new()
            .layer(crate::request_id::RequestIdLayer::default())
            .layer(crate::timeout::RequestTimeoutLayer::new(
                Duration::from_secs(10),
            ))
            .service(router);
        let limits = Limits {
            max_connections: 1,
            drain_delay: Duration::ZERO,
            ..Limits::default()
        };
        let server = RunningServer::start(app, Lifecycle::default(), limits)
            .await
            .unwrap();
        let request =
            |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        for (path, expected) in [("/panic", None), ("/health", Some("HTTP/1.1 200"))] {
            let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
            stream.write_all(request(path).as_bytes()).await.unwrap();
            let mut reply = Vec::new();
            let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut reply));
            // The panicking handler's connection is dropped: the read ends (EOF or reset).
            let read = read.await.unwrap_or_else(|_| panic!("no answer to {path}"));
            if let Some(status) = expected {
                read.unwrap();
                assert!(reply.starts_with(status.as_bytes()), "{path}");
            }
        }
        server.stop().await.unwrap();
    }

    #[test]
    fn the_connection_limit_fits_the_open_file_limit() {
        let mut limits = Limits::default();
        assert_eq!(limits.fit_to_open_files(20_000), None);
        assert_eq!(limits.max_connections, 1024);
        assert_eq!(limits.fit_to_open_files(1024), Some(960));
        assert_eq!(limits.fit_to_open_files(10), Some(1), "never zero");
    }
}
