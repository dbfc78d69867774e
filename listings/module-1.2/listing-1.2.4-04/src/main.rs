//! `startup-order FILE`: prints the layers in which the services of FILE can be started.
use std::process::ExitCode;

// ANCHOR: main
fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: startup-order FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("startup-order: cannot read {path}: {err}");
            return ExitCode::from(2);
        }
    };
    match listing_1_2_4_04::parse(&text).and_then(|s| listing_1_2_4_04::start_layers(&s)) {
        Ok(layers) => {
            for (number, layer) in layers.iter().enumerate() {
                println!("layer {number}: {}", layer.join(", "));
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("startup-order: {path}: {err}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: main
