use crate::{BlockId, LINK_SIZE, PoolError};

// ANCHOR: solution
/// Marks the end of the free list.
const NONE: u64 = u64::MAX;

pub struct BlockPool {
    memory: Vec<u8>,
    block_size: usize,
    /// The first free block, or `NONE`.
    free_head: u64,
    allocated: Vec<bool>,
    available: usize,
}

impl BlockPool {
    pub fn new(block_size: usize, count: usize) -> Result<Self, PoolError> {
        if block_size < LINK_SIZE {
            return Err(PoolError::BlockTooSmall { block_size });
        }
        let mut pool = BlockPool {
            memory: vec![0; block_size * count],
            block_size,
            free_head: NONE,
            allocated: vec![false; count],
            available: count,
        };
        // Push the blocks from the last to the first, so that block 0 is handed out first.
        for index in (0..count).rev() {
            pool.write_link(index, pool.free_head);
            pool.free_head = index as u64;
        }
        Ok(pool)
    }

    pub fn allocate(&mut self) -> Option<BlockId> {
        if self.free_head == NONE {
            return None;
        }
        let index = self.free_head as usize;
        self.free_head = self.read_link(index);
        self.allocated[index] = true;
        self.available -= 1;
        Some(BlockId(index))
    }

    pub fn free(&mut self, id: BlockId) -> Result<(), PoolError> {
        match self.allocated.get(id.0) {
            None => return Err(PoolError::NotInPool(id)),
            Some(false) => return Err(PoolError::DoubleFree(id)),
            Some(true) => {}
        }
        self.write_link(id.0, self.free_head);
        self.free_head = id.0 as u64;
        self.allocated[id.0] = false;
        self.available += 1;
        Ok(())
    }

    pub fn available(&self) -> usize {
        self.available
    }

    pub fn block_mut(&mut self, id: BlockId) -> Option<&mut [u8]> {
        if !self.allocated.get(id.0).copied().unwrap_or(false) {
            return None;
        }
        let start = id.0 * self.block_size;
        Some(&mut self.memory[start..start + self.block_size])
    }

    pub fn memory(&self) -> &[u8] {
        &self.memory
    }

    fn write_link(&mut self, index: usize, next: u64) {
        let start = index * self.block_size;
        self.memory[start..start + LINK_SIZE].copy_from_slice(&next.to_le_bytes());
    }

    fn read_link(&self, index: usize) -> u64 {
        let start = index * self.block_size;
        let mut link = [0; LINK_SIZE];
        link.copy_from_slice(&self.memory[start..start + LINK_SIZE]);
        u64::from_le_bytes(link)
    }
}
// ANCHOR_END: solution
