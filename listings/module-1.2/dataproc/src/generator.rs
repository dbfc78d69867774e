//! `dataproc gen`: realistic access logs, the same bytes for the same seed on every machine.
//!
//! Real traffic is skewed: a few paths and a few clients account for most requests (roughly
//! Zipf's law: the k-th most popular gets a share proportional to 1/k), traffic follows the day,
//! most responses are 200 and a few are errors. The generator reproduces those shapes, mixes
//! Common and Combined Log Format, and writes a chosen share of malformed lines of several kinds.
//! It uses only integer arithmetic and IEEE division (no `exp`, `ln` or `powf`, whose last bits
//! may differ between C libraries), so a seed means the same file everywhere.

use crate::time::{days_from_civil, format_clf};
use std::io::{self, Write};

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenConfig {
    pub lines: u64,
    pub seed: u64,
    /// The share of malformed lines, 0.0 to 1.0.
    pub malformed: f64,
    /// How many days the timestamps span, starting 2026-11-20 00:00 UTC.
    pub days: u32,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenSummary {
    pub lines: u64,
    pub malformed: u64,
    pub bytes: u64,
}

/// SplitMix64 (Steele, Lea and Flood, 2014): one u64 of state, good enough statistics for test
/// data, and trivially reproducible.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by Lemire's multiply-shift; the bias is below 2^-32 here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Picks index k (0-based) with probability proportional to 1/(k+1).
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn sample(&self, rng: &mut SplitMix64) -> usize {
        let target = rng.unit() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len() - 1)
    }
}

const METHODS: [(&str, u64); 5] = [
    ("GET", 850),
    ("POST", 100),
    ("PUT", 25),
    ("DELETE", 15),
    ("HEAD", 10),
];
const STATUSES: [(u16, u64); 10] = [
    (200, 7800),
    (304, 700),
    (301, 200),
    (302, 250),
    (404, 600),
    (400, 100),
    (401, 100),
    (403, 50),
    (500, 150),
    (503, 50),
];
/// Requests per hour of the day, in relative units: quiet at night, busy in the afternoon.
const DAILY: [u64; 24] = [
    3, 2, 2, 1, 1, 2, 4, 7, 10, 12, 13, 14, 14, 15, 16, 16, 15, 13, 12, 11, 10, 8, 6, 4,
];
const ZONES: [(i64, u64); 4] = [(0, 70), (60, 15), (-300, 10), (330, 5)];
const AGENTS: [&str; 5] = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
    "curl/8.5.0",
    "Go-http-client/2.0",
    r#"bot \"crawler\" 1.0"#,
];
const PATH_COUNT: usize = 5_000;
const CLIENT_COUNT: usize = 20_000;

fn weighted<T: Copy>(rng: &mut SplitMix64, table: &[(T, u64)]) -> T {
    let total: u64 = table.iter().map(|&(_, weight)| weight).sum();
    let mut pick = rng.below(total);
    for &(value, weight) in table {
        if pick < weight {
            return value;
        }
        pick -= weight;
    }
    table[table.len() - 1].0
}

fn make_paths(rng: &mut SplitMix64) -> Vec<String> {
    let mut paths = vec![
        "/".to_string(),
        "/index.html".to_string(),
        "/favicon.ico".to_string(),
    ];
    while paths.len() < PATH_COUNT {
        let n = rng.below(100_000);
        let path = match rng.below(6) {
            0 => format!("/api/v1/users/{n}"),
            1 => format!("/api/v1/orders/{n}/items"),
            2 => format!("/static/js/app.{:08x}.js", rng.next_u64() as u32),
            3 => format!("/products/{n}"),
            4 => format!("/search?q=item{}", n % 500),
            _ => format!("/blog/{}/{}", 2020 + n % 7, n),
        };
        paths.push(path);
    }
    paths
}

fn make_clients(rng: &mut SplitMix64) -> Vec<String> {
    (0..CLIENT_COUNT)
        .map(|i| {
            let bits = rng.next_u64();
            if i % 10 == 7 {
                format!(
                    "2001:db8:{:x}:{:x}::{:x}",
                    (bits >> 48) & 0xffff,
                    (bits >> 32) & 0xffff,
                    bits & 0xffff
                )
            } else {
                format!(
                    "{}.{}.{}.{}",
                    10 + (bits >> 56) % 200,
                    (bits >> 48) & 0xff,
                    (bits >> 40) & 0xff,
                    1 + (bits & 0xff) % 254
                )
            }
        })
        .collect()
}

/// Writes `config.lines` lines to `out`. Line i's timestamp is the moment when i/lines of the
/// period's traffic has arrived, so timestamps never go backwards and follow [`DAILY`].
pub fn generate<W: Write>(config: &GenConfig, out: W) -> io::Result<GenSummary> {
    let mut out = io::BufWriter::with_capacity(1 << 20, out);
    let mut rng = SplitMix64::new(config.seed);
    let paths = make_paths(&mut rng);
    let clients = make_clients(&mut rng);
    let (path_pick, client_pick) = (Zipf::new(paths.len()), Zipf::new(clients.len()));
    let start = days_from_civil(2026, 11, 20) * 86_400;
    let hours = u64::from(config.days.max(1)) * 24;
    let per_hour: Vec<u64> = (0..hours).map(|h| DAILY[(h % 24) as usize]).collect();
    let traffic: u64 = per_hour.iter().sum();
    let malformed_threshold = (config.malformed.clamp(0.0, 1.0) * (1u64 << 53) as f64) as u64;

    let mut summary = GenSummary::default();
    let mut line = Vec::with_capacity(512);
    let (mut hour, mut before) = (0usize, 0u64); // traffic units before `hour`
    for i in 0..config.lines {
        let target = u128::from(i) * u128::from(traffic) * 3600 / u128::from(config.lines);
        while u128::from(before + per_hour[hour]) * 3600 <= target {
            before += per_hour[hour];
            hour += 1;
        }
        let into_hour = (target - u128::from(before) * 3600) / u128::from(per_hour[hour]);
        let seconds = start + hour as i64 * 3600 + into_hour as i64;
        line.clear();
        let bad = rng.next_u64() >> 11 < malformed_threshold;
        let (path, client) = (
            &paths[path_pick.sample(&mut rng)],
            &clients[client_pick.sample(&mut rng)],
        );
        write_line(&mut line, &mut rng, seconds, path, client);
        if bad {
            corrupt(&mut line, &mut rng);
            summary.malformed += 1;
        }
        line.push(b'\n');
        out.write_all(&line)?;
        summary.lines += 1;
        summary.bytes += line.len() as u64;
    }
    out.flush()?;
    Ok(summary)
}

fn write_line(line: &mut Vec<u8>, rng: &mut SplitMix64, seconds: i64, path: &str, client: &str) {
    let status = weighted(rng, &STATUSES);
    let method = weighted(rng, &METHODS);
    let user = if rng.below(20) == 0 { "alice" } else { "-" };
    let zone = weighted(rng, &ZONES);
    let size = match status {
        304 => "-".to_string(),
        301 | 302 => (150 + rng.below(100)).to_string(),
        // Mostly small pages, sometimes a large asset: a long tail without floating point.
        _ => {
            (200 + rng.below(4_000) + rng.below(8) * rng.below(8) * rng.below(8) * rng.below(1_000))
                .to_string()
        }
    };
    let _ = write!(
        line,
        "{client} - {user} [{}] \"{method} {path} HTTP/1.1\" {status} {size}",
        format_clf(seconds, zone)
    );
    if rng.below(10) < 7 {
        let referer = if rng.below(2) == 0 {
            "-".to_string()
        } else {
            format!("https://example.com{path}")
        };
        let agent = AGENTS[rng.below(AGENTS.len() as u64) as usize];
        let _ = write!(line, " \"{referer}\" \"{agent}\"");
    }
}

/// Damages a good line in one of the ways real logs get damaged. Each kind is rejected by the
/// parser for certain, so `gen`'s count of malformed lines is the analysis's count too.
fn corrupt(line: &mut Vec<u8>, rng: &mut SplitMix64) {
    let bracket = line.iter().position(|&b| b == b'[').unwrap_or(0);
    match rng.below(6) {
        // Cut before the request ends: a writer killed mid-line.
        0 => line.truncate(bracket + 1 + rng.below(20) as usize),
        // A status that is not three digits.
        1 => {
            if let Some(at) = line.windows(2).position(|w| w == b"\" ") {
                line.splice(at + 2..at + 5, *b"2x0");
            }
        }
        // A day that does not exist.
        2 => line.splice(bracket + 1..bracket + 3, *b"32").for_each(drop),
        // Binary garbage without spaces or newlines.
        3 => {
            line.clear();
            line.extend((0..10 + rng.below(60)).map(|_| match rng.below(256) as u8 {
                b' ' | b'\n' => 0xff,
                byte => byte,
            }));
        }
        // An empty line.
        4 => line.clear(),
        // A request whose quotes never close.
        _ => {
            line.retain(|&b| b != b'"');
            if let Some(at) = line.iter().position(|&b| b == b']') {
                line.insert(at + 2, b'"');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Partial;

    fn generated(config: &GenConfig) -> (Vec<u8>, GenSummary) {
        let mut out = Vec::new();
        let summary = generate(config, &mut out).expect("writing to a Vec cannot fail");
        (out, summary)
    }

    #[test]
    fn same_seed_same_bytes() {
        let config = GenConfig {
            lines: 500,
            seed: 3,
            malformed: 0.1,
            days: 2,
        };
        assert_eq!(generated(&config).0, generated(&config).0);
        let other = GenConfig {
            seed: 4,
            ..config.clone()
        };
        assert_ne!(generated(&config).0, generated(&other).0);
    }

    #[test]
    fn malformed_lines_are_exactly_the_ones_gen_damaged() {
        let config = GenConfig {
            lines: 5_000,
            seed: 11,
            malformed: 0.2,
            days: 3,
        };
        let (log, summary) = generated(&config);
        let mut partial = Partial::default();
        partial.add_chunk(0, &log, crate::chunk::MAX_LINE);
        let report = partial.finish(3);
        assert_eq!(report.lines, 5_000);
        assert_eq!(report.malformed.count, summary.malformed);
        assert!(
            (800..1200).contains(&summary.malformed),
            "{}",
            summary.malformed
        );
        assert_eq!(summary.bytes, log.len() as u64);
        // Skewed: the most popular path is far above the average of 1 in 5,000.
        assert!(report.top_paths[0].count > 100, "{:?}", report.top_paths[0]);
        assert_eq!(report.per_hour.len(), 72);
    }

    #[test]
    fn zipf_prefers_low_ranks() {
        let (zipf, mut rng) = (Zipf::new(100), SplitMix64::new(1));
        let mut hits = [0u32; 100];
        for _ in 0..10_000 {
            hits[zipf.sample(&mut rng)] += 1;
        }
        assert!(
            hits[0] > 4 * hits[9] && hits[9] > hits[99],
            "{:?}",
            &hits[..10]
        );
    }
}
