use std::collections::HashMap;
use std::hash::Hash;
use std::num::NonZeroUsize;

// ANCHOR: solution
/// One entry, linked to its neighbours in order of use by their indices in `entries`.
struct Entry<K, V> {
    key: K,
    value: V,
    older: Option<usize>,
    newer: Option<usize>,
}

pub struct LruCache<K, V> {
    capacity: usize,
    /// Where each key's entry is in `entries`.
    index: HashMap<K, usize>,
    /// Never longer than `capacity`: a full cache reuses the slot of the entry it evicts.
    entries: Vec<Entry<K, V>>,
    oldest: Option<usize>,
    newest: Option<usize>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: NonZeroUsize) -> Self {
        LruCache {
            capacity: capacity.get(),
            index: HashMap::with_capacity(capacity.get()),
            entries: Vec::with_capacity(capacity.get()),
            oldest: None,
            newest: None,
        }
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        let slot = *self.index.get(key)?;
        self.make_newest(slot);
        Some(&self.entries[slot].value)
    }

    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        if let Some(&slot) = self.index.get(&key) {
            self.entries[slot].value = value;
            self.make_newest(slot);
            return None;
        }
        if self.entries.len() < self.capacity {
            let slot = self.entries.len();
            self.entries.push(Entry {
                key: key.clone(),
                value,
                older: None,
                newer: None,
            });
            self.index.insert(key, slot);
            self.link_as_newest(slot);
            return None;
        }
        // Full: the oldest entry's slot takes the new key, so nothing is allocated.
        let slot = self.oldest?;
        self.unlink(slot);
        let entry = &mut self.entries[slot];
        let evicted_key = std::mem::replace(&mut entry.key, key.clone());
        let evicted_value = std::mem::replace(&mut entry.value, value);
        self.index.remove(&evicted_key);
        self.index.insert(key, slot);
        self.link_as_newest(slot);
        Some((evicted_key, evicted_value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn keys_by_recency(&self) -> Vec<K> {
        let mut keys = Vec::with_capacity(self.entries.len());
        let mut next = self.oldest;
        while let Some(slot) = next {
            keys.push(self.entries[slot].key.clone());
            next = self.entries[slot].newer;
        }
        keys
    }

    fn make_newest(&mut self, slot: usize) {
        if self.newest != Some(slot) {
            self.unlink(slot);
            self.link_as_newest(slot);
        }
    }

    /// Takes the entry out of the list, joining its neighbours to each other.
    fn unlink(&mut self, slot: usize) {
        let (older, newer) = (self.entries[slot].older, self.entries[slot].newer);
        match older {
            Some(older) => self.entries[older].newer = newer,
            None => self.oldest = newer,
        }
        match newer {
            Some(newer) => self.entries[newer].older = older,
            None => self.newest = older,
        }
    }

    fn link_as_newest(&mut self, slot: usize) {
        self.entries[slot].older = self.newest;
        self.entries[slot].newer = None;
        match self.newest {
            Some(newest) => self.entries[newest].newer = Some(slot),
            None => self.oldest = Some(slot),
        }
        self.newest = Some(slot);
    }
}
// ANCHOR_END: solution
