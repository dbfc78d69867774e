//! A real HTTP server, hyper, on a loopback port, on its own thread with its own Tokio
//! runtime. The client in this crate never sees this code: it only sees the bytes hyper sends.
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::runtime::Builder;
use tokio::sync::oneshot;

const STARTUP_TIMEOUT: Duration = Duration::from_secs(5);
/// A client that opens a connection and sends nothing is dropped after this long.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

type ResponseBody = BoxBody<Bytes, Infallible>;

// ANCHOR: handle
/// The routes: a fixed body, a body sent in pieces, an echo, and a response that closes.
async fn handle(request: Request<Incoming>) -> Result<Response<ResponseBody>, hyper::Error> {
    let response = match (request.method(), request.uri().path()) {
        (&Method::GET, "/hello") => Response::new(full("hello from hyper\n")),
        // The length is not known in advance, so hyper sends the body chunked.
        (&Method::GET, "/chunked") => {
            Response::new(Pieces(["first ", "second ", "third."].map(text).into()).boxed())
        }
        (&Method::POST, "/echo") => {
            let body = request.into_body().collect().await?.to_bytes();
            Response::new(Full::new(body).boxed())
        }
        (&Method::GET, "/close") => Response::builder()
            .header("connection", "close")
            .body(full("goodbye\n"))
            .unwrap_or_default(),
        _ => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(full("not found\n"))
            .unwrap_or_default(),
    };
    Ok(response)
}
// ANCHOR_END: handle

fn full(body: &'static str) -> ResponseBody {
    Full::new(text(body)).boxed()
}

fn text(body: &'static str) -> Bytes {
    Bytes::from_static(body.as_bytes())
}

/// A body made of pieces whose total length hyper cannot know in advance.
struct Pieces(VecDeque<Bytes>);

impl Body for Pieces {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|piece| Ok(Frame::data(piece))))
    }
}

/// A running server. Dropping it stops the server and waits for its thread.
pub struct HttpServer {
    address: SocketAddr,
    connections: Arc<AtomicUsize>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// Serves the routes above on 127.0.0.1, at a port the kernel picks.
    pub fn start() -> io::Result<Self> {
        let connections = Arc::new(AtomicUsize::new(0));
        let (address_sender, address_receiver) = mpsc::channel();
        let (stop, stopped) = oneshot::channel();
        let counter = Arc::clone(&connections);
        let thread = std::thread::spawn(move || run(counter, address_sender, stopped));
        let address = address_receiver
            .recv_timeout(STARTUP_TIMEOUT)
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "the server did not start"))??;
        Ok(Self {
            address,
            connections,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// How many TCP connections the server has accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

// ANCHOR: serve
fn run(
    connections: Arc<AtomicUsize>,
    started: mpsc::Sender<io::Result<SocketAddr>>,
    stop: oneshot::Receiver<()>,
) {
    let runtime = match Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return drop(started.send(Err(error))),
    };
    runtime.block_on(async move {
        let listener = match TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await {
            Ok(listener) => listener,
            Err(error) => return drop(started.send(Err(error))),
        };
        let _ = started.send(listener.local_addr());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                connections.fetch_add(1, Ordering::SeqCst);
                // One task per connection, so that a slow client does not hold up the others.
                tokio::spawn(async move {
                    let connection = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_READ_TIMEOUT)
                        // hyper adds a Date header by default; without it the output repeats.
                        .auto_date_header(false)
                        .serve_connection(TokioIo::new(stream), service_fn(handle))
                        .await;
                    if let Err(error) = connection {
                        eprintln!("connection ended with an error: {error}");
                    }
                });
            }
        });
        // Serve until the `HttpServer` is dropped; dropping the runtime then ends every task.
        let _ = stop.await;
    });
}
// ANCHOR_END: serve

impl Drop for HttpServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
