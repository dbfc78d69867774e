//! Keyset pagination with an opaque cursor.
//!
//! A cursor names the last id a client has seen. The next page is "ids greater than that", so
//! a product inserted meanwhile (always with a larger id) appears at the end, never shifts a
//! page, and no product is skipped or repeated. The cursor is base64url so that clients treat
//! it as a token, which leaves room to change what is inside. It is not signed: a client can
//! make one, and all it can ask for that way is a page of a list it may read anyway.

use crate::domain::Product;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

// ANCHOR: params
/// Query parameters of `GET /products`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page size; 20 when absent. An integer outside 1 to 100 is a 422, anything else that is
    /// not an integer a 400.
    #[param(value_type = i64, required = false, minimum = 1, maximum = 100)]
    pub limit: Option<Limit>,
    /// `next_cursor` from the previous page; absent for the first page.
    #[param(pattern = r"^[A-Za-f][A-Za-z0-9_-]{9}[AEIMQUYcgkosw048]$")]
    pub cursor: Option<String>,
}

/// A page size as the client wrote it, in range or not: `limit=-1` and `limit=10^20` are
/// integers (out of range, 422, like `limit=0`); only text that is not an integer at all
/// (`limit=ten`, `limit=1.5`) fails to deserialize, which is a 400. Integers past `i64` are
/// kept as `i64::MIN` or `i64::MAX`, out of range either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit(pub i64);

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Limit, D::Error> {
        struct Integer;
        impl Visitor<'_> for Integer {
            type Value = Limit;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Limit, E> {
                let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(E::invalid_value(de::Unexpected::Str(text), &self));
                }
                let saturated = if text.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                };
                Ok(Limit(text.parse().unwrap_or(saturated)))
            }
        }
        deserializer.deserialize_str(Integer)
    }
}

/// One page of products.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page {
    pub items: Vec<Product>,
    /// Pass it back as `cursor` for the next page; `null` on the last page.
    #[schema(pattern = r"^[A-Za-f][A-Za-z0-9_-]{9}[AEIMQUYcgkosw048]$")]
    pub next_cursor: Option<String>,
}
// ANCHOR_END: params

// ANCHOR: cursor
/// A cursor is the last id, as 8 big-endian bytes in unpadded base64url: always 11
/// characters. Ids are not negative, so the first character encodes a 0 top bit (`A`-`Z` or
/// `a`-`f`), and 64 bits fill only 4 of the last character's 6, so it is one of the 16 whose
/// low 2 bits are 0. The pattern in the OpenAPI document says exactly that, so every string a
/// client can build from the schema is a cursor this server accepts.
pub fn encode_cursor(last_id: i64) -> String {
    URL_SAFE_NO_PAD.encode(last_id.to_be_bytes())
}

/// `None` for anything `encode_cursor` cannot have made.
pub fn decode_cursor(cursor: &str) -> Option<i64> {
    let bytes: [u8; 8] = URL_SAFE_NO_PAD.decode(cursor).ok()?.try_into().ok()?;
    Some(i64::from_be_bytes(bytes)).filter(|id| *id >= 0)
}
// ANCHOR_END: cursor

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_is_any_integer_and_only_an_integer() {
        let parse = |query: &str| serde_urlencoded_like(query);
        assert_eq!(parse("7"), Some(Limit(7)));
        assert_eq!(parse("-1"), Some(Limit(-1)));
        assert_eq!(parse("+3"), Some(Limit(3)));
        assert_eq!(parse("99999999999999999999"), Some(Limit(i64::MAX)));
        assert_eq!(parse("-99999999999999999999"), Some(Limit(i64::MIN)));
        for bad in ["", "ten", "1.5", "1e2", "-", " 1", "0x10"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    /// Deserializes `limit` the way a query string presents it: as a string.
    fn serde_urlencoded_like(value: &str) -> Option<Limit> {
        use serde::de::IntoDeserializer;
        let deserializer: de::value::StrDeserializer<'_, de::value::Error> =
            value.into_deserializer();
        Limit::deserialize(deserializer).ok()
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        for id in [0, 1, 42, i64::MAX] {
            let cursor = encode_cursor(id);
            assert_eq!(cursor.len(), 11);
            assert_eq!(decode_cursor(&cursor), Some(id));
        }
        assert_eq!(decode_cursor("not base64!"), None);
        assert_eq!(decode_cursor(""), None);
        assert_eq!(
            decode_cursor(&URL_SAFE_NO_PAD.encode((-3i64).to_be_bytes())),
            None
        );
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode([1u8; 7])), None);
        // Non-zero bits past the 64th: base64 that no encoder would write.
        assert_eq!(decode_cursor("AAAAAAAAAAB"), None);
    }

    /// The schema's pattern and `decode_cursor` agree: every string that matches the pattern
    /// decodes, and every encoded id matches it.
    #[test]
    fn the_pattern_describes_exactly_the_cursors() {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let first = |c: u8| c.is_ascii_uppercase() || (b'a'..=b'f').contains(&c);
        let last = |c: u8| b"AEIMQUYcgkosw048".contains(&c);
        for &a in ALPHABET {
            for &z in ALPHABET {
                let cursor = format!("{}AAAAAAAAA{}", a as char, z as char);
                assert_eq!(
                    decode_cursor(&cursor).is_some(),
                    first(a) && last(z),
                    "{cursor}"
                );
            }
        }
        for id in [0, 7, 1 << 40, i64::MAX - 1] {
            let cursor = encode_cursor(id).into_bytes();
            assert!(first(cursor[0]) && last(cursor[10]));
        }
    }
}
