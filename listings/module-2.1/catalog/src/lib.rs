//! `catalog`: a product-catalog HTTP service.
//!
//! Layers, from the inside out: `domain` (types and validation rules, no I/O), `store` (the
//! `Store` trait with SQLite and in-memory implementations), `api` and `app` (HTTP handlers,
//! error mapping, middleware), `server` (connections, limits, graceful shutdown) and `config`
//! (flags and environment). Each layer depends only on the ones inside it.

pub mod api;
pub mod app;
pub mod config;
pub mod domain;
pub mod error;
pub mod extract;
pub mod pagination;
pub mod server;
pub mod store;

pub use app::{AppState, build_app};
pub use server::{Limits, RunningServer, serve};
