//! Run with `cargo bench -p listing-1-2-2-01`: our table against std's HashMap, each with
//! SipHash (std's RandomState) and with FxHash, on 100,000 u64 keys.
use criterion::{Criterion, criterion_group, criterion_main};
use listing_1_2_2_01::HashTable;
use listing_1_2_2_01::fx::FxBuildHasher;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::hint::black_box;
use std::time::Duration;

const N: u64 = 100_000;

/// Keys spread over the whole u64 range, as IDs or hashes would be.
fn keys() -> Vec<u64> {
    (0..N)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect()
}

/// The three operations, for any map that can insert and look up.
trait Map {
    fn put(&mut self, k: u64, v: u64);
    fn lookup(&self, k: &u64) -> Option<&u64>;
}

impl<S: BuildHasher> Map for HashTable<u64, u64, S> {
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn lookup(&self, k: &u64) -> Option<&u64> {
        self.get(k)
    }
}

impl<S: BuildHasher> Map for HashMap<u64, u64, S> {
    fn put(&mut self, k: u64, v: u64) {
        self.insert(k, v);
    }
    fn lookup(&self, k: &u64) -> Option<&u64> {
        self.get(k)
    }
}

fn run<M: Map>(c: &mut Criterion, name: &str, make: impl Fn() -> M) {
    let keys = keys();
    let misses: Vec<u64> = keys.iter().map(|k| k ^ 1).collect();
    let mut full = make();
    for &k in &keys {
        full.put(k, k);
    }
    c.bench_function(&format!("insert_100k/{name}"), |b| {
        b.iter(|| {
            let mut map = make();
            for &k in &keys {
                map.put(black_box(k), k);
            }
            map
        })
    });
    c.bench_function(&format!("lookup_hit_100k/{name}"), |b| {
        b.iter(|| {
            keys.iter()
                .filter(|k| full.lookup(black_box(k)).is_some())
                .count()
        })
    });
    c.bench_function(&format!("lookup_miss_100k/{name}"), |b| {
        b.iter(|| {
            misses
                .iter()
                .filter(|k| full.lookup(black_box(k)).is_some())
                .count()
        })
    });
}

fn tables(c: &mut Criterion) {
    run(c, "ours_sip", || HashTable::with_hasher(RandomState::new()));
    run(c, "ours_fx", || {
        HashTable::with_hasher(FxBuildHasher::default())
    });
    run(c, "std_sip", || HashMap::with_hasher(RandomState::new()));
    run(c, "std_fx", || {
        HashMap::with_hasher(FxBuildHasher::default())
    });
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

criterion_group! { name = benches; config = config(); targets = tables }
criterion_main!(benches);
