//! TLS on loopback with rustls on both sides: a test certificate authority and a server
//! certificate made at run time with rcgen, a server that speaks HTTP/1.1 inside TLS, and a
//! client that checks the server's certificate before it sends a byte of its request.
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection, StreamOwned,
};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use thiserror::Error;

/// Every connect, read, write and accept in this crate gives up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Error)]
pub enum TlsError {
    #[error("certificate generation failed: {0}")]
    Certificate(#[from] rcgen::Error),
    #[error("{0}")]
    Tls(#[from] rustls::Error),
    #[error("{0}")]
    Io(io::Error),
}

impl From<io::Error> for TlsError {
    /// rustls reports a failed handshake through `std::io` as an `InvalidData` error that
    /// wraps its own error: unwrap it, so that callers can tell TLS failures from I/O ones.
    fn from(error: io::Error) -> Self {
        match error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            Some(tls) => Self::Tls(tls.clone()),
            None => Self::Io(error),
        }
    }
}

// ANCHOR: certificates
/// A private certificate authority and a certificate it issued for the server, made fresh on
/// every run: nothing secret is stored in the repository.
pub struct TestPki {
    pub authority: CertificateDer<'static>,
    pub server_chain: Vec<CertificateDer<'static>>,
    pub server_key: PrivateKeyDer<'static>,
}

impl TestPki {
    pub fn generate() -> Result<Self, TlsError> {
        let mut authority_params = CertificateParams::new(Vec::<String>::new())?;
        authority_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority_params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        authority_params
            .distinguished_name
            .push(DnType::CommonName, "Mastering Backend test CA");
        let authority = CertifiedIssuer::self_signed(authority_params, KeyPair::generate()?)?;

        // The names a client may use for this server: its subject alternative names.
        let server_params = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])?;
        let server_key = KeyPair::generate()?;
        let server_certificate = server_params.signed_by(&server_key, &authority)?;
        Ok(Self {
            authority: authority.der().clone(),
            server_chain: vec![server_certificate.der().clone()],
            server_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        })
    }
}
// ANCHOR_END: certificates

// ANCHOR: configs
/// The ring provider: rustls's default, aws-lc-rs, needs cmake and a C toolchain to build.
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

pub fn server_config(pki: &TestPki) -> Result<Arc<ServerConfig>, TlsError> {
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(pki.server_chain.clone(), pki.server_key.clone_key())?;
    Ok(Arc::new(config))
}

/// A client that trusts exactly the given authorities: not the system's, not the Web's.
pub fn client_config(trusted: &[CertificateDer<'static>]) -> Result<Arc<ClientConfig>, TlsError> {
    let mut roots = RootCertStore::empty();
    for authority in trusted {
        roots.add(authority.clone())?;
    }
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}
// ANCHOR_END: configs

/// What a client learned from one HTTPS request.
#[derive(Debug)]
pub struct Fetched {
    pub protocol: String,
    pub cipher_suite: String,
    pub key_exchange: String,
    pub certificates: usize,
    pub response: String,
}

// ANCHOR: get
/// Connects to `address`, runs the handshake expecting a certificate for `server_name`, then
/// sends one HTTP/1.1 request and reads the response until the server closes.
pub fn https_get(
    config: Arc<ClientConfig>,
    address: SocketAddr,
    server_name: &str,
) -> Result<Fetched, TlsError> {
    let name = ServerName::try_from(server_name.to_string())
        .map_err(|e| TlsError::Io(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
    let tcp = TcpStream::connect_timeout(&address, TIMEOUT)?;
    tcp.set_read_timeout(Some(TIMEOUT))?;
    tcp.set_write_timeout(Some(TIMEOUT))?;
    let mut tls = StreamOwned::new(ClientConnection::new(config, name)?, tcp);
    // The handshake runs on the first read or write; run it on its own to see its result.
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }
    let request = format!("GET / HTTP/1.1\r\nHost: {server_name}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes())?;
    let mut response = String::new();
    tls.read_to_string(&mut response)?;
    let connection = &tls.conn;
    Ok(Fetched {
        protocol: format!(
            "{:?}",
            connection
                .protocol_version()
                .unwrap_or(rustls::ProtocolVersion::Unknown(0))
        ),
        cipher_suite: connection
            .negotiated_cipher_suite()
            .map_or("none".into(), |suite| format!("{:?}", suite.suite())),
        key_exchange: connection
            .negotiated_key_exchange_group()
            .map_or("none".into(), |group| format!("{:?}", group.name())),
        certificates: connection.peer_certificates().map_or(0, <[_]>::len),
        response,
    })
}
// ANCHOR_END: get

// ANCHOR: server
/// Serves `connections` HTTPS connections, one at a time, and returns what happened to each.
pub fn serve(
    config: Arc<ServerConfig>,
    connections: usize,
) -> io::Result<(SocketAddr, JoinHandle<Vec<String>>)> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let address = listener.local_addr()?;
    let handle = thread::spawn(move || {
        (0..connections)
            .map(|_| match serve_one(&listener, Arc::clone(&config)) {
                Ok(()) => "answered".to_string(),
                Err(error) => error.to_string(),
            })
            .collect()
    });
    Ok((address, handle))
}

fn serve_one(listener: &TcpListener, config: Arc<ServerConfig>) -> Result<(), TlsError> {
    let tcp = accept_within(listener, TIMEOUT)?;
    tcp.set_read_timeout(Some(TIMEOUT))?;
    tcp.set_write_timeout(Some(TIMEOUT))?;
    let mut tls = BufReader::new(StreamOwned::new(ServerConnection::new(config)?, tcp));
    // Read the request head: lines up to the empty one.
    let mut line = String::new();
    loop {
        line.clear();
        if tls.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let body = "hello over TLS\n";
    let stream = tls.get_mut();
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // Tell the client that the end of the stream is real, not a truncation by an attacker.
    stream.conn.send_close_notify();
    stream.flush()?;
    Ok(())
}
// ANCHOR_END: server

/// `accept` has no timeout of its own: poll a non-blocking listener until a deadline.
fn accept_within(listener: &TcpListener, timeout: Duration) -> io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + timeout;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                return Ok(stream);
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "no client came"));
                }
                thread::sleep(Duration::from_millis(1));
            }
            Err(error) => return Err(error),
        }
    }
}
