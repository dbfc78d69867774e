//! Text and JSON for the `mlfq` subcommand.
//!
//! MLFQ homework is worked tick by tick, so the trace has a line per tick with the counters that
//! decide what happens next (quantum and allotment left). The JSON gives the job and the priority
//! of every tick as two arrays, `schedule` and `priorities`, with `null` for an idle tick.

use crate::gantt::{Bar, Lane, Timeline};
use crate::job::Job;
use crate::metrics::{Averages, Metrics};
use crate::mlfq::{Event, MlfqConfig, MlfqOutcome};
use serde::Serialize;
use std::fmt::Write;

fn describe(out: &mut String, jobs: &[Job], config: &MlfqConfig) {
    let _ = writeln!(
        out,
        "MLFQ with {} queues{}",
        config.levels.len(),
        if config.ostep_compat {
            " [OSTEP compatibility]"
        } else {
            ""
        }
    );
    for (level, settings) in config.levels.iter().enumerate().rev() {
        let _ = writeln!(
            out,
            "  queue {level}: quantum {}, allotment {}",
            settings.quantum, settings.allotment
        );
    }
    let boost = if config.boost == 0 {
        "never".to_string()
    } else {
        format!("every {} ticks", config.boost)
    };
    let _ = writeln!(
        out,
        "  boost: {boost}; stay at priority after I/O: {}; back from I/O to the head: {}",
        yes_no(config.stay_after_io),
        yes_no(config.io_bump)
    );
    let _ = writeln!(out, "Jobs (times in ticks):");
    for job in jobs {
        let _ = write!(
            out,
            "  job {}: starts at {}, needs {} of CPU",
            job.id, job.arrival, job.run
        );
        match job.io {
            Some(io) => {
                let _ = writeln!(
                    out,
                    ", I/O of {} after every {} of CPU",
                    io.duration, io.every
                );
            }
            None => out.push_str(", no I/O\n"),
        }
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// The homework: the queues, the jobs, and what to work out.
pub fn problem(jobs: &[Job], config: &MlfqConfig) -> String {
    let mut out = String::new();
    describe(&mut out, jobs, config);
    out.push_str(
        "\nWork out which job runs at each tick, at which priority, and each job's response\n\
         and turnaround time. Run the same command with -c to see the answers.\n",
    );
    out
}

/// The answer: the tick-by-tick trace and the metrics.
pub fn solution(jobs: &[Job], config: &MlfqConfig, outcome: &MlfqOutcome) -> String {
    let mut out = String::new();
    describe(&mut out, jobs, config);
    out.push_str("\nExecution trace:\n");
    for (time, event) in &outcome.events {
        let _ = write!(out, "  [time {time:5}] ");
        let _ = match *event {
            Event::Boost => writeln!(
                out,
                "boost: every job back to priority {}",
                config.levels.len() - 1
            ),
            Event::Arrives { job } => writeln!(out, "job {job} arrives"),
            Event::IoDone { job } => writeln!(out, "job {job} is back from I/O"),
            Event::Idle => writeln!(out, "idle"),
            Event::Runs {
                job,
                priority,
                ticks_left,
                allotment_left,
                work_left,
                run,
            } => writeln!(
                out,
                "job {job} runs at priority {priority} (quantum left {ticks_left}, allotment left {allotment_left}, work left {work_left} of {run})"
            ),
            Event::Finishes { job } => writeln!(out, "job {job} is done"),
            Event::StartsIo { job } => writeln!(out, "job {job} starts an I/O"),
        };
    }
    write_metrics(&mut out, outcome);
    out
}

fn write_metrics(out: &mut String, outcome: &MlfqOutcome) {
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(|j| j.metrics()).collect();
    out.push_str("\nPer-job metrics:\n");
    for (job, m) in outcome.jobs.iter().zip(&metrics) {
        let _ = writeln!(
            out,
            "  job {:3}  starts {:5}  response {:6}  turnaround {:6}  wait {:6}",
            m.id, job.start, m.response, m.turnaround, m.wait
        );
    }
    let average = Averages::of(&metrics);
    let _ = writeln!(
        out,
        "\nAverage   response {:.2}  turnaround {:.2}  wait {:.2}",
        average.response, average.turnaround, average.wait
    );
}

#[derive(Debug, Serialize)]
pub struct QueueReport {
    pub priority: usize,
    pub quantum: u64,
    pub allotment: u64,
}

#[derive(Debug, Serialize)]
pub struct MlfqJobReport {
    pub id: usize,
    pub start: u64,
    pub run: u64,
    pub io_every: Option<u64>,
    pub io_time: Option<u64>,
    pub first_run: u64,
    pub finish: u64,
    pub response: u64,
    pub turnaround: u64,
    pub wait: u64,
}

/// The JSON document of `osemu mlfq --json`.
#[derive(Debug, Serialize)]
pub struct MlfqReport {
    /// Highest priority first.
    pub queues: Vec<QueueReport>,
    pub boost: u64,
    pub stay_after_io: bool,
    pub io_bump: bool,
    pub ostep_compat: bool,
    pub jobs: Vec<MlfqJobReport>,
    pub average: Averages,
    /// The job that ran in each tick, `null` when the CPU was idle.
    pub schedule: Vec<Option<usize>>,
    /// The priority it ran at, `null` when idle.
    pub priorities: Vec<Option<usize>>,
}

pub fn report(jobs: &[Job], config: &MlfqConfig, outcome: &MlfqOutcome) -> MlfqReport {
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(|j| j.metrics()).collect();
    MlfqReport {
        queues: config
            .levels
            .iter()
            .enumerate()
            .rev()
            .map(|(priority, l)| QueueReport {
                priority,
                quantum: l.quantum,
                allotment: l.allotment,
            })
            .collect(),
        boost: config.boost,
        stay_after_io: config.stay_after_io,
        io_bump: config.io_bump,
        ostep_compat: config.ostep_compat,
        jobs: jobs
            .iter()
            .zip(&outcome.jobs)
            .zip(&metrics)
            .map(|((job, result), m)| MlfqJobReport {
                id: job.id,
                start: job.arrival,
                run: job.run,
                io_every: job.io.map(|io| io.every),
                io_time: job.io.map(|io| io.duration),
                first_run: result.first_run,
                finish: result.finish,
                response: m.response,
                turnaround: m.turnaround,
                wait: m.wait,
            })
            .collect(),
        average: Averages::of(&metrics),
        schedule: outcome
            .schedule
            .iter()
            .map(|t| t.map(|(job, _)| job))
            .collect(),
        priorities: outcome
            .schedule
            .iter()
            .map(|t| t.map(|(_, level)| level))
            .collect(),
    }
}

/// The schedule as a [`Timeline`]: consecutive ticks of one job at one priority form one bar.
pub fn timeline(jobs: &[Job], config: &MlfqConfig, outcome: &MlfqOutcome) -> Timeline {
    let mut bars: Vec<Bar> = Vec::new();
    for (tick, slot) in outcome.schedule.iter().enumerate() {
        let Some((job, level)) = *slot else { continue };
        let tick = tick as u64;
        match bars.last_mut() {
            Some(bar) if bar.job == job && bar.level == Some(level) && bar.end == tick => {
                bar.end = tick + 1;
            }
            _ => bars.push(Bar {
                job,
                start: tick,
                end: tick + 1,
                level: Some(level),
            }),
        }
    }
    let io = outcome
        .events
        .iter()
        .filter_map(|&(time, event)| match event {
            Event::StartsIo { job } => {
                let duration = jobs[job].io.map_or(0, |io| io.duration);
                Some((job, time, time + duration))
            }
            _ => None,
        })
        .collect();
    Timeline {
        scale: crate::time::TimeScale::TICKS,
        title: format!(
            "MLFQ, {} queues{}",
            config.levels.len(),
            if config.boost > 0 {
                format!(", boost every {}", config.boost)
            } else {
                String::new()
            }
        ),
        lanes: outcome
            .jobs
            .iter()
            .map(|j| Lane {
                job: j.id,
                arrival: j.start,
                finish: j.finish,
            })
            .collect(),
        bars,
        io,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlfq::simulate;

    // One job of 4 ticks, 2 queues of quantum 2: ticks 0-1 at priority 1, 2-3 at priority 0,
    // so the timeline has two bars and the JSON schedule names job 0 four times.
    #[test]
    fn ticks_merge_into_bars_by_job_and_priority() {
        let jobs = [Job::new(0, 4)];
        let config = MlfqConfig::uniform(2, 2, 1);
        let outcome = simulate(&jobs, &config).expect("valid");
        let bars = timeline(&jobs, &config, &outcome).bars;
        let spans: Vec<(u64, u64, Option<usize>)> =
            bars.iter().map(|b| (b.start, b.end, b.level)).collect();
        assert_eq!(spans, [(0, 2, Some(1)), (2, 4, Some(0))]);
        let json = serde_json::to_value(report(&jobs, &config, &outcome)).expect("json");
        assert_eq!(json["schedule"], serde_json::json!([0, 0, 0, 0]));
        assert_eq!(json["priorities"], serde_json::json!([1, 1, 0, 0]));
        assert_eq!(json["jobs"][0]["turnaround"], 4);
        let text = solution(&jobs, &config, &outcome);
        assert!(text.contains("job 0 runs at priority 0"), "{text}");
    }
}
