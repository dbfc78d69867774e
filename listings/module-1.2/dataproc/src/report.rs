//! The report as a table for people; `--json` prints [`Report`] with serde instead.

use crate::stats::Report;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A readable table. Per-hour counts are summarised per day here; `--json` has every hour.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let first = report
        .malformed
        .first_lines
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(out, "lines      {}", report.lines);
    let _ = writeln!(out, "parsed     {}", report.parsed);
    let _ = match report.malformed.count {
        0 => writeln!(out, "malformed  0"),
        n => writeln!(out, "malformed  {n} (first at lines {first})"),
    };
    let _ = writeln!(out, "bytes      {} (sum of response sizes)", report.bytes);
    let p = &report.size_percentiles;
    let show = |value: Option<u64>| value.map_or("-".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "sizes      p50 {}  p95 {}  p99 {} (bytes, nearest rank)",
        show(p.p50),
        show(p.p95),
        show(p.p99)
    );

    let _ = writeln!(out, "\nstatus  count");
    for (status, count) in &report.status {
        let _ = writeln!(out, "{status}     {count}");
    }
    let rows = |title: &str, pairs: Vec<(&str, u64)>, out: &mut String| {
        let width = pairs
            .iter()
            .map(|(key, _)| key.len())
            .max()
            .unwrap_or(0)
            .max(title.len());
        let _ = writeln!(out, "\n{title:<width$}  count");
        for (key, count) in pairs {
            let _ = writeln!(out, "{key:<width$}  {count}");
        }
    };
    rows(
        "top paths",
        report
            .top_paths
            .iter()
            .map(|p| (p.path.as_str(), p.count))
            .collect(),
        &mut out,
    );
    rows(
        "top clients",
        report
            .top_clients
            .iter()
            .map(|c| (c.client.as_str(), c.count))
            .collect(),
        &mut out,
    );

    let _ = writeln!(out, "\nday (UTC)   lines  busiest hour");
    for (day, (lines, hour, at_peak)) in per_day(&report.per_hour) {
        let _ = writeln!(out, "{day}  {lines:>5}  {hour}:00 ({at_peak})");
    }
    out
}

/// Day → (lines, busiest hour, lines in it); the earliest hour wins a tie.
fn per_day(per_hour: &BTreeMap<String, u64>) -> BTreeMap<&str, (u64, &str, u64)> {
    let mut days: BTreeMap<&str, (u64, &str, u64)> = BTreeMap::new();
    for (key, &count) in per_hour {
        let (day, hour) = key.split_once('T').unwrap_or((key.as_str(), "??"));
        let entry = days.entry(day).or_insert((0, hour, 0));
        entry.0 += count;
        if count > entry.2 {
            (entry.1, entry.2) = (hour, count);
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_sum_their_hours_and_name_the_busiest() {
        let hours: BTreeMap<String, u64> = [
            ("2026-11-20T01", 5),
            ("2026-11-20T14", 9),
            ("2026-11-21T00", 2),
        ]
        .map(|(k, v)| (k.to_string(), v))
        .into();
        let days = per_day(&hours);
        assert_eq!(days["2026-11-20"], (14, "14", 9));
        assert_eq!(days["2026-11-21"], (2, "00", 2));
    }
}
