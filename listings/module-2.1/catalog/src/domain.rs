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

/// Largest price or stock accepted: 2^53 - 1, the largest integer a JavaScript client (a
/// browser, Node.js) can hold exactly. A larger one would be rounded by such a client.
pub const MAX_AMOUNT: i64 = 9_007_199_254_740_991;

// ANCHOR: product
/// A stored product, as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    /// Assigned by the store; increases with every insert and is never reused.
    #[schema(minimum = 1)]
    pub id: i64,
    /// Stock-keeping unit: 3 to 32 characters from `A-Z`, `0-9` and `-`; unique.
    #[schema(pattern = "^[A-Z0-9-]{3,32}$", min_length = 3, max_length = 32)]
    pub sku: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Price in cents, so that no float ever rounds money.
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub price_cents: i64,
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub stock: i64,
}

/// The body of `POST /products`, before validation. An unknown field is refused rather than
/// ignored: `"prise_cents"` is a client's typo, and dropping it silently would hide the bug.
/// The `schema` attributes state the rules of `validate` in the OpenAPI document, so that a
/// client generated from it checks them before sending.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    #[schema(pattern = "^[A-Z0-9-]{3,32}$", min_length = 3, max_length = 32)]
    pub sku: String,
    /// At most 200 characters, not all whitespace; trimmed before it is stored.
    #[schema(
        pattern = r"[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]",
        min_length = 1,
        max_length = 200
    )]
    pub name: String,
    #[serde(deserialize_with = "whole_number::required")]
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub price_cents: i64,
    #[serde(deserialize_with = "whole_number::required")]
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub stock: i64,
}

/// The body of `PATCH /products/{id}`: every field optional, absent (or `null`) means
/// "unchanged".
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    #[schema(pattern = "^[A-Z0-9-]{3,32}$", min_length = 3, max_length = 32)]
    pub sku: Option<String>,
    /// At most 200 characters, not all whitespace; trimmed before it is stored.
    #[schema(
        pattern = r"[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]",
        min_length = 1,
        max_length = 200
    )]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "whole_number::optional")]
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub price_cents: Option<i64>,
    #[serde(default, deserialize_with = "whole_number::optional")]
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub stock: Option<i64>,
}

/// JSON Schema, and so the OpenAPI document, counts `525.0` as an integer (a number whose
/// fraction is zero), and some JSON encoders write whole numbers that way; serde's `i64` does
/// not accept it. These accept every JSON number that is a whole number an `i64` can hold
/// exactly, and nothing else, so the server takes what its schema allows.
mod whole_number {
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    /// Past 2^53 a float no longer holds every whole number, so `9007199254740993.0` could
    /// stand for a different integer than the client meant.
    const EXACT_IN_F64: f64 = 9_007_199_254_740_992.0;

    struct WholeNumber;

    impl<'de> Visitor<'de> for WholeNumber {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number that fits in 64 bits")
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value)
                .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
            if value.fract() == 0.0 && value.abs() <= EXACT_IN_F64 {
                Ok(value as i64)
            } else {
                Err(E::invalid_value(de::Unexpected::Float(value), &self))
            }
        }
    }

    pub fn required<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(WholeNumber)
    }

    struct MaybeWholeNumber;

    impl<'de> Visitor<'de> for MaybeWholeNumber {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("null or a whole number that fits in 64 bits")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<i64>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
            required(d).map(Some)
        }
    }

    pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_option(MaybeWholeNumber)
    }
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

/// The limit counts the name as sent, before trimming, so that the OpenAPI document can state
/// the rule exactly (`maxLength` cannot see what trimming would remove).
fn check_name(raw: &str, errors: &mut ValidationError) -> String {
    let name = raw.trim();
    if name.is_empty() {
        errors.add("name", "must not be empty");
    } else if raw.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
    }
    name.to_owned()
}

fn check_amount(field: &str, value: i64, errors: &mut ValidationError) {
    if value < 0 {
        errors.add(field, "must not be negative");
    } else if value > MAX_AMOUNT {
        errors.add(field, format!("must be at most {MAX_AMOUNT}"));
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
        check_amount("price_cents", self.price_cents, &mut errors);
        check_amount("stock", self.stock, &mut errors);
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
            check_amount("price_cents", price, &mut errors);
        }
        if let Some(stock) = self.stock {
            check_amount("stock", stock, &mut errors);
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

    /// The name's pattern in the OpenAPI document lists the characters `str::trim` removes;
    /// this checks the list against Rust's own definition, every `char` of it.
    #[test]
    fn the_documented_whitespace_is_what_trim_removes() {
        let listed = |c: char| {
            matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ')
                || matches!(
                    c,
                    '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}'
                )
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
                )
        };
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(c.is_whitespace(), listed(c), "{:?}", c);
        }
    }

    #[test]
    fn name_length_counts_characters_not_bytes() {
        assert!(new("ABC", &"é".repeat(200), 0, 0).validate().is_ok());
        assert!(new("ABC", &"é".repeat(201), 0, 0).validate().is_err());
    }

    #[test]
    fn whole_numbers_written_as_floats_are_integers() {
        let parse = |json: &str| serde_json::from_str::<NewProduct>(json).map(|p| p.stock);
        let body =
            |stock: &str| format!(r#"{{"sku":"A-1","name":"n","price_cents":0,"stock":{stock}}}"#);
        assert_eq!(parse(&body("525")).unwrap(), 525);
        assert_eq!(parse(&body("525.0")).unwrap(), 525);
        assert_eq!(
            parse(&body("-2.0")).unwrap(),
            -2,
            "validation, not parsing, refuses it"
        );
        assert_eq!(parse(&body("9007199254740992.0")).unwrap(), 1 << 53);
        for bad in ["5.5", "1e300", "9223372036854775808", "\"5\"", "null"] {
            assert!(parse(&body(bad)).is_err(), "{bad}");
        }
        let patch: ProductPatch =
            serde_json::from_str(r#"{"stock": null, "price_cents": 7.0}"#).unwrap();
        assert_eq!((patch.stock, patch.price_cents), (None, Some(7)));
        let patch: ProductPatch = serde_json::from_str("{}").unwrap();
        assert_eq!((patch.stock, patch.price_cents), (None, None));
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
