//! `cargo bench -p dataproc --bench parse`: what the two halves of a worker's job cost, the
//! parser alone and the parser plus counting, per line and per megabyte; and what counting costs
//! with a faster keyed hash, or without the size histogram.
//!
//! The `chunk` and `count` benchmarks all run the same loop over a megabyte of generated log:
//! find each line with `memchr`, as `Partial::add_chunk` does, and parse it; all but
//! `parse_only` also count each record. The maps they count into have counted the same lines
//! before timing starts, so every key is in them already, as it is for a worker a few chunks into
//! a real log, where a new key is rare. The differences are then the cost of counting, not of
//! splitting lines another way, nor of first insertions and the growing of the maps.
//!
//! `parse_only`, `parse_and_count` and the `count` rows take the next megabyte of a 135 MB log
//! (a million lines) at every iteration, as a worker does, and count into maps that hold the
//! whole log's keys: 19,966 clients and 123,966 distinct sizes (the bench prints the counts on
//! standard error), the same order as the 218,086 sizes of the 1 GB log of `bench/compare.sh`,
//! and touched all over. `parse_and_count_same_chunk` counts the same megabyte again and again
//! into maps of that megabyte's keys (6,090 sizes), small enough to stay in the CPU's caches:
//! the usual microbenchmark, and the one that flatters counting.
//!
//! The `count` rows change one thing at a time in a copy of `Partial::add_record` ([`Counts`]):
//! the hasher (std's SipHash-1-3 or foldhash, both keyed with a random seed per map) and whether
//! the size histogram is kept. `count/siphash` is the control: the same work as
//! `chunk/parse_and_count`, and its time should match. Before timing, every copy is checked
//! against `Partial` on the whole log, so a copy that counted differently would stop the bench.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dataproc::engine::split_at_newlines;
use dataproc::generator::{GenConfig, generate};
use dataproc::parse::{Record, parse_line};
use dataproc::stats::Partial;
use dataproc::time::HourKey;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::hint::black_box;

fn parser(c: &mut Criterion) {
    let common = br#"203.0.113.9 - - [25/Nov/2026:14:03:59 +0100] "GET /api/v1/users/38982 HTTP/1.1" 200 5481"#;
    let combined = br#"2001:db8:7:1::9 - alice [25/Nov/2026:14:03:59 -0500] "POST /api/v1/orders/7/items HTTP/1.1" 201 48 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0""#;
    let mut group = c.benchmark_group("parse_line");
    for (name, line) in [("common", &common[..]), ("combined", &combined[..])] {
        group.throughput(Throughput::Bytes(line.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), line, |b, line| {
            b.iter(|| parse_line(black_box(line)).is_ok())
        });
    }
    group.finish();
}

/// Calls `each` with every line of `log`, without its `\n`: the split `Partial::add_chunk` uses.
fn for_each_line(log: &[u8], mut each: impl FnMut(&[u8])) {
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', log) {
        each(&log[start..end]);
        start = end + 1;
    }
    if start < log.len() {
        each(&log[start..]);
    }
}

/// Parses every line of `log` and counts the records into `partial`.
fn count_into(partial: &mut Partial, log: &[u8]) {
    for_each_line(log, |line| {
        if let Ok(record) = parse_line(line) {
            partial.add_record(&record);
        }
    });
}

/// The maps of a [`Partial`] with the hasher `S`, and with the size histogram only if `SIZES`:
/// `add_record` is `Partial::add_record` line for line, apart from those two changes.
struct Counts<S, const SIZES: bool> {
    parsed: u64,
    bytes: u128,
    status: BTreeMap<u16, u64>,
    paths: HashMap<Box<[u8]>, u64, S>,
    clients: HashMap<Box<[u8]>, u64, S>,
    hours: HashMap<HourKey, u64, S>,
    sizes: HashMap<u64, u64, S>,
}

impl<S: BuildHasher + Default, const SIZES: bool> Counts<S, SIZES> {
    fn new() -> Self {
        Counts {
            parsed: 0,
            bytes: 0,
            status: BTreeMap::new(),
            paths: HashMap::default(),
            clients: HashMap::default(),
            hours: HashMap::default(),
            sizes: HashMap::default(),
        }
    }

    fn add_record(&mut self, record: &Record<'_>) {
        self.parsed += 1;
        self.bytes += u128::from(record.size);
        *self.status.entry(record.status).or_default() += 1;
        bump(&mut self.paths, record.path);
        bump(&mut self.clients, record.client);
        *self.hours.entry(record.hour).or_default() += 1;
        if SIZES {
            *self.sizes.entry(record.size).or_default() += 1;
        }
    }

    fn count(&mut self, log: &[u8]) {
        for_each_line(log, |line| {
            if let Ok(record) = parse_line(line) {
                self.add_record(&record);
            }
        });
    }

    /// Panics unless these counts are `partial`'s (without the sizes when `SIZES` is false).
    fn assert_same_as(&self, partial: &Partial, name: &str) {
        assert_eq!(
            (self.parsed, self.bytes, &self.status),
            (partial.parsed, partial.bytes, &partial.status),
            "{name}"
        );
        assert!(same(&self.paths, &partial.paths), "{name}: paths");
        assert!(same(&self.clients, &partial.clients), "{name}: clients");
        assert!(same(&self.hours, &partial.hours), "{name}: hours");
        if SIZES {
            assert!(same(&self.sizes, &partial.sizes), "{name}: sizes");
        } else {
            assert!(self.sizes.is_empty(), "{name}: sizes");
        }
    }
}

fn bump<S: BuildHasher>(map: &mut HashMap<Box<[u8]>, u64, S>, key: &[u8]) {
    match map.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            map.insert(key.into(), 1);
        }
    }
}

fn same<K: Hash + Eq, S: BuildHasher, T: BuildHasher>(
    ours: &HashMap<K, u64, S>,
    theirs: &HashMap<K, u64, T>,
) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .all(|(key, count)| theirs.get(key) == Some(count))
}

type SipHash = std::hash::RandomState;
/// foldhash's `RandomState` draws a random seed for every map, as std's does.
type FoldHash = foldhash::fast::RandomState;

/// Parses every line of `log`, and returns how many parsed.
fn parse_all(log: &[u8]) -> u64 {
    let mut parsed = 0;
    for_each_line(log, |line| {
        if let Ok(record) = parse_line(line) {
            black_box(&record);
            parsed += 1;
        }
    });
    parsed
}

fn chunk(c: &mut Criterion) {
    let mut log = Vec::new();
    let config = GenConfig {
        lines: 1_000_000,
        seed: 1,
        malformed: 0.01,
        days: 3,
    };
    generate(&config, &mut log).expect("writing to a Vec cannot fail");
    let chunks = split_at_newlines(&log, 1 << 20);
    let average = log.len() / chunks.len();
    // Criterion calls each closure once per sample: everything is prepared here, outside them.
    let mut whole_log = Partial::default();
    count_into(&mut whole_log, &log); // every key of the log inserted before timing starts
    let first = chunks[0];
    let mut first_only = Partial::default();
    count_into(&mut first_only, first);
    let (all, one) = (whole_log.distinct_keys(), first_only.distinct_keys());
    eprintln!(
        "the log: {} bytes, {} chunks; distinct keys of the whole log: {} paths, {} clients, \
         {} sizes; of its first chunk: {} paths, {} clients, {} sizes",
        log.len(),
        chunks.len(),
        all.paths,
        all.clients,
        all.sizes,
        one.paths,
        one.clients,
        one.sizes
    );

    let mut group = c.benchmark_group("chunk");
    group.throughput(Throughput::Bytes(average as u64));
    let mut next = 0;
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            next = (next + 1) % chunks.len();
            parse_all(black_box(chunks[next]))
        })
    });
    group.bench_function("parse_and_count", |b| {
        b.iter(|| {
            next = (next + 1) % chunks.len();
            count_into(&mut whole_log, black_box(chunks[next]));
            whole_log.parsed
        })
    });
    group.bench_function("parse_and_count_same_chunk", |b| {
        b.iter(|| {
            count_into(&mut first_only, black_box(first));
            first_only.parsed
        })
    });
    group.finish();

    count_variants(c, &log, &chunks, average);
}

/// One variant of counting, measured like `chunk/parse_and_count`: the next megabyte at every
/// iteration, into maps that already hold the whole log's keys.
fn count_row<S: BuildHasher + Default, const SIZES: bool>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    (log, chunks, reference): (&[u8], &[&[u8]], &Partial),
) {
    let mut counts = Counts::<S, SIZES>::new();
    counts.count(log);
    counts.assert_same_as(reference, name);
    let mut next = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            next = (next + 1) % chunks.len();
            counts.count(black_box(chunks[next]));
            counts.parsed
        })
    });
}

fn count_variants(c: &mut Criterion, log: &[u8], chunks: &[&[u8]], size: usize) {
    // A fresh reference: the one `chunk/parse_and_count` used has counted more since.
    let mut whole_log = Partial::default();
    count_into(&mut whole_log, log);
    let mut group = c.benchmark_group("count");
    group.throughput(Throughput::Bytes(size as u64));
    let data = (log, chunks, &whole_log);
    count_row::<SipHash, true>(&mut group, "siphash", data);
    count_row::<FoldHash, true>(&mut group, "foldhash", data);
    count_row::<SipHash, false>(&mut group, "siphash_no_sizes", data);
    count_row::<FoldHash, false>(&mut group, "foldhash_no_sizes", data);
    group.finish();
}

criterion_group!(benches, parser, chunk);
criterion_main!(benches);
