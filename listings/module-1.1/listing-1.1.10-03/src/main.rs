//! Twenty requests at once, four ways.
use listing_1_1_10_03::{Protocol, WORK, http1_over, http2_all_at_once, start_server};
use std::sync::atomic::Ordering;
use std::time::Instant;

const REQUESTS: usize = 20;

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        println!("{REQUESTS} requests, each taking the server {WORK:?}:");
        let ways = [
            ("HTTP/1.1, one connection", Protocol::Http1, 1),
            (
                "HTTP/1.1, one connection per request",
                Protocol::Http1,
                REQUESTS,
            ),
            (
                "HTTP/2, one connection",
                Protocol::Http2 { max_streams: 100 },
                1,
            ),
            (
                "HTTP/2, one connection, 5 streams at most",
                Protocol::Http2 { max_streams: 5 },
                1,
            ),
        ];
        for (title, protocol, connections) in ways {
            let (address, counters) = start_server(protocol).await?;
            let started = Instant::now();
            let answered = match protocol {
                Protocol::Http1 => http1_over(address, REQUESTS, connections).await?,
                Protocol::Http2 { .. } => http2_all_at_once(address, REQUESTS).await?,
            };
            println!(
                "  {title:<42} {answered} answered in {:>7}, TCP connections {:>2}, \
                 served at once {:>2}",
                format!("{:.0?}", started.elapsed()),
                counters.connections.load(Ordering::Relaxed),
                counters.most_at_once.load(Ordering::Relaxed),
            );
        }
        Ok(())
    })
}
