//! Recording latencies and reporting them.
//!
//! Five histograms per open-loop run, because the differences between them are the lesson:
//! - *latency*, from each request's intended start to its last response byte: what a user who
//!   arrived at that moment would have waited. This is the figure to quote. A request given up
//!   (timed out, or never sent before its deadline) is in it too, as the time until it was given
//!   up: a *lower bound* of its latency. A percentile that such samples reach is printed `≥`.
//! - *service time*, from the moment a connection took the request and sent it: what a
//!   closed-loop tool such as wrk measures. When the generator falls behind, this leaves out
//!   the waiting.
//! - The wait before sending, in three parts. *Pacer lag*: the pacer thread late on its own
//!   schedule (woken late, or busy issuing earlier requests); if it is not small next to the
//!   latency, you are measuring the generator. *Slot wait*: every outstanding slot was taken, so
//!   the pacer waited for a response to free one; that is the server being `max_outstanding`
//!   requests behind. *Queue wait*: issued, waiting for a free connection; that is every
//!   connection busy with a slower request, or loadgen's own worker threads too busy to take
//!   it (`--threads`).

use crate::run::Config;
use crate::schedule::Arrival;
use hdrhistogram::Histogram;
use serde::Serialize;
use std::fmt;
use std::time::{Duration, Instant};

/// Latencies are recorded in microseconds, with three significant digits.
const SIGNIFICANT_DIGITS: u8 = 3;

/// The moments in one request's life, before its outcome.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timing {
    /// When it was due, by the schedule.
    pub intended: Instant,
    /// When the pacer queued it, holding a slot.
    pub issued: Instant,
    /// When a connection took it and sent it.
    pub sent: Instant,
}

/// A histogram in which some samples are only lower bounds. Public so that other load
/// generators (Module 2.2's `chat-load`) report the same way.
#[derive(Clone, Debug)]
pub struct Samples {
    histogram: Histogram<u64>,
    lower_bounds: u64,
    /// The smallest lower bound recorded, in microseconds.
    lowest_bound: Option<u64>,
}

impl Samples {
    pub fn new(timeout: Duration) -> Samples {
        // Nothing recorded can exceed the timeout by much (the pacer's lag for a request it
        // reached late, say); an hour covers it, and values past it are clamped, never lost.
        let highest = Duration::from_secs(3600).max(timeout * 2);
        let histogram = Histogram::new_with_bounds(1, micros(highest).max(2), SIGNIFICANT_DIGITS)
            .expect("valid histogram bounds"); // constants: a failure here is a bug
        Samples {
            histogram,
            lower_bounds: 0,
            lowest_bound: None,
        }
    }

    pub fn record(&mut self, duration: Duration) {
        self.histogram.saturating_record(micros(duration).max(1));
    }

    /// A request given up after `duration`: it would have taken at least that long.
    pub fn record_lower_bound(&mut self, duration: Duration) {
        self.record_lower_bounds(duration, 1);
    }

    /// `count` samples that would each have taken at least `duration`.
    pub fn record_lower_bounds(&mut self, duration: Duration, count: u64) {
        if count == 0 {
            return;
        }
        let value = micros(duration).max(1);
        self.histogram.saturating_record_n(value, count);
        self.lower_bounds += count;
        self.lowest_bound = Some(self.lowest_bound.map_or(value, |lowest| lowest.min(value)));
    }
}

/// What the pacer counted, on its own thread.
#[derive(Clone, Debug)]
pub(crate) struct PacerStats {
    pub scheduled: u64,
    pub stalled: u64,
    pub peak_outstanding: usize,
    pacer_lag: Samples,
    slot_wait: Samples,
}

impl PacerStats {
    pub fn new(timeout: Duration) -> PacerStats {
        PacerStats {
            scheduled: 0,
            stalled: 0,
            peak_outstanding: 0,
            pacer_lag: Samples::new(timeout),
            slot_wait: Samples::new(timeout),
        }
    }

    /// A request issued `delay` after its intended time, `slot_wait` of it waiting for a slot.
    pub fn issue(&mut self, delay: Duration, slot_wait: Duration) {
        self.pacer_lag.record(delay.saturating_sub(slot_wait));
        self.slot_wait.record(slot_wait);
    }
}

/// What the connection tasks count during a run.
pub(crate) struct Recorder {
    latency: Samples,
    service: Samples,
    queue_wait: Samples,
    /// Went to the wire: a response, an error or a timeout.
    sent: u64,
    responses: u64,
    non_2xx: u64,
    errors: u64,
    timeouts: u64,
    /// Given up before being sent: no slot, or no free connection, before the deadline.
    unsent: u64,
    last_done: Option<Instant>,
}

impl Recorder {
    pub fn new(timeout: Duration) -> Recorder {
        Recorder {
            latency: Samples::new(timeout),
            service: Samples::new(timeout),
            queue_wait: Samples::new(timeout),
            sent: 0,
            responses: 0,
            non_2xx: 0,
            errors: 0,
            timeouts: 0,
            unsent: 0,
            last_done: None,
        }
    }

    fn sent(&mut self, timing: Timing) {
        self.sent += 1;
        self.queue_wait
            .record(timing.sent.saturating_duration_since(timing.issued));
    }

    pub fn response(&mut self, status: u16, timing: Timing, done: Instant) {
        self.sent(timing);
        self.responses += 1;
        if !(200..300).contains(&status) {
            self.non_2xx += 1;
        }
        self.latency
            .record(done.saturating_duration_since(timing.intended));
        self.service
            .record(done.saturating_duration_since(timing.sent));
        self.last_done = Some(self.last_done.map_or(done, |last| last.max(done)));
    }

    /// A connection or protocol failure: counted, not a latency.
    pub fn error(&mut self, timing: Timing) {
        self.sent(timing);
        self.errors += 1;
    }

    pub fn timeout(&mut self, timing: Timing, gave_up: Instant) {
        self.sent(timing);
        self.timeouts += 1;
        self.latency
            .record_lower_bound(gave_up.saturating_duration_since(timing.intended));
        self.service
            .record_lower_bound(gave_up.saturating_duration_since(timing.sent));
    }

    /// Given up at `gave_up` without being sent; `issued` if it got as far as the queue.
    pub fn unsent(&mut self, intended: Instant, issued: Option<Instant>, gave_up: Instant) {
        self.unsent += 1;
        self.latency
            .record_lower_bound(gave_up.saturating_duration_since(intended));
        if let Some(issued) = issued {
            self.queue_wait
                .record(gave_up.saturating_duration_since(issued));
        }
    }
}

fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Percentiles of one histogram, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Percentiles {
    pub count: u64,
    /// Samples that are lower bounds: requests given up after that long.
    pub lower_bounds: u64,
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
    pub p99_9_us: u64,
    pub max_us: u64,
    /// The first of `p50`, `p90`, `p99`, `p99.9`, `max` that lower-bound samples reach: it and
    /// every one after it are *at least* the value given. `None`: every value is exact.
    pub lower_bound_from: Option<&'static str>,
}

/// The names of the percentiles, in the order `Percentiles::values` gives them.
const NAMES: [&str; 5] = ["p50", "p90", "p99", "p99.9", "max"];

impl Percentiles {
    pub fn of(samples: &Samples) -> Option<Percentiles> {
        let histogram = &samples.histogram;
        if histogram.is_empty() {
            return None;
        }
        let values = [
            histogram.value_at_quantile(0.50),
            histogram.value_at_quantile(0.90),
            histogram.value_at_quantile(0.99),
            histogram.value_at_quantile(0.999),
            histogram.max(),
        ];
        // A percentile below every lower bound is exact: each sample at or under it is a real
        // latency. One at or above the lowest bound might be higher had the request been waited
        // for (values in the same histogram bucket count as reached, to be safe).
        let lower_bound_from = samples.lowest_bound.and_then(|lowest| {
            let reached = |value: u64| {
                histogram.lowest_equivalent(value) >= histogram.lowest_equivalent(lowest)
            };
            let first = values.iter().position(|&value| reached(value))?;
            Some(NAMES[first])
        });
        Some(Percentiles {
            count: histogram.len(),
            lower_bounds: samples.lower_bounds,
            p50_us: values[0],
            p90_us: values[1],
            p99_us: values[2],
            p99_9_us: values[3],
            max_us: values[4],
            lower_bound_from,
        })
    }

    /// p50, p90, p99, p99.9 and max, each with whether it is only a lower bound.
    pub fn values(&self) -> [(u64, bool); 5] {
        let from = self
            .lower_bound_from
            .and_then(|name| NAMES.iter().position(|&n| n == name))
            .unwrap_or(NAMES.len());
        let values = [
            self.p50_us,
            self.p90_us,
            self.p99_us,
            self.p99_9_us,
            self.max_us,
        ];
        std::array::from_fn(|i| (values[i], i >= from))
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

/// The result of one run. Every scheduled request is `sent` or `unsent`; every sent one ends
/// as a response, an error or a timeout.
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
    /// Connection and protocol failures, and bodies over the limit (not in the percentiles).
    pub errors: u64,
    /// Sent, with no complete response by the deadline: in the latency as lower bounds.
    pub timeouts: u64,
    /// Given up before they could be sent: in the latency as lower bounds.
    pub unsent: u64,
    /// Requests that found every outstanding slot taken at their intended time.
    pub stalled: u64,
    pub peak_outstanding: usize,
    /// Responses per second, from the start to the last response.
    pub achieved_rate: f64,
    /// Open loop: from intended start to the last byte of the response, given-up requests
    /// included as lower bounds. The figure to quote.
    pub latency: Option<Percentiles>,
    /// From the send: what a closed-loop generator reports.
    pub service_time: Option<Percentiles>,
    /// Open loop: the pacer late on its own schedule, the generator's delay.
    pub pacer_lag: Option<Percentiles>,
    /// Open loop: waiting for an outstanding slot (the server that far behind).
    pub slot_wait: Option<Percentiles>,
    /// Open loop: issued, waiting for a free connection.
    pub queue_wait: Option<Percentiles>,
}

impl Report {
    pub(crate) fn new(
        config: &Config,
        mode: Mode,
        pacer: Option<PacerStats>,
        recorder: Recorder,
        t0: Instant,
    ) -> Self {
        let elapsed = recorder
            .last_done
            .map_or(config.duration, |last| last.saturating_duration_since(t0))
            .max(config.duration);
        let open = mode == Mode::Open;
        Report {
            url: config.target.url.clone(),
            method: config.request.method.to_string(),
            mode,
            offered_rate: open.then_some(config.rate),
            arrival: config.arrival,
            duration_s: config.duration.as_secs_f64(),
            connections: config.connections,
            max_outstanding: config.max_outstanding,
            timeout_s: config.timeout.as_secs_f64(),
            scheduled: pacer
                .as_ref()
                .map_or(recorder.sent, |pacer| pacer.scheduled),
            sent: recorder.sent,
            responses: recorder.responses,
            non_2xx: recorder.non_2xx,
            errors: recorder.errors,
            timeouts: recorder.timeouts,
            unsent: recorder.unsent,
            stalled: pacer.as_ref().map_or(0, |pacer| pacer.stalled),
            peak_outstanding: pacer
                .as_ref()
                .map_or(config.connections, |pacer| pacer.peak_outstanding),
            achieved_rate: recorder.responses as f64 / elapsed.as_secs_f64(),
            latency: open.then(|| Percentiles::of(&recorder.latency)).flatten(),
            service_time: Percentiles::of(&recorder.service),
            pacer_lag: pacer.as_ref().and_then(|p| Percentiles::of(&p.pacer_lag)),
            slot_wait: pacer.as_ref().and_then(|p| Percentiles::of(&p.slot_wait)),
            queue_wait: open
                .then(|| Percentiles::of(&recorder.queue_wait))
                .flatten(),
        }
    }

    /// Whether every scheduled request was sent and answered. Otherwise the percentiles hold
    /// lower bounds (timeouts, unsent) or leave requests out (errors).
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

/// A value for a table: `≥` in front when it is only a lower bound.
pub fn cell((micros, lower_bound): (u64, bool)) -> String {
    match lower_bound {
        true => format!("≥{}", human(micros)),
        false => human(micros),
    }
}

fn row(label: &str, percentiles: Option<Percentiles>) -> String {
    match percentiles {
        None => format!("{label:<26} none"),
        Some(p) => {
            let mut line = format!("{label:<26}");
            for (name, value) in NAMES.iter().zip(p.values()) {
                line.push_str(&format!(" {name} {:>9} ", cell(value)));
            }
            line.trim_end().to_string()
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let timeout = human(micros(Duration::from_secs_f64(self.timeout_s)));
        let Some(rate) = self.offered_rate else {
            writeln!(
                f,
                "{} {}: closed loop for {} s, {} connections, each sending when its last response \
                 is in; timeout {timeout} from the send",
                self.method, self.url, self.duration_s, self.connections
            )?;
            writeln!(
                f,
                "requests: {} sent, {} responses ({} not 2xx), {} errors, {} timeouts",
                self.sent, self.responses, self.non_2xx, self.errors, self.timeouts
            )?;
            writeln!(f, "achieved: {} req/s", thousands(self.achieved_rate))?;
            writeln!(f, "{}", row("service time (from sent)", self.service_time))?;
            return warnings(self, f);
        };
        writeln!(
            f,
            "{} {}: {} req/s offered ({} arrivals) for {} s, {} connections, at most {} \
             outstanding, timeout {timeout} from the intended start",
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
        )?;
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
        writeln!(f, "{}", row("waiting for a slot", self.slot_wait))?;
        writeln!(f, "{}", row("waiting for a connection", self.queue_wait))?;
        warnings(self, f)
    }
}

/// What the reader must know before trusting the percentiles.
fn warnings(report: &Report, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let given_up = report.timeouts + report.unsent;
    if given_up > 0 {
        writeln!(
            f,
            "warning: {given_up} requests were given up ({} timed out, {} never sent); each is \
             counted as the time until then, a lower bound, and values marked ≥ are at least \
             what they say",
            report.timeouts, report.unsent
        )?;
    }
    if report.errors > 0 {
        writeln!(
            f,
            "warning: {} requests failed (connection or protocol errors) and are not in the \
             percentiles",
            report.errors
        )?;
    }
    Ok(())
}

/// The table `--sweep` prints: one row per offered rate.
pub fn sweep_table(reports: &[Report]) -> String {
    let mut out = format!(
        "{:>12} {:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>7}\n",
        "offered", "achieved", "p50", "p90", "p99", "p99.9", "max", "errors", "timeouts", "unsent"
    );
    for report in reports {
        let values = report.latency.as_ref().map(Percentiles::values);
        let value = |i: usize| values.map_or("-".into(), |values| cell(values[i]));
        out.push_str(&format!(
            "{:>12} {:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>7}\n",
            match report.offered_rate {
                Some(rate) => format!("{} req/s", thousands(rate)),
                None => "closed loop".to_string(),
            },
            format!("{} req/s", thousands(report.achieved_rate)),
            value(0),
            value(1),
            value(2),
            value(3),
            value(4),
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
        assert_eq!(cell((2_000_000, true)), "≥2.00 s");
    }

    #[test]
    fn a_recorder_measures_from_the_intended_start() {
        let mut recorder = Recorder::new(Duration::from_secs(1));
        let intended = Instant::now();
        let sent = intended + Duration::from_millis(300);
        let timing = Timing {
            intended,
            issued: intended,
            sent,
        };
        recorder.response(200, timing, sent + Duration::from_millis(2));
        let early = Timing {
            intended,
            issued: intended,
            sent: intended,
        };
        recorder.response(503, early, intended + Duration::from_millis(1));
        let latency = Percentiles::of(&recorder.latency).unwrap();
        let service = Percentiles::of(&recorder.service).unwrap();
        let queue = Percentiles::of(&recorder.queue_wait).unwrap();
        assert!((301_000..=303_000).contains(&latency.max_us), "{latency:?}");
        assert!((1_900..=2_100).contains(&service.max_us), "{service:?}");
        assert!((299_000..=301_000).contains(&queue.max_us), "{queue:?}");
        assert_eq!((recorder.responses, recorder.non_2xx), (2, 1));
        assert_eq!(latency.lower_bound_from, None);
    }

    #[test]
    fn given_up_requests_are_lower_bounds_that_mark_the_percentiles_they_reach() {
        let mut recorder = Recorder::new(Duration::from_secs(2));
        let t = Instant::now();
        let ms = |n| Duration::from_millis(n);
        // 97 quick responses, 2 timeouts and 1 unsent: 3% given up, after about 2 s.
        for i in 0..97 {
            let timing = Timing {
                intended: t + ms(i),
                issued: t + ms(i),
                sent: t + ms(i),
            };
            recorder.response(200, timing, t + ms(i + 1));
        }
        for i in 97..99 {
            let timing = Timing {
                intended: t + ms(i),
                issued: t + ms(i),
                sent: t + ms(i + 500),
            };
            recorder.timeout(timing, t + ms(i + 2_000));
        }
        recorder.unsent(t + ms(99), None, t + ms(2_099));
        let latency = Percentiles::of(&recorder.latency).unwrap();
        assert_eq!((latency.count, latency.lower_bounds), (100, 3));
        assert!(latency.p90_us < 2_000, "{latency:?}");
        assert!(latency.p99_us >= 2_000_000, "{latency:?}");
        assert_eq!(latency.lower_bound_from, Some("p99"));
        let marked: Vec<bool> = latency
            .values()
            .iter()
            .map(|&(_, at_least)| at_least)
            .collect();
        assert_eq!(marked, [false, false, true, true, true]);
        // The service time of the two that were sent: 1.5 s each, also lower bounds.
        let service = Percentiles::of(&recorder.service).unwrap();
        assert_eq!((service.count, service.lower_bounds), (99, 2));
        assert_eq!(service.lower_bound_from, Some("p99"));
        assert_eq!(
            (recorder.sent, recorder.timeouts, recorder.unsent),
            (99, 2, 1)
        );
    }
}
