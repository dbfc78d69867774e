//! Two network namespaces joined by a veth pair, and a firewall that drops what it is told to.
//!
//! A network namespace is a separate copy of the kernel's network stack: its own interfaces,
//! addresses, routes, sockets and counters. A veth pair is a virtual cable whose two ends can be
//! put in different namespaces. The client's end is 192.0.2.1 and the server's 192.0.2.2 (a
//! documentation block, RFC 5737); neither namespace has a route anywhere else, so nothing
//! here can reach another machine. Packets are dropped on arrival in the server's namespace,
//! after they have crossed the cable, as a lossy network would.
//!
//! The namespaces have no names. Each is made by a short-lived thread that moves itself into a
//! new one (`unshare(CLONE_NEWNET)`) and hands back a descriptor for it, and that descriptor is
//! all that keeps it alive. However this process ends, Ctrl-C and `kill -9` included, the
//! kernel closes the descriptor and deletes the namespace, and with it the veth end inside, its
//! sockets and its firewall rules. There is nothing to clean up, so nothing can be left behind.
//! (`ip netns add` would instead name each one under /run/netns, where it outlives a process
//! that is killed before it deletes it.)
use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub const CLIENT: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
pub const SERVER: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
pub const PORT: u16 = 5001;

#[derive(Debug, thiserror::Error)]
pub enum LabError {
    #[error(
        "this experiment needs root, to create network namespaces and firewall rules \
         (build it with `cargo build`, then run the binary with sudo)"
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

/// A network namespace of its own, which lives as long as this value (and whatever sockets
/// and threads are inside it) and not a moment longer.
struct Namespace {
    handle: File,
}

impl Namespace {
    /// Makes a new, empty namespace: only a loopback interface, down.
    fn new() -> Result<Namespace, LabError> {
        // unshare(CLONE_NEWNET) moves only the calling thread, so a thread of its own does it,
        // opens its namespace and ends; the open descriptor keeps the namespace alive.
        let handle = thread::spawn(|| -> io::Result<File> {
            // SAFETY: unshare takes no pointers; with CLONE_NEWNET it changes the network
            // namespace of this thread alone.
            if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
                return Err(io::Error::last_os_error());
            }
            File::open("/proc/thread-self/ns/net")
        })
        .join()
        .map_err(|_| io::Error::other("the thread making a namespace panicked"))??;
        Ok(Namespace { handle })
    }

    /// Moves the calling thread into this namespace: sockets it creates from now on belong here.
    fn enter(&self) -> io::Result<()> {
        enter(self.handle.as_raw_fd())
    }

    /// A path through which other programs can open this namespace while this process runs.
    fn path(&self) -> String {
        format!(
            "/proc/{}/fd/{}",
            std::process::id(),
            self.handle.as_raw_fd()
        )
    }

    /// A command that runs inside this namespace.
    fn command(&self, program: &str) -> Command {
        let namespace = self.handle.as_raw_fd();
        let mut command = Command::new(program);
        // SAFETY: the closure runs in the child between fork and exec, where only
        // async-signal-safe calls are allowed: setns is one system call. The descriptor is
        // open in the child, which inherits it; close-on-exec shuts it only at the exec.
        unsafe {
            command.pre_exec(move || enter(namespace));
        }
        command
    }
}

/// The two namespaces, the cable and the server; dropping it removes them all.
pub struct Lab {
    client_ns: Namespace,
    server_ns: Namespace,
    stop: Arc<AtomicBool>,
    sink: Option<JoinHandle<()>>,
}

impl Lab {
    /// Builds the namespaces and starts a server in one that reads and discards everything.
    pub fn create() -> Result<Lab, LabError> {
        check_prerequisites()?;
        let mut lab = Lab {
            client_ns: Namespace::new()?,
            server_ns: Namespace::new()?,
            stop: Arc::new(AtomicBool::new(false)),
            sink: None,
        };
        let (client, server) = (format!("{CLIENT}/24"), format!("{SERVER}/24"));
        // The cable is made inside the client's namespace with its other end put straight into
        // the server's, so that neither end ever appears in the machine's own namespace.
        let server_ns = lab.server_ns.path();
        lab.ip_client(&[
            "link", "add", "veth-c", "type", "veth", "peer", "name", "veth-s", "netns", &server_ns,
        ])?;
        lab.ip_client(&["addr", "add", &client, "dev", "veth-c"])?;
        lab.ip_server(&["addr", "add", &server, "dev", "veth-s"])?;
        // One segment per packet: offloads would otherwise hand the firewall (and the
        // counters) a few segments glued together, and "drop the 16th" would drop several.
        lab.ip_client(&["link", "set", "veth-c", "gso_max_segs", "1"])?;
        lab.ip_client(&["link", "set", "veth-c", "up"])?;
        lab.ip_server(&["link", "set", "veth-s", "up"])?;
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

    /// The server's address.
    pub fn server(&self) -> SocketAddr {
        SocketAddr::V4(SocketAddrV4::new(SERVER, PORT))
    }

    /// Runs `work` on a thread inside the client's namespace: sockets it creates belong there,
    /// and `info::tcp_counters` reads that namespace's counters.
    pub fn in_client<T: Send>(&self, work: impl FnOnce() -> T + Send) -> Result<T, LabError> {
        let namespace = &self.client_ns;
        thread::scope(|scope| {
            scope
                .spawn(move || -> Result<T, LabError> {
                    namespace.enter()?;
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
        run(self.server_ns.command("nft").args(args))
    }

    fn ip_client(&self, args: &[&str]) -> Result<(), LabError> {
        run(self.client_ns.command("ip").args(args))
    }

    fn ip_server(&self, args: &[&str]) -> Result<(), LabError> {
        run(self.server_ns.command("ip").args(args))
    }

    /// The server: accepts every connection and reads until it closes, so that the receiver
    /// never holds the sender back for long.
    fn start_sink(&self) -> Result<JoinHandle<()>, LabError> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        // The thread gets a descriptor of its own for the namespace, since it may outlive `self`'s
        // borrow; it closes it once it is inside.
        let namespace = self.server_ns.handle.try_clone()?;
        let stop = Arc::clone(&self.stop);
        let address = self.server();
        let handle = thread::spawn(move || {
            let entered = enter(namespace.as_raw_fd());
            drop(namespace);
            let listener = entered.and_then(|()| big_listener(address));
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
        // The namespaces go when their descriptors close, right after this: the kernel
        // deletes the veth end in each, and with it the whole pair, and the firewall rules.
    }
}

/// Moves the calling thread into the network namespace that `namespace` is open on.
fn enter(namespace: RawFd) -> io::Result<()> {
    // SAFETY: setns takes no pointers; an invalid descriptor is an error, not undefined
    // behaviour.
    if unsafe { libc::setns(namespace, libc::CLONE_NEWNET) } != 0 {
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

fn run(command: &mut Command) -> Result<(), LabError> {
    let output = command.output()?;
    if output.status.success() {
        return Ok(());
    }
    let words: Vec<String> = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| word.to_string_lossy().into_owned())
        .collect();
    Err(LabError::Command {
        command: words.join(" "),
        output: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}
