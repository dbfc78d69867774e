use crate::Summary;
use std::time::Duration;

// ANCHOR: solution
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

pub fn summarize(samples: &[Duration]) -> Option<Summary> {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let median = percentile(&sorted, 50.0)?;
    let spread = percentile(&sorted, 75.0)?.saturating_sub(percentile(&sorted, 25.0)?);
    let fence = median + spread * 3;
    Some(Summary {
        count: sorted.len(),
        min: sorted[0],
        median,
        p99: percentile(&sorted, 99.0)?,
        max: sorted[sorted.len() - 1],
        // Sorted, so the outliers are a suffix: count from the first sample past the fence.
        outliers: sorted.len() - sorted.partition_point(|&s| s <= fence),
    })
}
// ANCHOR_END: solution
