//! Model-based property test: any sequence of operations must leave our table and std's
//! `HashMap` agreeing on every answer along the way.
use listing_1_2_2_01::HashTable;
use listing_1_2_2_01::fx::FxBuildHasher;
use proptest::prelude::*;
use std::collections::HashMap;

// ANCHOR: model
#[derive(Clone, Debug)]
enum Op {
    Insert(u16, u32),
    Get(u16),
    Remove(u16),
}

fn op() -> impl Strategy<Value = Op> {
    // Keys from a small range, so that operations hit the same keys often: removing a key
    // that was inserted, reinserting over a tombstone, and so on.
    let key = 0..64u16;
    prop_oneof![
        (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
        key.clone().prop_map(Op::Get),
        key.prop_map(Op::Remove),
    ]
}

proptest! {
    #[test]
    fn behaves_like_std_hashmap(ops in prop::collection::vec(op(), 0..400)) {
        let mut ours = HashTable::with_hasher(FxBuildHasher::default());
        let mut model = HashMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(ours.insert(k, v), model.insert(k, v)),
                Op::Get(k) => prop_assert_eq!(ours.get(&k), model.get(&k)),
                Op::Remove(k) => prop_assert_eq!(ours.remove(&k), model.remove(&k)),
            }
            prop_assert_eq!(ours.len(), model.len());
        }
        let mut entries: Vec<_> = ours.iter().map(|(k, v)| (*k, *v)).collect();
        let mut expected: Vec<_> = model.into_iter().collect();
        entries.sort();
        expected.sort();
        prop_assert_eq!(entries, expected);
    }
}
// ANCHOR_END: model
