use exercise_2_1_4_02::{ApiError, FieldError, to_response};

#[test]
fn not_found_is_404() {
    assert_eq!(
        to_response(&ApiError::NotFound(17)),
        (
            404,
            r#"{"code":"not_found","message":"product 17 not found"}"#.to_string()
        )
    );
}

#[test]
fn duplicate_is_409_and_quotes_are_escaped() {
    let (status, body) = to_response(&ApiError::DuplicateSku("A\"1".to_string()));
    assert_eq!(status, 409);
    assert_eq!(
        body,
        r#"{"code":"conflict","message":"a product with SKU A\"1 already exists"}"#
    );
}

#[test]
fn validation_lists_the_fields_in_order() {
    let error = ApiError::Validation(vec![
        FieldError {
            field: "name",
            message: "must not be empty".to_string(),
        },
        FieldError {
            field: "price_cents",
            message: "must be positive".to_string(),
        },
    ]);
    assert_eq!(
        to_response(&error),
        (
            422,
            concat!(
                r#"{"code":"validation_failed","message":"2 field(s) are invalid","#,
                r#""fields":[{"field":"name","message":"must not be empty"},"#,
                r#"{"field":"price_cents","message":"must be positive"}]}"#
            )
            .to_string()
        )
    );
}

#[test]
fn payload_too_large_is_413() {
    let (status, body) = to_response(&ApiError::PayloadTooLarge { limit: 65_536 });
    assert_eq!(status, 413);
    assert!(body.contains("larger than 65536 bytes"), "{body}");
}

#[test]
fn internal_errors_do_not_leak_their_source() {
    let cause = std::io::Error::other("disk /var/lib/catalog.db is full");
    let (status, body) = to_response(&ApiError::Internal(Box::new(cause)));
    assert_eq!(status, 500);
    assert_eq!(body, r#"{"code":"internal","message":"internal error"}"#);
}
