//! Black-box tests of the `netscan` binary, against listeners the tests start on 127.0.0.x.
//! Nothing here leaves loopback, and no test hands the binary any other address: were the
//! authorisation check ever broken, such a test would send packets off the machine. That check is
//! tested as a function in `src/targets.rs` instead.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

fn netscan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netscan"))
        .args(args)
        .output()
        .expect("the netscan binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = netscan(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn listener(ip: &str) -> (TcpListener, u16) {
    let listener = TcpListener::bind((ip, 0)).expect("bind a loopback listener");
    let port = listener.local_addr().expect("local address").port();
    (listener, port)
}

/// A port with no listener: bound, read back, released.
fn closed_port() -> u16 {
    listener("127.0.0.1").1
}

fn open_ports(report: &Value, address: &str) -> Vec<u64> {
    report["hosts"]
        .as_array()
        .expect("hosts")
        .iter()
        .find(|host| host["address"] == address)
        .expect("the host is in the report")["open"]
        .as_array()
        .expect("open")
        .iter()
        .map(|port| port["port"].as_u64().expect("a port number"))
        .collect()
}

fn list(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn finds_exactly_the_open_ports_on_two_loopback_addresses() {
    let (_a, port_a) = listener("127.0.0.1");
    let (_b, port_b) = listener("127.0.0.1");
    let (_c, port_c) = listener("127.0.0.2");
    let closed = closed_port();
    let ports = list(&[port_a, port_b, port_c, closed]);
    let report = json(&["127.0.0.1,127.0.0.2", "-p", &ports, "--no-detect", "--json"]);

    let mut expected_first = vec![u64::from(port_a), u64::from(port_b)];
    expected_first.sort_unstable();
    assert_eq!(open_ports(&report, "127.0.0.1"), expected_first);
    assert_eq!(open_ports(&report, "127.0.0.2"), [u64::from(port_c)]);
    // Eight probes: three open, the other five refused (closed), none filtered.
    assert_eq!(report["stats"]["scanned"], 8);
    assert_eq!(report["stats"]["open"], 3);
    assert_eq!(report["stats"]["closed"], 5);
    assert_eq!(report["stats"]["filtered"], 0);
}

#[test]
fn a_host_name_is_resolved() {
    let (_listener, port) = listener("127.0.0.1");
    let report = json(&[
        "localhost",
        "-p",
        &port.to_string(),
        "--no-detect",
        "--json",
    ]);
    assert_eq!(open_ports(&report, "127.0.0.1"), [u64::from(port)]);
}

#[test]
fn a_banner_names_the_service() {
    let (listener, port) = listener("127.0.0.1");
    thread::spawn(move || {
        // Every connection gets the banner: on loopback netscan connects twice to an open port
        // (see `scan_port`), like a real service this one answers both.
        for mut stream in listener.incoming().flatten() {
            let _ = stream.write_all(b"SSH-2.0-netscan_test\r\n");
        }
    });
    let report = json(&["127.0.0.1", "-p", &port.to_string(), "--json"]);
    let open = &report["hosts"][0]["open"][0];
    assert_eq!(open["service"], "ssh");
    assert_eq!(open["banner"], "SSH-2.0-netscan_test");
}

#[test]
fn a_silent_http_server_answers_the_probe() {
    let (listener, port) = listener("127.0.0.1");
    thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
            let mut request = [0u8; 512];
            if matches!(stream.read(&mut request), Ok(read) if request[..read].starts_with(b"GET / HTTP/1.0"))
            {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nServer: tiny/1.0\r\n\r\nhello");
            }
        }
    });
    let report = json(&["127.0.0.1", "-p", &port.to_string(), "--json"]);
    let open = &report["hosts"][0]["open"][0];
    assert_eq!(open["service"], "http");
    assert_eq!(open["banner"], "HTTP/1.1 200 OK (tiny/1.0)");
}

#[test]
fn a_listener_that_never_answers_gives_no_banner_within_the_timeout() {
    let (listener, port) = listener("127.0.0.1");
    thread::spawn(move || {
        // Accept and hold every connection, saying nothing and reading nothing.
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let started = Instant::now();
    let report = json(&[
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "--banner-timeout",
        "200",
        "--json",
    ]);
    // Two waits of 200 ms (banner, then probe answer); the listener would hold on for ever.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let open = &report["hosts"][0]["open"][0];
    assert_eq!(open["port"], u64::from(port));
    assert_eq!(open["banner"], Value::Null);
}

// ANCHOR: accept_queue
#[test]
fn a_full_accept_queue_looks_filtered() {
    // With a backlog of 0 the kernel queues at most one finished handshake; once it is full,
    // Linux drops further SYNs without answering, which is what a firewall that drops does.
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    let address: SocketAddr = "127.0.0.1:0".parse().expect("address");
    socket.bind(&address.into()).expect("bind");
    socket.listen(0).expect("listen");
    let port = socket
        .local_addr()
        .ok()
        .and_then(|a| a.as_socket())
        .expect("port")
        .port();
    let target: SocketAddr = format!("127.0.0.1:{port}").parse().expect("target");
    let fillers: Vec<TcpStream> = (0..4)
        .filter_map(|_| TcpStream::connect_timeout(&target, Duration::from_millis(100)).ok())
        .collect();
    assert!(
        !fillers.is_empty(),
        "the queue took at least one connection"
    );
    let report = json(&[
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "--timeout",
        "100",
        "--retries",
        "1",
        "--no-detect",
        "--json",
    ]);
    assert_eq!(report["stats"]["filtered"], 1, "{report}");
    let table = netscan(&[
        "127.0.0.1",
        "-p",
        &port.to_string(),
        "--timeout",
        "100",
        "--retries",
        "0",
        "--no-detect",
        "--all",
    ]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("filtered") && text.contains("no-response"),
        "{text}"
    );
}
// ANCHOR_END: accept_queue

#[test]
fn the_table_lists_open_ports_and_a_summary() {
    let (_listener, port) = listener("127.0.0.1");
    let closed = closed_port();
    let output = netscan(&["127.0.0.1", "-p", &list(&[port, closed]), "--no-detect"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(&format!("{port}/tcp")), "{text}");
    assert!(text.contains("connected"), "{text}");
    assert!(!text.contains(&format!("{closed}/tcp")), "{text}");
    assert!(text.contains("2 ports on 1 host"), "{text}");
    // Standard error is not a terminal here, so no progress bar may appear on it.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn bad_input_is_a_clear_error_and_a_non_zero_exit() {
    let cases: [(&[&str], &str); 7] = [
        (&["127.0.0.0/33", "-p", "80"], "longer than the 32 bits"),
        (&["127.0.0.1/24", "-p", "80"], "host bits are set"),
        (&["127.0.0.1", "-p", "0"], "port 0 cannot be scanned"),
        (&["127.0.0.1", "-p", "70000"], "70000 is too large"),
        (&["127.0.0.1", "-p", "90-80"], "the range 90-80 is empty"),
        (
            &["no-such-host.invalid", "-p", "80"],
            "cannot resolve host `no-such-host.invalid`",
        ),
        (
            &["127.0.0.1", "--top-ports", "100000"],
            "--top-ports takes a number",
        ),
    ];
    for (args, expected) in cases {
        let output = netscan(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let usage = netscan(&["127.0.0.1", "--timeout", "soon"]);
    assert_eq!(usage.status.code(), Some(2));
}
