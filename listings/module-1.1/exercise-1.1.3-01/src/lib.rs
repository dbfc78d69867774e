//! Exercise 1.1.3-1: a pool allocator for blocks of one size, whose free list lives inside the free
//! blocks themselves, as in slab allocators and in malloc's bins for small chunks.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.3-1
//! ```
use std::fmt;

/// A handle to one block of a pool: its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockId(pub usize);

/// Requests a pool refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// Blocks must be at least `LINK_SIZE` bytes, to hold the free list's link.
    BlockTooSmall { block_size: usize },
    /// The block is already free.
    DoubleFree(BlockId),
    /// The pool has no block with this index.
    NotInPool(BlockId),
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::BlockTooSmall { block_size } => {
                write!(
                    f,
                    "blocks of {block_size} bytes cannot hold a {LINK_SIZE}-byte link"
                )
            }
            PoolError::DoubleFree(id) => write!(f, "block {} is already free", id.0),
            PoolError::NotInPool(id) => write!(f, "there is no block {}", id.0),
        }
    }
}

impl std::error::Error for PoolError {}

/// Bytes of a free block used for the link to the next free block (a little-endian `u64`).
pub const LINK_SIZE: usize = 8;

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::BlockPool;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::BlockPool;
