// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.1.4-1`.
#![allow(unused_variables, unused_imports)]

use crate::{Access, Fault, PAGE_SIZE, PRESENT, PhysicalMemory, Translation, WRITABLE};

// ANCHOR: starter
/// Translates `virtual_address` for an access of kind `access`, starting from the page directory
/// held in frame `directory_frame`, or says which fault the processor would raise.
///
/// Check the levels in order: a missing page table is `NoPageTable` even for a write, and a
/// write is refused with `ReadOnly` only once both entries are known to be present.
pub fn translate(
    memory: &PhysicalMemory,
    directory_frame: u32,
    virtual_address: u32,
    access: Access,
) -> Result<Translation, Fault> {
    todo!("split the address, read the directory entry, then the table entry, then check flags")
}
// ANCHOR_END: starter
