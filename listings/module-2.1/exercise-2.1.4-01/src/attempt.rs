// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.4-1`.
#![allow(unused_variables, unused_imports)]

use crate::{DEFAULT_LIMIT, MAX_LIMIT, Page, PageError};

// ANCHOR: starter
/// Parses a query string such as `limit=50&after=1200` into a `Page`.
///
/// - Pairs are separated by `&`; empty pieces are ignored; a piece without `=` is an
///   unknown parameter named by the whole piece.
/// - `limit` defaults to `DEFAULT_LIMIT` and must be in `1..=MAX_LIMIT`.
/// - `after` is optional. `PageError` has `#[from] ParseIntError` for the cursor, so a bare
///   `?` converts that error; `limit` needs an explicit `map_err(PageError::BadLimit)`.
/// - Any other parameter is `PageError::Unknown`.
pub fn parse_page(query: &str) -> Result<Page, PageError> {
    todo!("split the pairs, parse with `?`, then check the range")
}
// ANCHOR_END: starter
