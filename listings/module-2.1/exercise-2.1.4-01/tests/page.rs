use std::error::Error as _;

use exercise_2_1_4_01::{DEFAULT_LIMIT, Page, PageError, parse_page};

#[test]
fn defaults_apply_to_an_empty_query() {
    assert_eq!(
        parse_page(""),
        Ok(Page {
            limit: DEFAULT_LIMIT,
            after: None
        })
    );
}

#[test]
fn both_parameters_parse() {
    assert_eq!(
        parse_page("limit=50&after=1200"),
        Ok(Page {
            limit: 50,
            after: Some(1200)
        })
    );
}

#[test]
fn a_bad_limit_keeps_its_cause() {
    let error = parse_page("limit=ten").expect_err("not a number");
    assert!(matches!(error, PageError::BadLimit(_)));
    assert_eq!(error.to_string(), "`limit` is not a number");
    assert_eq!(
        error.source().map(|s| s.to_string()),
        Some("invalid digit found in string".to_string())
    );
}

#[test]
fn limits_out_of_range_are_rejected() {
    assert_eq!(
        parse_page("limit=0"),
        Err(PageError::LimitOutOfRange { got: 0, max: 100 })
    );
    let error = parse_page("limit=101").expect_err("too large");
    assert_eq!(
        error.to_string(),
        "`limit` must be between 1 and 100, got 101"
    );
}

#[test]
fn a_bad_cursor_is_its_own_error() {
    assert!(matches!(
        parse_page("after=-1"),
        Err(PageError::BadCursor(_))
    ));
}

#[test]
fn unknown_parameters_are_named() {
    assert_eq!(
        parse_page("limit=5&sort=name"),
        Err(PageError::Unknown("sort".to_string()))
    );
    assert_eq!(
        parse_page("verbose"),
        Err(PageError::Unknown("verbose".to_string()))
    );
}
