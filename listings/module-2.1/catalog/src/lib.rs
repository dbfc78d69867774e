//! `catalog`: a product-catalog HTTP service.
//!
//! Layers, from the inside out: `domain` (types and validation rules, no I/O), `store` (the
//! `Store` trait with SQLite and in-memory implementations), `executor` (store calls on a few
//! threads behind bounded queues), `readiness` (the store checked on a thread of its own),
//! `api` and `app` (HTTP handlers, error mapping, request ids, middleware), `server`
//! (connections, limits, graceful shutdown) and `config` (flags and environment). Each layer
//! depends only on the ones inside it.

pub mod api;
pub mod app;
pub mod config;
pub mod domain;
pub mod error;
pub mod executor;
pub mod extract;
pub mod log_format;
pub mod pagination;
pub mod readiness;
pub mod request_id;
pub mod server;
pub mod store;
pub mod timeout;

pub use app::{AppOptions, AppState, build_app};
pub use server::{Lifecycle, Limits, RunningServer, serve};
