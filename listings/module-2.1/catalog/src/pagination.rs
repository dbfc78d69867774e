//! Keyset pagination with an opaque cursor.
//!
//! A cursor names the last id a client has seen. The next page is "ids greater than that", so
//! a product inserted meanwhile (always with a larger id) appears at the end, never shifts a
//! page, and no product is skipped or repeated. The cursor is base64url so that clients treat
//! it as a token, which leaves room to change what is inside.

use crate::domain::Product;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

// ANCHOR: params
/// Query parameters of `GET /products`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page size, 1 to 100; 20 when absent.
    pub limit: Option<usize>,
    /// `next_cursor` from the previous page; absent for the first page.
    pub cursor: Option<String>,
}

/// One page of products.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page {
    pub items: Vec<Product>,
    /// Pass it back as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
// ANCHOR_END: params

// ANCHOR: cursor
const PREFIX: &str = "after:";

pub fn encode_cursor(last_id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{last_id}"))
}

/// `None` for anything this server did not produce.
pub fn decode_cursor(cursor: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.strip_prefix(PREFIX)?
        .parse()
        .ok()
        .filter(|id: &i64| *id >= 0)
}
// ANCHOR_END: cursor

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        for id in [0, 1, 42, i64::MAX] {
            assert_eq!(decode_cursor(&encode_cursor(id)), Some(id));
        }
        assert_eq!(decode_cursor("not base64!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("after:-3")), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("before:3")), None);
    }
}
