// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.3-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::{BlockId, LINK_SIZE, PoolError};

// ANCHOR: starter
/// `count` blocks of `block_size` bytes, carved out of one `Vec<u8>`.
///
/// Free blocks form a singly linked list: the first `LINK_SIZE` bytes of each free block hold the
/// index of the next free block as a little-endian `u64` (`u64::MAX` for "none"), and the pool
/// remembers only the head. No other collection of free blocks: the list costs no memory.
/// Allocating pops the head; freeing pushes the block back on, so the block freed last is the
/// first handed out again. Keep one flag per block as well, so that a double free is caught.
pub struct BlockPool {
    memory: Vec<u8>,
    block_size: usize,
    // Add what else you need: the head of the free list, a flag per block, a count.
}

impl BlockPool {
    /// A pool of `count` blocks, all free and linked in order (block 0 is the head, its link
    /// says 1, and so on; the last says `u64::MAX`). Fails if a block cannot hold a link.
    pub fn new(block_size: usize, count: usize) -> Result<Self, PoolError> {
        todo!("allocate the memory, then link every block to the next")
    }

    /// Takes a free block, or `None` when every block is in use. Constant time.
    pub fn allocate(&mut self) -> Option<BlockId> {
        todo!("pop the head of the free list")
    }

    /// Gives a block back. Constant time.
    pub fn free(&mut self, id: BlockId) -> Result<(), PoolError> {
        todo!("check the id and the flag, write the old head into the block, make it the head")
    }

    /// How many blocks are free.
    pub fn available(&self) -> usize {
        todo!()
    }

    /// The bytes of an allocated block, or `None` for a free block or an unknown id.
    pub fn block_mut(&mut self, id: BlockId) -> Option<&mut [u8]> {
        todo!()
    }

    /// All of the pool's memory, block 0 first, free blocks included. The tests read the free
    /// list's links here, so the links must live in the blocks and nowhere else.
    pub fn memory(&self) -> &[u8] {
        todo!()
    }
}
// ANCHOR_END: starter
