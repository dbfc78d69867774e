//! When each request is due: the arrival process of an open-loop test.
//!
//! Request `i` is *intended* at `t0 + offset(i)`, whatever happened to the requests before it.
//! That independence is what makes the test open-loop: a real user does not wait for the
//! previous user's response before arriving.

use std::time::Duration;

/// How intended start times are spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrival {
    /// Exactly `1/rate` apart: request `i` at `i / rate`.
    Uniform,
    /// A Poisson process: independent, exponentially distributed gaps with mean `1/rate`, the
    /// usual model of many independent users. Bursts happen, as they do in production.
    Poisson,
}

// ANCHOR: schedule
/// The intended offsets from the start, in order, for as long as they fall inside `duration`.
#[derive(Clone, Debug)]
pub struct Schedule {
    arrival: Arrival,
    rate: f64,
    duration: Duration,
    index: u64,
    /// Poisson only: the offset of the previous arrival, in seconds.
    elapsed: f64,
    random: SplitMix64,
}

impl Schedule {
    /// `rate` is in requests per second and must be positive and finite (the CLI checks it).
    pub fn new(arrival: Arrival, rate: f64, duration: Duration, seed: u64) -> Schedule {
        Schedule {
            arrival,
            rate,
            duration,
            index: 0,
            elapsed: 0.0,
            random: SplitMix64(seed),
        }
    }
}

impl Iterator for Schedule {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let seconds = match self.arrival {
            // Computed from the index, not by adding gaps, so rounding errors do not add up.
            Arrival::Uniform => self.index as f64 / self.rate,
            Arrival::Poisson => {
                // Inverse transform: -ln(1 - u) / rate is exponential with mean 1 / rate.
                let gap = -(1.0 - self.random.next_unit()).ln() / self.rate;
                self.elapsed += gap;
                self.elapsed
            }
        };
        let offset = Duration::try_from_secs_f64(seconds).ok()?;
        if offset >= self.duration {
            return None;
        }
        self.index += 1;
        Some(offset)
    }
}
// ANCHOR_END: schedule

/// A tiny, seedable pseudo-random generator (SplitMix64, Steele, Lea and Flood, 2014): plenty for
/// spreading arrivals, and the same seed gives the same schedule on every machine.
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_arrivals_are_exactly_one_over_rate_apart() {
        let offsets: Vec<Duration> =
            Schedule::new(Arrival::Uniform, 4.0, Duration::from_secs(1), 0).collect();
        let expected: Vec<Duration> = [0, 250, 500, 750].map(Duration::from_millis).into();
        assert_eq!(offsets, expected);
        assert_eq!(
            Schedule::new(Arrival::Uniform, 1000.0, Duration::from_secs(10), 0).count(),
            10_000
        );
    }

    #[test]
    fn poisson_arrivals_average_the_rate_and_repeat_with_the_seed() {
        let run = |seed| Schedule::new(Arrival::Poisson, 1000.0, Duration::from_secs(20), seed);
        let count = run(7).count();
        // Mean 20,000, standard deviation about 141: 2% is 2.8 deviations.
        assert!((19_600..=20_400).contains(&count), "{count}");
        assert!(run(7).eq(run(7)), "same seed, same schedule");
        assert!(!run(7).eq(run(8)));
        let gaps: Vec<f64> = run(1)
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| (w[1] - w[0]).as_secs_f64())
            .collect();
        // Exponential gaps: about 37% (e^-1) are longer than the mean gap of 1 ms.
        let long = gaps.iter().filter(|&&gap| gap > 0.001).count() as f64 / gaps.len() as f64;
        assert!((0.35..0.39).contains(&long), "{long}");
    }
}
