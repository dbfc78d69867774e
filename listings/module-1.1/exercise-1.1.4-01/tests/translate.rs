//! What "done" means for Exercise 1.1.4-1.
use exercise_1_1_4_01::{
    Access, Fault, PRESENT, PhysicalMemory, Translation, WRITABLE, entry, translate,
};

/// The page directory lives in frame 5.
const DIRECTORY: u32 = 5;

/// A small address space:
/// - directory entry 1 -> page table in frame 9 (writable)
///   - table entry 3 -> frame 0x1234 (writable)
///   - table entry 4 -> frame 0x00a0 (read-only: code)
///   - table entry 5 -> frame 0x1234 again (the same frame mapped twice)
/// - directory entry 1023 -> page table in frame 11, marked read-only
///   - table entry 1023 -> frame 0x0777 (writable in the table, but the directory says no)
fn address_space() -> PhysicalMemory {
    let mut memory = PhysicalMemory::new();
    memory.set_entry(DIRECTORY, 1, entry(9, PRESENT | WRITABLE));
    memory.set_entry(9, 3, entry(0x1234, PRESENT | WRITABLE));
    memory.set_entry(9, 4, entry(0x00a0, PRESENT));
    memory.set_entry(9, 5, entry(0x1234, PRESENT | WRITABLE));
    memory.set_entry(DIRECTORY, 1023, entry(11, PRESENT));
    memory.set_entry(11, 1023, entry(0x0777, PRESENT | WRITABLE));
    memory
}

#[test]
fn splits_the_address_and_joins_frame_and_offset() {
    // 0x0040_3abc = directory 1, table 3, offset 0xabc.
    let translation = translate(&address_space(), DIRECTORY, 0x0040_3abc, Access::Read).unwrap();
    assert_eq!(
        translation,
        Translation {
            directory_index: 1,
            table_index: 3,
            offset: 0xabc,
            physical_address: 0x0123_4abc,
        }
    );
}

#[test]
fn writes_go_through_when_both_levels_allow_them() {
    let translation = translate(&address_space(), DIRECTORY, 0x0040_3000, Access::Write).unwrap();
    assert_eq!(translation.physical_address, 0x0123_4000);
}

#[test]
fn a_read_only_page_can_be_read_but_not_written() {
    let memory = address_space();
    let read = translate(&memory, DIRECTORY, 0x0040_4fff, Access::Read).unwrap();
    assert_eq!(read.physical_address, 0x000a_0fff);
    assert_eq!(
        translate(&memory, DIRECTORY, 0x0040_4fff, Access::Write),
        Err(Fault::ReadOnly)
    );
}

#[test]
fn a_read_only_directory_entry_forbids_writes_to_its_whole_table() {
    let memory = address_space();
    let read = translate(&memory, DIRECTORY, 0xffff_ffff, Access::Read).unwrap();
    assert_eq!(read.directory_index, 1023);
    assert_eq!(read.table_index, 1023);
    assert_eq!(read.physical_address, 0x0077_7fff);
    assert_eq!(
        translate(&memory, DIRECTORY, 0xffff_ffff, Access::Write),
        Err(Fault::ReadOnly)
    );
}

#[test]
fn two_pages_can_share_one_frame() {
    let memory = address_space();
    let first = translate(&memory, DIRECTORY, 0x0040_3010, Access::Read).unwrap();
    let second = translate(&memory, DIRECTORY, 0x0040_5010, Access::Read).unwrap();
    assert_eq!(first.physical_address, second.physical_address);
}

#[test]
fn missing_entries_are_faults_at_the_right_level() {
    let memory = address_space();
    // Directory entry 0 was never set: address 0 has no page table, as in every real process.
    assert_eq!(
        translate(&memory, DIRECTORY, 0x0000_0000, Access::Read),
        Err(Fault::NoPageTable)
    );
    // A missing table is reported before any question of writing.
    assert_eq!(
        translate(&memory, DIRECTORY, 0x0080_0000, Access::Write),
        Err(Fault::NoPageTable)
    );
    // Directory entry 1 exists, table entry 6 does not.
    assert_eq!(
        translate(&memory, DIRECTORY, 0x0040_6000, Access::Write),
        Err(Fault::NotMapped)
    );
}

#[test]
fn the_offset_is_never_translated() {
    let memory = address_space();
    for offset in [0, 1, 0x7ff, 0xfff] {
        let translation =
            translate(&memory, DIRECTORY, 0x0040_3000 + offset, Access::Read).unwrap();
        assert_eq!(translation.offset, offset);
        assert_eq!(translation.physical_address & 0xfff, offset);
    }
}
