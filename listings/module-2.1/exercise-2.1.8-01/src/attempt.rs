// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.8-1`.
#![allow(unused_variables, unused_imports)]

use crate::{ListError, ListQuery, Page, Product};
use std::collections::BTreeMap;

// ANCHOR: starter
/// One page of the products whose SKU starts with `query.sku_prefix`, in increasing id order.
///
/// - `sku_prefix` absent means every product; present, it must be 1 to 32 characters from
///   `A-Z`, `0-9` and `-`, else `ListError::InvalidPrefix`.
/// - `limit` is 20 when absent and must be 1 to 100, else `ListError::InvalidLimit`.
/// - Only ids greater than `after` (0 when absent) count.
/// - `next_after` is the id of the last item when more matching products follow it, and
///   `None` otherwise: a client must never be sent to an empty page.
pub fn list_products(
    products: &BTreeMap<i64, Product>,
    query: &ListQuery,
) -> Result<Page, ListError> {
    todo!("validate the query, then walk the ids after `after`, keeping matching SKUs")
}
// ANCHOR_END: starter
