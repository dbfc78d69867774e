use crate::{Access, Fault, PAGE_SIZE, PRESENT, PhysicalMemory, Translation, WRITABLE};

// ANCHOR: solution
pub fn translate(
    memory: &PhysicalMemory,
    directory_frame: u32,
    virtual_address: u32,
    access: Access,
) -> Result<Translation, Fault> {
    let directory_index = (virtual_address >> 22) as usize;
    let table_index = ((virtual_address >> 12) & 0x3ff) as usize;
    let offset = virtual_address & (PAGE_SIZE - 1);

    let directory_entry = memory.entry(directory_frame, directory_index);
    if directory_entry & PRESENT == 0 {
        return Err(Fault::NoPageTable);
    }
    let table_entry = memory.entry(directory_entry >> 12, table_index);
    if table_entry & PRESENT == 0 {
        return Err(Fault::NotMapped);
    }
    // Both levels must allow a write; either one can forbid it.
    if access == Access::Write && directory_entry & table_entry & WRITABLE == 0 {
        return Err(Fault::ReadOnly);
    }
    Ok(Translation {
        directory_index,
        table_index,
        offset,
        physical_address: (table_entry & !(PAGE_SIZE - 1)) | offset,
    })
}
// ANCHOR_END: solution
