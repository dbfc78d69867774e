//! Every `compile_fail` block of the book, checked to fail with the error its label names.
include!(concat!(env!("OUT_DIR"), "/compile-fail-tests.rs"));
