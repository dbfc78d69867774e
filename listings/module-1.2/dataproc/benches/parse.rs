//! `cargo bench -p dataproc`: the line parser alone, and parsing plus counting, per line and per
//! megabyte, to see which half of a worker's job costs more.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

fn chunk(c: &mut Criterion) {
    let mut log = Vec::new();
    let config = GenConfig {
        lines: 8_000,
        seed: 1,
        malformed: 0.01,
        days: 3,
    };
    generate(&config, &mut log).expect("writing to a Vec cannot fail");
    let mut group = c.benchmark_group("chunk");
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("parse_only", |b| {
        b.iter(|| {
            black_box(&log)
                .split(|&byte| byte == b'\n')
                .filter(|line| parse_line(line).is_ok())
                .count()
        })
    });
    group.bench_function("parse_and_count", |b| {
        b.iter(|| {
            let mut partial = Partial::default();
            partial.add_chunk(0, black_box(&log), dataproc::chunk::MAX_LINE);
            partial.parsed
        })
    });
    group.finish();
}

criterion_group!(benches, parser, chunk);
criterion_main!(benches);
