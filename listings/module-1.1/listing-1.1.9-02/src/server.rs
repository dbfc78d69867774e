//! A real authoritative DNS server, hickory-server, serving one zone on a loopback port,
//! on its own thread with its own Tokio runtime. The client in this crate never sees this
//! code: it only sees the datagrams the server sends.
use hickory_server::Server;
use hickory_server::proto::rr::{LowerName, Name};
use hickory_server::proto::serialize::txt::Parser;
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::net::UdpSocket;
use tokio::runtime::Builder;
use tokio::sync::oneshot;

/// How long the test thread waits for the server to report its address.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(5);

/// A server running on loopback. Dropping it shuts the server down and waits for its thread.
pub struct ZoneServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ZoneServer {
    // ANCHOR: start
    /// Parses `zone` (in the master-file format of RFC 1035, section 5) for `origin`, and
    /// serves it over UDP on 127.0.0.1 at a port the kernel picks.
    pub fn start(origin: &str, zone: &str) -> io::Result<Self> {
        let origin = Name::from_ascii(origin).map_err(io::Error::other)?;
        let (_, records) = Parser::new(zone, None, Some(origin.clone()))
            .parse()
            .map_err(io::Error::other)?;
        let zone: InMemoryZoneHandler =
            InMemoryZoneHandler::new(origin.clone(), records, ZoneType::Primary, AxfrPolicy::Deny)
                .map_err(io::Error::other)?;
        let mut catalog = Catalog::new();
        catalog.upsert(LowerName::new(&origin), vec![Arc::new(zone)]);

        let (address_sender, address_receiver) = mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || run(catalog, address_sender, stopped));
        let address = address_receiver
            .recv_timeout(STARTUP_TIMEOUT)
            .map_err(|_| {
                io::Error::new(io::ErrorKind::TimedOut, "the DNS server did not start")
            })??;
        Ok(Self {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
    // ANCHOR_END: start

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

/// The server's thread: hickory-server runs on Tokio, so the thread gets a single-threaded
/// runtime of its own, and the rest of the program stays free of async code.
fn run(
    catalog: Catalog,
    started: mpsc::Sender<io::Result<SocketAddr>>,
    stop: oneshot::Receiver<()>,
) {
    let runtime = match Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return drop(started.send(Err(error))),
    };
    runtime.block_on(async move {
        let socket = match UdpSocket::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await {
            Ok(socket) => socket,
            Err(error) => return drop(started.send(Err(error))),
        };
        let _ = started.send(socket.local_addr());
        let mut server = Server::new(catalog);
        server.register_socket(socket);
        // Serve until the `ZoneServer` is dropped, which sends on `stop` (or drops it).
        let _ = stop.await;
        let _ = server.shutdown_gracefully().await;
    });
}

impl Drop for ZoneServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
