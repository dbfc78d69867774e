// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.3-2`.
#![allow(unused_variables)]

use crate::{Millis, SlidingWindow};

// ANCHOR: starter
impl SlidingWindow {
    /// Records a request at `now` if fewer than `limit` requests were accepted in the window
    /// `(now - window, now]`, and says whether it was accepted. Rejected requests are not
    /// recorded. Forget entries that have left the window, so memory stays bounded. Calls
    /// come with non-decreasing `now`.
    pub fn try_acquire(&mut self, now: Millis) -> bool {
        todo!("evict entries at or before now - window, then compare total with limit")
    }

    /// Accepted requests with `from <= time < to`, for a dashboard. Use `BTreeMap::range`.
    pub fn accepted_between(&self, from: Millis, to: Millis) -> u32 {
        todo!()
    }
}
// ANCHOR_END: starter
