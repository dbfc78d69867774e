// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.5-2`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::Access;
use std::collections::HashMap;
use std::num::NonZeroUsize;

// ANCHOR: starter
/// Memory of a fixed number of frames, managed by the CLOCK algorithm.
pub struct Clock {
    // Your fields: the frames (a page and a use bit each), how many there may be, and the hand.
}

impl Clock {
    /// Memory of `frames` empty frames, with the hand at frame 0.
    pub fn new(frames: NonZeroUsize) -> Self {
        todo!()
    }

    /// Accesses `page`: a hit sets its use bit; a miss loads it, evicting a page if memory is full.
    pub fn access(&mut self, page: u64) -> Access {
        todo!("look the page up; on a miss fill an empty frame, or sweep the hand")
    }

    /// The pages in memory, in frame order.
    pub fn resident(&self) -> Vec<u64> {
        todo!()
    }
}
// ANCHOR_END: starter
