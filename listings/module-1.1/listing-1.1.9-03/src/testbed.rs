//! Addresses to connect to, made on loopback: the same port on `::1` and `127.0.0.1`, each
//! playing one of three parts.
//!
//! A black hole is a listener that never accepts, with a backlog of 0 and its one place in the
//! accept queue taken: Linux then drops every further SYN without an answer, which is what a
//! client sees of an address whose route or firewall drops packets. It needs no privileges and
//! sends nothing off the machine.
use socket2::{Domain, Socket, Type};
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

/// The part an address plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A listener with room in its queue: connects at once.
    Listening,
    /// Bound but not listening: the kernel answers with a reset, "connection refused".
    Refusing,
    /// SYNs dropped: the connect waits until its timeout.
    BlackHole,
}

/// One address and what keeps it in its part; dropping it frees the port.
#[derive(Debug)]
pub struct Endpoint {
    pub address: SocketAddr,
    _socket: Socket,
    _filler: Option<TcpStream>,
}

/// `[::1]:port` and `127.0.0.1:port`, the same port, playing the given parts: the two answers
/// a resolver gives for `localhost` on many systems.
pub fn localhost_pair(ipv6: Part, ipv4: Part) -> io::Result<[Endpoint; 2]> {
    // Neither socket sets SO_REUSEADDR, so while they live no other socket can take the port.
    for _ in 0..20 {
        let v6 = bound(IpAddr::V6(Ipv6Addr::LOCALHOST), 0)?;
        let port = v6
            .local_addr()?
            .as_socket()
            .map(|address| address.port())
            .ok_or_else(|| io::Error::other("no port"))?;
        // The same number may be taken on 127.0.0.1; then try another.
        let Ok(v4) = bound(IpAddr::V4(Ipv4Addr::LOCALHOST), port) else {
            continue;
        };
        return Ok([play(v6, ipv6)?, play(v4, ipv4)?]);
    }
    Err(io::Error::other("no port free on both ::1 and 127.0.0.1"))
}

fn bound(ip: IpAddr, port: u16) -> io::Result<Socket> {
    let socket = Socket::new(
        Domain::for_address(SocketAddr::new(ip, port)),
        Type::STREAM,
        None,
    )?;
    if ip.is_ipv6() {
        socket.set_only_v6(true)?;
    }
    socket.bind(&SocketAddr::new(ip, port).into())?;
    Ok(socket)
}

fn play(socket: Socket, part: Part) -> io::Result<Endpoint> {
    let address = socket
        .local_addr()?
        .as_socket()
        .ok_or_else(|| io::Error::other("not an IP socket"))?;
    let filler = match part {
        Part::Refusing => None,
        Part::Listening => {
            socket.listen(128)?;
            None
        }
        Part::BlackHole => {
            socket.listen(0)?;
            // The queue is empty, so this connects at once; the timeout is for a busy machine.
            Some(TcpStream::connect_timeout(
                &address,
                Duration::from_secs(5),
            )?)
        }
    };
    Ok(Endpoint {
        address,
        _socket: socket,
        _filler: filler,
    })
}
