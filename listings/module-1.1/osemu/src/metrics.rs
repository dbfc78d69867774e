//! The three numbers every scheduling chapter compares, and their averages.
//!
//! Both simulators (the event-driven engine and the tick-based MLFQ) report the same per-job
//! [`Metrics`], so the renderers and the JSON output treat them alike.

use crate::time::TimeScale;
use serde::Serialize;

/// Response, turnaround and wait of one job, in the workload's unit of time (ticks, or a fraction
/// of a tick: see [`crate::time`]).
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
    /// The means, in the unit the metrics are counted in.
    pub fn of(metrics: &[Metrics]) -> Self {
        Averages::in_ticks(metrics, TimeScale::TICKS)
    }

    /// The means in ticks, of metrics counted in units of `scale`.
    pub fn in_ticks(metrics: &[Metrics], scale: TimeScale) -> Self {
        // One division per mean: the sum of units over (jobs x units per tick). The sum is taken
        // in u128: every time is below 2^60 (see `job::validate`), but forty turnarounds averaging
        // about 2^59 add up past 2^64.
        let divisor = metrics.len().max(1) as f64 * scale.units_per_tick() as f64;
        let mean = |field: fn(&Metrics) -> u64| {
            metrics.iter().map(|m| u128::from(field(m))).sum::<u128>() as f64 / divisor
        };
        Averages {
            response: mean(|m| m.response),
            turnaround: mean(|m| m.turnaround),
            wait: mean(|m| m.wait),
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
        // The same numbers as tenths of a tick: 0.5, 2 and 0.5 ticks.
        let tenths = crate::time::Decimal::parse("0.1").expect("a decimal");
        let scale = TimeScale::fitting(&[tenths]).expect("one place");
        let average = Averages::in_ticks(&metrics, scale);
        assert_eq!(
            (average.response, average.turnaround, average.wait),
            (0.5, 2.0, 0.5)
        );
    }
}
