// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.7-2`.
#![allow(unused_variables)]

use crate::BadContentLength;

// ANCHOR: starter
/// `values` holds the value of every Content-Length field of one message, in order (already
/// trimmed of surrounding whitespace). Returns:
///
/// - `Ok(None)` when there is no Content-Length field;
/// - `Ok(Some(n))` when every field, and every comma-separated element inside a field, is the
///   same `1*DIGIT` number `n` (RFC 9110 lets a recipient accept `5, 5` or two fields saying `5`);
/// - `Err(BadContentLength)` for anything else: differing numbers, an empty element, a sign, inner spaces,
///   hex, or a number that does not fit in a `u64`.
pub fn content_length(values: &[&str]) -> Result<Option<u64>, BadContentLength> {
    todo!("split every value on commas, parse each element strictly, and require them all equal")
}
// ANCHOR_END: starter
