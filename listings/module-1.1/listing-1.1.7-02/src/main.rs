//! `cargo run -q -- 10.0.0.0/30 fd00::/126`: describes each CIDR block given on the command line.
//! With no arguments, it takes a tour of typical blocks and of input it rejects.
use listing_1_1_7_02::{Cidr, CidrError};
use std::fmt::Write as _;
use std::process::ExitCode;

/// Blocks up to this size are listed in full; larger ones show their ends.
const LIST_IN_FULL: u128 = 8;

const TOUR: [&str; 7] = [
    "10.0.0.0/30",
    "192.168.1.0/24",
    "192.0.2.4/31",
    "127.0.0.0/8",
    "fd00::/126",
    "2001:db8::/32",
    "::/0",
];
const TOUR_REJECTED: [&str; 5] = [
    "10.0.0.1/30",
    "10.0.0.0/33",
    "10.0.0/8",
    "fd00::/129",
    "10.0.0.0",
];

// ANCHOR: describe
/// Everything the library computes about a block, one fact per line.
fn describe(block: &Cidr) -> String {
    let mut text = format!("{block}\n");
    // Writing to a String cannot fail, so the results of `writeln!` are safe to ignore.
    let _ = writeln!(text, "  netmask    {}", block.netmask());
    if let Some(broadcast) = block.broadcast() {
        let _ = writeln!(text, "  broadcast  {broadcast}");
    }
    let _ = writeln!(
        text,
        "  hosts      {} to {} ({})",
        block.first_host(),
        block.last_host(),
        counts(block),
    );
    let listed: Vec<String> = match block.address_count() {
        Some(count) if count <= LIST_IN_FULL => block
            .addresses()
            .map(|address| address.to_string())
            .collect(),
        _ => {
            let mut ends: Vec<String> = block.addresses().take(3).map(|a| a.to_string()).collect();
            ends.push("...".to_owned());
            ends.push(block.last_address().to_string());
            ends
        }
    };
    let _ = writeln!(text, "  addresses  {}", listed.join(" "));
    text
}
// ANCHOR_END: describe

/// "2 of 4 addresses", or in powers of two once the numbers get too long to read.
fn counts(block: &Cidr) -> String {
    let host_bits = block.host_bits();
    match block.address_count() {
        Some(addresses) if host_bits <= 24 => {
            format!("{} of {addresses} addresses", block.host_count())
        }
        // The network address and the broadcast address are the only ones that are not hosts.
        _ => {
            let reserved = u8::from(block.first_host() != block.network())
                + u8::from(block.last_host() != block.last_address());
            format!("2^{host_bits} - {reserved} of 2^{host_bits} addresses")
        }
    }
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments.is_empty() {
        for text in TOUR {
            match text.parse::<Cidr>() {
                Ok(block) => println!("{}", describe(&block)),
                Err(error) => println!("{text}: {error}"),
            }
        }
        println!("rejected:");
        for text in TOUR_REJECTED {
            let outcome: Result<Cidr, CidrError> = text.parse();
            match outcome {
                Ok(block) => println!("  {text}: unexpectedly accepted as {block}"),
                Err(error) => println!("  {text:<12} {error}"),
            }
        }
        return ExitCode::SUCCESS;
    }

    let mut failed = false;
    for text in &arguments {
        match text.parse::<Cidr>() {
            Ok(block) => println!("{}", describe(&block)),
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
