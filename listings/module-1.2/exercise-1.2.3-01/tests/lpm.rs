//! What "done" means for Exercise 1.2.3-1.
use exercise_1_2_3_01::RouteTable;
use std::net::Ipv4Addr;

fn table() -> RouteTable {
    let mut table = RouteTable::new();
    table.insert(Ipv4Addr::new(10, 0, 0, 0), 8, "core");
    table.insert(Ipv4Addr::new(10, 1, 0, 0), 16, "datacenter-b");
    table.insert(Ipv4Addr::new(10, 1, 2, 0), 24, "rack-12");
    table.insert(Ipv4Addr::new(10, 1, 2, 3), 32, "host-pinned");
    table.insert(Ipv4Addr::new(192, 168, 0, 0), 16, "office");
    table
}

/// Looks up every address and checks the next hop it gets (`None`: no route).
fn assert_routes(table: &RouteTable, cases: &[([u8; 4], Option<&str>)]) {
    for &(octets, expected) in cases {
        let address = Ipv4Addr::from(octets);
        assert_eq!(table.longest_prefix_match(address), expected, "{address}");
    }
}

#[test]
fn the_most_specific_route_wins() {
    assert_routes(
        &table(),
        &[
            ([10, 9, 9, 9], Some("core")),
            ([10, 1, 200, 1], Some("datacenter-b")),
            ([10, 1, 2, 200], Some("rack-12")),
            ([10, 1, 2, 3], Some("host-pinned")),
            ([192, 168, 7, 7], Some("office")),
        ],
    );
}

#[test]
fn no_route_and_default_route() {
    let mut table = table();
    assert_routes(&table, &[([8, 8, 8, 8], None)]);
    table.insert(Ipv4Addr::UNSPECIFIED, 0, "internet");
    assert_routes(
        &table,
        &[
            ([8, 8, 8, 8], Some("internet")),
            ([10, 1, 2, 3], Some("host-pinned")),
        ],
    );
}

#[test]
fn a_longer_prefix_that_does_not_contain_the_address_is_not_used() {
    let mut table = RouteTable::new();
    table.insert(Ipv4Addr::new(172, 16, 0, 0), 12, "private");
    table.insert(Ipv4Addr::new(172, 16, 128, 0), 17, "upper-half");
    assert_routes(
        &table,
        &[
            ([172, 16, 1, 1], Some("private")),
            ([172, 16, 200, 1], Some("upper-half")),
            ([172, 32, 0, 1], None),
        ],
    );
}

#[test]
fn matches_a_linear_scan_of_every_route() {
    let routes = [
        (Ipv4Addr::new(0, 0, 0, 0), 1, "low-half"),
        (Ipv4Addr::new(64, 0, 0, 0), 2, "second-quarter"),
        (Ipv4Addr::new(96, 0, 0, 0), 3, "q"),
        (Ipv4Addr::new(100, 64, 0, 0), 10, "cgnat"),
        (Ipv4Addr::new(100, 64, 1, 0), 24, "cgnat-1"),
    ];
    let mut table = RouteTable::new();
    for (prefix, len, hop) in routes {
        table.insert(prefix, len, hop);
    }
    let mut state = 12345u32;
    for _ in 0..10_000 {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let address = Ipv4Addr::from(state);
        let expected = routes
            .iter()
            .filter(|(prefix, len, _)| {
                let mask = if *len == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(*len))
                };
                u32::from(address) & mask == u32::from(*prefix) & mask
            })
            .max_by_key(|(_, len, _)| *len)
            .map(|(_, _, hop)| *hop);
        assert_eq!(table.longest_prefix_match(address), expected, "{address}");
    }
}
