//! The `netscan` command: parse the flags, check the targets, scan, print a table or JSON.
//!
//! Errors become one line on standard error and a non-zero exit status: 1 when the request was
//! understood but cannot be carried out (a malformed CIDR, port 0, an unresolvable host, a target
//! that needs --i-am-authorized), 2 when the command line itself does not parse. Nothing the user
//! types makes it panic.

use anyhow::Context;
use clap::Parser;
use netscan::scan::{self, Progress, ScanConfig};
use netscan::{limits, ports, progress, report, services, targets};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Politeness towards other people's machines: without --rate, a scan that leaves loopback opens
/// at most this many connections per second. On loopback the only machine that pays is yours.
const DEFAULT_REMOTE_RATE: u32 = 1000;

/// Every probe's result is kept until the report is printed (about 100 bytes each), so the number
/// of probes in one run is capped: 16 Mi probes is 256 /24 blocks times every port.
const MAX_PROBES: u64 = 1 << 24;

/// A TCP connect scanner: which ports of which hosts accept connections, and what answers there.
#[derive(Debug, Parser)]
#[command(name = "netscan", version)]
struct Cli {
    /// Addresses, CIDR blocks or host names, separately or comma-separated (127.0.0.1, ::1,
    /// 127.0.0.0/29, localhost).
    #[arg(required = true, value_name = "TARGET")]
    targets: Vec<String>,

    /// Ports: a list and ranges (22,80,8000-8100), or - for all of 1-65535.
    #[arg(short, long, value_name = "LIST", conflicts_with = "top_ports")]
    ports: Option<String>,

    /// The N most common ports of the built-in list (the default is the whole list).
    #[arg(long, value_name = "N")]
    top_ports: Option<usize>,

    /// How long one connection attempt waits for an answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    timeout: u64,

    /// Extra attempts for a port that did not answer.
    #[arg(long, value_name = "N", default_value_t = 1)]
    retries: u32,

    /// Connection attempts in flight at once (the open-files limit caps the sockets as well).
    #[arg(short, long, value_name = "N", default_value_t = 1000)]
    concurrency: usize,

    /// New connections per second; 0 for no limit. Default: no limit on loopback, 1000 otherwise.
    #[arg(long, value_name = "N")]
    rate: Option<u32>,

    /// How long to wait for a banner, and then for an answer to the HTTP probe, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 300)]
    banner_timeout: u64,

    /// Only find open ports: no banner grab, no probe.
    #[arg(long)]
    no_detect: bool,

    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,

    /// List closed and filtered ports too, with the reason for each state.
    #[arg(long)]
    all: bool,

    /// Close connections to open ports with a FIN, as an ordinary client does, instead of a
    /// reset (each then stays in TIME_WAIT on this machine for a minute).
    #[arg(long)]
    graceful_close: bool,

    /// Allow targets outside loopback and the private ranges. Scan only machines you own or have
    /// written permission to scan.
    #[arg(long)]
    i_am_authorized: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are "errors" to clap that exit 0.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("netscan: error: cannot start the runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("netscan: error: {error:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let port_list = match (&cli.ports, cli.top_ports) {
        (Some(list), _) => ports::parse_ports(list)?,
        (None, Some(count)) => ports::top_ports(count)?,
        (None, None) => ports::top_ports(services::COMMON.len())?,
    };
    if cli.timeout == 0 {
        anyhow::bail!("--timeout must be at least 1 ms");
    }
    let parsed = targets::parse_targets(&cli.targets)?;
    let addresses = targets::expand(&parsed).await?;
    targets::check_authorised(&addresses, cli.i_am_authorized)?;

    // ANCHOR: rate
    let all_loopback = addresses
        .iter()
        .all(|&address| targets::is_loopback(address));
    let rate = match cli.rate {
        Some(0) => None,
        Some(rate) => Some(rate),
        None if all_loopback => None,
        None => Some(DEFAULT_REMOTE_RATE),
    };
    // ANCHOR_END: rate
    let open_files = limits::raise_open_files_limit();
    let config = ScanConfig {
        timeout: Duration::from_millis(cli.timeout),
        retries: cli.retries,
        concurrency: cli.concurrency.max(1),
        max_sockets: limits::socket_budget(open_files),
        rate,
        detect: (!cli.no_detect).then(|| Duration::from_millis(cli.banner_timeout.max(1))),
        reset_on_close: !cli.graceful_close,
    };

    let total = addresses.len() as u64 * port_list.len() as u64;
    if total > MAX_PROBES {
        anyhow::bail!(
            "{} addresses times {} ports is {total} probes, more than the limit of {MAX_PROBES}: \
             scan fewer hosts or fewer ports",
            addresses.len(),
            port_list.len()
        );
    }
    let counters = Arc::new(Progress::default());
    let bar = progress::Bar::start(Arc::clone(&counters), total);
    let started = Instant::now();
    let results = scan::scan(&addresses, &port_list, &config, counters).await;
    let elapsed = started.elapsed();
    bar.finish();

    let summary = report::build(&addresses, &results, elapsed);
    if cli.json {
        let text = serde_json::to_string_pretty(&summary).context("cannot write JSON")?;
        println!("{text}");
    } else {
        print!("{}", report::table(&summary, &results, cli.all));
    }
    Ok(())
}
