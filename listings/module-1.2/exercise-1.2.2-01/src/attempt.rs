// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.2-1`.
#![allow(unused_variables, unused_mut)]

use crate::LinearTable;
use std::hash::{BuildHasher, Hash};

// ANCHOR: starter
impl<K: Hash + Eq, V, S: BuildHasher> LinearTable<K, V, S> {
    /// Removes `key` and returns its value, leaving no tombstone behind.
    ///
    /// Emptying the slot may cut the walk to keys stored after it in the same run. So, after
    /// emptying slot `hole`, look at the following slots one by one until an empty one: an
    /// entry whose home is "at or before" the hole (going around the ring) moves back into the
    /// hole, and the slot it left becomes the new hole. An entry whose home lies after the hole
    /// stays where it is.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut hole = self.find(key).ok()?;
        todo!("take the entry out of `hole`, then shift later entries of the run back")
    }
}
// ANCHOR_END: starter
