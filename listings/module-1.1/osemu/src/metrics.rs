//! The three numbers every scheduling chapter compares, and their averages.
//!
//! Both simulators (the event-driven engine and the tick-based MLFQ) report the same per-job
//! [`Metrics`], so the renderers and the JSON output treat them alike.

use serde::Serialize;

/// Response, turnaround and wait of one job, in ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Metrics {
    pub id: usize,
    /// From arrival to the first time on the CPU.
    pub response: u64,
    /// From arrival to completion.
    pub turnaround: u64,
    /// Time spent ready but not running (not counting time waiting for I/O).
    pub wait: u64,
}

/// The mean of each metric over all jobs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Averages {
    pub response: f64,
    pub turnaround: f64,
    pub wait: f64,
}

impl Averages {
    pub fn of(metrics: &[Metrics]) -> Self {
        let count = metrics.len().max(1) as f64;
        let sum = |field: fn(&Metrics) -> u64| metrics.iter().map(field).sum::<u64>() as f64;
        Averages {
            response: sum(|m| m.response) / count,
            turnaround: sum(|m| m.turnaround) / count,
            wait: sum(|m| m.wait) / count,
        }
    }
}

impl From<&crate::sched::JobOutcome> for Metrics {
    fn from(job: &crate::sched::JobOutcome) -> Self {
        Metrics {
            id: job.id,
            response: job.response(),
            turnaround: job.turnaround(),
            wait: job.wait(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_are_plain_means() {
        let metrics = [
            Metrics {
                id: 0,
                response: 0,
                turnaround: 10,
                wait: 0,
            },
            Metrics {
                id: 1,
                response: 10,
                turnaround: 30,
                wait: 10,
            },
        ];
        let average = Averages::of(&metrics);
        assert_eq!(
            (average.response, average.turnaround, average.wait),
            (5.0, 20.0, 5.0)
        );
    }
}
