//! Text and JSON for the `translate` subcommand.
//!
//! The page table is printed in the Python tool's raw form, a valid bit above the frame number,
//! since decoding entries is part of the exercise; the JSON gives the decoded frame numbers.

use crate::translate::{Geometry, Translation, VALID_BIT};
use serde::Serialize;
use std::fmt::Write;

fn describe(out: &mut String, geometry: &Geometry, table: &[Option<u64>]) {
    let _ = writeln!(
        out,
        "Address space {} bytes, physical memory {} bytes, pages of {} bytes",
        geometry.address_space, geometry.physical_memory, geometry.page_size
    );
    let _ = writeln!(
        out,
        "({} virtual pages; a virtual address has {} bits of offset)",
        geometry.virtual_pages(),
        geometry.offset_bits()
    );
    out.push_str(
        "\nPage table, entry 0 first. The top bit of an entry is its valid bit; when it is set,\nthe rest of the entry is the physical frame number.\n",
    );
    for (vpn, entry) in table.iter().enumerate() {
        let raw = entry.map_or(0, |pfn| VALID_BIT | pfn);
        let _ = writeln!(out, "  [{vpn:6}]  0x{raw:08x}");
    }
}

/// The homework: the geometry, the table, and the addresses to translate.
pub fn problem(geometry: &Geometry, table: &[Option<u64>], addresses: &[u64]) -> String {
    let mut out = String::new();
    describe(&mut out, geometry, table);
    out.push_str("\nVirtual addresses to translate:\n");
    for va in addresses {
        let _ = writeln!(
            out,
            "  VA 0x{va:08x} (decimal {va:8}) -> physical address, or invalid?"
        );
    }
    out.push_str("\nRun the same command with -c to see the answers.\n");
    out
}

/// The answer: each address's VPN, offset and physical address.
pub fn solution(
    geometry: &Geometry,
    table: &[Option<u64>],
    translations: &[Translation],
) -> String {
    let mut out = String::new();
    describe(&mut out, geometry, table);
    out.push_str("\nTranslations:\n");
    for t in translations {
        let _ = write!(
            out,
            "  VA 0x{:08x} (decimal {:8}) = VPN {} + offset {} -> ",
            t.va, t.va, t.vpn, t.offset
        );
        let _ = match t.pa {
            Some(pa) => writeln!(out, "PA 0x{pa:08x} (decimal {pa})"),
            None => writeln!(out, "invalid (VPN {} is not valid)", t.vpn),
        };
    }
    out
}

/// The JSON document of `osemu translate --json`.
#[derive(Debug, Serialize)]
pub struct TranslateReport<'a> {
    pub geometry: &'a Geometry,
    /// Frame number of each virtual page, `null` when invalid.
    pub page_table: &'a [Option<u64>],
    pub translations: &'a [Translation],
}

pub fn report<'a>(
    geometry: &'a Geometry,
    table: &'a [Option<u64>],
    translations: &'a [Translation],
) -> TranslateReport<'a> {
    TranslateReport {
        geometry,
        page_table: table,
        translations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::translate;

    // 16-byte address space, 4-byte pages (2 offset bits), table [3, invalid, 0, 1].
    // VA 6 = VPN 1 (invalid). VA 13 = VPN 3, offset 1 -> frame 1: PA 1 * 4 + 1 = 5.
    #[test]
    fn translations_print_and_serialize() {
        let geometry = Geometry::new(16, 32, 4).expect("valid");
        let table = [Some(3), None, Some(0), Some(1)];
        let translations: Vec<Translation> = [6, 13]
            .iter()
            .map(|&va| translate(&geometry, &table, va).expect("inside"))
            .collect();
        let text = solution(&geometry, &table, &translations);
        assert!(text.contains("invalid (VPN 1 is not valid)"), "{text}");
        assert!(
            text.contains("= VPN 3 + offset 1 -> PA 0x00000005 (decimal 5)"),
            "{text}"
        );
        assert!(text.contains("[     0]  0x80000003"), "{text}");
        let json = serde_json::to_value(report(&geometry, &table, &translations)).expect("json");
        assert_eq!(json["translations"][1]["pa"], 5);
        assert_eq!(json["translations"][0]["pa"], serde_json::Value::Null);
        assert_eq!(json["page_table"][1], serde_json::Value::Null);
    }
}
