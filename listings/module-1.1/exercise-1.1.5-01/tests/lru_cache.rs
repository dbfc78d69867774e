//! What "done" means for Exercise 1.1.5-1.
use exercise_1_1_5_01::LruCache;
use proptest::prelude::*;
use std::collections::HashMap;
use std::num::NonZeroUsize;

fn cache<K: std::hash::Hash + Eq + Clone, V>(capacity: usize) -> LruCache<K, V> {
    LruCache::new(NonZeroUsize::new(capacity).expect("a test capacity is positive"))
}

/// Uses the cache as a memory of page frames: a hit is a `get` that finds the page, a miss loads
/// it with `put`. Returns (hits, misses, evicted pages).
fn run_pages(cache: &mut LruCache<u64, ()>, trace: &[u64]) -> (usize, usize, Vec<u64>) {
    let (mut hits, mut misses, mut evicted) = (0, 0, Vec::new());
    for &page in trace {
        if cache.get(&page).is_some() {
            hits += 1;
        } else {
            misses += 1;
            evicted.extend(cache.put(page, ()).map(|(key, ())| key));
        }
    }
    (hits, misses, evicted)
}

// The chapter's reference string with 3 frames, worked by hand in the chapter's LRU table and
// checked with `osemu paging -p LRU -a 0,1,2,0,1,3,0,3,1,2,1 -C 3 -c`: 6 hits, 5 misses, 3 evicts
// 2 and the second 2 evicts 0, and memory ends as [3, 2, 1], least recently used first.
#[test]
fn the_chapter_trace() {
    let mut memory = cache(3);
    let (hits, misses, evicted) = run_pages(&mut memory, &[0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1]);
    assert_eq!((hits, misses), (6, 5));
    assert_eq!(evicted, [2, 0]);
    assert_eq!(memory.keys_by_recency(), [3, 2, 1]);
}

#[test]
fn a_get_makes_an_entry_recent() {
    let mut cache = cache(2);
    assert_eq!(cache.put("a", 1), None);
    assert_eq!(cache.put("b", 2), None);
    assert_eq!(cache.get(&"a"), Some(&1));
    // "b" is now the least recently used, so it goes.
    assert_eq!(cache.put("c", 3), Some(("b", 2)));
    assert_eq!(cache.get(&"b"), None);
    assert_eq!(cache.keys_by_recency(), ["a", "c"]);
}

#[test]
fn a_put_to_a_present_key_replaces_the_value_and_evicts_nothing() {
    let mut cache = cache(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assert_eq!(cache.put("a", 10), None);
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get(&"a"), Some(&10));
    assert_eq!(cache.put("c", 3), Some(("b", 2)));
}

#[test]
fn a_cache_of_one_keeps_the_last_key() {
    let mut cache = cache(1);
    assert!(cache.is_empty());
    assert_eq!(cache.put(7, "seven"), None);
    assert_eq!(cache.put(8, "eight"), Some((7, "seven")));
    assert_eq!(cache.get(&7), None);
    assert_eq!(cache.get(&8), Some(&"eight"));
    assert_eq!(cache.len(), 1);
}

/// A read-through cache in front of a slow store: count how often the store is asked.
struct CachedStore {
    cache: LruCache<u32, String>,
    store_reads: usize,
}

impl CachedStore {
    fn read(&mut self, key: u32) -> String {
        if let Some(value) = self.cache.get(&key) {
            return value.clone();
        }
        self.store_reads += 1;
        let value = format!("row {key}");
        self.cache.put(key, value.clone());
        value
    }
}

// Ten hot keys fit in a cache of ten: after the first round, every read is a hit. One scan of a
// hundred keys read once each then pushes every hot key out, and the next round misses ten
// times. This is why databases keep big scans out of their buffer cache.
#[test]
fn a_read_through_cache_and_the_scan_that_flushes_it() {
    let mut store = CachedStore {
        cache: cache(10),
        store_reads: 0,
    };
    for _ in 0..100 {
        for key in 0..10 {
            assert_eq!(store.read(key), format!("row {key}"));
        }
    }
    assert_eq!(store.store_reads, 10);
    for key in 1000..1100 {
        store.read(key);
    }
    let before = store.store_reads;
    for key in 0..10 {
        store.read(key);
    }
    assert_eq!(store.store_reads - before, 10);
}

#[test]
fn many_operations_on_a_large_cache() {
    let mut cache = cache(10_000);
    let mut evictions = 0;
    for i in 0..200_000u64 {
        // Every third operation re-reads a recent key; the rest insert new ones.
        if i % 3 == 0 {
            cache.get(&(i / 2));
        } else if cache.put(i, i).is_some() {
            evictions += 1;
        }
    }
    assert_eq!(cache.len(), 10_000);
    assert!(evictions > 100_000, "{evictions}");
}

/// The obvious implementation, slow but clearly right: a list ordered from least to most
/// recently used.
struct Model {
    capacity: usize,
    entries: Vec<(u8, u32)>,
}

impl Model {
    fn get(&mut self, key: u8) -> Option<u32> {
        let position = self.entries.iter().position(|&(k, _)| k == key)?;
        let entry = self.entries.remove(position);
        self.entries.push(entry);
        Some(entry.1)
    }

    fn put(&mut self, key: u8, value: u32) -> Option<(u8, u32)> {
        if let Some(position) = self.entries.iter().position(|&(k, _)| k == key) {
            self.entries.remove(position);
            self.entries.push((key, value));
            return None;
        }
        let evicted = (self.entries.len() == self.capacity).then(|| self.entries.remove(0));
        self.entries.push((key, value));
        evicted
    }
}

#[derive(Clone, Debug)]
enum Operation {
    Get(u8),
    Put(u8, u32),
}

fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        (0u8..8).prop_map(Operation::Get),
        (0u8..8, any::<u32>()).prop_map(|(key, value)| Operation::Put(key, value)),
    ]
}

proptest! {
    #[test]
    fn behaves_like_the_obvious_implementation(
        capacity in 1usize..6,
        operations in prop::collection::vec(operation(), 0..200),
    ) {
        let mut cache = cache(capacity);
        let mut model = Model { capacity, entries: Vec::new() };
        let mut stored: HashMap<u8, u32> = HashMap::new();
        for operation in operations {
            match operation {
                Operation::Get(key) => {
                    let expected = model.get(key);
                    prop_assert_eq!(cache.get(&key).copied(), expected);
                    if let Some(value) = expected {
                        prop_assert_eq!(stored.get(&key), Some(&value));
                    }
                }
                Operation::Put(key, value) => {
                    prop_assert_eq!(cache.put(key, value), model.put(key, value));
                    stored.insert(key, value);
                }
            }
            prop_assert!(cache.len() <= capacity);
            let keys: Vec<u8> = model.entries.iter().map(|&(k, _)| k).collect();
            prop_assert_eq!(cache.keys_by_recency(), keys);
            prop_assert_eq!(cache.len(), model.entries.len());
        }
    }
}
