//! What "done" means for Exercise 2.1.7-2.
use exercise_2_1_7_02::{BadContentLength, content_length};

#[test]
fn no_field_means_no_length() {
    assert_eq!(content_length(&[]), Ok(None));
}

#[test]
fn one_plain_number() {
    assert_eq!(content_length(&["0"]), Ok(Some(0)));
    assert_eq!(content_length(&["1234"]), Ok(Some(1234)));
    assert_eq!(content_length(&["007"]), Ok(Some(7)));
}

#[test]
fn identical_repeats_are_accepted() {
    assert_eq!(content_length(&["5, 5"]), Ok(Some(5)));
    assert_eq!(content_length(&["5", "5"]), Ok(Some(5)));
    assert_eq!(content_length(&["5,5", "5"]), Ok(Some(5)));
}

#[test]
fn anything_ambiguous_or_malformed_is_refused() {
    let cases: &[&[&str]] = &[
        &["5", "6"],
        &["5, 6"],
        &["5,"],
        &[""],
        &["+5"],
        &["-1"],
        &["5 5"],
        &["0x10"],
        &["1e3"],
        &["18446744073709551616"],
        &["99999999999999999999999"],
    ];
    for values in cases {
        assert_eq!(content_length(values), Err(BadContentLength), "{values:?}");
    }
}

#[test]
fn the_largest_u64_still_parses() {
    assert_eq!(
        content_length(&["18446744073709551615"]),
        Ok(Some(u64::MAX))
    );
}
