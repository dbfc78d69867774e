//! Listing 1.2.7-3: a map split into stripes, each behind its own lock. Two threads that touch
//! different keys usually take different locks, so they stop waiting for each other.
use parking_lot::Mutex;
use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};

pub struct StripedMap<K, V> {
    stripes: Box<[Mutex<HashMap<K, V>>]>,
    hasher: RandomState,
}

impl<K: Hash + Eq, V> StripedMap<K, V> {
    /// A map with `stripes` locks (at least one). More stripes, fewer collisions between
    /// threads; a few times the number of threads is plenty.
    pub fn new(stripes: usize) -> Self {
        let stripes = (0..stripes.max(1))
            .map(|_| Mutex::new(HashMap::new()))
            .collect();
        StripedMap {
            stripes,
            hasher: RandomState::new(),
        }
    }

    // ANCHOR: pick
    fn stripe(&self, key: &K) -> &Mutex<HashMap<K, V>> {
        // The high bits of the hash pick the stripe; HashMap uses the low bits inside it.
        let hash = self.hasher.hash_one(key);
        let index = ((hash >> 32) as usize) % self.stripes.len();
        &self.stripes[index]
    }

    /// Runs `update` on the value for `key` (inserting `V::default()` first if absent), with
    /// only that key's stripe locked.
    pub fn update<R>(&self, key: K, update: impl FnOnce(&mut V) -> R) -> R
    where
        V: Default,
    {
        let mut stripe = self.stripe(&key).lock();
        update(stripe.entry(key).or_default())
    }
    // ANCHOR_END: pick

    pub fn get(&self, key: &K) -> Option<V>
    where
        V: Clone,
    {
        self.stripe(key).lock().get(key).cloned()
    }

    /// Every entry. Takes the stripes one at a time, so it is not a snapshot of one instant
    /// while writers are running; it is exact once they have stopped.
    pub fn entries(&self) -> Vec<(K, V)>
    where
        K: Clone,
        V: Clone,
    {
        self.stripes
            .iter()
            .flat_map(|stripe| {
                let stripe = stripe.lock();
                stripe
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn counts_from_many_threads_add_up() {
        let map = StripedMap::<u64, u64>::new(8);
        thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for key in 0..1000 {
                        map.update(key % 10, |n| *n += 1);
                    }
                });
            }
        });
        let mut entries = map.entries();
        entries.sort_unstable();
        assert_eq!(entries, (0..10).map(|k| (k, 400)).collect::<Vec<_>>());
        assert_eq!(map.get(&3), Some(400));
        assert_eq!(map.get(&42), None);
    }

    #[test]
    fn zero_stripes_means_one() {
        let map = StripedMap::<&str, u32>::new(0);
        map.update("a", |n| *n += 2);
        assert_eq!(map.get(&"a"), Some(2));
    }
}
