//! Accepting connections: the part `axum::serve` hides, written out so that every limit is
//! ours to set.
//!
//! - hyper's header read timeout ends a client that sends its head one byte at a time, or
//!   nothing at all;
//! - a write timeout ends a client that stops reading its responses (`WriteTimeout`);
//! - a connection limit caps the file descriptors and tasks clients can hold, and at the limit
//!   the connection that has been idle longest is closed to make room for a new one, so a crowd
//!   of idle clients cannot keep a health check out;
//! - shutdown fails `/ready` first, keeps serving for a drain delay so that load balancers
//!   notice, then stops accepting and lets in-flight requests finish.

use crate::app::App;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
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
    /// Connections open at once. At the limit, the connection idle the longest (no request in
    /// progress) is closed to make room; if every connection is busy, new clients wait in the
    /// kernel's backlog.
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

// ANCHOR: serve
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
// ANCHOR_END: serve

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

    loop {
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
                lifecycle.start_draining();
                tracing::info!(delay_ms = limits.drain_delay.as_millis(), "draining: /ready fails, requests are still served");
                drain_over.as_mut().reset(tokio::time::Instant::now() + limits.drain_delay);
                continue;
            }
            () = &mut drain_over => break,
        };
        // A slot for it: free, or made by closing the connection idle the longest.
        let Some(permit) = connections.make_room(&permits).await else {
            break; // the semaphore is never closed; stop if it somehow is
        };
        let _ = stream.set_nodelay(true);
        let state = connections.register(permit);
        let service = Tracked {
            inner: TowerToHyperService::new(app.clone()),
            state: Arc::clone(&state),
        };
        let io = TokioIo::new(WriteTimeout::new(stream, limits.write_timeout));
        let connection = http.serve_connection(io, service);
        let registry = Arc::clone(&connections);
        let phase = phase.subscribe();
        tokio::spawn(async move {
            serve_connection(connection, &state, phase).await;
            registry.unregister(&state);
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

type Connection =
    http1::Connection<TokioIo<WriteTimeout<TcpStream>>, Tracked<TowerToHyperService<App>>>;

/// Runs one connection until it ends, is evicted, or the server shuts down. Eviction and
/// shutdown use hyper's graceful shutdown: an idle connection closes at once, a busy one
/// after its response.
async fn serve_connection(
    connection: Connection,
    state: &ConnectionState,
    mut phase: watch::Receiver<Phase>,
) {
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = close_requested(state, &mut phase) => {
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

async fn close_requested(state: &ConnectionState, phase: &mut watch::Receiver<Phase>) {
    tokio::select! {
        () = state.evict.notified() => {}
        _ = phase.wait_for(|phase| *phase != Phase::Serving) => {}
    }
}

// ANCHOR: registry
/// The open connections, so that the accept loop can find the one idle the longest.
struct Registry {
    epoch: Instant,
    next_id: AtomicU64,
    connections: Mutex<HashMap<u64, Arc<ConnectionState>>>,
    /// How many are open; tests and shutdown wait on it.
    open: watch::Sender<usize>,
}

/// One connection's state, shared by its task, its service and the registry.
struct ConnectionState {
    id: u64,
    /// Requests inside the app right now (HTTP/1 serves one at a time, so 0 or 1).
    in_flight: AtomicUsize,
    /// Milliseconds after the registry's epoch when the last request ended (or the
    /// connection was accepted).
    idle_since: AtomicU64,
    evicted: AtomicBool,
    evict: Notify,
    epoch: Instant,
    /// Returned to the semaphore when the connection's state is dropped.
    _permit: OwnedSemaphorePermit,
}

impl Registry {
    fn new(open: watch::Sender<usize>) -> Registry {
        Registry {
            epoch: Instant::now(),
            next_id: AtomicU64::new(0),
            connections: Mutex::new(HashMap::new()),
            open,
        }
    }

    /// A permit for one more connection. At the limit, asks the connection that has been idle
    /// longest to close, and waits for its permit; when every connection is busy, looks again
    /// every 50 ms, since a busy connection may become idle without closing.
    async fn make_room(&self, permits: &Arc<Semaphore>) -> Option<OwnedSemaphorePermit> {
        loop {
            match Arc::clone(permits).try_acquire_owned() {
                Ok(permit) => return Some(permit),
                Err(tokio::sync::TryAcquireError::Closed) => return None,
                Err(tokio::sync::TryAcquireError::NoPermits) => {}
            }
            self.evict_longest_idle();
            tokio::select! {
                permit = Arc::clone(permits).acquire_owned() => return permit.ok(),
                () = tokio::time::sleep(Duration::from_millis(50)) => {}
            }
        }
    }

    fn evict_longest_idle(&self) {
        let Ok(connections) = self.connections.lock() else {
            return;
        };
        let candidate = connections
            .values()
            .filter(|c| c.in_flight.load(Ordering::Relaxed) == 0)
            .filter(|c| !c.evicted.load(Ordering::Relaxed))
            .min_by_key(|c| c.idle_since.load(Ordering::Relaxed));
        if let Some(connection) = candidate {
            connection.evicted.store(true, Ordering::Relaxed);
            connection.evict.notify_one();
            tracing::debug!(
                connection = connection.id,
                "at the connection limit: closing the longest-idle connection"
            );
        }
    }

    fn register(&self, permit: OwnedSemaphorePermit) -> Arc<ConnectionState> {
        let state = Arc::new(ConnectionState {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(millis_since(self.epoch)),
            evicted: AtomicBool::new(false),
            evict: Notify::new(),
            epoch: self.epoch,
            _permit: permit,
        });
        if let Ok(mut connections) = self.connections.lock() {
            connections.insert(state.id, Arc::clone(&state));
            self.open.send_replace(connections.len());
        }
        state
    }

    fn unregister(&self, state: &ConnectionState) {
        if let Ok(mut connections) = self.connections.lock() {
            connections.remove(&state.id);
            self.open.send_replace(connections.len());
        }
    }
}
// ANCHOR_END: registry

fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

pin_project_lite::pin_project! {
    /// The response future of a tracked connection: while it exists, the connection is busy.
    struct TrackedFuture<F> {
        #[pin]
        inner: F,
        state: Arc<ConnectionState>,
    }

    impl<F> PinnedDrop for TrackedFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            let state = &this.state;
            state.idle_since.store(millis_since(state.epoch), Ordering::Relaxed);
            state.in_flight.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl<F: Future> Future for TrackedFuture<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.project().inner.poll(cx)
    }
}

/// A hyper service that marks its connection busy while a request is in the app.
struct Tracked<S> {
    inner: S,
    state: Arc<ConnectionState>,
}

impl<S, R> hyper::service::Service<R> for Tracked<S>
where
    S: hyper::service::Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = TrackedFuture<S::Future>;

    fn call(&self, request: R) -> Self::Future {
        self.state.in_flight.fetch_add(1, Ordering::Relaxed);
        TrackedFuture {
            inner: self.inner.call(request),
            state: Arc::clone(&self.state),
        }
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

    #[test]
    fn the_connection_limit_fits_the_open_file_limit() {
        let mut limits = Limits::default();
        assert_eq!(limits.fit_to_open_files(20_000), None);
        assert_eq!(limits.max_connections, 1024);
        assert_eq!(limits.fit_to_open_files(1024), Some(960));
        assert_eq!(limits.fit_to_open_files(10), Some(1), "never zero");
    }
}
