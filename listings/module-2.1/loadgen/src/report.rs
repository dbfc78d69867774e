//! Recording latencies and reporting them.
//!
//! Three histograms per run, because the differences between them are the lesson:
//! - *latency*, from each request's intended start to its last response byte: what a user who
//!   arrived at that moment would have waited. This is the figure to quote.
//! - *service time*, from the moment the request was actually sent: what a closed-loop tool such
//!   as wrk measures. When the generator falls behind, this leaves out the waiting.
//! - *pacer lag*, from intended start to the moment the pacer issued the request: the
//!   generator's own delay. If it is not small next to the latency, the generator, not the
//!   server, is what you are measuring. (The rest of the wait before sending is time queued for
//!   a free connection, which is the server's doing.)

use crate::run::{Config, PacerStats};
use crate::schedule::Arrival;
use hdrhistogram::Histogram;
use serde::Serialize;
use std::fmt;
use std::time::{Duration, Instant};

/// Latencies are recorded in microseconds, with three significant digits.
const SIGNIFICANT_DIGITS: u8 = 3;

/// What the connection tasks count during a run.
pub(crate) struct Recorder {
    latency: Histogram<u64>,
    service: Histogram<u64>,
    lag: Histogram<u64>,
    pub responses: u64,
    pub non_2xx: u64,
    pub errors: u64,
    pub timeouts: u64,
    /// Issued, but still queued when the run had to end.
    pub unsent_late: u64,
    last_done: Option<Instant>,
}

impl Recorder {
    pub fn new(timeout: Duration) -> Recorder {
        // Nothing recorded can exceed the timeout, plus the run's length for queued requests;
        // an hour covers both, and values past it are clamped, never lost.
        let highest = Duration::from_secs(3600).max(timeout * 2);
        let histogram = || {
            Histogram::new_with_bounds(1, micros(highest).max(2), SIGNIFICANT_DIGITS)
                .expect("valid histogram bounds") // constants: a failure here is a bug
        };
        Recorder {
            latency: histogram(),
            service: histogram(),
            lag: histogram(),
            responses: 0,
            non_2xx: 0,
            errors: 0,
            timeouts: 0,
            unsent_late: 0,
            last_done: None,
        }
    }

    pub fn response(
        &mut self,
        status: u16,
        intended: Instant,
        issued: Instant,
        sent: Instant,
        done: Instant,
    ) {
        self.responses += 1;
        if !(200..300).contains(&status) {
            self.non_2xx += 1;
        }
        self.latency
            .saturating_record(micros(done - intended).max(1));
        self.service.saturating_record(micros(done - sent).max(1));
        self.lag
            .saturating_record(micros(issued.saturating_duration_since(intended)).max(1));
        self.last_done = Some(self.last_done.map_or(done, |last| last.max(done)));
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Percentiles of one histogram, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Percentiles {
    pub count: u64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub p99_9_us: u64,
    pub max_us: u64,
}

impl Percentiles {
    fn of(histogram: &Histogram<u64>) -> Option<Percentiles> {
        (!histogram.is_empty()).then(|| Percentiles {
            count: histogram.len(),
            p50_us: histogram.value_at_quantile(0.50),
            p90_us: histogram.value_at_quantile(0.90),
            p99_us: histogram.value_at_quantile(0.99),
            p99_9_us: histogram.value_at_quantile(0.999),
            max_us: histogram.max(),
        })
    }
}

/// How the run sent its requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// At a fixed arrival rate, whatever the server does.
    Open,
    /// Each connection sends when its previous response is in.
    Closed,
}

// ANCHOR: report
/// The result of one run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub url: String,
    pub method: String,
    pub mode: Mode,
    /// Requests per second asked for; `None` in closed loop, where the server sets the pace.
    pub offered_rate: Option<f64>,
    pub arrival: Arrival,
    pub duration_s: f64,
    pub connections: usize,
    pub max_outstanding: usize,
    pub timeout_s: f64,
    /// Requests whose intended time fell inside the run.
    pub scheduled: u64,
    pub sent: u64,
    pub responses: u64,
    /// Responses with a status outside 200-299 (they are in the percentiles too).
    pub non_2xx: u64,
    /// Connection and protocol failures (not in the percentiles).
    pub errors: u64,
    /// Requests with no complete response within the timeout (not in the percentiles).
    pub timeouts: u64,
    /// Requests that found every outstanding slot taken at their intended time.
    pub stalled: u64,
    /// Scheduled but never sent: the offered rate was not delivered.
    pub unsent: u64,
    pub peak_outstanding: usize,
    /// Responses per second, from the start to the last response.
    pub achieved_rate: f64,
    /// From intended start to the last byte of the response: the figure to quote.
    pub latency: Option<Percentiles>,
    /// From actual send: what a closed-loop generator reports.
    pub service_time: Option<Percentiles>,
    /// The generator's own delay: from intended start to the moment it issued the request.
    pub pacer_lag: Option<Percentiles>,
}
// ANCHOR_END: report

impl Report {
    pub(crate) fn new(
        config: &Config,
        mode: Mode,
        stats: PacerStats,
        recorder: Recorder,
        t0: Instant,
    ) -> Self {
        let sent = stats.issued - recorder.unsent_late;
        let elapsed = recorder
            .last_done
            .map_or(config.duration, |last| last.saturating_duration_since(t0))
            .max(config.duration);
        Report {
            url: config.target.url.clone(),
            method: config.request.method.to_string(),
            mode,
            offered_rate: (mode == Mode::Open).then_some(config.rate),
            arrival: config.arrival,
            duration_s: config.duration.as_secs_f64(),
            connections: config.connections,
            max_outstanding: config.max_outstanding,
            timeout_s: config.timeout.as_secs_f64(),
            scheduled: stats.scheduled,
            sent,
            responses: recorder.responses,
            non_2xx: recorder.non_2xx,
            errors: recorder.errors,
            timeouts: recorder.timeouts,
            stalled: stats.stalled,
            unsent: stats.scheduled - sent,
            peak_outstanding: stats.peak_outstanding,
            achieved_rate: recorder.responses as f64 / elapsed.as_secs_f64(),
            latency: Percentiles::of(&recorder.latency),
            service_time: Percentiles::of(&recorder.service),
            pacer_lag: Percentiles::of(&recorder.lag),
        }
    }

    /// Whether the figures describe the offered load: everything scheduled was sent and
    /// answered. Otherwise the percentiles leave out the worst requests.
    pub fn is_complete(&self) -> bool {
        self.unsent == 0 && self.errors == 0 && self.timeouts == 0
    }
}

/// `1,234` for counts and rates people read.
pub fn thousands(value: f64) -> String {
    let rounded = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, digit) in rounded.chars().enumerate() {
        if i > 0 && (rounded.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `87 µs`, `1.25 ms`, `2.50 s`: three significant digits, as recorded.
pub fn human(micros: u64) -> String {
    let us = micros as f64;
    match micros {
        0..1_000 => format!("{micros} µs"),
        1_000..10_000 => format!("{:.2} ms", us / 1e3),
        10_000..1_000_000 => format!("{:.1} ms", us / 1e3),
        _ => format!("{:.2} s", us / 1e6),
    }
}

fn row(label: &str, percentiles: Option<Percentiles>) -> String {
    match percentiles {
        None => format!("{label:<24} no responses"),
        Some(p) => format!(
            "{label:<24} p50 {:>9}  p90 {:>9}  p99 {:>9}  p99.9 {:>9}  max {:>9}",
            human(p.p50_us),
            human(p.p90_us),
            human(p.p99_us),
            human(p.p99_9_us),
            human(p.max_us)
        ),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offered_rate {
            Some(rate) => writeln!(
                f,
                "{} {}: {} req/s offered ({} arrivals) for {} s, {} connections, at most {} \
                 outstanding",
                self.method,
                self.url,
                thousands(rate),
                match self.arrival {
                    Arrival::Uniform => "uniform",
                    Arrival::Poisson => "Poisson",
                },
                self.duration_s,
                self.connections,
                self.max_outstanding
            )?,
            None => writeln!(
                f,
                "{} {}: closed loop for {} s, {} connections, each sending when its last response \
                 is in",
                self.method, self.url, self.duration_s, self.connections
            )?,
        }
        writeln!(
            f,
            "requests: {} scheduled, {} sent, {} responses ({} not 2xx), {} errors, {} timeouts, \
             {} unsent",
            self.scheduled,
            self.sent,
            self.responses,
            self.non_2xx,
            self.errors,
            self.timeouts,
            self.unsent
        )?;
        writeln!(
            f,
            "achieved: {} req/s; {} requests found all {} outstanding slots taken",
            thousands(self.achieved_rate),
            self.stalled,
            self.max_outstanding
        )?;
        writeln!(f, "{}", row("latency (from intended)", self.latency))?;
        writeln!(f, "{}", row("service time (from sent)", self.service_time))?;
        writeln!(f, "{}", row("pacer lag (generator)", self.pacer_lag))?;
        if !self.is_complete() {
            writeln!(
                f,
                "warning: {} of {} scheduled requests got no response; the percentiles leave \
                 out the slowest requests and understate latency",
                self.unsent + self.errors + self.timeouts,
                self.scheduled
            )?;
        }
        Ok(())
    }
}

/// The table `--sweep` prints: one row per offered rate.
pub fn sweep_table(reports: &[Report]) -> String {
    let mut out = format!(
        "{:>12} {:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>7}\n",
        "offered", "achieved", "p50", "p90", "p99", "p99.9", "max", "errors", "timeouts", "unsent"
    );
    for report in reports {
        let cell = |pick: fn(&Percentiles) -> u64| {
            report
                .latency
                .as_ref()
                .map_or("-".into(), |p| human(pick(p)))
        };
        out.push_str(&format!(
            "{:>12} {:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>7}\n",
            match report.offered_rate {
                Some(rate) => format!("{} req/s", thousands(rate)),
                None => "closed loop".to_string(),
            },
            format!("{} req/s", thousands(report.achieved_rate)),
            cell(|p| p.p50_us),
            cell(|p| p.p90_us),
            cell(|p| p.p99_us),
            cell(|p| p.p99_9_us),
            cell(|p| p.max_us),
            report.errors,
            report.timeouts,
            report.unsent
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_printed_for_people() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(human(87), "87 µs");
        assert_eq!(human(1_250), "1.25 ms");
        assert_eq!(human(487_400), "487.4 ms");
        assert_eq!(human(2_500_000), "2.50 s");
    }

    #[test]
    fn a_recorder_measures_from_the_intended_start() {
        let mut recorder = Recorder::new(Duration::from_secs(1));
        let intended = Instant::now();
        let sent = intended + Duration::from_millis(300);
        let done = sent + Duration::from_millis(2);
        recorder.response(200, intended, intended, sent, done);
        let early = intended + Duration::from_millis(1);
        recorder.response(503, intended, intended, intended, early);
        let latency = Percentiles::of(&recorder.latency).unwrap();
        let service = Percentiles::of(&recorder.service).unwrap();
        assert!((301_000..=303_000).contains(&latency.max_us), "{latency:?}");
        assert!((1_900..=2_100).contains(&service.max_us), "{service:?}");
        assert_eq!((recorder.responses, recorder.non_2xx), (2, 1));
    }
}
