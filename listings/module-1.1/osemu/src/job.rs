//! A workload: the jobs a scheduler is asked to run, and the ways to write one down.
//!
//! Jobs come from three places: an inline list on the command line (OSTEP's `-l 10,20,30`, or
//! `-l 10:100,20:50` with tickets as in `lottery.py`), a TOML or JSON file that can also give arrival
//! times and an I/O pattern, or a generator (see [`crate::generate`]). All three end in the same
//! [`Job`] values, checked once by [`validate`], so the simulators can trust their input. Numbers
//! are read as signed numbers first: a negative run time then gets a message about run times, not
//! a parser's complaint about unsigned numbers. Only the inline list of `osemu sched` may have
//! fractions (`-l 2.5,1.5,4`), since `scheduler.py` accepts them there; files, MLFQ lists and
//! generated workloads are in whole ticks.

use crate::error::{Error, Result};
use crate::time::{Decimal, TimeScale};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Tickets a job holds when none are given (lottery and stride only).
pub const DEFAULT_TICKETS: u64 = 100;

// ANCHOR: job
/// How a job alternates between computing and waiting for I/O.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IoPattern {
    /// After every `every` units of CPU time the job starts an I/O (never after its last unit).
    pub every: u64,
    /// How long each I/O keeps the job off the CPU.
    pub duration: u64,
}

/// One job of a workload. Times are whole units: ticks, the simulators' unit of time, unless an
/// inline list had fractions (see [`crate::time`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: usize,
    pub arrival: u64,
    pub run: u64,
    pub io: Option<IoPattern>,
    pub tickets: u64,
}
// ANCHOR_END: job

impl Job {
    /// A CPU-bound job that arrives at time 0, like every job of `scheduler.py`.
    pub fn new(id: usize, run: u64) -> Self {
        Job {
            id,
            arrival: 0,
            run,
            io: None,
            tickets: DEFAULT_TICKETS,
        }
    }

    pub fn arriving_at(mut self, arrival: u64) -> Self {
        self.arrival = arrival;
        self
    }

    pub fn with_tickets(mut self, tickets: u64) -> Self {
        self.tickets = tickets;
        self
    }

    pub fn with_io(mut self, every: u64, duration: u64) -> Self {
        self.io = Some(IoPattern { every, duration });
        self
    }
}

/// Longest schedule the simulators accept, in units of time (ticks, unless the workload has
/// fractions): far beyond any real exercise, and small enough that any time of a schedule, and
/// the sum of two, fits in a `u64`. Sums over all jobs (the totals behind the averages) can
/// still exceed 64 bits, and are taken in `u128` (see [`crate::metrics`]).
pub const MAX_SCHEDULE_LENGTH: u64 = 1 << 60;

/// Checks what every simulator relies on: ids are positions, run times and tickets are positive,
/// the tickets add up to a `u64`, an I/O pattern has a positive period, and the whole workload
/// fits in [`MAX_SCHEDULE_LENGTH`] even if the jobs ran one after another. Times are taken to be
/// whole ticks; [`validate_in`] is the same check for times counted in another unit.
pub fn validate(jobs: &[Job]) -> Result<()> {
    validate_in(jobs, TimeScale::TICKS)
}

/// [`validate`] for jobs whose times are counted in units of `scale`: the limit in a message is
/// then given in ticks, as the user wrote the times (1152921504606.846976 ticks in millionths).
pub fn validate_in(jobs: &[Job], scale: TimeScale) -> Result<()> {
    if jobs.is_empty() {
        return Err(Error::argument("jobs", "the workload has no jobs"));
    }
    let too_long = || {
        Error::TooLarge(format!(
            "the workload could last more than {} ticks",
            scale.format_short(MAX_SCHEDULE_LENGTH)
        ))
    };
    // lottery.py adds tickets in Python's unbounded integers; here their total must fit in 64
    // bits, which no real workload comes near.
    if jobs
        .iter()
        .try_fold(0u64, |total, job| total.checked_add(job.tickets))
        .is_none()
    {
        return Err(Error::TooLarge(format!(
            "the jobs hold more than {} tickets between them",
            u64::MAX
        )));
    }
    let mut length = jobs.iter().map(|j| j.arrival).max().unwrap_or(0);
    for (position, job) in jobs.iter().enumerate() {
        let invalid = |reason: String| Error::InvalidJob {
            job: position,
            reason,
        };
        if job.id != position {
            return Err(invalid(format!("has id {} at position {position}", job.id)));
        }
        if job.run == 0 {
            return Err(invalid("run time must be at least 1 (got 0)".into()));
        }
        if job.tickets == 0 {
            return Err(invalid("must hold at least 1 ticket (got 0)".into()));
        }
        if let Some(io) = job.io
            && io.every == 0
        {
            return Err(invalid("I/O period must be at least 1 (got 0)".into()));
        }
        let ios = job.io.map_or(0, |io| (job.run - 1) / io.every);
        let io_time = job
            .io
            .map_or(Some(0), |io| ios.checked_mul(io.duration))
            .ok_or_else(too_long)?;
        length = length
            .checked_add(job.run)
            .and_then(|l| l.checked_add(io_time))
            .filter(|&l| l <= MAX_SCHEDULE_LENGTH)
            .ok_or_else(too_long)?;
    }
    Ok(())
}

fn parse_signed(what: &'static str, input: &str, item: &str) -> Result<i64> {
    item.trim()
        .parse::<i64>()
        .map_err(|_| Error::list(what, input, format!("`{item}` is not a whole number")))
}

fn positive(job: usize, field: &str, value: i64) -> Result<u64> {
    if value < 1 {
        return Err(Error::InvalidJob {
            job,
            reason: format!("{field} must be at least 1 (got {value})"),
        });
    }
    Ok(value as u64)
}

fn non_negative(job: usize, field: &str, value: i64) -> Result<u64> {
    if value < 0 {
        return Err(Error::InvalidJob {
            job,
            reason: format!("{field} cannot be negative (got {value})"),
        });
    }
    Ok(value as u64)
}

/// Parses `scheduler.py`'s `-l 10,20,30` or `lottery.py`'s `-l 10:100,20:50` (run time:tickets),
/// and the arrival times of `--arrivals 0,5,5` if given. Run and arrival times may have a fraction
/// (`-l 2.5,1.5,4`), as `scheduler.py`'s may: the jobs' times are then counted in the returned
/// [`TimeScale`] (tenths of a tick in that example), which the caller passes on to the printing.
pub fn parse_run_list(input: &str, arrivals: Option<&str>) -> Result<(Vec<Job>, TimeScale)> {
    const WHAT: &str = "job list";
    if input.trim().is_empty() {
        return Err(Error::list(WHAT, input, "it is empty"));
    }
    let mut runs = Vec::new();
    let mut tickets = Vec::new();
    for (id, entry) in input.split(',').enumerate() {
        let mut parts = entry.split(':');
        let run = parse_time(WHAT, input, parts.next().unwrap_or_default())?;
        if run.negative || run.is_zero() {
            return Err(Error::InvalidJob {
                job: id,
                reason: format!("run time must be more than 0 (got {run})"),
            });
        }
        runs.push(run);
        tickets.push(match parts.next() {
            Some(text) => Some(positive(id, "tickets", parse_signed(WHAT, input, text)?)?),
            None => None,
        });
        if parts.next().is_some() {
            return Err(Error::list(
                WHAT,
                input,
                format!("`{entry}` should be RUN or RUN:TICKETS"),
            ));
        }
    }
    let starts = match arrivals {
        Some(list) => parse_arrivals(list, runs.len())?,
        None => Vec::new(),
    };
    let scale = TimeScale::fitting(runs.iter().chain(&starts)).map_err(|value| {
        Error::list(
            WHAT,
            input,
            format!(
                "`{value}` has more than {} decimal places",
                TimeScale::MAX_PLACES
            ),
        )
    })?;
    let in_units = |value: Decimal| {
        scale
            .units(value)
            .ok_or_else(|| Error::TooLarge(format!("the time {value} is too large to simulate")))
    };
    let mut jobs = Vec::with_capacity(runs.len());
    for (id, (run, tickets)) in runs.into_iter().zip(tickets).enumerate() {
        let mut job = Job::new(id, in_units(run)?);
        if let Some(tickets) = tickets {
            job.tickets = tickets;
        }
        if let Some(&start) = starts.get(id) {
            job.arrival = in_units(start)?;
        }
        jobs.push(job);
    }
    Ok((jobs, scale))
}

fn parse_time(what: &'static str, input: &str, item: &str) -> Result<Decimal> {
    Decimal::parse(item).map_err(|reason| Error::list(what, input, format!("`{item}` {reason}")))
}

/// The arrival list of an inline workload: one non-negative time per job.
fn parse_arrivals(input: &str, jobs: usize) -> Result<Vec<Decimal>> {
    const WHAT: &str = "arrival list";
    let arrivals = input
        .split(',')
        .map(|item| parse_time(WHAT, input, item))
        .collect::<Result<Vec<_>>>()?;
    if arrivals.len() != jobs {
        return Err(Error::list(
            WHAT,
            input,
            format!("{} arrival times for {jobs} jobs", arrivals.len()),
        ));
    }
    if let Some((job, arrival)) = arrivals.iter().enumerate().find(|(_, a)| a.negative) {
        return Err(Error::InvalidJob {
            job,
            reason: format!("arrival time cannot be negative (got {arrival})"),
        });
    }
    Ok(arrivals)
}

/// Parses `mlfq.py`'s `-l start,run,ioFreq:start,run,ioFreq:...`; an I/O frequency of 0 means
/// the job never does I/O, and every I/O lasts `io_time`.
pub fn parse_mlfq_list(input: &str, io_time: u64) -> Result<Vec<Job>> {
    const WHAT: &str = "job list";
    if input.trim().is_empty() {
        return Err(Error::list(WHAT, input, "it is empty"));
    }
    input
        .split(':')
        .enumerate()
        .map(|(id, entry)| {
            let fields = entry
                .split(',')
                .map(|item| parse_signed(WHAT, input, item))
                .collect::<Result<Vec<_>>>()?;
            let [start, run, io_every] = fields[..] else {
                return Err(Error::list(
                    WHAT,
                    input,
                    format!("`{entry}` should be START,RUN,IOFREQ"),
                ));
            };
            let mut job = Job::new(id, positive(id, "run time", run)?).arriving_at(non_negative(
                id,
                "start time",
                start,
            )?);
            let io_every = non_negative(id, "I/O frequency", io_every)?;
            if io_every > 0 {
                job = job.with_io(io_every, io_time);
            }
            Ok(job)
        })
        .collect()
}

/// One job as written in a file. Every field but `run` is optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileJob {
    #[serde(default)]
    arrival: i64,
    run: i64,
    tickets: Option<i64>,
    io_every: Option<i64>,
    io_time: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileWorkload {
    jobs: Vec<FileJob>,
}

/// The two formats a job file may use, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Toml,
    Json,
}

/// Reads a workload from a `.toml` or `.json` file:
///
/// ```toml
/// [[jobs]]
/// arrival = 0      # optional, default 0
/// run = 10         # required
/// tickets = 100    # optional (lottery, stride)
/// io_every = 3     # optional: an I/O after every 3 ticks of CPU
/// io_time = 2      # how long each I/O lasts
/// ```
///
/// `default_io_time` is used when a job gives `io_every` without `io_time` (MLFQ's `-i`); without
/// it such a job is an error.
pub fn load_job_file(path: &Path, default_io_time: Option<u64>) -> Result<Vec<Job>> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("toml") => FileFormat::Toml,
        Some(ext) if ext.eq_ignore_ascii_case("json") => FileFormat::Json,
        _ => {
            return Err(Error::JobFile {
                path: path.to_path_buf(),
                reason: "the file name must end in .toml or .json".into(),
            });
        }
    };
    let text = std::fs::read_to_string(path).map_err(|source| Error::ReadFile {
        path: path.to_path_buf(),
        source,
    })?;
    parse_job_document(&text, format, default_io_time).map_err(|error| match error {
        Error::JobFile { reason, .. } => Error::JobFile {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    })
}

/// Parses the text of a job file (see [`load_job_file`] for the fields).
pub fn parse_job_document(
    text: &str,
    format: FileFormat,
    default_io_time: Option<u64>,
) -> Result<Vec<Job>> {
    let malformed = |reason: String| Error::JobFile {
        path: "job file".into(),
        reason: reason.lines().next().unwrap_or_default().trim().to_string(),
    };
    let workload: FileWorkload = match format {
        FileFormat::Toml => toml::from_str(text).map_err(|e| {
            // toml's message spans several lines with a source excerpt; keep its summary.
            malformed(format!("invalid TOML: {}", e.message()))
        })?,
        FileFormat::Json => {
            serde_json::from_str(text).map_err(|e| malformed(format!("invalid JSON: {e}")))?
        }
    };
    let jobs = workload
        .jobs
        .into_iter()
        .enumerate()
        .map(|(id, raw)| {
            let mut job = Job::new(id, positive(id, "run time", raw.run)?)
                .arriving_at(non_negative(id, "arrival time", raw.arrival)?);
            if let Some(tickets) = raw.tickets {
                job.tickets = positive(id, "tickets", tickets)?;
            }
            match (raw.io_every, raw.io_time) {
                (None, None) => {}
                (None, Some(_)) => {
                    return Err(Error::InvalidJob {
                        job: id,
                        reason: "io_time is given without io_every".into(),
                    });
                }
                (Some(every), duration) => {
                    let every = non_negative(id, "io_every", every)?;
                    let duration = match (duration, default_io_time) {
                        (Some(d), _) => non_negative(id, "io_time", d)?,
                        (None, Some(d)) => d,
                        (None, None) => {
                            return Err(Error::InvalidJob {
                                job: id,
                                reason: "io_every is given without io_time".into(),
                            });
                        }
                    };
                    // Zero means "no I/O", as OSTEP's ioFreq of 0 does.
                    if every > 0 {
                        job = job.with_io(every, duration);
                    }
                }
            }
            Ok(job)
        })
        .collect::<Result<Vec<_>>>()?;
    validate(&jobs)?;
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_list_gives_run_times_in_order() {
        let (jobs, scale) = parse_run_list("10,20,30", None).expect("valid");
        let runs: Vec<u64> = jobs.iter().map(|j| j.run).collect();
        assert_eq!(runs, [10, 20, 30]);
        assert_eq!(scale, TimeScale::TICKS);
        assert!(jobs.iter().all(|j| j.arrival == 0 && j.io.is_none()));
    }

    #[test]
    fn a_lottery_list_gives_tickets() {
        let (jobs, _) = parse_run_list("10:100,20:50", None).expect("valid");
        assert_eq!((jobs[1].run, jobs[1].tickets), (20, 50));
    }

    // 2.5, 1.5 and 4 ticks are 25, 15 and 40 tenths; an arrival at 0.25 makes the unit a
    // hundredth, and the run times 250, 150 and 400 of it.
    #[test]
    fn fractional_times_are_counted_in_the_coarsest_exact_unit() {
        let (jobs, scale) = parse_run_list("2.5,1.5,4", None).expect("valid");
        let runs: Vec<u64> = jobs.iter().map(|j| j.run).collect();
        assert_eq!(runs, [25, 15, 40]);
        assert_eq!(scale.units_per_tick(), 10);
        let (jobs, scale) = parse_run_list("2.5,1.5,4", Some("0,0.25,1")).expect("valid");
        let times: Vec<(u64, u64)> = jobs.iter().map(|j| (j.arrival, j.run)).collect();
        assert_eq!(times, [(0, 250), (25, 150), (100, 400)]);
        assert_eq!(scale.units_per_tick(), 100);
    }

    #[test]
    fn bad_lists_are_rejected_with_the_reason() {
        for (input, needle) in [
            ("10,0,5", "run time must be more than 0 (got 0)"),
            ("10,0.0", "run time must be more than 0 (got 0)"),
            ("10,-3", "got -3"),
            ("10,-0.5", "got -0.5"),
            ("10,x", "`x` is not a number"),
            ("1e3", "`1e3` is not a number"),
            ("", "empty"),
            ("10:1:2", "RUN:TICKETS"),
            ("10:0", "tickets must be at least 1 (got 0)"),
            ("10:2.5", "`2.5` is not a whole number"),
            ("0.0000001", "more than 6 decimal places"),
        ] {
            let message = parse_run_list(input, None).expect_err(input).to_string();
            assert!(message.contains(needle), "{input}: {message}");
        }
    }

    #[test]
    fn arrivals_must_match_the_jobs() {
        assert!(parse_run_list("10,20", Some("0")).is_err());
        let negative = parse_run_list("10,20", Some("0,-1")).expect_err("negative");
        assert!(
            negative
                .to_string()
                .contains("arrival time cannot be negative (got -1)"),
            "{negative}"
        );
        let (jobs, _) = parse_run_list("10,20", Some("0,5")).expect("valid");
        assert_eq!(jobs[1].arrival, 5);
    }

    #[test]
    fn mlfq_lists_carry_start_and_io_frequency() {
        let jobs = parse_mlfq_list("0,180,0:100,20,3", 5).expect("valid");
        assert_eq!(jobs[0].io, None);
        assert_eq!(jobs[1].arrival, 100);
        assert_eq!(
            jobs[1].io,
            Some(IoPattern {
                every: 3,
                duration: 5
            })
        );
        assert!(parse_mlfq_list("0,10", 5).is_err());
        assert!(parse_mlfq_list("0,0,0", 5).is_err());
    }

    #[test]
    fn toml_and_json_files_describe_the_same_workload() {
        let toml = r#"
            [[jobs]]
            run = 10
            [[jobs]]
            arrival = 4
            run = 6
            tickets = 30
            io_every = 2
            io_time = 3
        "#;
        let json = r#"{"jobs": [{"run": 10},
            {"arrival": 4, "run": 6, "tickets": 30, "io_every": 2, "io_time": 3}]}"#;
        let from_toml = parse_job_document(toml, FileFormat::Toml, None).expect("toml");
        let from_json = parse_job_document(json, FileFormat::Json, None).expect("json");
        assert_eq!(from_toml, from_json);
        assert_eq!(
            from_toml[1],
            Job::new(1, 6).arriving_at(4).with_tickets(30).with_io(2, 3)
        );
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        for (text, format) in [
            ("[[jobs]]\narrival = 1", FileFormat::Toml),
            ("[[jobs]]\nrun = -1", FileFormat::Toml),
            ("[[jobs]]\nrun = 3\nspeed = 2", FileFormat::Toml),
            ("jobs = []", FileFormat::Toml),
            (
                "{\"jobs\": [{\"run\": 3, \"io_every\": 2}]}",
                FileFormat::Json,
            ),
            ("not json", FileFormat::Json),
        ] {
            assert!(parse_job_document(text, format, None).is_err(), "{text}");
        }
    }
}
