use crate::LinearTable;
use std::hash::{BuildHasher, Hash};

// ANCHOR: solution
pub struct Entry<'a, K, V, S> {
    table: &'a mut LinearTable<K, V, S>,
    key: K,
    slot: Result<usize, usize>,
}

impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, S> {
        // Grow before finding: growing moves entries and would invalidate the index.
        self.reserve_one();
        let slot = self.find(&key);
        Entry {
            table: self,
            key,
            slot,
        }
    }
}

impl<'a, K: Hash + Eq, V, S: BuildHasher> Entry<'a, K, V, S> {
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let index = match self.slot {
            Ok(index) => index,
            Err(index) => {
                self.table.slots[index] = Some((self.key, make()));
                self.table.len += 1;
                index
            }
        };
        match &mut self.table.slots[index] {
            Some((_, value)) => value,
            None => unreachable!("the slot was just found or filled"),
        }
    }

    pub fn and_modify(self, update: impl FnOnce(&mut V)) -> Self {
        if let Ok(index) = self.slot
            && let Some((_, value)) = &mut self.table.slots[index]
        {
            update(value);
        }
        self
    }
}
// ANCHOR_END: solution
