// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 2.1.2-1`.
#![allow(unused_variables)]

// ANCHOR: starter
/// Splits `page=2&sort=name&flag` into `[("page", "2"), ("sort", "name"), ("flag", "")]`.
///
/// Pairs are separated by `&`, names from values by the first `=`. Empty pieces (as in
/// `a=1&&b=2`) are skipped. Every returned slice must point into `query`: no allocation
/// for the strings, no decoding of `%` escapes.
pub fn query_pairs(query: &str) -> Vec<(&str, &str)> {
    todo!("split on '&', then on the first '='")
}

/// The value of the first parameter called `name`, borrowed from `query`.
///
/// Two references come in, so the compiler cannot guess which one the result borrows from:
/// the lifetime `'q` says it is `query`, which lets callers drop `name` early.
pub fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    todo!("find the first pair whose name matches")
}
// ANCHOR_END: starter
