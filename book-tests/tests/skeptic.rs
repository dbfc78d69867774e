//! Every Rust block of the book that must compile, compiled and run (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));
