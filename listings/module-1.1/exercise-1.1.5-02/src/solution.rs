use crate::Access;
use std::collections::HashMap;
use std::num::NonZeroUsize;

// ANCHOR: solution
struct Frame {
    page: u64,
    used: bool,
}

pub struct Clock {
    capacity: usize,
    frames: Vec<Frame>,
    /// Which frame holds each resident page, so that a hit costs no search.
    frame_of: HashMap<u64, usize>,
    hand: usize,
}

impl Clock {
    pub fn new(frames: NonZeroUsize) -> Self {
        Clock {
            capacity: frames.get(),
            frames: Vec::with_capacity(frames.get()),
            frame_of: HashMap::with_capacity(frames.get()),
            hand: 0,
        }
    }

    pub fn access(&mut self, page: u64) -> Access {
        if let Some(&frame) = self.frame_of.get(&page) {
            self.frames[frame].used = true;
            return Access::Hit;
        }
        if self.frames.len() < self.capacity {
            self.frame_of.insert(page, self.frames.len());
            self.frames.push(Frame { page, used: true });
            return Access::Miss { evicted: None };
        }
        // At most one full turn clears every bit, so the loop ends within two turns.
        loop {
            let frame = &mut self.frames[self.hand];
            if frame.used {
                frame.used = false;
                self.hand = (self.hand + 1) % self.capacity;
                continue;
            }
            let victim = std::mem::replace(frame, Frame { page, used: true }).page;
            self.frame_of.remove(&victim);
            self.frame_of.insert(page, self.hand);
            self.hand = (self.hand + 1) % self.capacity;
            return Access::Miss {
                evicted: Some(victim),
            };
        }
    }

    pub fn resident(&self) -> Vec<u64> {
        self.frames.iter().map(|frame| frame.page).collect()
    }
}
// ANCHOR_END: solution
