//! A rustls client against a rustls server, both on loopback, with certificates made here.
use listing_1_1_10_02::{TestPki, TlsError, client_config, https_get, serve, server_config};
use std::io::{Read, Write};
use std::net::TcpStream;

#[test]
fn a_trusted_certificate_for_the_right_name_gets_the_response() {
    let pki = TestPki::generate().unwrap();
    let (address, server) = serve(server_config(&pki).unwrap(), 2).unwrap();
    let client = client_config(std::slice::from_ref(&pki.authority)).unwrap();
    for name in ["localhost", "127.0.0.1"] {
        let fetched = https_get(client.clone(), address, name).unwrap();
        assert_eq!(fetched.protocol, "TLSv1_3");
        assert!(fetched.response.ends_with("\r\n\r\nhello over TLS\n"));
    }
    assert_eq!(server.join().unwrap(), ["answered", "answered"]);
}

#[test]
fn an_unknown_authority_stops_the_handshake_on_both_sides() {
    let pki = TestPki::generate().unwrap();
    let (address, server) = serve(server_config(&pki).unwrap(), 1).unwrap();
    let result = https_get(client_config(&[]).unwrap(), address, "localhost");
    assert!(
        matches!(
            &result,
            Err(TlsError::Tls(rustls::Error::InvalidCertificate(_)))
        ),
        "{result:?}"
    );
    assert!(server.join().unwrap()[0].contains("UnknownCA"));
}

#[test]
fn another_authority_with_the_same_name_is_not_trusted() {
    let real = TestPki::generate().unwrap();
    let impostor = TestPki::generate().unwrap();
    let (address, server) = serve(server_config(&impostor).unwrap(), 1).unwrap();
    let result = https_get(
        client_config(&[real.authority]).unwrap(),
        address,
        "localhost",
    );
    assert!(
        matches!(
            &result,
            Err(TlsError::Tls(rustls::Error::InvalidCertificate(_)))
        ),
        "{result:?}"
    );
    server.join().unwrap();
}

#[test]
fn a_certificate_for_another_name_is_refused() {
    let pki = TestPki::generate().unwrap();
    let (address, server) = serve(server_config(&pki).unwrap(), 1).unwrap();
    let result = https_get(
        client_config(std::slice::from_ref(&pki.authority)).unwrap(),
        address,
        "example.test",
    );
    let message = result.unwrap_err().to_string();
    assert!(message.contains("not valid for name"), "{message}");
    server.join().unwrap();
}

#[test]
fn plain_http_to_a_tls_port_is_refused_by_the_server() {
    let pki = TestPki::generate().unwrap();
    let (address, server) = serve(server_config(&pki).unwrap(), 1).unwrap();
    let mut plain = TcpStream::connect_timeout(&address, listing_1_1_10_02::TIMEOUT).unwrap();
    plain
        .set_read_timeout(Some(listing_1_1_10_02::TIMEOUT))
        .unwrap();
    plain
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    // A TLS alert record (content type 21), not an HTTP response.
    assert_eq!(answer.first(), Some(&21));
    assert_ne!(server.join().unwrap()[0], "answered");
}
