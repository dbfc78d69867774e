//! The property that makes the parallel engines trustworthy: on any log, cut into chunks of any
//! size and spread over any number of threads, they report exactly what the sequential
//! reference reports.

use dataproc::chunk::MAX_LINE;
use dataproc::engine;
use dataproc::generator::{GenConfig, generate};
use dataproc::stats::{MalformedReasons, Report};
use proptest::prelude::*;
use std::io::Cursor;
use std::sync::atomic::AtomicU64;

// ANCHOR: log_strategy
/// A generated log with malformed lines, then roughened: some lines end in CRLF, some blank lines,
/// garbage and well-formed but over-long lines (a 700-byte path) are inserted, and the final
/// newline may be missing.
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
                    2 => rough.extend_from_slice(long_line(700).as_bytes()),
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

/// A line that parses, with a path of `path_len` bytes.
fn long_line(path_len: usize) -> String {
    let path = "x".repeat(path_len);
    format!("a - - [10/Oct/2026:10:00:00 +0000] \"GET /{path} HTTP/1.1\" 200 3\n")
}
// ANCHOR_END: log_strategy

fn reference(log: &[u8], top: usize, max_line: usize) -> Report {
    reference_with_reasons(log, top, max_line).0
}

/// The reference's report, and its count of malformed lines per reason (which `--stats` shows).
fn reference_with_reasons(log: &[u8], top: usize, max_line: usize) -> (Report, MalformedReasons) {
    let (partial, _) =
        engine::sequential(Cursor::new(log), max_line, &AtomicU64::new(0)).expect("in-memory");
    let reasons = partial.malformed_reasons;
    (partial.finish(top), reasons)
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
        // The real limit, or one so low that some lines, even well-formed ones, are longer than
        // it, and longer than many of the chunks.
        max_line in prop_oneof![Just(MAX_LINE), 60usize..900],
    ) {
        let (expected, reasons) = reference_with_reasons(&log, top, max_line);
        prop_assert_eq!(reasons.total(), expected.malformed.count);
        let progress = AtomicU64::new(0);

        let (partial, _) = engine::pipeline(Cursor::new(&log), threads, chunk_size, max_line, &progress).expect("in-memory");
        prop_assert_eq!(partial.malformed_reasons, reasons, "pipeline");
        prop_assert_eq!(&partial.finish(top), &expected, "pipeline");

        let (partial, _) = engine::rayon(&log, threads, chunk_size, max_line, &progress).expect("pool");
        prop_assert_eq!(partial.malformed_reasons, reasons, "rayon");
        prop_assert_eq!(&partial.finish(top), &expected, "rayon");

        // Each of the two engines counted every byte once.
        prop_assert_eq!(progress.into_inner(), 2 * log.len() as u64);
    }
}
// ANCHOR_END: property

#[test]
fn the_reference_counts_lines_like_wc_plus_an_unterminated_last_line() {
    let line = "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3";
    assert_eq!(
        reference(format!("{line}\n{line}").as_bytes(), 1, MAX_LINE).lines,
        2
    );
    assert_eq!(
        reference(format!("{line}\n{line}\n").as_bytes(), 1, MAX_LINE).lines,
        2
    );
    assert_eq!(
        reference(format!("{line}\r\n\n").as_bytes(), 1, MAX_LINE)
            .malformed
            .first_lines,
        [2]
    );
    assert_eq!(reference(b"", 1, MAX_LINE).lines, 0);
}

#[test]
fn a_line_over_the_limit_is_one_malformed_line_for_every_engine() {
    let short = long_line(10);
    let limit = short.len() - 1; // `short` fits exactly (its newline does not count)
    let log = format!(
        "{short}{}{short}{}",
        long_line(200),
        long_line(300).trim_end()
    );
    for chunk_size in [1, 7, limit, limit + 1, 64, 1 << 20] {
        for threads in [1, 3] {
            let progress = AtomicU64::new(0);
            let (pipeline, _) =
                engine::pipeline(log.as_bytes(), threads, chunk_size, limit, &progress)
                    .expect("in-memory");
            let (rayon, _) =
                engine::rayon(log.as_bytes(), threads, chunk_size, limit, &progress).expect("pool");
            for (name, partial) in [("pipeline", pipeline), ("rayon", rayon)] {
                let report = partial.finish(1);
                let what = format!("{name}, chunk size {chunk_size}, {threads} threads");
                assert_eq!((report.lines, report.parsed), (4, 2), "{what}");
                assert_eq!(report.malformed.first_lines, [2, 4], "{what}");
            }
            assert_eq!(progress.into_inner(), 2 * log.len() as u64);
        }
    }
    let expected = reference(log.as_bytes(), 1, limit);
    assert_eq!((expected.lines, expected.parsed), (4, 2));
    assert_eq!(expected.malformed.first_lines, [2, 4]);
}
