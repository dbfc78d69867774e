//! The property that makes the parallel engines trustworthy: on any log, cut into chunks of any
//! size and spread over any number of threads, they report exactly what the sequential
//! reference reports.

use dataproc::engine;
use dataproc::generator::{GenConfig, generate};
use dataproc::stats::Report;
use proptest::prelude::*;
use std::io::Cursor;
use std::sync::atomic::AtomicU64;

// ANCHOR: log_strategy
/// A generated log with malformed lines, then roughened: some lines end in CRLF, some blank lines
/// and garbage are inserted, and the final newline may be missing.
fn logs() -> impl Strategy<Value = Vec<u8>> {
    (
        0u64..250,
        any::<u64>(),
        0.0f64..0.3,
        any::<u64>(),
        any::<bool>(),
    )
        .prop_map(|(lines, seed, malformed, noise, keep_last_newline)| {
            let config = GenConfig {
                lines,
                seed,
                malformed,
                days: 2,
            };
            let mut log = Vec::new();
            generate(&config, &mut log).expect("writing to a Vec cannot fail");
            let mut rough = Vec::with_capacity(log.len() + 64);
            for (index, line) in log.split_inclusive(|&b| b == b'\n').enumerate() {
                match (noise >> (index % 64)) & 7 {
                    0 => rough.extend_from_slice(&[&line[..line.len() - 1], b"\r\n"].concat()),
                    1 => rough.extend_from_slice(b"\n\x00\xff not a log line\n"),
                    _ => {}
                }
                rough.extend_from_slice(line);
            }
            if !keep_last_newline && rough.last() == Some(&b'\n') {
                rough.pop();
            }
            rough
        })
}
// ANCHOR_END: log_strategy

fn reference(log: &[u8], top: usize) -> Report {
    let (partial, _) = engine::sequential(Cursor::new(log), &AtomicU64::new(0)).expect("in-memory");
    partial.finish(top)
}

// ANCHOR: property
proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_engine_agrees_with_the_reference(
        log in logs(),
        chunk_size in prop_oneof![1usize..16, 16usize..400, Just(1 << 20)],
        threads in 1usize..5,
        top in 1usize..8,
    ) {
        let expected = reference(&log, top);
        let progress = AtomicU64::new(0);

        let (partial, _) = engine::pipeline(Cursor::new(&log), threads, chunk_size, &progress).expect("in-memory");
        prop_assert_eq!(&partial.finish(top), &expected, "pipeline");

        let (partial, _) = engine::rayon(&log, threads, chunk_size, &progress).expect("pool");
        prop_assert_eq!(&partial.finish(top), &expected, "rayon");

        // Each of the two engines counted every byte once.
        prop_assert_eq!(progress.into_inner(), 2 * log.len() as u64);
    }
}
// ANCHOR_END: property

#[test]
fn the_reference_counts_lines_like_wc_plus_an_unterminated_last_line() {
    let line = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
    assert_eq!(reference(format!("{line}\n{line}").as_bytes(), 1).lines, 2);
    assert_eq!(
        reference(format!("{line}\n{line}\n").as_bytes(), 1).lines,
        2
    );
    assert_eq!(
        reference(format!("{line}\r\n\n").as_bytes(), 1)
            .malformed
            .first_lines,
        [2]
    );
    assert_eq!(reference(b"", 1).lines, 0);
}
