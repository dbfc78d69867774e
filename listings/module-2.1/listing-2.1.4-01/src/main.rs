//! The application edge: load each sample file, and report failures the way a service would at
//! start-up, with the whole chain of causes.

use std::path::Path;

use anyhow::Context;
use listing_2_1_4_01::{Config, load};

// ANCHOR: main
/// At the edge, any error will do: `anyhow::Error` wraps it and `context` adds what we were doing.
fn start(path: &Path) -> anyhow::Result<Config> {
    let config =
        load(path).with_context(|| format!("loading configuration from {}", path.display()))?;
    Ok(config)
}

fn main() {
    let files = [
        "configs/good.conf",
        "configs/missing.conf",
        "configs/syntax.conf",
        "configs/bad-number.conf",
        "configs/out-of-range.conf",
        "configs/no-db.conf",
    ];
    for file in files {
        println!("== {file}");
        match start(Path::new(file)) {
            Ok(config) => println!(
                "ok: listening on {}, {} connections at most, timeout {:?}",
                config.addr, config.max_connections, config.request_timeout
            ),
            Err(error) => {
                // `{:#}` prints the chain on one line, joined by ": ".
                println!("error: {error:#}");
                // `chain()` walks `source()` from the outermost context to the root cause.
                for (depth, cause) in error.chain().enumerate().skip(1) {
                    println!("  {depth}: {cause}");
                }
            }
        }
    }
}
// ANCHOR_END: main
