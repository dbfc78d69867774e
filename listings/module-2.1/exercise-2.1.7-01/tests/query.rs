//! What "done" means for Exercise 2.1.7-1.
use exercise_2_1_7_01::{QueryError, parse_query};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn no_query_means_no_pairs() {
    assert_eq!(parse_query("/products", 10), Ok(vec![]));
    assert_eq!(parse_query("/products?", 10), Ok(vec![]));
}

#[test]
fn splits_pairs_in_order_and_skips_empty_ones() {
    let parsed = parse_query("/p?limit=10&&after=abc&flag", 10);
    assert_eq!(
        parsed,
        Ok(pairs(&[("limit", "10"), ("after", "abc"), ("flag", "")]))
    );
}

#[test]
fn decodes_plus_and_percent_escapes() {
    let parsed = parse_query("/s?q=caf%C3%A9+au+lait&x%3Dy=a%26b&eq=1=2", 10);
    assert_eq!(
        parsed,
        Ok(pairs(&[
            ("q", "café au lait"),
            ("x=y", "a&b"),
            ("eq", "1=2")
        ]))
    );
}

#[test]
fn refuses_bad_escapes() {
    for target in ["/s?q=%", "/s?q=%4", "/s?q=%G1", "/s?q%zz=1", "/s?q=%%41"] {
        assert_eq!(
            parse_query(target, 10),
            Err(QueryError::BadEscape),
            "{target}"
        );
    }
}

#[test]
fn refuses_bytes_that_are_not_utf8() {
    assert_eq!(parse_query("/s?q=%FF%FE", 10), Err(QueryError::NotUtf8));
}

#[test]
fn refuses_too_many_pairs_instead_of_truncating() {
    let target = format!("/s?{}", ["a=1"; 11].join("&"));
    assert_eq!(parse_query(&target, 10), Err(QueryError::TooMany(10)));
    let target = format!("/s?{}", ["a=1"; 10].join("&"));
    assert_eq!(parse_query(&target, 10).map(|p| p.len()), Ok(10));
}
