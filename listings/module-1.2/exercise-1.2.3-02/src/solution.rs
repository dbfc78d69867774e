use crate::{Millis, SlidingWindow};

// ANCHOR: solution
impl SlidingWindow {
    pub fn try_acquire(&mut self, now: Millis) -> bool {
        // `first_key_value` is O(log n); each evicted entry is removed exactly once, so the
        // eviction work is paid for by the inserts that created the entries.
        while let Some((&at, &count)) = self.hits.first_key_value() {
            // The window is (now - window, now]: `at` has left it once at + window <= now.
            if at + self.window > now {
                break;
            }
            self.hits.pop_first();
            self.total -= count;
        }
        if self.total >= self.limit {
            return false;
        }
        *self.hits.entry(now).or_insert(0) += 1;
        self.total += 1;
        true
    }

    pub fn accepted_between(&self, from: Millis, to: Millis) -> u32 {
        if from >= to {
            return 0;
        }
        self.hits.range(from..to).map(|(_, count)| count).sum()
    }
}
// ANCHOR_END: solution
