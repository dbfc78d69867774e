//! Every error the API returns, and its one JSON shape:
//! `{"error": {"code": "...", "message": "...", "fields": {...}}}`.

use crate::domain::ValidationError;
use crate::store::StoreError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

// ANCHOR: error_body
/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: clients branch on this, never on `message`.
    pub code: &'static str,
    /// For humans; may change between versions.
    pub message: String,
    /// For validation errors: each offending field and what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

/// An error on its way to becoming an HTTP response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<BTreeMap<String, String>>,
    /// Seconds for a `Retry-After` header: set on the 503s a retry can fix.
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
            retry_after: None,
        }
    }

    /// A 503 that a client should retry after `seconds`.
    pub fn unavailable(code: &'static str, message: impl Into<String>, seconds: u32) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; the server log has the details",
        )
    }

    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                fields: self.fields,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
// ANCHOR_END: error_body

// ANCHOR: from_domain
impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "validation_failed",
            message: "some fields are invalid".into(),
            fields: Some(error.fields),
            retry_after: None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::DuplicateSku(_) => {
                ApiError::new(StatusCode::CONFLICT, "duplicate_sku", error.to_string())
            }
            // Overload is not an error of this server; a warning per shed request would
            // flood the log exactly when it is busiest.
            StoreError::Overloaded => {
                tracing::debug!("store queue full: shedding the request");
                ApiError::unavailable(
                    "overloaded",
                    "too many requests in progress; retry later",
                    1,
                )
            }
            // The details go to the log, not to the client: they may name files and tables.
            StoreError::Busy(_) => {
                tracing::warn!(%error, "store busy");
                ApiError::unavailable("store_unavailable", "the store is busy; retry later", 1)
            }
            // `/ready` fails too, so a load balancer moves the traffic; a retry goes elsewhere.
            StoreError::Unavailable(_) => {
                tracing::error!(%error, "store unavailable");
                ApiError::unavailable(
                    "store_unavailable",
                    "the store cannot be used on this instance; retry later",
                    5,
                )
            }
            StoreError::Database(_) | StoreError::SchemaTooNew { .. } | StoreError::Internal(_) => {
                tracing::error!(%error, "store failed");
                ApiError::internal()
            }
        }
    }
}
// ANCHOR_END: from_domain
