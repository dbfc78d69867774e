use crate::Matrix;

// ANCHOR: solution
impl Matrix {
    pub fn column_sums_by_row(&self) -> Vec<u64> {
        let mut sums = vec![0u64; self.cols];
        if self.cols == 0 {
            return sums;
        }
        for row in self.values.chunks_exact(self.cols) {
            // Consecutive reads, consecutive writes: the prefetcher and the vectoriser both
            // recognise this loop.
            for (sum, value) in sums.iter_mut().zip(row) {
                *sum += value;
            }
        }
        sums
    }
}
// ANCHOR_END: solution
