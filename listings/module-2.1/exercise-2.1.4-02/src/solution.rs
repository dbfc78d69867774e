use crate::{ApiError, FieldError, json_string};

// ANCHOR: solution
/// The status code and JSON body for `error`.
pub fn to_response(error: &ApiError) -> (u16, String) {
    // An exhaustive match: adding a variant to `ApiError` is a compile error here until
    // someone decides its status code.
    let (status, code) = match error {
        ApiError::NotFound(_) => (404, "not_found"),
        ApiError::DuplicateSku(_) => (409, "conflict"),
        ApiError::Validation(_) => (422, "validation_failed"),
        ApiError::PayloadTooLarge { .. } => (413, "payload_too_large"),
        ApiError::Internal(_) => (500, "internal"),
    };
    // `Display` of `Internal` is a fixed text; its source is never formatted here.
    let mut body = format!(
        "{{\"code\":{},\"message\":{}",
        json_string(code),
        json_string(&error.to_string())
    );
    if let ApiError::Validation(fields) = error {
        let fields: Vec<String> = fields.iter().map(field_json).collect();
        body.push_str(&format!(",\"fields\":[{}]", fields.join(",")));
    }
    body.push('}');
    (status, body)
}

fn field_json(field: &FieldError) -> String {
    format!(
        "{{\"field\":{},\"message\":{}}}",
        json_string(field.field),
        json_string(&field.message)
    )
}
// ANCHOR_END: solution
