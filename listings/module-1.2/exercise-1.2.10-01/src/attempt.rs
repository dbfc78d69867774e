// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.10-1`.
#![allow(unused_variables, unused_imports)]

use crate::{FilterError, StatusFilter};

// ANCHOR: starter
/// Parses `status=P1,P2,...`, where each pattern is three characters: a first digit 1 to 5, then
/// digits, then `x`s standing for any digit (`404`, `50x`, `5xx`; not `5x0`, `6xx` or `5xxx`).
pub fn parse_filter(spec: &str) -> Result<StatusFilter, FilterError> {
    todo!("split off the field name, then turn every pattern into an inclusive range")
}

/// Counts the lines of an access log whose status code (the field after the quoted request)
/// the filter matches. Lines without a readable status are not counted.
pub fn count_matching(log: &str, filter: &StatusFilter) -> u64 {
    todo!("find each line's status code and ask the filter")
}
// ANCHOR_END: starter
