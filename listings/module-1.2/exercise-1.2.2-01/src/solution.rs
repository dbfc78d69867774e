use crate::LinearTable;
use std::hash::{BuildHasher, Hash};

// ANCHOR: solution
impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut hole = self.find(key).ok()?;
        let (_, value) = self.slots[hole].take()?;
        self.len -= 1;
        let mut next = (hole + 1) & mask;
        while let Some((k, _)) = &self.slots[next] {
            let home = self.home(k);
            // Distances measured to the right, wrapping: how far `next` and `hole` are from
            // the entry's home. If the hole is closer, the entry may move back into it.
            let distance_to_slot = next.wrapping_sub(home) & mask;
            let distance_to_hole = hole.wrapping_sub(home) & mask;
            if distance_to_hole < distance_to_slot {
                self.slots[hole] = self.slots[next].take();
                hole = next;
            }
            next = (next + 1) & mask;
        }
        Some(value)
    }
}
// ANCHOR_END: solution
