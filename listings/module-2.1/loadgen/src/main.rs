//! `loadgen`: open-loop HTTP/1.1 load at a fixed rate, to loopback only.
//!
//! Exit status: 0 when the run (or every run of a sweep) took place, even if some requests
//! failed (the report counts them); 1 when it could not take place (nothing listening, say);
//! 2 when the command line is wrong, including a URL that is not on this machine.

use anyhow::Context;
use bytes::Bytes;
use clap::{CommandFactory, Parser, ValueEnum, error::ErrorKind};
use hyper::Method;
use hyper::header::{HeaderName, HeaderValue};
use loadgen::report::sweep_table;
use loadgen::{Arrival, Config, Report, RequestTemplate, Target};
use std::process::ExitCode;
use std::time::Duration;

/// Open-loop HTTP/1.1 load generator: requests at a fixed arrival rate, latency measured from
/// each request's intended start (coordinated omission corrected). Loopback targets only.
#[derive(Debug, Parser)]
#[command(name = "loadgen", version)]
struct Cli {
    /// Target, on this machine: http://127.0.0.1:3000/products/1, http://[::1]:8080/,
    /// http://localhost:3000/
    #[arg(value_parser = parse_target)]
    url: Target,

    /// Offered load, in requests per second
    #[arg(short, long, value_parser = parse_rate, required_unless_present_any = ["sweep", "closed_loop"])]
    rate: Option<f64>,

    /// Run once per rate and print a table of percentiles against offered load: 250,500,1000
    #[arg(long, value_parser = parse_rates, conflicts_with = "rate")]
    sweep: Option<Rates>,

    /// Length of each run: 500ms, 10s, 2m
    #[arg(short, long, default_value = "10s", value_parser = parse_duration)]
    duration: Duration,

    /// Keep-alive connections, each carrying one request at a time: the most the server sees at
    /// once, so at least rate x expected latency (Little's law), with room to spare
    #[arg(short, long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    connections: u32,

    /// Requests sent or queued and not yet answered, at most (no less than --connections)
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_outstanding: u32,

    /// How long a request may take, from its intended start (from the send with --closed-loop);
    /// one given up is counted as the time until then, a lower bound, marked ≥ in percentiles
    #[arg(long, default_value = "2s", value_parser = parse_duration)]
    timeout: Duration,

    /// Largest response body, in bytes; a longer one is an error (bodies are read and dropped
    /// as they come, so without a limit memory stays small and the timeout ends an endless one)
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    max_body: Option<u64>,

    /// How intended start times are spread
    #[arg(long, value_enum, default_value_t = ArrivalArg::Uniform)]
    arrival: ArrivalArg,

    /// Seed for Poisson arrivals: the same seed gives the same schedule
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// HTTP method
    #[arg(short, long, value_enum, default_value_t = MethodArg::Get)]
    method: MethodArg,

    /// Request body (POST and PUT); {seq} is replaced by each request's sequence number
    #[arg(long)]
    body: Option<String>,

    /// Extra request header, repeatable: -H 'Content-Type: application/json' (a Host given here
    /// replaces the one from the URL)
    #[arg(short = 'H', long = "header", value_parser = parse_header)]
    headers: Vec<(HeaderName, HeaderValue)>,

    /// Tokio worker threads for the connections (the pacer has a thread of its own)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    threads: u32,

    /// Closed loop instead, as wrk does: each connection sends its next request when the
    /// previous response is in, and latency counts from the send. For comparison: its latencies
    /// omit the requests a stall kept it from sending, and its throughput is loadgen's own when
    /// its worker threads are the busier side (use wrk, or more --threads, for capacity)
    #[arg(long, conflicts_with_all = ["rate", "sweep"])]
    closed_loop: bool,

    /// Print the report as JSON (an array of reports with --sweep)
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ArrivalArg {
    Uniform,
    Poisson,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum MethodArg {
    Get,
    Post,
    Put,
    Delete,
}

#[derive(Clone, Debug)]
struct Rates(Vec<f64>);

fn parse_target(url: &str) -> Result<Target, String> {
    Target::parse(url).map_err(|error| error.to_string())
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of requests per second"))?;
    if !rate.is_finite() || rate <= 0.0 || rate > 10_000_000.0 {
        return Err(format!(
            "{text} is out of range: a rate is more than 0 and at most 10000000 requests per second"
        ));
    }
    Ok(rate)
}

fn parse_rates(text: &str) -> Result<Rates, String> {
    let rates = text
        .split(',')
        .map(parse_rate)
        .collect::<Result<Vec<f64>, String>>()?;
    if rates.len() > 100 {
        return Err("at most 100 rates in a sweep".into());
    }
    Ok(Rates(rates))
}

/// `250ms`, `10s`, `1.5s`, `2m`. A unit is required: is `10` ten seconds or ten milliseconds?
fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write 500ms, 10s or 2m"))?;
    let seconds = match unit {
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        "" => return Err(format!("{text:?} needs a unit: 500ms, 10s or 2m")),
        _ => return Err(format!("unknown unit {unit:?} in {text:?}: use ms, s or m")),
    };
    let duration = Duration::try_from_secs_f64(seconds).map_err(|error| error.to_string())?;
    if duration < Duration::from_millis(1) || duration > Duration::from_secs(3600) {
        return Err(format!("{text} is out of range: from 1ms to 60m"));
    }
    Ok(duration)
}

fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("{text:?} is not a header: write 'Name: value'"))?;
    let name = HeaderName::try_from(name.trim())
        .map_err(|_| format!("{:?} is not a valid header name", name.trim()))?;
    let value = HeaderValue::try_from(value.trim())
        .map_err(|_| format!("{:?} is not a valid header value", value.trim()))?;
    Ok((name, value))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.max_outstanding < cli.connections {
        Cli::command()
            .error(
                ErrorKind::ArgumentConflict,
                format!(
                    "--max-outstanding {} is less than --connections {}: each connection needs \
                     a request to carry",
                    cli.max_outstanding, cli.connections
                ),
            )
            .exit();
    }
    if cli.body.is_some() && matches!(cli.method, MethodArg::Get | MethodArg::Delete) {
        Cli::command()
            .error(
                ErrorKind::ArgumentConflict,
                "--body needs --method post or put",
            )
            .exit();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("loadgen: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(usize::try_from(cli.threads)?)
        .enable_all()
        .build()
        .context("cannot start the Tokio runtime")?;
    let rates = match (&cli.sweep, cli.rate) {
        (Some(Rates(rates)), _) => rates.clone(),
        (None, Some(rate)) => vec![rate],
        // Closed loop: one run, whose pace the server sets.
        (None, None) => vec![1.0],
    };
    let method = match cli.method {
        MethodArg::Get => Method::GET,
        MethodArg::Post => Method::POST,
        MethodArg::Put => Method::PUT,
        MethodArg::Delete => Method::DELETE,
    };
    let template = RequestTemplate {
        method,
        headers: cli.headers.clone(),
        body: Bytes::from(cli.body.clone().unwrap_or_default()),
    };
    let mut reports: Vec<Report> = Vec::new();
    for rate in rates {
        let config = Config {
            target: cli.url.clone(),
            rate,
            duration: cli.duration,
            arrival: match cli.arrival {
                ArrivalArg::Uniform => Arrival::Uniform,
                ArrivalArg::Poisson => Arrival::Poisson,
            },
            seed: cli.seed,
            connections: usize::try_from(cli.connections)?,
            max_outstanding: usize::try_from(cli.max_outstanding)?,
            timeout: cli.timeout,
            max_body: cli.max_body,
            request: template.clone(),
        };
        let report = if cli.closed_loop {
            runtime
                .block_on(loadgen::run::run_closed_loop(&config))
                .context("the closed-loop run could not start")?
        } else {
            runtime
                .block_on(loadgen::run(&config))
                .with_context(|| format!("the run at {rate} req/s could not start"))?
        };
        if cli.sweep.is_some() && !cli.json {
            eprintln!("{}", one_line(&report));
        }
        reports.push(report);
    }
    match (cli.json, cli.sweep.is_some()) {
        (true, true) => println!("{}", serde_json::to_string_pretty(&reports)?),
        (true, false) => println!("{}", serde_json::to_string_pretty(&reports[0])?),
        (false, true) => print!("{}", sweep_table(&reports)),
        (false, false) => print!("{}", reports[0]),
    }
    Ok(())
}

/// Progress during a sweep, on standard error so that the table stays clean.
fn one_line(report: &Report) -> String {
    format!(
        "loadgen: {} req/s done: {} responses, {} errors, {} timeouts, {} unsent",
        loadgen::report::thousands(report.offered_rate.unwrap_or_default()),
        report.responses,
        report.errors,
        report.timeouts,
        report.unsent
    )
}
