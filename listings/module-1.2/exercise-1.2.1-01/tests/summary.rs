//! What "done" means for Exercise 1.2.1-1.
use exercise_1_2_1_01::{Summary, percentile, summarize};
use std::time::Duration;

fn micros(values: &[u64]) -> Vec<Duration> {
    values.iter().map(|&v| Duration::from_micros(v)).collect()
}

#[test]
fn percentiles_use_nearest_rank() {
    let sorted = micros(&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    assert_eq!(percentile(&sorted, 0.0), Some(Duration::from_micros(10)));
    assert_eq!(percentile(&sorted, 50.0), Some(Duration::from_micros(50)));
    assert_eq!(percentile(&sorted, 51.0), Some(Duration::from_micros(60)));
    assert_eq!(percentile(&sorted, 99.0), Some(Duration::from_micros(100)));
    assert_eq!(percentile(&sorted, 100.0), Some(Duration::from_micros(100)));
    assert_eq!(percentile(&[], 50.0), None);
}

#[test]
fn one_slow_sample_moves_the_mean_but_not_the_median() {
    // Nine ordinary runs and one that the scheduler interrupted.
    let samples = micros(&[101, 99, 100, 102, 98, 100, 5000, 101, 99, 100]);
    let summary = summarize(&samples).expect("samples are not empty");
    assert_eq!(
        summary,
        Summary {
            count: 10,
            min: Duration::from_micros(98),
            median: Duration::from_micros(100),
            p99: Duration::from_micros(5000),
            max: Duration::from_micros(5000),
            outliers: 1,
        }
    );
}

#[test]
fn input_order_does_not_matter_and_input_is_untouched() {
    let samples = micros(&[5, 3, 9, 1, 7]);
    let before = samples.clone();
    let summary = summarize(&samples).expect("samples are not empty");
    assert_eq!(samples, before);
    assert_eq!(summary.median, Duration::from_micros(5));
    assert_eq!(summary.outliers, 0);
}

#[test]
fn no_samples_no_summary() {
    assert_eq!(summarize(&[]), None);
}
