//! Text and JSON for the `sched` subcommand.
//!
//! The text follows the order in which a learner checks an answer: the workload, the trace, the
//! per-job numbers, then the averages. The JSON carries the same numbers and the trace, so a
//! script can check a schedule without parsing text. Times are printed in ticks: with the
//! workload's decimal places when it has fractions (`2.5`, `4.0`), as plain integers otherwise.

use crate::gantt::{Bar, Lane, Timeline};
use crate::job::Job;
use crate::metrics::{Averages, Metrics};
use crate::sched::{IoSpan, Outcome, Policy, SchedConfig};
use crate::time::{Ticks, TimeScale};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

fn heading(config: &SchedConfig) -> String {
    let mut line = format!("Policy: {}", config.policy);
    if config.policy.uses_quantum() {
        let _ = write!(
            line,
            " (quantum {})",
            config.scale.format_short(config.quantum)
        );
    }
    if config.ostep_compat {
        line.push_str(" [OSTEP compatibility]");
    }
    line
}

fn describe_jobs(out: &mut String, jobs: &[Job], config: &SchedConfig) {
    let time = |units: u64| config.scale.format(units);
    let _ = writeln!(out, "Jobs (times in ticks):");
    for job in jobs {
        let _ = write!(
            out,
            "  job {}: arrives at {}, needs {} of CPU",
            job.id,
            time(job.arrival),
            time(job.run)
        );
        if let Some(io) = job.io {
            let _ = write!(
                out,
                ", I/O of {} after every {} of CPU",
                time(io.duration),
                time(io.every)
            );
        }
        if config.policy.uses_tickets() {
            let _ = write!(out, ", {} tickets", job.tickets);
        }
        out.push('\n');
    }
}

/// The homework: the workload, and what to work out. `draws` are the lottery numbers the
/// learner needs, as `lottery.py` prints them.
pub fn problem(jobs: &[Job], config: &SchedConfig, draws: &[u64]) -> String {
    let mut out = heading(config);
    out.push('\n');
    describe_jobs(&mut out, jobs, config);
    if !draws.is_empty() {
        let _ = writeln!(
            out,
            "\nRandom numbers for the lotteries, in order (winning ticket = number modulo the tickets held by ready jobs):"
        );
        for number in draws {
            let _ = writeln!(out, "  {number}");
        }
    }
    out.push_str(
        "\nWork out the schedule, then each job's response, turnaround and wait time.\n\
         Run the same command with -c to see the answers.\n",
    );
    out
}

/// The answer: the execution trace (unless `summary`), per-job metrics and averages.
pub fn solution(jobs: &[Job], config: &SchedConfig, outcome: &Outcome, summary: bool) -> String {
    let scale = config.scale;
    let time = |units: u64| scale.format(units);
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(Metrics::from).collect();
    let average = Averages::in_ticks(&metrics, scale);
    let mut out = heading(config);
    out.push('\n');
    if summary {
        let _ = writeln!(
            out,
            "{} jobs, last one done at {}",
            jobs.len(),
            time(outcome.makespan())
        );
    } else {
        describe_jobs(&mut out, jobs, config);
        out.push_str("\nExecution trace:\n");
        write_trace(&mut out, outcome, scale);
        out.push_str("\nPer-job metrics:\n");
        for m in &metrics {
            let _ = writeln!(
                out,
                "  job {:3}  response {:>6}  turnaround {:>6}  wait {:>6}",
                m.id,
                time(m.response),
                time(m.turnaround),
                time(m.wait)
            );
        }
    }
    // Two decimals, as the OSTEP tools print them, or more if the workload's times have more.
    let places = scale.places().max(2) as usize;
    let _ = writeln!(
        out,
        "\nAverage   response {:.places$}  turnaround {:.places$}  wait {:.places$}",
        average.response, average.turnaround, average.wait
    );
    out
}

fn write_trace(out: &mut String, outcome: &Outcome, scale: TimeScale) {
    let time = |units: u64| scale.format(units);
    let io_after: HashMap<(usize, u64), &IoSpan> = outcome
        .io
        .iter()
        .map(|io| ((io.job, io.start), io))
        .collect();
    let mut draws = outcome.draws.iter();
    for slice in &outcome.trace {
        let _ = write!(out, "  [time {:>5}] ", time(slice.start));
        // Lottery slices come one per draw, in the same order.
        if let Some(draw) = draws.next() {
            let _ = write!(
                out,
                "draw {} -> ticket {} of {} -> ",
                draw.number, draw.ticket, draw.total_tickets
            );
        }
        let _ = write!(
            out,
            "job {} runs for {}",
            slice.job,
            time(slice.end - slice.start)
        );
        if slice.finished {
            let _ = write!(out, ", done at {}", time(slice.end));
        }
        out.push('\n');
        if let Some(io) = io_after.get(&(slice.job, slice.end)) {
            let _ = writeln!(
                out,
                "  [time {:>5}] job {} starts an I/O, back at {}",
                time(io.start),
                io.job,
                time(io.end)
            );
        }
    }
}

/// One job in the JSON report. Times are in ticks (see [`Ticks`]).
#[derive(Debug, Serialize)]
pub struct JobReport {
    pub id: usize,
    pub arrival: Ticks,
    pub run: Ticks,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tickets: Option<u64>,
    pub first_run: Ticks,
    pub finish: Ticks,
    pub response: Ticks,
    pub turnaround: Ticks,
    pub wait: Ticks,
}

/// A turn on the CPU in the JSON trace.
#[derive(Debug, Serialize)]
pub struct SliceReport {
    pub job: usize,
    pub start: Ticks,
    pub end: Ticks,
    pub finished: bool,
}

/// An I/O in the JSON trace.
#[derive(Debug, Serialize)]
pub struct IoReport {
    pub job: usize,
    pub start: Ticks,
    pub end: Ticks,
}

/// A lottery draw in the JSON trace.
#[derive(Debug, Serialize)]
pub struct DrawReport {
    pub time: Ticks,
    pub number: u64,
    pub ticket: u64,
    pub total_tickets: u64,
    pub job: usize,
}

/// The JSON document of `osemu sched --json`.
#[derive(Debug, Serialize)]
pub struct SchedReport {
    pub policy: Policy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantum: Option<Ticks>,
    pub ostep_compat: bool,
    /// Absent with `--summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs: Option<Vec<JobReport>>,
    pub average: Averages,
    pub makespan: Ticks,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<SliceReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub io: Vec<IoReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub draws: Vec<DrawReport>,
}

pub fn report(jobs: &[Job], config: &SchedConfig, outcome: &Outcome, summary: bool) -> SchedReport {
    let scale = config.scale;
    let ticks = |units: u64| scale.ticks(units);
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(Metrics::from).collect();
    let job_reports = jobs
        .iter()
        .zip(&outcome.jobs)
        .zip(&metrics)
        .map(|((job, result), m)| JobReport {
            id: job.id,
            arrival: ticks(job.arrival),
            run: ticks(job.run),
            tickets: config.policy.uses_tickets().then_some(job.tickets),
            first_run: ticks(result.first_run),
            finish: ticks(result.finish),
            response: ticks(m.response),
            turnaround: ticks(m.turnaround),
            wait: ticks(m.wait),
        })
        .collect();
    let detail = !summary;
    SchedReport {
        policy: config.policy,
        quantum: config
            .policy
            .uses_quantum()
            .then_some(ticks(config.quantum)),
        ostep_compat: config.ostep_compat,
        jobs: detail.then_some(job_reports),
        average: Averages::in_ticks(&metrics, scale),
        makespan: ticks(outcome.makespan()),
        trace: outcome
            .trace
            .iter()
            .filter(|_| detail)
            .map(|s| SliceReport {
                job: s.job,
                start: ticks(s.start),
                end: ticks(s.end),
                finished: s.finished,
            })
            .collect(),
        io: outcome
            .io
            .iter()
            .filter(|_| detail)
            .map(|io| IoReport {
                job: io.job,
                start: ticks(io.start),
                end: ticks(io.end),
            })
            .collect(),
        draws: outcome
            .draws
            .iter()
            .filter(|_| detail)
            .map(|d| DrawReport {
                time: ticks(d.time),
                number: d.number,
                ticket: d.ticket,
                total_tickets: d.total_tickets,
                job: d.job,
            })
            .collect(),
    }
}

/// The schedule as a [`Timeline`] for the Gantt chart and the SVG picture.
pub fn timeline(config: &SchedConfig, outcome: &Outcome) -> Timeline {
    Timeline {
        title: heading(config),
        scale: config.scale,
        lanes: outcome
            .jobs
            .iter()
            .map(|j| Lane {
                job: j.id,
                arrival: j.arrival,
                finish: j.finish,
            })
            .collect(),
        bars: outcome
            .trace
            .iter()
            .map(|s| Bar {
                job: s.job,
                start: s.start,
                end: s.end,
                level: None,
            })
            .collect(),
        io: outcome
            .io
            .iter()
            .map(|io| (io.job, io.start, io.end))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::RandomSource;
    use crate::sched::simulate;

    // FIFO 10,20: job 0 runs 0-10, job 1 10-30; averages: response (0 + 10) / 2 = 5,
    // turnaround (10 + 30) / 2 = 20, wait 5.
    #[test]
    fn the_solution_shows_trace_metrics_and_averages() {
        let jobs = [Job::new(0, 10), Job::new(1, 20)];
        let config = SchedConfig::new(Policy::Fifo);
        let outcome = simulate(&jobs, &config, &mut RandomSource::seeded(0)).expect("valid");
        let text = solution(&jobs, &config, &outcome, false);
        assert!(
            text.contains("[time    10] job 1 runs for 20, done at 30"),
            "{text}"
        );
        assert!(text.contains("Average   response 5.00  turnaround 20.00  wait 5.00"));
        let json = serde_json::to_value(report(&jobs, &config, &outcome, false)).expect("json");
        assert_eq!(json["jobs"][1]["turnaround"], 30);
        assert_eq!(json["average"]["wait"], 5.0);
    }

    #[test]
    fn the_problem_does_not_give_the_answer_away() {
        let jobs = [Job::new(0, 10)];
        let text = problem(&jobs, &SchedConfig::new(Policy::Sjf), &[]);
        assert!(text.contains("job 0: arrives at 0, needs 10 of CPU"));
        assert!(!text.contains("turnaround 10"));
    }
}
