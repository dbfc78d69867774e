//! Inserts 10,000 to 80,000 keys into std's HashMap, with two hashers and two kinds of keys,
//! and times each fill. The attacker's keys are chosen so that FxHash sends them all to the
//! same place; RandomState's secret key makes that impossible to arrange from outside.
mod fx;

use fx::FxBuildHasher;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

// ANCHOR: keys
/// Ordinary keys: IDs as a database would hand them out.
fn ordinary_keys(count: u64) -> Vec<u64> {
    (1..=count).collect()
}

/// The attacker's keys. FxHash of one u64 is `key * SEED` (mod 2^64). Multiplying a number
/// whose low 32 bits are zero keeps them zero, so every key below hashes to a value whose low
/// 32 bits are zero. std's table picks the starting slot from the low bits of the hash: all
/// of these keys start at slot 0, and each insert must walk past every key before it.
fn colliding_keys(count: u64) -> Vec<u64> {
    (1..=count).map(|i| i << 32).collect()
}
// ANCHOR_END: keys

// ANCHOR: main
fn fill<S: BuildHasher>(keys: &[u64], hasher: S) -> Duration {
    let start = Instant::now();
    let mut map = HashMap::with_hasher(hasher);
    for &key in keys {
        map.insert(key, ());
    }
    let elapsed = start.elapsed();
    assert_eq!(map.len(), keys.len()); // every key is distinct: collisions cost time, not data
    elapsed
}

fn main() {
    println!(
        "{:>6}  {:>14}  {:>14}  {:>14}",
        "keys", "fx ordinary", "fx crafted", "sip crafted"
    );
    for count in [10_000, 20_000, 40_000, 80_000] {
        let ordinary = ordinary_keys(count);
        let crafted = colliding_keys(count);
        let fx_ordinary = fill(&ordinary, FxBuildHasher::default());
        let fx_crafted = fill(&crafted, FxBuildHasher::default());
        let sip_crafted = fill(&crafted, RandomState::new());
        println!(
            "{count:>6}  {:>11.2} ms  {:>11.2} ms  {:>11.2} ms",
            millis(fx_ordinary),
            millis(fx_crafted),
            millis(sip_crafted),
        );
    }
}
// ANCHOR_END: main

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn crafted_keys_share_their_low_hash_bits() {
        let hasher = FxBuildHasher::default();
        for key in colliding_keys(1000) {
            assert_eq!(hasher.hash_one(key) & 0xFFFF_FFFF, 0);
        }
    }

    #[test]
    fn random_state_spreads_the_same_keys() {
        let hasher = RandomState::new();
        let low_bits: std::collections::HashSet<u64> = colliding_keys(1000)
            .into_iter()
            .map(|k| hasher.hash_one(k) & 0xFFF)
            .collect();
        assert!(
            low_bits.len() > 500,
            "SipHash with a secret key scatters them"
        );
    }
}
