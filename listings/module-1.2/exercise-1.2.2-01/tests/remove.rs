//! What "done" means for Exercise 1.2.2-1.
use exercise_1_2_2_01::LinearTable;
use proptest::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes a u64 to itself: tests can then choose exactly which slot each key calls home.
#[derive(Default)]
struct Identity(u64);
impl Hasher for Identity {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are used")
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
type IdentityState = BuildHasherDefault<Identity>;

#[test]
fn removes_and_returns_the_value() {
    let mut table = LinearTable::new();
    table.insert("a", 1);
    table.insert("b", 2);
    assert_eq!(table.remove(&"a"), Some(1));
    assert_eq!(table.remove(&"a"), None);
    assert_eq!(table.get(&"b"), Some(&2));
    assert_eq!(table.len(), 1);
}

#[test]
fn keys_after_the_hole_stay_reachable() {
    // Capacity 8: keys 1, 9 and 17 all call slot 1 home and sit in slots 1, 2, 3.
    let mut table = LinearTable::with_hasher(IdentityState::default());
    for key in [1u64, 9, 17, 2] {
        table.insert(key, key);
    }
    assert_eq!(table.capacity(), 8);
    assert_eq!(table.remove(&1), Some(1));
    assert!(table.invariant_holds());
    for key in [9u64, 17, 2] {
        assert_eq!(table.get(&key), Some(&key));
    }
}

#[test]
fn runs_that_wrap_around_are_repaired() {
    // 6 and 14 call slot 6 home, 7 calls slot 7 home and is pushed to slot 0 by 14.
    let mut table = LinearTable::with_hasher(IdentityState::default());
    for key in [6u64, 14, 7, 0] {
        table.insert(key, key);
    }
    assert_eq!(table.remove(&6), Some(6));
    assert!(table.invariant_holds());
    for key in [14u64, 7, 0] {
        assert_eq!(table.get(&key), Some(&key), "key {key} lost after wrapping");
    }
}

proptest! {
    #[test]
    fn behaves_like_std_hashmap(ops in prop::collection::vec((0..48u64, any::<bool>()), 0..300)) {
        // Identity hashing of small keys makes long runs and wrap-around common.
        let mut table = LinearTable::with_hasher(IdentityState::default());
        let mut model = HashMap::new();
        for (key, insert) in ops {
            if insert {
                prop_assert_eq!(table.insert(key, key * 10), model.insert(key, key * 10));
            } else {
                prop_assert_eq!(table.remove(&key), model.remove(&key));
            }
            prop_assert!(table.invariant_holds());
            prop_assert_eq!(table.len(), model.len());
        }
        for key in 0..48u64 {
            prop_assert_eq!(table.get(&key), model.get(&key));
        }
    }
}
