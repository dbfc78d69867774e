//! The domain: what a product is and which values are acceptable.
//!
//! Nothing here knows about HTTP or SQL. Input arrives as "raw" types that serde can fill from
//! any JSON object with the right fields (`NewProduct`, `ProductPatch`), and leaves as checked
//! types (`ProductDraft`, `ProductChanges`) that `validate` builds; the `Sku` inside them can
//! only come from `Sku::parse`. The store accepts only checked types, so a request cannot reach
//! the database without passing validation, and the schema's CHECK constraints back it up.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use utoipa::ToSchema;

/// Longest product name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

// ANCHOR: product
/// A stored product, as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    /// Assigned by the store; increases with every insert and is never reused.
    pub id: i64,
    /// Stock-keeping unit: 3 to 32 characters from `A-Z`, `0-9` and `-`; unique.
    pub sku: String,
    pub name: String,
    /// Price in cents, so that no float ever rounds money.
    pub price_cents: i64,
    pub stock: i64,
}

/// The body of `POST /products`, before validation. An unknown field is refused rather than
/// ignored: `"prise_cents"` is a client's typo, and dropping it silently would hide the bug.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub price_cents: i64,
    pub stock: i64,
}

/// The body of `PATCH /products/{id}`: every field optional, absent means "unchanged".
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub price_cents: Option<i64>,
    pub stock: Option<i64>,
}
// ANCHOR_END: product

// ANCHOR: sku
/// A SKU that has passed validation. The field is private: `Sku::parse` is the only way in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sku(String);

impl Sku {
    /// Accepts `^[A-Z0-9-]{3,32}$`, checked by hand: a regex engine for one character class
    /// would be a dependency without a benefit.
    pub fn parse(raw: &str) -> Result<Sku, &'static str> {
        let length_ok = (3..=32).contains(&raw.len());
        let chars_ok = raw
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        match (length_ok, chars_ok) {
            (_, false) => Err("must contain only A-Z, 0-9 and '-'"),
            (false, true) => Err("must be 3 to 32 characters long"),
            (true, true) => Ok(Sku(raw.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
// ANCHOR_END: sku

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ANCHOR: validation
/// Every field that failed, with a message for each; the HTTP layer turns this into a 422.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationError {
    pub fields: BTreeMap<String, String>,
}

impl ValidationError {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields.insert(field.to_owned(), message.into());
    }

    fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationError> {
        if self.fields.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

/// A product that is ready to be inserted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductDraft {
    pub sku: Sku,
    pub name: String,
    pub price_cents: i64,
    pub stock: i64,
}

/// Checked changes for an update; `None` keeps the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductChanges {
    pub sku: Option<Sku>,
    pub name: Option<String>,
    pub price_cents: Option<i64>,
    pub stock: Option<i64>,
}

fn check_name(raw: &str, errors: &mut ValidationError) -> String {
    let name = raw.trim();
    if name.is_empty() {
        errors.add("name", "must not be empty");
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
    }
    name.to_owned()
}

fn check_non_negative(field: &str, value: i64, errors: &mut ValidationError) {
    if value < 0 {
        errors.add(field, "must not be negative");
    }
}

fn check_sku(raw: &str, errors: &mut ValidationError) -> Option<Sku> {
    Sku::parse(raw)
        .map_err(|message| errors.add("sku", message))
        .ok()
}

impl NewProduct {
    /// Checks every field and reports all failures at once, not just the first.
    pub fn validate(self) -> Result<ProductDraft, ValidationError> {
        let mut errors = ValidationError::default();
        let sku = check_sku(&self.sku, &mut errors);
        let name = check_name(&self.name, &mut errors);
        check_non_negative("price_cents", self.price_cents, &mut errors);
        check_non_negative("stock", self.stock, &mut errors);
        match sku {
            Some(sku) => errors.into_result(|| ProductDraft {
                sku,
                name,
                price_cents: self.price_cents,
                stock: self.stock,
            }),
            None => Err(errors),
        }
    }
}

impl ProductPatch {
    /// The rules are per field, so a partial update checks only the fields it carries.
    pub fn validate(self) -> Result<ProductChanges, ValidationError> {
        let mut errors = ValidationError::default();
        let sku = self
            .sku
            .as_deref()
            .and_then(|raw| check_sku(raw, &mut errors));
        let name = self.name.as_deref().map(|raw| check_name(raw, &mut errors));
        if let Some(price) = self.price_cents {
            check_non_negative("price_cents", price, &mut errors);
        }
        if let Some(stock) = self.stock {
            check_non_negative("stock", stock, &mut errors);
        }
        errors.into_result(|| ProductChanges {
            sku,
            name,
            price_cents: self.price_cents,
            stock: self.stock,
        })
    }
}
// ANCHOR_END: validation

impl ProductChanges {
    pub fn apply_to(&self, product: &mut Product) {
        if let Some(sku) = &self.sku {
            product.sku = sku.as_str().to_owned();
        }
        if let Some(name) = &self.name {
            product.name.clone_from(name);
        }
        if let Some(price) = self.price_cents {
            product.price_cents = price;
        }
        if let Some(stock) = self.stock {
            product.stock = stock;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(sku: &str, name: &str, price_cents: i64, stock: i64) -> NewProduct {
        NewProduct {
            sku: sku.into(),
            name: name.into(),
            price_cents,
            stock,
        }
    }

    #[test]
    fn accepts_a_valid_product_and_trims_the_name() {
        let draft = new("ABC-123", "  Teapot ", 1999, 3).validate().unwrap();
        assert_eq!(draft.sku.as_str(), "ABC-123");
        assert_eq!(draft.name, "Teapot");
    }

    #[test]
    fn sku_rules() {
        assert!(Sku::parse("A-1").is_ok());
        assert!(Sku::parse(&"X".repeat(32)).is_ok());
        assert_eq!(Sku::parse("AB"), Err("must be 3 to 32 characters long"));
        assert_eq!(
            Sku::parse(&"X".repeat(33)),
            Err("must be 3 to 32 characters long")
        );
        assert_eq!(Sku::parse("abc"), Err("must contain only A-Z, 0-9 and '-'"));
        assert_eq!(
            Sku::parse("AB C"),
            Err("must contain only A-Z, 0-9 and '-'")
        );
        assert_eq!(Sku::parse("ÄBC"), Err("must contain only A-Z, 0-9 and '-'"));
    }

    #[test]
    fn reports_every_failing_field() {
        let error = new("x", " ", -1, -5).validate().unwrap_err();
        let fields: Vec<&str> = error.fields.keys().map(String::as_str).collect();
        assert_eq!(fields, ["name", "price_cents", "sku", "stock"]);
    }

    #[test]
    fn name_length_counts_characters_not_bytes() {
        assert!(new("ABC", &"é".repeat(200), 0, 0).validate().is_ok());
        assert!(new("ABC", &"é".repeat(201), 0, 0).validate().is_err());
    }

    #[test]
    fn a_patch_checks_only_present_fields() {
        let empty = ProductPatch::default().validate().unwrap();
        assert_eq!(empty, ProductChanges::default());
        let bad = ProductPatch {
            stock: Some(-1),
            ..ProductPatch::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad.fields.len(), 1);
        assert!(bad.fields.contains_key("stock"));
    }

    #[test]
    fn changes_apply_only_what_they_carry() {
        let mut product = Product {
            id: 1,
            sku: "ABC".into(),
            name: "Old".into(),
            price_cents: 5,
            stock: 1,
        };
        let changes = ProductPatch {
            name: Some("New".into()),
            ..ProductPatch::default()
        }
        .validate()
        .unwrap();
        changes.apply_to(&mut product);
        assert_eq!((product.name.as_str(), product.price_cents), ("New", 5));
    }
}
