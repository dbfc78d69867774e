//! Inserts 10,000 to 80,000 keys into std's HashMap, with three hashers and two kinds of keys,
//! and times each fill. The attacker's keys are chosen so that FxHash (in its rustc-hash 1.x
//! and 2.x forms) sends them all to the same place; RandomState's secret key makes that
//! impossible to arrange from outside.
mod fx;
mod fx2;

use fx::FxBuildHasher;
use fx2::Fx2BuildHasher;
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

/// The same attack on rustc-hash 2's function, whose final rotation defeats `colliding_keys`:
/// choose the hashes instead, all with their low 32 bits zero as before (the high bits vary,
/// as they did for FxHash 1), and compute the keys that produce them backwards.
fn colliding_keys_fx2(count: u64) -> Vec<u64> {
    (1..=count)
        .map(|i| fx2::key_for_hash(i.wrapping_mul(0x9E37_79B9) << 32))
        .collect()
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
        "{:>6}  {:>14}  {:>14}  {:>14}  {:>14}",
        "keys", "fx ordinary", "fx crafted", "fx2 crafted", "sip crafted"
    );
    for count in [10_000, 20_000, 40_000, 80_000] {
        let ordinary = ordinary_keys(count);
        let crafted = colliding_keys(count);
        let fx_ordinary = fill(&ordinary, FxBuildHasher::default());
        let fx_crafted = fill(&crafted, FxBuildHasher::default());
        let fx2_crafted = fill(&colliding_keys_fx2(count), Fx2BuildHasher::default());
        let sip_crafted = fill(&crafted, RandomState::new());
        println!(
            "{count:>6}  {:>11.2} ms  {:>11.2} ms  {:>11.2} ms  {:>11.2} ms",
            millis(fx_ordinary),
            millis(fx_crafted),
            millis(fx2_crafted),
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
    fn the_rotation_of_rustc_hash_2_defeats_the_first_keys_but_not_the_second() {
        let hasher = Fx2BuildHasher::default();
        let low_bits = |keys: Vec<u64>| -> std::collections::HashSet<u64> {
            keys.into_iter()
                .map(|k| hasher.hash_one(k) & 0xFFFF_FFFF)
                .collect()
        };
        assert!(
            low_bits(colliding_keys(1000)).len() > 900,
            "spread by the rotation"
        );
        assert_eq!(
            low_bits(colliding_keys_fx2(1000)).len(),
            1,
            "all at one start"
        );
        let distinct: std::collections::HashSet<u64> =
            colliding_keys_fx2(1000).into_iter().collect();
        assert_eq!(distinct.len(), 1000);
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
