//! The same name, two addresses, three situations: a sequential connect against Happy Eyeballs.
use listing_1_1_9_03::testbed::{Part, localhost_pair};
use listing_1_1_9_03::{
    ATTEMPT_DELAY, ConnectError, Connected, Event, What, connect_racing, connect_sequential,
};
use std::error::Error;
use std::net::SocketAddr;
use std::time::Duration;

/// How long the sequential client gives each address, and the racing one all of them.
const PER_ATTEMPT: Duration = Duration::from_secs(1);
const DEADLINE: Duration = Duration::from_secs(5);

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // What a resolver returns for `localhost` on many systems: ::1 first, then 127.0.0.1.
        let situations = [
            (
                "::1 drops SYNs, 127.0.0.1 listens",
                Part::BlackHole,
                Part::Listening,
            ),
            (
                "::1 refuses, 127.0.0.1 listens",
                Part::Refusing,
                Part::Listening,
            ),
            ("both listen", Part::Listening, Part::Listening),
        ];
        for (title, ipv6, ipv4) in situations {
            let endpoints = localhost_pair(ipv6, ipv4)?;
            let addresses: Vec<SocketAddr> = endpoints.iter().map(|e| e.address).collect();
            println!("{title}:");
            println!("  one address after another, {PER_ATTEMPT:?} each:");
            report(connect_sequential(&addresses, PER_ATTEMPT).await);
            println!("  Happy Eyeballs, a new attempt every {ATTEMPT_DELAY:?}:");
            report(connect_racing(&addresses, ATTEMPT_DELAY, DEADLINE).await);
        }
        Ok(())
    })
}
// ANCHOR_END: main

fn report(outcome: Result<Connected, ConnectError>) {
    let trace = match &outcome {
        Ok(connected) => &connected.trace,
        Err(ConnectError::Deadline { trace, .. } | ConnectError::AllFailed { trace }) => trace,
        Err(ConnectError::NoAddresses) => &Vec::new(),
    };
    for Event { at, address, what } in trace {
        let what = match what {
            What::Started => "attempt started".to_string(),
            What::Failed(kind) => format!("failed: {kind}"),
            What::TimedOut => "timed out".to_string(),
            What::Connected => "connected".to_string(),
            What::Cancelled => "cancelled".to_string(),
        };
        println!("    {:>9}  {address:<17} {what}", format!("{at:.1?}"));
    }
    match outcome {
        Ok(connected) => println!(
            "    connected to {} after {:.1?}",
            connected.address,
            connected
                .trace
                .last()
                .map(|event| event.at)
                .unwrap_or_default()
        ),
        Err(error) => println!("    {error}"),
    }
}
