//! Partial results: what one worker counts, how two of them merge, and the final report.
//!
//! Every engine builds [`Partial`]s and merges them. Because merging only adds counts and
//! collects line numbers, the report cannot depend on how the file was cut or on which worker
//! saw which chunk; the property test in `tests/equivalence.rs` holds the engines to that.

use crate::parse::{Malformed, parse_line};
use crate::time::{HourKey, format_hour};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How many malformed line numbers the report lists.
pub const MALFORMED_SAMPLE: usize = 5;

// ANCHOR: partial
/// The counts of one worker, or of several merged.
///
/// The keys of `paths` and `clients` come from the log, which whoever sends requests to the server
/// controls; the maps therefore keep std's SipHash with a random key per map (HashDoS: see the
/// chapter). A key is copied into the map once, the first time it is seen; later lines with
/// the same path find it by `&[u8]` and allocate nothing.
#[derive(Debug, Default)]
pub struct Partial {
    pub parsed: u64,
    /// The sum of the sizes. Each size is below 10^19 (at most 19 digits) and there are fewer
    /// than 2^64 lines, so the sum stays below 1.9 × 10^38, inside a `u128` (3.4 × 10^38):
    /// it is exact and cannot overflow, where a `u64` already would with two sizes near 10^19.
    pub bytes: u128,
    pub status: BTreeMap<u16, u64>,
    pub paths: HashMap<Box<[u8]>, u64>,
    pub clients: HashMap<Box<[u8]>, u64>,
    pub hours: HashMap<HourKey, u64>,
    /// A histogram of exact sizes: merging histograms is exact, so percentiles are too.
    pub sizes: HashMap<u64, u64>,
    /// One entry per chunk: lines are numbered globally only after the merge.
    pub chunks: Vec<ChunkLines>,
    /// How many lines were malformed for each reason; `--stats` prints it.
    pub malformed_reasons: MalformedReasons,
}

/// What a chunk knows about its own lines before anyone knows where it starts in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkLines {
    /// The chunk's position in the file: 0, 1, 2...
    pub seq: u64,
    pub lines: u64,
    pub malformed: u64,
    /// Zero-based line indexes within the chunk of its first malformed lines.
    pub first_malformed: Vec<u64>,
}
// ANCHOR_END: partial

/// A count per [`Malformed`] reason. Counts add, so partials merge exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MalformedReasons([u64; Malformed::ALL.len()]);

impl MalformedReasons {
    pub fn count(&mut self, reason: Malformed) {
        self.0[reason as usize] += 1;
    }

    pub fn get(&self, reason: Malformed) -> u64 {
        self.0[reason as usize]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The reasons that occurred, with their counts, in [`Malformed::ALL`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Malformed, u64)> + '_ {
        Malformed::ALL
            .into_iter()
            .map(|reason| (reason, self.get(reason)))
            .filter(|&(_, count)| count > 0)
    }

    fn add(&mut self, other: &MalformedReasons) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

/// How many distinct keys the maps hold. Merging and [`Partial::finish`] cost what these cost,
/// not what the number of lines does; `--stats` prints them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DistinctKeys {
    pub paths: usize,
    pub clients: usize,
    pub hours: usize,
    pub sizes: usize,
}

impl ChunkLines {
    /// Counts the next line of the chunk as malformed.
    pub fn malformed_line(&mut self) {
        if self.first_malformed.len() < MALFORMED_SAMPLE {
            self.first_malformed.push(self.lines);
        }
        self.malformed += 1;
        self.lines += 1;
    }
}

impl Partial {
    /// Parses every line of a chunk: whole lines, each ending in `\n`, except that the last chunk
    /// of a file may end without one. A line longer than `max_line` bytes (normally
    /// [`MAX_LINE`](crate::chunk::MAX_LINE)) is malformed without being parsed.
    pub fn add_chunk(&mut self, seq: u64, data: &[u8], max_line: usize) {
        let mut info = ChunkLines {
            seq,
            ..ChunkLines::default()
        };
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', data) {
            self.add_line(&data[start..end], max_line, &mut info);
            start = end + 1;
        }
        if start < data.len() {
            self.add_line(&data[start..], max_line, &mut info); // a final line without its newline
        }
        self.chunks.push(info);
    }

    /// A chunk that stands for one line the reader skipped because it was over the limit.
    pub fn add_skipped_line(&mut self, seq: u64) {
        let mut info = ChunkLines {
            seq,
            ..ChunkLines::default()
        };
        self.add_malformed(&mut info, Malformed::TooLong);
        self.chunks.push(info);
    }

    fn add_line(&mut self, line: &[u8], max_line: usize, info: &mut ChunkLines) {
        // One comparison per line, where the line is found: no work per byte.
        if line.len() > max_line {
            return self.add_malformed(info, Malformed::TooLong);
        }
        match parse_line(line) {
            Ok(record) => {
                self.add_record(&record);
                info.lines += 1;
            }
            Err(reason) => self.add_malformed(info, reason),
        }
    }

    /// Counts the next line of `info`'s chunk as malformed, and why.
    pub fn add_malformed(&mut self, info: &mut ChunkLines, reason: Malformed) {
        self.malformed_reasons.count(reason);
        info.malformed_line();
    }

    // ANCHOR: add_record
    pub fn add_record(&mut self, record: &crate::parse::Record<'_>) {
        self.parsed += 1;
        self.bytes += u128::from(record.size);
        *self.status.entry(record.status).or_default() += 1;
        bump(&mut self.paths, record.path);
        bump(&mut self.clients, record.client);
        *self.hours.entry(record.hour).or_default() += 1;
        *self.sizes.entry(record.size).or_default() += 1;
    }
    // ANCHOR_END: add_record

    // ANCHOR: merge
    /// Adds `other` into `self`. The larger maps are kept and the smaller ones drained into them,
    /// so merging N partials costs about the size of all but the largest.
    pub fn merge(mut self, mut other: Partial) -> Partial {
        if self.paths.len() + self.clients.len() < other.paths.len() + other.clients.len() {
            std::mem::swap(&mut self, &mut other);
        }
        self.parsed += other.parsed;
        self.bytes += other.bytes;
        add_all(&mut self.status, other.status);
        add_all(&mut self.paths, other.paths);
        add_all(&mut self.clients, other.clients);
        add_all(&mut self.hours, other.hours);
        add_all(&mut self.sizes, other.sizes);
        self.chunks.extend(other.chunks);
        self.malformed_reasons.add(&other.malformed_reasons);
        self
    }
    // ANCHOR_END: merge

    pub fn distinct_keys(&self) -> DistinctKeys {
        DistinctKeys {
            paths: self.paths.len(),
            clients: self.clients.len(),
            hours: self.hours.len(),
            sizes: self.sizes.len(),
        }
    }

    /// Turns the merged counts into the report: global line numbers, top-K, percentiles.
    pub fn finish(mut self, top: usize) -> Report {
        // ANCHOR: numbering
        // A chunk's first line number is the number of lines in all the chunks before it.
        self.chunks.sort_unstable_by_key(|chunk| chunk.seq);
        let (mut lines, mut malformed, mut first_lines) = (0, 0, Vec::new());
        for chunk in &self.chunks {
            if first_lines.len() < MALFORMED_SAMPLE {
                first_lines.extend(chunk.first_malformed.iter().map(|index| lines + index + 1));
            }
            lines += chunk.lines;
            malformed += chunk.malformed;
        }
        first_lines.truncate(MALFORMED_SAMPLE);
        // ANCHOR_END: numbering
        Report {
            lines,
            parsed: self.parsed,
            malformed: MalformedLines {
                count: malformed,
                first_lines,
            },
            bytes: self.bytes,
            status: self.status,
            top_paths: top_k(&self.paths, top)
                .into_iter()
                .map(|(path, count)| PathCount { path, count })
                .collect(),
            top_clients: top_k(&self.clients, top)
                .into_iter()
                .map(|(client, count)| ClientCount { client, count })
                .collect(),
            per_hour: self
                .hours
                .iter()
                .map(|(&hour, &count)| (format_hour(hour), count))
                .collect(),
            size_percentiles: percentiles(&self.sizes),
        }
    }
}

fn bump(map: &mut HashMap<Box<[u8]>, u64>, key: &[u8]) {
    // `entry` would need an owned key, which means an allocation per line even when the key is
    // already there. Looking up by slice first allocates only for keys seen for the first time.
    match map.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            map.insert(key.into(), 1);
        }
    }
}

fn add_all<K, M>(into: &mut M, from: M)
where
    M: IntoIterator<Item = (K, u64)> + Extend<(K, u64)> + CountMap<K>,
{
    for (key, count) in from {
        *into.slot(key) += count;
    }
}

/// The one operation `add_all` needs from both kinds of map.
trait CountMap<K> {
    fn slot(&mut self, key: K) -> &mut u64;
}

impl<K: std::hash::Hash + Eq> CountMap<K> for HashMap<K, u64> {
    fn slot(&mut self, key: K) -> &mut u64 {
        self.entry(key).or_default()
    }
}

impl<K: Ord> CountMap<K> for BTreeMap<K, u64> {
    fn slot(&mut self, key: K) -> &mut u64 {
        self.entry(key).or_default()
    }
}

// ANCHOR: top_k
/// The `k` keys with the highest counts, ties broken by the key's bytes in ascending order, so
/// that the answer is the same whichever order the map iterates in.
pub fn top_k(counts: &HashMap<Box<[u8]>, u64>, k: usize) -> Vec<(String, u64)> {
    let order = |a: &(&[u8], u64), b: &(&[u8], u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    let mut all: Vec<(&[u8], u64)> = counts
        .iter()
        .map(|(key, &count)| (&key[..], count))
        .collect();
    if k == 0 {
        return Vec::new();
    }
    if all.len() > k {
        // Partition in O(n) so that the first k are the winners, then sort only those.
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
    }
    all.sort_unstable_by(order);
    all.into_iter()
        .map(|(key, count)| (String::from_utf8_lossy(key).into_owned(), count))
        .collect()
}
// ANCHOR_END: top_k

// ANCHOR: percentiles
/// Nearest-rank percentiles of the sizes: the p-th percentile is the smallest size such that at
/// least p% of the responses are no larger. It is always one of the observed sizes, and it is an
/// exact integer, so it does not depend on how the data was partitioned.
pub fn percentiles(sizes: &HashMap<u64, u64>) -> Percentiles {
    let mut histogram: Vec<(u64, u64)> =
        sizes.iter().map(|(&size, &count)| (size, count)).collect();
    histogram.sort_unstable();
    let total: u64 = histogram.iter().map(|&(_, count)| count).sum();
    let at = |p: u64| -> Option<u64> {
        let rank = (p * total).div_ceil(100).max(1); // 1-based rank of the answer
        let mut seen = 0;
        histogram.iter().find_map(|&(size, count)| {
            seen += count;
            (seen >= rank).then_some(size)
        })
    };
    Percentiles {
        p50: at(50),
        p95: at(95),
        p99: at(99),
    }
}
// ANCHOR_END: percentiles

// ANCHOR: report
/// The answer `dataproc` prints, as a table or as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every line, parsed or not: the number of `\n`, plus one for a final line without one.
    pub lines: u64,
    pub parsed: u64,
    pub malformed: MalformedLines,
    /// The sum of the response sizes of the parsed lines: a `u128`, which cannot overflow (see
    /// [`Partial::bytes`]). JSON prints it as an integer of up to 39 digits.
    pub bytes: u128,
    pub status: BTreeMap<u16, u64>,
    pub top_paths: Vec<PathCount>,
    pub top_clients: Vec<ClientCount>,
    /// Keyed by the UTC hour, `2026-11-25T14`.
    pub per_hour: BTreeMap<String, u64>,
    pub size_percentiles: Percentiles,
}
// ANCHOR_END: report

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MalformedLines {
    pub count: u64,
    /// One-based line numbers in the file.
    pub first_lines: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathCount {
    pub path: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientCount {
    pub client: String,
    pub count: u64,
}

/// `None` (JSON `null`) when no line parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Percentiles {
    pub p50: Option<u64>,
    pub p95: Option<u64>,
    pub p99: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> HashMap<Box<[u8]>, u64> {
        pairs
            .iter()
            .map(|&(key, count)| (key.as_bytes().into(), count))
            .collect()
    }

    #[test]
    fn top_k_breaks_ties_by_key() {
        let map = counts(&[("/b", 5), ("/a", 5), ("/c", 9), ("/d", 1), ("/e", 5)]);
        let top: Vec<_> = top_k(&map, 3).into_iter().map(|(key, _)| key).collect();
        assert_eq!(top, ["/c", "/a", "/b"]);
        assert_eq!(top_k(&map, 0), []);
        assert_eq!(top_k(&map, 99).len(), 5);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let sizes: HashMap<u64, u64> = (1..=100).map(|size| (size, 1)).collect();
        assert_eq!(
            percentiles(&sizes),
            Percentiles {
                p50: Some(50),
                p95: Some(95),
                p99: Some(99)
            }
        );
        let one: HashMap<u64, u64> = [(7, 1)].into();
        assert_eq!(
            percentiles(&one),
            Percentiles {
                p50: Some(7),
                p95: Some(7),
                p99: Some(7)
            }
        );
        let skewed: HashMap<u64, u64> = [(0, 98), (10_000, 2)].into();
        assert_eq!(
            percentiles(&skewed),
            Percentiles {
                p50: Some(0),
                p95: Some(0),
                p99: Some(10_000)
            }
        );
        assert_eq!(
            percentiles(&HashMap::new()),
            Percentiles {
                p50: None,
                p95: None,
                p99: None
            }
        );
    }

    #[test]
    fn line_numbers_are_global_after_the_merge() {
        let good = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3\n";
        let (mut first, mut second) = (Partial::default(), Partial::default());
        // Chunk 1 is counted before chunk 0, as a fast worker might.
        second.add_chunk(1, format!("{good}bad\n{good}").as_bytes(), 100);
        first.add_chunk(0, format!("{good}{good}bad\n").as_bytes(), 100);
        let report = second.merge(first).finish(10);
        assert_eq!(report.lines, 6);
        assert_eq!(
            report.malformed,
            MalformedLines {
                count: 2,
                first_lines: vec![3, 5]
            }
        );
    }

    #[test]
    fn sizes_whose_sum_overflows_a_u64_are_summed_exactly() {
        // Two of the largest sizes the parser accepts (19 digits) already exceed u64::MAX.
        let line =
            "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 9999999999999999999\n";
        let (mut first, mut second) = (Partial::default(), Partial::default());
        first.add_chunk(0, line.repeat(2).as_bytes(), 100);
        second.add_chunk(1, line.as_bytes(), 100);
        assert_eq!(first.bytes.to_string(), "19999999999999999998");
        let report = first.merge(second).finish(1);
        assert_eq!(report.bytes.to_string(), "29999999999999999997");
        let json = serde_json::to_string(&report).expect("serialises");
        assert!(json.contains(r#""bytes":29999999999999999997,"#), "{json}");
    }

    #[test]
    fn malformed_lines_are_counted_by_reason_and_merged() {
        let good = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
        let bad_status = good.replace("200", "2x0");
        let bad_day = good.replace("10/Oct", "32/Oct");
        let long = good.replace("GET /", &format!("GET /{}", "x".repeat(100)));
        let (mut first, mut second) = (Partial::default(), Partial::default());
        first.add_chunk(
            0,
            format!("{good}\n\n{bad_status}\n{long}\n").as_bytes(),
            100,
        );
        let garbage = b"\x00\xff\x01"; // no space, no final newline
        second.add_chunk(
            1,
            &[format!("{bad_status}\n{bad_day}\n").as_bytes(), garbage].concat(),
            100,
        );
        second.add_skipped_line(2);
        let merged = first.merge(second);
        let reasons: Vec<_> = merged
            .malformed_reasons
            .iter()
            .map(|(reason, count)| (reason.name(), count))
            .collect();
        assert_eq!(
            reasons,
            [
                ("empty", 1),
                ("identity", 1),
                ("timestamp", 1),
                ("status", 2),
                ("too long", 2)
            ]
        );
        let total = merged.malformed_reasons.total();
        assert_eq!(merged.finish(1).malformed.count, total);
    }

    #[test]
    fn a_final_line_without_newline_counts() {
        let mut partial = Partial::default();
        partial.add_chunk(
            0,
            b"a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3\nx",
            100,
        );
        let report = partial.finish(1);
        assert_eq!(
            (report.lines, report.parsed, report.malformed.count),
            (2, 1, 1)
        );
    }
}
