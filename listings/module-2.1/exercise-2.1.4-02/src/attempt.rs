// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.4-2`.
#![allow(unused_variables, unused_imports)]

use crate::{ApiError, FieldError, json_string};

// ANCHOR: starter
/// The status code and JSON body for `error`.
///
/// | Variant | Status | `code` |
/// |---|---|---|
/// | `NotFound` | 404 | `not_found` |
/// | `DuplicateSku` | 409 | `conflict` |
/// | `Validation` | 422 | `validation_failed` |
/// | `PayloadTooLarge` | 413 | `payload_too_large` |
/// | `Internal` | 500 | `internal` |
///
/// The body is `{"code":"...","message":"..."}` where `message` is the error's `Display`
/// text, quoted with `json_string`. A validation error adds
/// `,"fields":[{"field":"...","message":"..."}]` before the closing brace, in order.
/// An internal error must never reveal its source to the client.
pub fn to_response(error: &ApiError) -> (u16, String) {
    todo!("match on the variant")
}
// ANCHOR_END: starter
