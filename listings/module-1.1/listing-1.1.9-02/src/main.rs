//! Starts a real DNS server on loopback with a small zone, then asks it three questions with
//! the hand-written client and shows the bytes that crossed the wire.
use listing_1_1_9_02::client::exchange;
use listing_1_1_9_02::server::ZoneServer;
use listing_1_1_9_02::{Message, RecordType, build_query, parse_message, query};
use std::error::Error;
use std::time::Duration;

const QUERY_TIMEOUT: Duration = Duration::from_secs(2);

// ANCHOR: zone
/// `.test` is reserved for testing (RFC 6761) and 192.0.2.0/24 and 2001:db8::/32 for
/// documentation, so nothing here can collide with a real name or address.
const ORIGIN: &str = "example.test.";
const ZONE: &str = "\
$TTL 300
@    IN SOA   ns1 admin 2026112501 7200 900 1209600 60
@    IN NS    ns1
ns1  IN A     127.0.0.1
www  IN A     192.0.2.10
www  IN A     192.0.2.11
www  IN AAAA  2001:db8::10
api  IN CNAME www
";
// ANCHOR_END: zone

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let server = ZoneServer::start(ORIGIN, ZONE)?;
    println!("hickory-server is serving {ORIGIN} on {}", server.address());

    let request = build_query(0xBEEF, "www.example.test", RecordType::A)?;
    println!("\nquery for www.example.test A, {} bytes:", request.len());
    print_hex(&request);

    let answer = exchange(server.address(), &request, QUERY_TIMEOUT)?;
    println!("answer, {} bytes:", answer.len());
    print_hex(&answer);
    print_message(&parse_message(&answer)?);

    for (id, name, kind) in [
        (2, "api.example.test", RecordType::A),
        (3, "nope.example.test", RecordType::A),
    ] {
        println!("\nquery for {name} {kind}:");
        print_message(&query(server.address(), id, name, kind, QUERY_TIMEOUT)?);
    }
    Ok(())
}
// ANCHOR_END: main

fn print_message(message: &Message) {
    let h = &message.header;
    let code = match h.response_code {
        0 => "NOERROR",
        3 => "NXDOMAIN",
        _ => "other",
    };
    println!(
        "answer: id {:#06x}, {code}, authoritative {}, recursion available {}, {} answer(s), {} authority",
        h.id, h.authoritative, h.recursion_available, h.answer_count, h.authority_count
    );
    for (section, records) in [
        ("answer", &message.answers),
        ("authority", &message.authority),
    ] {
        for record in records {
            println!("  {section:<9} {record}");
        }
    }
}

/// Sixteen bytes a row, in hex, with the printable ones repeated on the right.
fn print_hex(bytes: &[u8]) {
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let text: String = chunk
            .iter()
            .map(|&b| if b.is_ascii_graphic() { b as char } else { '.' })
            .collect();
        println!("  {:04x}  {:<47}  {text}", row * 16, hex.join(" "));
    }
}
