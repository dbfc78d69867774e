//! Run with `cargo bench -p listing-1-2-1-03`. Criterion warms up, takes many samples and reports
//! a confidence interval around the mean; the chapter quotes the middle value.
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use listing_1_2_1_03::{evens, insert_sorted_list, insert_sorted_vec, sum_list, sum_vec};
use std::collections::LinkedList;
use std::hint::black_box;
use std::time::Duration;

// ANCHOR: bench
fn sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("sum");
    for len in [1_000u64, 100_000] {
        let vec: Vec<u64> = evens(len).collect();
        let list: LinkedList<u64> = evens(len).collect();
        group.bench_with_input(BenchmarkId::new("vec", len), &vec, |b, v| {
            b.iter(|| sum_vec(black_box(v)))
        });
        group.bench_with_input(BenchmarkId::new("list", len), &list, |b, l| {
            b.iter(|| sum_list(black_box(l)))
        });
    }
    group.finish();
}

fn insert_middle(c: &mut Criterion) {
    let mut group = c.benchmark_group("insert_middle");
    for len in [1_000u64, 100_000] {
        let vec: Vec<u64> = evens(len).collect();
        let list: LinkedList<u64> = evens(len).collect();
        let middle = len | 1; // odd, so it lands between two evens half-way along
        // iter_batched clones the input outside the timed region: we measure the insert only.
        group.bench_function(BenchmarkId::new("vec", len), |b| {
            b.iter_batched_ref(
                || vec.clone(),
                |v| insert_sorted_vec(v, black_box(middle)),
                BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::new("list", len), |b| {
            b.iter_batched_ref(
                || list.clone(),
                |l| insert_sorted_list(l, black_box(middle)),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn config() -> Criterion {
    // Shorter than the defaults so the whole run takes about a minute on a shared machine.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

criterion_group! { name = benches; config = config(); targets = sum, insert_middle }
criterion_main!(benches);
// ANCHOR_END: bench
