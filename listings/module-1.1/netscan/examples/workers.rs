//! The two designs of netscan's concurrency, timed on full scans of 127.0.0.1 without service
//! detection: a fixed pool of workers taking the next port from a shared counter (what
//! `scan::scan` does), and one Tokio task per port with a semaphore bounding how many attempts run
//! at once (netscan's first version). Each design runs with several concurrency levels.
//!
//! `bench/workers.sh` runs it, as root in a network namespace of its own with four listeners:
//!
//!   cargo run --release --example workers -- [--runs N] PORT...
//!
//! The ports given are the listeners', which every scan must find open, and nothing else: a run
//! that finds another set fails the example rather than print a time for a wrong answer. For each
//! design and level it prints the median of the runs (3 unless told) of the wall time and of the
//! process's CPU time (user and system, from getrusage), then every run's wall time. Only
//! 127.0.0.1 is scanned.

use anyhow::{Context, bail};
use netscan::limits;
use netscan::scan::{self, PortResult, PortState, Progress, ScanConfig};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A full scan must end within this, or the example fails instead of hanging.
const DEADLINE: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
enum Design {
    /// `scan::scan`: this many workers, each taking the next port from a shared counter.
    Pool(usize),
    /// A task per port, spawned up front, with a semaphore of this many permits.
    TaskPerPort(usize),
}

impl Design {
    fn name(self) -> &'static str {
        match self {
            Design::Pool(_) => "worker pool (netscan)",
            Design::TaskPerPort(_) => "task per port + semaphore",
        }
    }

    fn at_once(self) -> usize {
        match self {
            Design::Pool(count) | Design::TaskPerPort(count) => count,
        }
    }
}

/// The pool at four levels, to show that concurrency hardly matters on loopback, and the task
/// per port at netscan's default level, 1,000.
const DESIGNS: [Design; 5] = [
    Design::Pool(10),
    Design::Pool(100),
    Design::Pool(1000),
    Design::Pool(3000),
    Design::TaskPerPort(1000),
];

// ANCHOR: task_per_port
/// netscan's first design: one task per port, all spawned at once, each waiting for a permit of
/// the semaphore before it opens a socket. The semaphore bounds the sockets; the tasks themselves
/// are 65,535 allocations, scheduled and woken one by one.
async fn task_per_port(ports: &[u16], config: &ScanConfig, permits: usize) -> Vec<PortResult> {
    let semaphore = Arc::new(Semaphore::new(permits));
    let config = Arc::new(config.clone());
    let mut tasks = JoinSet::new();
    for &port in ports {
        let semaphore = Arc::clone(&semaphore);
        let config = Arc::clone(&config);
        tasks.spawn(async move {
            // The semaphore is never closed, so acquiring cannot fail; if it did, the port would
            // be missing from the results and the run would fail its check.
            let _permit = semaphore.acquire_owned().await.ok()?;
            Some(scan::scan_port(SocketAddr::new(LOOPBACK, port), &config).await)
        });
    }
    let mut results = Vec::with_capacity(ports.len());
    while let Some(finished) = tasks.join_next().await {
        if let Ok(Some(result)) = finished {
            results.push(result);
        }
    }
    results
}
// ANCHOR_END: task_per_port

/// User plus system CPU time of this process so far.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given, which points to one.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return Duration::ZERO;
        }
        usage.assume_init()
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.unsigned_abs())
            + Duration::from_micros(t.tv_usec.unsigned_abs())
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// One full scan with `design`: its wall time and CPU time, after checking its answer.
async fn run(design: Design, base: &ScanConfig, expected: &[u16]) -> anyhow::Result<[Duration; 2]> {
    let ports: Vec<u16> = (1..=u16::MAX).collect();
    let cpu_before = cpu_time();
    let started = Instant::now();
    let scan = async {
        match design {
            Design::Pool(workers) => {
                let config = ScanConfig {
                    concurrency: workers,
                    ..base.clone()
                };
                scan::scan(&[LOOPBACK], &ports, &config, Arc::new(Progress::default())).await
            }
            Design::TaskPerPort(permits) => task_per_port(&ports, base, permits).await,
        }
    };
    let results = tokio::time::timeout(DEADLINE, scan)
        .await
        .context("a scan did not finish in time")?;
    let wall = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);

    let mut open: Vec<u16> = results
        .iter()
        .filter(|result| result.state == PortState::Open)
        .map(|result| result.port)
        .collect();
    open.sort_unstable();
    let filtered = results
        .iter()
        .filter(|result| result.state == PortState::Filtered)
        .count();
    if results.len() != ports.len() || open != expected || filtered != 0 {
        bail!(
            "{} with {}: {} results, open {open:?} (expected {expected:?}), {filtered} filtered",
            design.name(),
            design.at_once(),
            results.len()
        );
    }
    Ok([wall, cpu])
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values[values.len() / 2]
}

fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut runs = 3;
    let mut expected = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            let value = args.next().context("--runs needs a number")?;
            runs = value
                .parse()
                .with_context(|| format!("bad --runs {value}"))?;
        } else {
            expected.push(
                arg.parse::<u16>()
                    .with_context(|| format!("bad port {arg}"))?,
            );
        }
    }
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    expected.sort_unstable();

    // netscan's own settings for `netscan 127.0.0.1 -p - --no-detect`.
    let budget = limits::socket_budget(limits::raise_open_files_limit());
    let base = ScanConfig {
        timeout: Duration::from_millis(1000),
        retries: 1,
        concurrency: 1000,
        max_sockets: budget,
        rate: None,
        detect: None,
        reset_on_close: true,
    };
    if DESIGNS.iter().any(|design| design.at_once() > budget) {
        println!("(the open-files limit caps the sockets open at once at {budget})");
    }
    println!(
        "{:<26} {:>7}  {:>11}  {:>11}  runs",
        "design", "at once", "median wall", "median CPU"
    );
    for design in DESIGNS {
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..runs {
            let [wall, cpu] = run(design, &base, &expected).await?;
            walls.push(wall);
            cpus.push(cpu);
        }
        let every: Vec<String> = walls.iter().copied().map(seconds).collect();
        println!(
            "{:<26} {:>7}  {:>11}  {:>11}  {}",
            design.name(),
            design.at_once(),
            seconds(median(walls)),
            seconds(median(cpus)),
            every.join(" ")
        );
    }
    Ok(())
}
