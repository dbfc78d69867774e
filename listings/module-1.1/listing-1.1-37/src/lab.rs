//! Two network namespaces joined by a veth pair, and a firewall that drops what it is told to.
//!
//! A network namespace is a separate copy of the kernel's network stack: its own interfaces,
//! addresses, routes, sockets and counters. A veth pair is a virtual cable whose two ends can be
//! put in different namespaces. The client's end is 192.0.2.1 and the server's 192.0.2.2 (a
//! documentation block, RFC 5737); neither namespace has a route anywhere else, so nothing
//! here can reach another machine. Packets are dropped on arrival in the server's namespace,
//! after they have crossed the cable, as a lossy network would.
use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub const CLIENT: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
pub const SERVER: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
pub const PORT: u16 = 5001;

#[derive(Debug, thiserror::Error)]
pub enum LabError {
    #[error(
        "this experiment needs root, to create network namespaces and firewall rules \
         (run it with sudo, or in CI as root)"
    )]
    NotRoot,
    #[error("`{0}` is missing: install it (Debian: apt-get install iproute2 nftables)")]
    MissingTool(&'static str),
    #[error("`{command}` failed: {output}")]
    Command { command: String, output: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Whether this process can build a lab: root, with `ip` and `nft` installed.
pub fn check_prerequisites() -> Result<(), LabError> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Err(LabError::NotRoot);
    }
    for tool in ["ip", "nft"] {
        let found = Command::new(tool).arg("-V").output();
        if !found.is_ok_and(|output| output.status.success()) {
            return Err(LabError::MissingTool(tool));
        }
    }
    Ok(())
}

/// The two namespaces, the cable and the server; dropping it removes them all.
pub struct Lab {
    client_ns: String,
    server_ns: String,
    stop: Arc<AtomicBool>,
    sink: Option<JoinHandle<()>>,
}

impl Lab {
    // ANCHOR: create
    /// Builds the namespaces and starts a server in one that reads and discards everything.
    pub fn create() -> Result<Lab, LabError> {
        check_prerequisites()?;
        // Names unique to this process and this lab, so that tests can run side by side.
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let id = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut lab = Lab {
            client_ns: format!("tcplab-c-{id}"),
            server_ns: format!("tcplab-s-{id}"),
            stop: Arc::new(AtomicBool::new(false)),
            sink: None,
        };
        let (c, s) = (lab.client_ns.clone(), lab.server_ns.clone());
        let (client, server) = (format!("{CLIENT}/24"), format!("{SERVER}/24"));
        for args in [
            vec!["netns", "add", &c],
            vec!["netns", "add", &s],
            vec![
                "link", "add", "veth-c", "netns", &c, "type", "veth", "peer", "veth-s", "netns", &s,
            ],
            vec!["-n", &c, "addr", "add", &client, "dev", "veth-c"],
            vec!["-n", &s, "addr", "add", &server, "dev", "veth-s"],
            // One segment per packet: offloads would otherwise hand the firewall (and the
            // counters) a few segments glued together, and "drop the 16th" would drop several.
            vec!["-n", &c, "link", "set", "veth-c", "gso_max_segs", "1"],
            vec!["-n", &c, "link", "set", "veth-c", "up"],
            vec!["-n", &s, "link", "set", "veth-s", "up"],
        ] {
            run("ip", &args)?;
        }
        lab.nft(&["add", "table", "inet", "lab"])?;
        lab.nft(&[
            "add",
            "chain",
            "inet",
            "lab",
            "input",
            "{ type filter hook input priority 0; policy accept; }",
        ])?;
        lab.sink = Some(lab.start_sink()?);
        Ok(lab)
    }
    // ANCHOR_END: create

    /// The server's address.
    pub fn server(&self) -> SocketAddr {
        SocketAddr::V4(SocketAddrV4::new(SERVER, PORT))
    }

    /// Runs `work` on a thread inside the client's namespace: sockets it creates belong there,
    /// and `info::tcp_counters` reads that namespace's counters.
    pub fn in_client<T: Send>(&self, work: impl FnOnce() -> T + Send) -> Result<T, LabError> {
        let namespace = self.client_ns.as_str();
        thread::scope(|scope| {
            scope
                .spawn(move || -> Result<T, LabError> {
                    enter(namespace)?;
                    Ok(work())
                })
                .join()
                .map_err(|_| LabError::Io(io::Error::other("an experiment panicked")))?
        })
    }

    // ANCHOR: drop
    /// From now on, drops in the server's namespace every packet that matches `rule`, an
    /// nftables match such as `tcp dport 5001`.
    pub fn drop_matching(&self, rule: &str) -> Result<(), LabError> {
        let mut args = vec!["add", "rule", "inet", "lab", "input"];
        args.extend(rule.split_whitespace());
        args.push("drop");
        self.nft(&args)
    }

    /// Lets everything through again.
    pub fn stop_dropping(&self) -> Result<(), LabError> {
        self.nft(&["flush", "chain", "inet", "lab", "input"])
    }
    // ANCHOR_END: drop

    fn nft(&self, args: &[&str]) -> Result<(), LabError> {
        let mut full = vec!["netns", "exec", &self.server_ns, "nft"];
        full.extend_from_slice(args);
        run("ip", &full)
    }

    /// The server: accepts every connection and reads until it closes, so that the receiver
    /// never holds the sender back for long.
    fn start_sink(&self) -> Result<JoinHandle<()>, LabError> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let namespace = self.server_ns.clone();
        let stop = Arc::clone(&self.stop);
        let address = self.server();
        let handle = thread::spawn(move || {
            let listener = enter(&namespace).and_then(|()| big_listener(address));
            let listener = match listener {
                Ok(listener) => {
                    let _ = ready_tx.send(Ok(()));
                    listener
                }
                Err(error) => {
                    let _ = ready_tx.send(Err(error));
                    return;
                }
            };
            let mut readers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let stop = Arc::clone(&stop);
                        readers.push(thread::spawn(move || drain(stream, &stop)));
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
            for reader in readers {
                let _ = reader.join();
            }
        });
        match ready_rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Ok(())) => Ok(handle),
            Ok(Err(error)) => Err(error.into()),
            Err(_) => Err(io::Error::other("the server did not start").into()),
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(sink) = self.sink.take() {
            let _ = sink.join();
        }
        // Deleting a namespace deletes the veth end in it, and with it the whole pair.
        for namespace in [&self.client_ns, &self.server_ns] {
            let _ = run("ip", &["netns", "delete", namespace]);
        }
    }
}

/// Moves the calling thread into a named namespace (one made by `ip netns add`).
fn enter(namespace: &str) -> io::Result<()> {
    let path = format!("/var/run/netns/{namespace}");
    let file = File::open(&path)?;
    // SAFETY: setns takes a file descriptor that `file` keeps open for the call.
    if unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn big_listener(address: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(16)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

fn drain(mut stream: TcpStream, stop: &AtomicBool) {
    if stream.set_nonblocking(false).is_err()
        || stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .is_err()
    {
        return;
    }
    let mut buffer = vec![0; 1 << 16];
    while !stop.load(Ordering::Relaxed) {
        match stream.read(&mut buffer) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

fn run(program: &str, args: &[&str]) -> Result<(), LabError> {
    let output = Command::new(program).args(args).output()?;
    if output.status.success() {
        return Ok(());
    }
    Err(LabError::Command {
        command: format!("{program} {}", args.join(" ")),
        output: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}
