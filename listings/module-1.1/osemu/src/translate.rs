//! Address translation through a linear page table, as `paging-linear-translate.py` poses it.
//!
//! A virtual address splits into a virtual page number (the high bits) and an offset (the low
//! bits, as many as the page size needs). The VPN indexes the page table; a valid entry gives the
//! physical frame number, and the physical address is the frame number followed by the same
//! offset. Sizes must be powers of two for that split to be a split of bits, so they are checked
//! before anything is translated, and an address outside the address space is an error rather than
//! an index past the end of the table.

use crate::error::{Error, Result};
use serde::Serialize;

/// Sizes are kept below this, as in the Python tool: large enough for any exercise, and small
/// enough that a generated page table fits in memory.
pub const SIZE_LIMIT: u64 = 1 << 30;

/// The bit `paging-linear-translate.py` sets in a page-table entry to mark it valid.
pub const VALID_BIT: u64 = 0x8000_0000;

/// Parses a size such as `16k`, `4K`, `32m`, `1g` or `4096` (k, m and g are powers of 1024).
pub fn parse_size(name: &'static str, input: &str) -> Result<u64> {
    let text = input.trim();
    let (digits, multiplier) = match text.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&text[..text.len() - 1], 1u64 << 10),
        Some('m') => (&text[..text.len() - 1], 1 << 20),
        Some('g') => (&text[..text.len() - 1], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| {
            Error::argument(
                name,
                format!("`{input}` is not a size (a number, optionally followed by k, m or g)"),
            )
        })
}

/// The geometry of the problem: how big the address space, physical memory and pages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Geometry {
    pub address_space: u64,
    pub physical_memory: u64,
    pub page_size: u64,
}

impl Geometry {
    /// Checks the sizes: positive, below [`SIZE_LIMIT`], page size and address space powers of
    /// two, and both memories whole numbers of pages.
    pub fn new(address_space: u64, physical_memory: u64, page_size: u64) -> Result<Self> {
        for (name, size) in [
            ("asize", address_space),
            ("physmem", physical_memory),
            ("pagesize", page_size),
        ] {
            if size == 0 {
                return Err(Error::argument(name, "must be at least 1 byte (got 0)"));
            }
            if size >= SIZE_LIMIT {
                return Err(Error::argument(
                    name,
                    format!("must be smaller than 1g (got {size})"),
                ));
            }
        }
        if !page_size.is_power_of_two() {
            return Err(Error::argument(
                "pagesize",
                format!("must be a power of two (got {page_size})"),
            ));
        }
        if !address_space.is_power_of_two() {
            return Err(Error::argument(
                "asize",
                format!("must be a power of two (got {address_space})"),
            ));
        }
        for (name, size) in [("asize", address_space), ("physmem", physical_memory)] {
            if size % page_size != 0 {
                return Err(Error::argument(
                    name,
                    format!("must be a multiple of the page size {page_size} (got {size})"),
                ));
            }
        }
        Ok(Geometry {
            address_space,
            physical_memory,
            page_size,
        })
    }

    pub fn virtual_pages(&self) -> u64 {
        self.address_space / self.page_size
    }

    pub fn physical_pages(&self) -> u64 {
        self.physical_memory / self.page_size
    }

    /// Bits of offset within a page.
    pub fn offset_bits(&self) -> u32 {
        self.page_size.trailing_zeros()
    }
}

/// One translated address. `pa` is `None` when the page is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Translation {
    pub va: u64,
    pub vpn: u64,
    pub offset: u64,
    pub valid: bool,
    pub pa: Option<u64>,
}

// ANCHOR: translate
/// Translates `va` through `table` (one entry per virtual page: the frame number, or `None`).
pub fn translate(geometry: &Geometry, table: &[Option<u64>], va: u64) -> Result<Translation> {
    if va >= geometry.address_space {
        return Err(Error::AddressOutOfRange {
            va,
            size: geometry.address_space,
        });
    }
    let bits = geometry.offset_bits();
    let vpn = va >> bits;
    let offset = va & (geometry.page_size - 1);
    let frame = table.get(vpn as usize).copied().flatten();
    Ok(Translation {
        va,
        vpn,
        offset,
        valid: frame.is_some(),
        pa: frame.map(|pfn| (pfn << bits) | offset),
    })
}
// ANCHOR_END: translate

/// Parses a page table given by hand, one entry per virtual page, comma-separated. An entry is a
/// frame number (`5`), a raw entry in the Python tool's format (`0x80000005`: valid bit and frame;
/// `0x00000000`: invalid), or `-` for an invalid page.
pub fn parse_page_table(input: &str, geometry: &Geometry) -> Result<Vec<Option<u64>>> {
    const WHAT: &str = "page table";
    let table = input
        .split(',')
        .map(|entry| {
            let entry = entry.trim();
            let bad = || {
                Error::list(
                    WHAT,
                    input,
                    format!("`{entry}` should be a frame number, a 0x entry, or - for invalid"),
                )
            };
            let frame = if entry == "-" {
                None
            } else if let Some(hex) = entry.strip_prefix("0x").or(entry.strip_prefix("0X")) {
                let raw = u64::from_str_radix(hex, 16).map_err(|_| bad())?;
                (raw & VALID_BIT != 0).then_some(raw & !VALID_BIT)
            } else {
                Some(entry.parse::<u64>().map_err(|_| bad())?)
            };
            if let Some(pfn) = frame
                && pfn >= geometry.physical_pages()
            {
                return Err(Error::list(
                    WHAT,
                    input,
                    format!(
                        "frame {pfn} does not exist: physical memory has {} frames",
                        geometry.physical_pages()
                    ),
                ));
            }
            Ok(frame)
        })
        .collect::<Result<Vec<_>>>()?;
    if table.len() as u64 != geometry.virtual_pages() {
        return Err(Error::list(
            WHAT,
            input,
            format!(
                "{} entries for an address space of {} pages",
                table.len(),
                geometry.virtual_pages()
            ),
        ));
    }
    Ok(table)
}

/// Parses virtual addresses, decimal or `0x` hexadecimal, comma-separated.
pub fn parse_addresses(input: &str) -> Result<Vec<u64>> {
    input
        .split(',')
        .map(|item| {
            let item = item.trim();
            let parsed = match item.strip_prefix("0x").or(item.strip_prefix("0X")) {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => item.parse::<u64>(),
            };
            parsed.map_err(|_| {
                Error::list(
                    "address list",
                    input,
                    format!("`{item}` is not an address (decimal, or hexadecimal with 0x)"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry() -> Geometry {
        // 16 KB address space in 4 KB pages: 4 virtual pages, 2 bits of VPN, 12 bits of offset.
        Geometry::new(16 * 1024, 64 * 1024, 4 * 1024).expect("valid")
    }

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("asize", "16k").expect("16k"), 16_384);
        assert_eq!(parse_size("asize", "1M").expect("1M"), 1_048_576);
        assert_eq!(parse_size("asize", "100").expect("100"), 100);
        assert!(parse_size("asize", "k").is_err());
        assert!(parse_size("asize", "-4k").is_err());
    }

    // VA 0x3229 = 12841. With 12 offset bits: VPN = 12841 >> 12 = 3, offset = 12841 - 3 * 4096
    // = 553 (0x229). Entry 3 maps to frame 7, so PA = 7 * 4096 + 553 = 29225 (0x7229).
    #[test]
    fn a_valid_page_translates_to_its_frame() {
        let table = [Some(2), None, Some(9), Some(7)];
        let t = translate(&geometry(), &table, 0x3229).expect("inside");
        assert_eq!(
            (t.vpn, t.offset, t.valid, t.pa),
            (3, 553, true, Some(29_225))
        );
    }

    // VA 5000: VPN 1 (5000 >> 12), offset 904. Entry 1 is invalid: no physical address.
    #[test]
    fn an_invalid_page_has_no_physical_address() {
        let table = [Some(2), None, Some(9), Some(7)];
        let t = translate(&geometry(), &table, 5000).expect("inside");
        assert_eq!((t.vpn, t.offset, t.valid, t.pa), (1, 904, false, None));
    }

    #[test]
    fn an_address_past_the_address_space_is_an_error() {
        let table = [Some(2), None, Some(9), Some(7)];
        assert!(matches!(
            translate(&geometry(), &table, 16_384),
            Err(Error::AddressOutOfRange { va: 16_384, .. })
        ));
    }

    #[test]
    fn sizes_are_checked() {
        assert!(Geometry::new(16_384, 65_536, 3_000).is_err());
        assert!(Geometry::new(12_288, 65_536, 4_096).is_err());
        assert!(Geometry::new(16_384, 65_536, 32_768).is_err());
        assert!(Geometry::new(16_384, 0, 4_096).is_err());
        assert!(Geometry::new(1 << 30, 1 << 29, 4_096).is_err());
    }

    #[test]
    fn page_tables_parse_three_ways_and_must_fit() {
        let table = parse_page_table("0x80000002,-,9,0x00000000", &geometry()).expect("valid");
        assert_eq!(table, [Some(2), None, Some(9), None]);
        assert!(parse_page_table("1,2,3", &geometry()).is_err());
        assert!(parse_page_table("1,2,3,16", &geometry()).is_err());
        assert!(parse_page_table("1,2,3,x", &geometry()).is_err());
        assert_eq!(parse_addresses("0x10, 17").expect("valid"), [16, 17]);
        assert!(parse_addresses("12,-1").is_err());
    }
}
