use crate::{ListError, ListQuery, Page, Product};
use std::collections::BTreeMap;

// ANCHOR: solution
pub fn list_products(
    products: &BTreeMap<i64, Product>,
    query: &ListQuery,
) -> Result<Page, ListError> {
    let prefix = query.sku_prefix.as_deref().unwrap_or("");
    if let Some(raw) = &query.sku_prefix {
        let chars_ok = raw
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if !chars_ok || !(1..=32).contains(&raw.len()) {
            return Err(ListError::InvalidPrefix);
        }
    }
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ListError::InvalidLimit);
    }
    let after = query.after.unwrap_or(0);

    // Take one more than a page: whether it exists decides `next_after`.
    let mut items: Vec<Product> = products
        .range(after.saturating_add(1)..)
        .map(|(_, product)| product)
        .filter(|product| product.sku.starts_with(prefix))
        .take(limit + 1)
        .cloned()
        .collect();
    let next_after = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|product| product.id)
    } else {
        None
    };
    Ok(Page { items, next_after })
}
// ANCHOR_END: solution
