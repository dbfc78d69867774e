//! Text and JSON for the `sched` subcommand.
//!
//! The text follows the order in which a learner checks an answer: the workload, the trace, the
//! per-job numbers, then the averages. The JSON carries the same numbers and the trace, so a
//! script can check a schedule without parsing text.

use crate::gantt::{Bar, Lane, Timeline};
use crate::job::Job;
use crate::metrics::{Averages, Metrics};
use crate::sched::{Draw, IoSpan, Outcome, Policy, SchedConfig, Slice};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

fn heading(config: &SchedConfig) -> String {
    let mut line = format!("Policy: {}", config.policy);
    if config.policy.uses_quantum() {
        let _ = write!(line, " (quantum {})", config.quantum);
    }
    if config.ostep_compat {
        line.push_str(" [OSTEP compatibility]");
    }
    line
}

fn describe_jobs(out: &mut String, jobs: &[Job], config: &SchedConfig) {
    let _ = writeln!(out, "Jobs (times in ticks):");
    for job in jobs {
        let _ = write!(
            out,
            "  job {}: arrives at {}, needs {} of CPU",
            job.id, job.arrival, job.run
        );
        if let Some(io) = job.io {
            let _ = write!(
                out,
                ", I/O of {} after every {} of CPU",
                io.duration, io.every
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
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(Metrics::from).collect();
    let average = Averages::of(&metrics);
    let mut out = heading(config);
    out.push('\n');
    if summary {
        let _ = writeln!(
            out,
            "{} jobs, last one done at {}",
            jobs.len(),
            outcome.makespan()
        );
    } else {
        describe_jobs(&mut out, jobs, config);
        out.push_str("\nExecution trace:\n");
        write_trace(&mut out, outcome);
        out.push_str("\nPer-job metrics:\n");
        for m in &metrics {
            let _ = writeln!(
                out,
                "  job {:3}  response {:6}  turnaround {:6}  wait {:6}",
                m.id, m.response, m.turnaround, m.wait
            );
        }
    }
    let _ = writeln!(
        out,
        "\nAverage   response {:.2}  turnaround {:.2}  wait {:.2}",
        average.response, average.turnaround, average.wait
    );
    out
}

fn write_trace(out: &mut String, outcome: &Outcome) {
    let io_after: HashMap<(usize, u64), &IoSpan> = outcome
        .io
        .iter()
        .map(|io| ((io.job, io.start), io))
        .collect();
    let mut draws = outcome.draws.iter();
    for slice in &outcome.trace {
        let _ = write!(out, "  [time {:5}] ", slice.start);
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
            slice.end - slice.start
        );
        if slice.finished {
            let _ = write!(out, ", done at {}", slice.end);
        }
        out.push('\n');
        if let Some(io) = io_after.get(&(slice.job, slice.end)) {
            let _ = writeln!(
                out,
                "  [time {:5}] job {} starts an I/O, back at {}",
                io.start, io.job, io.end
            );
        }
    }
}

/// One job in the JSON report.
#[derive(Debug, Serialize)]
pub struct JobReport {
    pub id: usize,
    pub arrival: u64,
    pub run: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tickets: Option<u64>,
    pub first_run: u64,
    pub finish: u64,
    pub response: u64,
    pub turnaround: u64,
    pub wait: u64,
}

/// The JSON document of `osemu sched --json`.
#[derive(Debug, Serialize)]
pub struct SchedReport {
    pub policy: Policy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantum: Option<u64>,
    pub ostep_compat: bool,
    /// Absent with `--summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs: Option<Vec<JobReport>>,
    pub average: Averages,
    pub makespan: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<Slice>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub io: Vec<IoSpan>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub draws: Vec<Draw>,
}

pub fn report(jobs: &[Job], config: &SchedConfig, outcome: &Outcome, summary: bool) -> SchedReport {
    let metrics: Vec<Metrics> = outcome.jobs.iter().map(Metrics::from).collect();
    let job_reports = jobs
        .iter()
        .zip(&outcome.jobs)
        .zip(&metrics)
        .map(|((job, result), m)| JobReport {
            id: job.id,
            arrival: job.arrival,
            run: job.run,
            tickets: config.policy.uses_tickets().then_some(job.tickets),
            first_run: result.first_run,
            finish: result.finish,
            response: m.response,
            turnaround: m.turnaround,
            wait: m.wait,
        })
        .collect();
    SchedReport {
        policy: config.policy,
        quantum: config.policy.uses_quantum().then_some(config.quantum),
        ostep_compat: config.ostep_compat,
        jobs: (!summary).then_some(job_reports),
        average: Averages::of(&metrics),
        makespan: outcome.makespan(),
        trace: if summary {
            Vec::new()
        } else {
            outcome.trace.clone()
        },
        io: if summary {
            Vec::new()
        } else {
            outcome.io.clone()
        },
        draws: if summary {
            Vec::new()
        } else {
            outcome.draws.clone()
        },
    }
}

/// The schedule as a [`Timeline`] for the Gantt chart and the SVG picture.
pub fn timeline(config: &SchedConfig, outcome: &Outcome) -> Timeline {
    Timeline {
        title: heading(config),
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
