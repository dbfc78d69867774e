//! What "done" means for Exercise 1.2.10-1.
use exercise_1_2_10_01::{FilterError, StatusFilter, count_matching, parse_filter};

fn ranges(spec: &str) -> Vec<(u16, u16)> {
    parse_filter(spec).expect("a valid filter").ranges
}

#[test]
fn patterns_become_ranges() {
    assert_eq!(ranges("status=5xx"), [(500, 599)]);
    assert_eq!(ranges("status=404"), [(404, 404)]);
    assert_eq!(ranges("status=50x"), [(500, 509)]);
    assert_eq!(
        ranges("status=2xx,304,5xx"),
        [(200, 299), (304, 304), (500, 599)]
    );
    assert_eq!(ranges("status=1xx"), [(100, 199)]);
}

#[test]
fn bad_filters_say_what_is_wrong() {
    assert_eq!(
        parse_filter("method=GET"),
        Err(FilterError::UnknownField("method".into()))
    );
    assert_eq!(
        parse_filter("5xx"),
        Err(FilterError::UnknownField("5xx".into()))
    );
    for bad in ["6xx", "5x0", "5xxx", "5", "", "abc", "0xx", "x00"] {
        let spec = format!("status={bad}");
        assert_eq!(
            parse_filter(&spec),
            Err(FilterError::BadPattern(bad.into())),
            "{spec}"
        );
    }
    assert_eq!(
        parse_filter("status=5xx,"),
        Err(FilterError::BadPattern(String::new()))
    );
}

#[test]
fn matches_uses_every_range() {
    let filter = StatusFilter {
        ranges: vec![(404, 404), (500, 599)],
    };
    assert!(filter.matches(404) && filter.matches(500) && filter.matches(599));
    assert!(!filter.matches(403) && !filter.matches(200) && !filter.matches(600));
}

#[test]
fn counts_only_matching_lines_in_both_formats() {
    let log = concat!(
        "a - - [10/Oct/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 3\n",
        "b - - [10/Oct/2026:10:00:01 +0000] \"GET /x HTTP/1.1\" 503 0 \"-\" \"agent\"\n",
        "c - - [10/Oct/2026:10:00:02 +0000] \"GET /\\\" 500 HTTP/1.1\" 404 9\n",
        "not a log line 500\n",
        "d - - [10/Oct/2026:10:00:03 -0500] \"POST /api HTTP/1.1\" 500 12 \"https://e.com/\" \"x\"\n",
        // The request ends in an escaped backslash: the quote after `\\` closes it.
        "e - - [10/Oct/2026:10:00:04 +0000] \"GET /dir\\\\\" 503 0 \"-\" \"agent\"\n",
    );
    let five = parse_filter("status=5xx").expect("valid");
    assert_eq!(count_matching(log, &five), 3);
    let not_found = parse_filter("status=404").expect("valid");
    assert_eq!(count_matching(log, &not_found), 1);
    assert_eq!(count_matching("", &five), 0);
}
