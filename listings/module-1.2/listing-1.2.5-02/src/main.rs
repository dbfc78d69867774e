//! `extsort`: sort the lines of a file with a memory budget, or generate a test file.
//!
//! ```text
//! extsort sort [--budget 4M] [--temp DIR] INPUT OUTPUT
//! extsort gen --mb 50 [--seed 1] OUTPUT
//! ```
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn parse_size(text: &str) -> Option<usize> {
    let (digits, unit) = if let Some(d) = text.strip_suffix(['K', 'k']) {
        (d, 1024)
    } else if let Some(d) = text.strip_suffix(['M', 'm']) {
        (d, 1024 * 1024)
    } else if let Some(d) = text.strip_suffix(['G', 'g']) {
        (d, 1024 * 1024 * 1024)
    } else {
        (text, 1)
    };
    digits.parse::<usize>().ok()?.checked_mul(unit)
}

/// xorshift64*, seeded: the same seed always generates the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Writes about `mb` MiB of access-log-like lines that start with a random user id.
fn generate(path: &PathBuf, mb: u64, seed: u64) -> std::io::Result<u64> {
    let mut out = BufWriter::new(File::create(path)?);
    let mut rng = Rng(seed.max(1));
    let (mut written, mut lines) = (0u64, 0u64);
    const PATHS: [&str; 5] = [
        "/api/orders",
        "/api/items",
        "/login",
        "/static/app.js",
        "/api/cart",
    ];
    while written < mb * 1024 * 1024 {
        let r = rng.next();
        let line = format!(
            "user{:06} 2026-11-{:02}T{:02}:{:02}:{:02}Z GET {}/{} {}\n",
            r % 1_000_000,
            (r >> 20) % 28 + 1,
            (r >> 25) % 24,
            (r >> 30) % 60,
            (r >> 36) % 60,
            PATHS[((r >> 42) % 5) as usize],
            (r >> 45) % 10_000,
            [200, 200, 200, 304, 404, 500][((r >> 60) % 6) as usize],
        );
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
        lines += 1;
    }
    out.flush()?;
    Ok(lines)
}

fn usage() -> ExitCode {
    eprintln!("usage: extsort sort [--budget 4M] [--temp DIR] INPUT OUTPUT");
    eprintln!("       extsort gen --mb 50 [--seed 1] OUTPUT");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut budget = 4 * 1024 * 1024;
    let (mut temp, mut mb, mut seed) = (std::env::temp_dir(), 50, 1);
    let mut paths = Vec::new();
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let value = match arg.as_str() {
            "--budget" | "--temp" | "--mb" | "--seed" => rest.next(),
            _ => {
                paths.push(PathBuf::from(arg));
                continue;
            }
        };
        let Some(value) = value else { return usage() };
        let ok = match arg.as_str() {
            "--budget" => parse_size(value).map(|b| budget = b).is_some(),
            "--temp" => {
                temp = PathBuf::from(value);
                true
            }
            "--mb" => value.parse().map(|m| mb = m).is_ok(),
            _ => value.parse().map(|s| seed = s).is_ok(),
        };
        if !ok {
            eprintln!("extsort: bad value {value:?} for {arg}");
            return usage();
        }
    }
    match (args.first().map(String::as_str), paths.as_slice()) {
        (Some("gen"), [output]) => match generate(output, mb, seed) {
            Ok(lines) => {
                println!("generated {lines} lines in {}", output.display());
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("extsort: cannot write {}: {err}", output.display());
                ExitCode::FAILURE
            }
        },
        (Some("sort"), [input, output]) => {
            // Before the output is created: a refused budget must not truncate it.
            if let Err(err) = listing_1_2_5_02::check_budget(budget) {
                eprintln!("extsort: {err}");
                return ExitCode::FAILURE;
            }
            let start = Instant::now();
            let opened = File::open(input).and_then(|i| Ok((i, File::create(output)?)));
            let (input_file, output_file) = match opened {
                Ok(files) => files,
                Err(err) => {
                    eprintln!("extsort: {err}");
                    return ExitCode::FAILURE;
                }
            };
            match listing_1_2_5_02::sort_stream(input_file, output_file, budget, &temp) {
                Ok(stats) => {
                    println!(
                        "sorted {} lines ({} bytes) in {} runs with a {} KiB budget in {:.2} s",
                        stats.lines,
                        stats.bytes,
                        stats.runs,
                        budget / 1024,
                        start.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("extsort: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => usage(),
    }
}
