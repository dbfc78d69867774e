//! `cargo bench -p dataproc --bench parse`: what the two halves of a worker's job cost, the
//! parser alone and the parser plus counting, per line and per megabyte.
//!
//! The `chunk` benchmarks all run the same loop over a megabyte of generated log: find each line
//! with `memchr`, as `Partial::add_chunk` does, and parse it; the `parse_and_count` ones also
//! count each record into a `Partial`. That `Partial` has counted the same lines before timing
//! starts, so every key is in the maps already, as it is for a worker a few chunks into a real
//! log, where a new key is rare. The differences are then the cost of counting, not of splitting
//! lines another way, nor of first insertions and the growing of the maps.
//!
//! `parse_only` and `parse_and_count` take the next megabyte of a 135 MB log (a million lines)
//! at every iteration, as a worker does, and count into maps that hold the whole log's keys: all
//! 20,000 clients and over 120,000 distinct sizes, the same order as the 190,000 sizes a worker
//! sees on the 1 GB log of `bench/compare.sh` with two threads, and touched all over. `parse_and_count_same_chunk` counts the same
//! megabyte again and again into maps of that megabyte's keys (about 6,000 sizes), small enough
//! to stay in the CPU's caches: the usual microbenchmark, and the one that flatters counting.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dataproc::engine::split_at_newlines;
use dataproc::generator::{GenConfig, generate};
use dataproc::parse::parse_line;
use dataproc::stats::Partial;
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
}

criterion_group!(benches, parser, chunk);
criterion_main!(benches);
