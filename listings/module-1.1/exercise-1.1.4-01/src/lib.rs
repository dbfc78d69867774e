//! Exercise 1.1.4-1: translate virtual addresses the way a 32-bit x86 processor does, by walking a
//! two-level page table kept in (simulated) physical memory.
//!
//! A 32-bit virtual address splits into three parts:
//!
//! ```text
//!  31          22 21          12 11                    0
//! | directory idx |  table idx   |        offset         |
//! |    10 bits    |   10 bits    |        12 bits        |
//! ```
//!
//! The directory index picks an entry of the page directory, which names the frame holding a page
//! table; the table index picks an entry of that table, which names the frame holding the page;
//! the offset picks the byte in it. An entry is a `u32`: the frame number in bits 12-31, and
//! flags in the low bits.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.4-1
//! ```
use std::collections::HashMap;

/// Bytes in a page, and in a frame.
pub const PAGE_SIZE: u32 = 4096;
/// Entries in a page directory or a page table: one page of 4-byte entries.
pub const ENTRIES: usize = 1024;
/// Entry flag: the entry is valid.
pub const PRESENT: u32 = 1 << 0;
/// Entry flag: writes are allowed. A write needs it in *both* levels.
pub const WRITABLE: u32 = 1 << 1;

/// Makes an entry that points at `frame` with the given flags.
pub fn entry(frame: u32, flags: u32) -> u32 {
    (frame << 12) | flags
}

/// Physical memory, as far as the page-table walk can see it: the frames that hold a page
/// directory or a page table, each an array of entries. A frame never written reads as zeros.
#[derive(Default)]
pub struct PhysicalMemory {
    frames: HashMap<u32, Box<[u32; ENTRIES]>>,
}

impl PhysicalMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes entry `index` of the directory or table held in `frame`.
    pub fn set_entry(&mut self, frame: u32, index: usize, value: u32) {
        self.frames
            .entry(frame)
            .or_insert_with(|| Box::new([0; ENTRIES]))[index] = value;
    }

    /// Reads entry `index` of the directory or table held in `frame`.
    pub fn entry(&self, frame: u32, index: usize) -> u32 {
        self.frames.get(&frame).map_or(0, |entries| entries[index])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The result of a successful walk, with the pieces it used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Translation {
    pub directory_index: usize,
    pub table_index: usize,
    pub offset: u32,
    pub physical_address: u32,
}

/// Why the hardware would raise a page fault instead of completing the access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The page-directory entry is not present: no page table covers this 4 MiB.
    NoPageTable,
    /// The page-table entry is not present: the page is not mapped.
    NotMapped,
    /// A write to a page that one of the two levels marks read-only.
    ReadOnly,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::translate;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::translate;
