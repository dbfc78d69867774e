//! Starts the server on a loopback port, runs real `curl -v` commands against it, and prints
//! what curl sent (`>`) and received (`<`). curl's `*` lines are left out, except for counting
//! connections, because their wording changes between curl versions; the User-Agent is pinned
//! for the same reason.

use listing_2_1_7_01::app;
use listing_2_1_7_01::server::{self, Config, Handler};
use std::error::Error;
use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

type AnyError = Box<dyn Error + Send + Sync>;

/// Runs `curl -sv <args>` and prints the exchange.
fn curl(shown: &str, args: &[String]) -> Result<(), AnyError> {
    curl_with_stdin(shown, args, None)
}

/// Like `curl`, with `stdin` (if any) written to curl's standard input, for `-T -`.
fn curl_with_stdin(shown: &str, args: &[String], stdin: Option<&[u8]>) -> Result<(), AnyError> {
    match stdin {
        Some(data) => println!(
            "$ printf '{}' | curl -sv {shown}",
            String::from_utf8_lossy(data)
        ),
        None => println!("$ curl -sv {shown}"),
    }
    let started = Instant::now();
    let mut child = Command::new("curl")
        .args(["-sv", "--max-time", "5", "-A", "curl-demo"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Dropping our end of the pipe after writing is what tells curl the upload has ended.
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or_default())?;
    }
    let output = child.wait_with_output()?;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut connections = 0;
    for line in stderr.lines().map(|line| line.trim_end_matches('\r')) {
        if line.starts_with("* Connected to") {
            connections += 1;
        } else if line.starts_with('>') || line.starts_with('<') {
            println!("{}", shorten(line));
        }
    }
    let body = String::from_utf8_lossy(&output.stdout);
    println!("[body] {:?}", body);
    println!(
        "[curl opened {connections} connection(s), exit status {}, took {:.2} s]\n",
        output.status.code().unwrap_or(-1),
        took.as_secs_f64()
    );
    Ok(())
}

/// Long lines (the 9,000-byte header) are cut, saying how much was left out.
fn shorten(line: &str) -> String {
    match line.get(..60) {
        Some(head) if line.len() > 80 => format!("{head}... ({} more bytes)", line.len() - 60),
        _ => line.to_string(),
    }
}

fn session(addr: SocketAddr) -> Result<(), AnyError> {
    let url = |path: &str| format!("http://{addr}{path}");
    curl(
        "http://ADDR/ http://ADDR/missing",
        &[url("/"), url("/missing")],
    )?;
    curl(
        "-H 'Content-Type: text/plain' --data 'hello, server' http://ADDR/echo",
        &[
            "-H".into(),
            "Content-Type: text/plain".into(),
            "--data".into(),
            "hello, server".into(),
            url("/echo"),
        ],
    )?;
    curl(
        "-H 'Transfer-Encoding: chunked' --data 'sent in chunks' http://ADDR/echo",
        &[
            "-H".into(),
            "Transfer-Encoding: chunked".into(),
            "--data".into(),
            "sent in chunks".into(),
            url("/echo"),
        ],
    )?;
    // Unknown length: curl sends it chunked and asks `Expect: 100-continue` first.
    curl_with_stdin(
        "-X POST -T - http://ADDR/echo",
        &[
            "-X".into(),
            "POST".into(),
            "-T".into(),
            "-".into(),
            url("/echo"),
        ],
        Some(b"read from a pipe"),
    )?;
    let big = format!("X-Big: {}", "a".repeat(9000));
    curl(
        "-H 'X-Big: <9000 bytes>' http://ADDR/",
        &["-H".into(), big, url("/")],
    )?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), AnyError> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("tinyhttp listening on http://{addr} (ADDR below)\n");
    let shutdown = CancellationToken::new();
    let handler: Handler = Arc::new(app::route);
    let server = tokio::spawn(server::serve(
        listener,
        Config::default(),
        handler,
        shutdown.clone(),
    ));
    // curl is a blocking child process: run it off the runtime's threads.
    tokio::task::spawn_blocking(move || session(addr)).await??;
    shutdown.cancel();
    server.await??;
    Ok(())
}
