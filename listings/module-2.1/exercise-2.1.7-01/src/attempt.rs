// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.7-1`.
#![allow(unused_variables, unused_imports)]

use crate::QueryError;

// ANCHOR: starter
/// Parses the query of `target` (the part after the first `?`, if any) into pairs, in order.
///
/// - Pairs are separated by `&`; empty pairs (`a=1&&b=2`) are skipped.
/// - A pair without `=` has an empty value: `?flag` gives `("flag", "")`.
/// - In names and values, `+` means a space and `%XX` (two hex digits) means the byte `0xXX`;
///   any other `%` is `BadEscape`. The decoded bytes must be UTF-8, or `NotUtf8`.
/// - More than `max_pairs` pairs is `TooMany(max_pairs)`: refuse, do not truncate.
pub fn parse_query(target: &str, max_pairs: usize) -> Result<Vec<(String, String)>, QueryError> {
    todo!("split on ? then & then =, and percent-decode each part")
}
// ANCHOR_END: starter
