//! The hand-written client against hickory-server, a DNS implementation it shares no code
//! with, and against fake servers that misbehave on purpose. Everything runs on loopback.
use listing_1_1_9_02::client::exchange;
use listing_1_1_9_02::server::ZoneServer;
use listing_1_1_9_02::{DnsError, Rdata, RecordType, build_query, parse_message, query};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(2);

const ZONE: &str = "\
$TTL 300
@    IN SOA   ns1 admin 7 7200 900 1209600 60
@    IN NS    ns1
ns1  IN A     127.0.0.1
www  IN A     192.0.2.10
www  IN A     192.0.2.11
www  IN AAAA  2001:db8::10
api  IN CNAME www
old  3600 IN A 192.0.2.99
";

fn server() -> ZoneServer {
    ZoneServer::start("example.test.", ZONE).expect("the DNS server starts")
}

fn addresses(records: &[listing_1_1_9_02::Record]) -> Vec<Rdata> {
    records.iter().map(|record| record.data.clone()).collect()
}

#[test]
fn an_a_query_gets_both_addresses_from_an_authoritative_server() {
    let server = server();
    let answer = query(
        server.address(),
        0x1234,
        "www.example.test",
        RecordType::A,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(answer.header.id, 0x1234);
    assert!(answer.header.is_response && answer.header.authoritative);
    assert_eq!(answer.header.response_code, 0);
    assert_eq!(answer.questions[0].name, "www.example.test.");
    let mut found = addresses(&answer.answers);
    found.sort_by_key(|data| data.to_string());
    assert_eq!(
        found,
        [
            Rdata::A(Ipv4Addr::new(192, 0, 2, 10)),
            Rdata::A(Ipv4Addr::new(192, 0, 2, 11))
        ]
    );
    assert!(answer.answers.iter().all(|record| record.ttl == 300));
}

#[test]
fn an_aaaa_query_gets_the_ipv6_address() {
    let server = server();
    let answer = query(
        server.address(),
        7,
        "www.example.test.",
        RecordType::AAAA,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(
        addresses(&answer.answers),
        [Rdata::Aaaa("2001:db8::10".parse::<Ipv6Addr>().unwrap())]
    );
}

#[test]
fn a_record_keeps_its_own_ttl() {
    let server = server();
    let answer = query(
        server.address(),
        8,
        "old.example.test",
        RecordType::A,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(answer.answers[0].ttl, 3600);
}

#[test]
fn a_cname_is_followed_inside_the_zone_and_its_compressed_names_decode() {
    let server = server();
    let answer = query(
        server.address(),
        9,
        "api.example.test",
        RecordType::A,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(answer.answers[0].record_type, RecordType::CNAME);
    assert_eq!(
        answer.answers[0].data,
        Rdata::Cname("www.example.test.".into())
    );
    assert!(
        answer.answers[1..]
            .iter()
            .all(|r| r.name == "www.example.test.")
    );
    assert_eq!(answer.answers.len(), 3);
}

#[test]
fn a_missing_name_is_nxdomain_with_the_soa_for_negative_caching() {
    let server = server();
    let answer = query(
        server.address(),
        10,
        "nope.example.test",
        RecordType::A,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(answer.header.response_code, 3);
    assert!(answer.answers.is_empty());
    assert!(matches!(
        answer.authority[0].data,
        Rdata::Soa {
            serial: 7,
            negative_ttl: 60,
            ..
        }
    ));
}

#[test]
fn a_name_outside_the_zone_is_refused() {
    let server = server();
    let answer = query(
        server.address(),
        11,
        "www.elsewhere.test",
        RecordType::A,
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(answer.header.response_code, 5);
    assert!(!answer.header.authoritative);
}

#[test]
fn a_silent_server_is_a_timeout_not_a_hang() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let started = Instant::now();
    let result = query(
        silent.local_addr().unwrap(),
        1,
        "www.example.test",
        RecordType::A,
        Duration::from_millis(200),
    );
    assert!(matches!(result, Err(DnsError::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_closed_port_is_connection_refused() {
    let closed = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let result = query(closed, 1, "www.example.test", RecordType::A, TIMEOUT);
    assert!(
        matches!(&result, Err(DnsError::Io(e)) if e.kind() == ErrorKind::ConnectionRefused),
        "{result:?}"
    );
}

#[test]
fn answers_with_the_wrong_id_are_ignored() {
    let fake = UdpSocket::bind("127.0.0.1:0").unwrap();
    fake.set_read_timeout(Some(TIMEOUT)).unwrap();
    let address: SocketAddr = fake.local_addr().unwrap();
    let responder = thread::spawn(move || {
        let mut buffer = [0u8; 512];
        let (length, client) = fake.recv_from(&mut buffer).unwrap();
        let mut answer = buffer[..length].to_vec();
        answer[2] |= 0x80; // QR: a response, with no records
        let mut forged = answer.clone();
        forged[0] ^= 0xFF; // same answer, another ID
        fake.send_to(&forged, client).unwrap();
        fake.send_to(&answer, client).unwrap();
    });
    let answer = query(address, 0x4242, "www.example.test", RecordType::A, TIMEOUT).unwrap();
    assert_eq!(answer.header.id, 0x4242);
    responder.join().unwrap();
}

#[test]
fn answers_to_another_question_are_ignored() {
    // A forger who guessed the port and the ID still has to guess the question. Each of these
    // has the right ID and the response bit, but asks about something else; only the last one,
    // the honest answer with the name in another case, may be taken.
    let fake = UdpSocket::bind("127.0.0.1:0").unwrap();
    fake.set_read_timeout(Some(TIMEOUT)).unwrap();
    let address: SocketAddr = fake.local_addr().unwrap();
    let responder = thread::spawn(move || {
        let mut buffer = [0u8; 512];
        let (length, client) = fake.recv_from(&mut buffer).unwrap();
        let query = buffer[..length].to_vec();
        let forge = |id: u16, name: &str, record_type: RecordType| {
            let mut answer = build_query(id, name, record_type).unwrap();
            answer[2] |= 0x80; // QR: a response, with no records
            answer
        };
        let id = u16::from_be_bytes([query[0], query[1]]);
        let mut wrong_class = forge(id, "www.example.test", RecordType::A);
        let last = wrong_class.len() - 1;
        wrong_class[last] = 3; // class CH instead of IN
        let mut no_question = forge(id, "www.example.test", RecordType::A);
        no_question[5] = 0; // QDCOUNT 0
        for forged in [
            forge(id, "www.example.tesu", RecordType::A),
            forge(id, "www.example.test", RecordType::AAAA),
            wrong_class,
            no_question,
            forge(id, "WWW.Example.TEST", RecordType::A),
        ] {
            fake.send_to(&forged, client).unwrap();
        }
    });
    let answer = query(address, 0x4243, "www.example.test", RecordType::A, TIMEOUT).unwrap();
    assert_eq!(answer.header.id, 0x4243);
    assert_eq!(answer.header.question_count, 1);
    assert!(answer.questions[0].name.starts_with("WWW.Example.TEST"));
    responder.join().unwrap();
}

#[test]
fn a_forged_answer_alone_is_a_timeout() {
    let fake = UdpSocket::bind("127.0.0.1:0").unwrap();
    fake.set_read_timeout(Some(TIMEOUT)).unwrap();
    let address: SocketAddr = fake.local_addr().unwrap();
    let responder = thread::spawn(move || {
        let mut buffer = [0u8; 512];
        let (_, client) = fake.recv_from(&mut buffer).unwrap();
        let id = u16::from_be_bytes([buffer[0], buffer[1]]);
        let mut forged = build_query(id, "evil.example.test", RecordType::A).unwrap();
        forged[2] |= 0x80;
        fake.send_to(&forged, client).unwrap();
    });
    let result = query(
        address,
        0x4244,
        "www.example.test",
        RecordType::A,
        Duration::from_millis(300),
    );
    assert!(matches!(result, Err(DnsError::Timeout(_))), "{result:?}");
    responder.join().unwrap();
}

#[test]
fn a_truncated_answer_asks_for_tcp() {
    let fake = UdpSocket::bind("127.0.0.1:0").unwrap();
    fake.set_read_timeout(Some(TIMEOUT)).unwrap();
    let address = fake.local_addr().unwrap();
    let responder = thread::spawn(move || {
        let mut buffer = [0u8; 512];
        let (length, client) = fake.recv_from(&mut buffer).unwrap();
        buffer[2] |= 0x82; // QR and TC
        fake.send_to(&buffer[..length], client).unwrap();
    });
    let result = query(address, 5, "www.example.test", RecordType::A, TIMEOUT);
    assert!(
        matches!(result, Err(DnsError::TruncatedAnswer)),
        "{result:?}"
    );
    responder.join().unwrap();
}

#[test]
fn the_query_is_the_one_rfc_1035_describes() {
    // hickory parses our query, so it is well-formed; this pins down its exact size.
    let query = build_query(1, "www.example.test", RecordType::A).unwrap();
    assert_eq!(query.len(), 12 + 18 + 4);
}

#[test]
fn a_query_with_an_edns_record_is_matched_to_its_answer() {
    // Most resolvers add an OPT record (EDNS(0), RFC 6891) after the question, to announce a
    // larger buffer. The answer repeats only the question, so only the question is compared.
    let server = server();
    let mut request = build_query(0x0E0E, "www.example.test", RecordType::A).unwrap();
    request[11] = 1; // one additional record
    request.extend_from_slice(&[0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]); // OPT, 1,232 bytes
    let answer = exchange(server.address(), &request, TIMEOUT).unwrap();
    let answer = parse_message(&answer).unwrap();
    assert_eq!(answer.header.id, 0x0E0E);
    assert_eq!(answer.answers.len(), 2, "{answer:?}");
}
