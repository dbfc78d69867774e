//! `chat-load`: open-loop load for a Phoenix Channels chat, to loopback only.
//!
//! Exit status: 0 when the run took place (the report counts what went wrong), 1 when it could
//! not (nothing listening, a join refused), 2 when the command line is wrong.

use chat_load::{Plan, run};
use clap::{Parser, ValueEnum};
use loadgen::{Arrival, Target};
use std::process::ExitCode;
use std::time::Duration;

/// Open-loop load for a chat speaking Phoenix Channels' V2 protocol: N connections joined to
/// rooms, messages at a fixed rate, fan-out latency from each message's intended send time.
#[derive(Debug, Parser)]
#[command(name = "chat-load", version)]
struct Cli {
    /// The server, on this machine: http://127.0.0.1:4000 (the socket is at
    /// /socket/websocket?vsn=2.0.0)
    #[arg(value_parser = parse_target)]
    url: Target,

    /// WebSocket connections, each a member of one room
    #[arg(short, long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=50_000))]
    connections: u32,

    /// Rooms the connections are dealt to in turn
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=50_000))]
    rooms: u32,

    /// Messages per second, over all rooms
    #[arg(short, long, default_value_t = 10.0, value_parser = parse_rate)]
    rate: f64,

    /// How long to send: 500ms, 10s, 2m
    #[arg(short, long, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,

    /// How intended send times are spread
    #[arg(long, value_enum, default_value_t = ArrivalArg::Uniform)]
    arrival: ArrivalArg,

    /// Seed for Poisson arrivals
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// Connections opened and joined at once during the ramp-up
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    concurrency: u32,

    /// After the last join, the first message waits until the members have received nothing
    /// for this long (presence updates from the joins, say)...
    #[arg(long, default_value = "500ms", value_parser = parse_duration)]
    quiet: Duration,

    /// ...but no longer than this
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    settle_max: Duration,

    /// How long to wait for late deliveries after the last message
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    drain: Duration,

    /// The server's process id, to report its memory per connection
    #[arg(long)]
    server_pid: Option<u32>,

    /// Tokio worker threads
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    threads: u32,

    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ArrivalArg {
    Uniform,
    Poisson,
}

fn parse_target(url: &str) -> Result<Target, String> {
    Target::parse(url).map_err(|error| error.to_string())
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 && rate <= 1_000_000.0 => Ok(rate),
        _ => Err(format!(
            "{text:?} is not a rate: more than 0 and at most 1000000 messages per second"
        )),
    }
}

/// `250ms`, `10s`, `2m`; a unit is required.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 500ms, 10s or 2m"))?;
    let seconds = match unit {
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("{text:?} needs a unit: ms, s or m")),
    };
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| *d <= Duration::from_secs(3600))
        .ok_or_else(|| format!("{text:?} is out of range (at most 60m)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let plan = Plan {
        addrs: cli.url.addrs.clone(),
        connections: cli.connections as usize,
        rooms: cli.rooms.min(cli.connections) as usize,
        rate: cli.rate,
        duration: cli.duration,
        arrival: match cli.arrival {
            ArrivalArg::Uniform => Arrival::Uniform,
            ArrivalArg::Poisson => Arrival::Poisson,
        },
        seed: cli.seed,
        concurrency: cli.concurrency as usize,
        quiet: cli.quiet,
        settle_max: cli.settle_max,
        drain: cli.drain,
        join_timeout: Duration::from_secs(10),
        server_pid: cli.server_pid,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads as usize)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("chat-load: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&plan)) {
        Ok(report) if cli.json => match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("chat-load: {error}");
                ExitCode::FAILURE
            }
        },
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("chat-load: {error}");
            ExitCode::FAILURE
        }
    }
}
