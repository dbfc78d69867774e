use exercise_2_1_2_01::{param, query_pairs};

fn inside(outer: &str, inner: &str) -> bool {
    let start = outer.as_ptr() as usize;
    let at = inner.as_ptr() as usize;
    at >= start && at + inner.len() <= start + outer.len()
}

#[test]
fn splits_pairs_and_values() {
    assert_eq!(
        query_pairs("page=2&sort=name&flag"),
        vec![("page", "2"), ("sort", "name"), ("flag", "")]
    );
}

#[test]
fn only_the_first_equals_sign_separates() {
    assert_eq!(query_pairs("expr=a=b"), vec![("expr", "a=b")]);
}

#[test]
fn empty_pieces_are_skipped() {
    assert_eq!(query_pairs(""), Vec::<(&str, &str)>::new());
    assert_eq!(query_pairs("a=1&&b=2&"), vec![("a", "1"), ("b", "2")]);
}

#[test]
fn every_slice_borrows_from_the_input() {
    let query = String::from("user=ada&role=admin");
    for (name, value) in query_pairs(&query) {
        assert!(inside(&query, name), "{name:?} was copied");
        assert!(inside(&query, value), "{value:?} was copied");
    }
}

#[test]
fn param_finds_the_first_match() {
    assert_eq!(param("a=1&b=2&a=3", "a"), Some("1"));
    assert_eq!(param("a=1", "missing"), None);
}

#[test]
fn the_result_outlives_the_name() {
    let query = String::from("limit=50");
    let value = {
        let name = String::from("limit");
        param(&query, &name)
        // `name` is dropped here; the result borrows only from `query`.
    };
    assert_eq!(value, Some("50"));
}
