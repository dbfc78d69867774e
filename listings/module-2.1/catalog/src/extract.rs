//! Extractors that wrap axum's own and turn their plain-text rejections into `ApiError`.

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use http_body_util::Limited;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Largest request body accepted; larger ones get a 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

// ANCHOR: json
/// Like `axum::Json`, but a bad body becomes our JSON error, with the status axum chose:
/// 400 for a syntax error, 422 for a well-formed body of the wrong shape, 413 past
/// `MAX_BODY_BYTES`, 415 without `Content-Type: application/json`. And the body must be a
/// JSON object: serde's derived `Deserialize` also accepts an array of the fields in order,
/// so `[null, null]` would have been a valid, empty PATCH (contract fuzzing found that).
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // The limit is applied here, where a body is read, rather than by a layer on every
        // request; axum reports the `Limited` body's error as 413.
        let req = req.map(|body| Body::new(Limited::new(body, MAX_BODY_BYTES)));
        let object = match axum::Json::<Map<String, Value>>::from_request(req, state).await {
            Ok(axum::Json(object)) => object,
            Err(rejection) => return Err(json_rejection(rejection)),
        };
        serde_json::from_value(Value::Object(object))
            .map(Json)
            .map_err(|error| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    format!("Failed to deserialize the JSON body into the target type: {error}"),
                )
            })
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let status = rejection.status();
    let code = match &rejection {
        JsonRejection::JsonSyntaxError(_) => "malformed_json",
        JsonRejection::JsonDataError(_) => "invalid_body",
        JsonRejection::MissingJsonContentType(_) => "unsupported_media_type",
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        _ => "unreadable_body",
    };
    ApiError::new(status, code, rejection.body_text())
}
// ANCHOR_END: json

/// Like `axum::extract::Path`: `/products/abc` is a 400 in our shape.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(path_rejection(rejection)),
        }
    }
}

fn path_rejection(rejection: PathRejection) -> ApiError {
    ApiError::new(rejection.status(), "invalid_path", rejection.body_text())
}

/// Like `axum::extract::Query`: `?limit=ten` is a 400 in our shape.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(query_rejection(rejection)),
        }
    }
}

fn query_rejection(rejection: QueryRejection) -> ApiError {
    ApiError::new(rejection.status(), "invalid_query", rejection.body_text())
}
