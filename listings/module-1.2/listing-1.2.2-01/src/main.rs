//! Fills a table to several load factors and counts how many slots a lookup inspects, next to
//! what theory predicts for linear probing with a good hash (Knuth, TAOCP vol. 3, 6.4).
use listing_1_2_2_01::HashTable;
use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

// ANCHOR: main
/// SipHash with a fixed key: as good a hash as the default, but the same on every run.
type FixedSip = BuildHasherDefault<DefaultHasher>;

const CAPACITY: usize = 1 << 16;

fn main() {
    println!("load   hit probes (theory)   miss probes (theory)");
    for load_percent in [25, 50, 75, 80, 85] {
        let mut table = HashTable::with_capacity_and_hasher(CAPACITY, FixedSip::default());
        let count = CAPACITY * load_percent / 100;
        for key in 0..count as u64 {
            table.insert(key, ());
        }
        assert_eq!(table.capacity(), CAPACITY, "the table must not have grown");
        let hits = mean((0..count as u64).map(|k| table.probe_count(&k)));
        let misses = mean((1_000_000..1_000_000 + count as u64).map(|k| table.probe_count(&k)));
        let alpha = load_percent as f64 / 100.0;
        let hit_theory = 0.5 * (1.0 + 1.0 / (1.0 - alpha));
        let miss_theory = 0.5 * (1.0 + 1.0 / ((1.0 - alpha) * (1.0 - alpha)));
        println!(
            "{load_percent:>3}%   {hits:>6.2}   ({hit_theory:>5.2})        {misses:>6.2}   ({miss_theory:>5.2})"
        );
    }
}
// ANCHOR_END: main

fn mean(values: impl Iterator<Item = usize>) -> f64 {
    let (sum, n) = values.fold((0, 0), |(sum, n), v| (sum + v, n + 1));
    sum as f64 / n as f64
}
