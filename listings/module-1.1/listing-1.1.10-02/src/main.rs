//! One successful HTTPS request over loopback, then the two mistakes TLS exists to catch: a
//! server nobody vouches for, and a certificate for a different name.
use listing_1_1_10_02::{TestPki, client_config, https_get, serve, server_config};
use std::error::Error;

// ANCHOR: main
fn main() -> Result<(), Box<dyn Error>> {
    let pki = TestPki::generate()?;
    let (address, server) = serve(server_config(&pki)?, 3)?;
    println!("a rustls server with a certificate for localhost and 127.0.0.1 is on {address}");

    let trusting = client_config(std::slice::from_ref(&pki.authority))?;
    let fetched = https_get(trusting.clone(), address, "localhost")?;
    println!("\n1. trusting the test CA, asking for localhost");
    println!(
        "   protocol {}, cipher suite {}",
        fetched.protocol, fetched.cipher_suite
    );
    println!(
        "   key exchange {}, certificates sent by the server: {}",
        fetched.key_exchange, fetched.certificates
    );
    println!("   response: {:?}", fetched.response);

    let trusting_nobody = client_config(&[])?;
    let error = https_get(trusting_nobody, address, "localhost").err();
    println!("\n2. trusting no CA at all\n   client: {}", describe(error));

    let error = https_get(trusting, address, "api.example.test").err();
    println!(
        "\n3. trusting the test CA, asking for api.example.test\n   client: {}",
        describe(error)
    );

    let outcomes = server.join().map_err(|_| "the server thread panicked")?;
    println!("\nwhat the server saw, connection by connection:");
    for (number, outcome) in outcomes.iter().enumerate() {
        println!("   {}: {outcome}", number + 1);
    }
    Ok(())
}
// ANCHOR_END: main

fn describe(error: Option<listing_1_1_10_02::TlsError>) -> String {
    error.map_or("no error".to_string(), |error| error.to_string())
}
