// Your attempt: replace the `todo!()` and run `cargo xtask exercise 2.1.1-1`.
#![allow(unused_variables, unused_imports)]

use crate::{Method, Request, Routed};

// ANCHOR: starter
/// Splits `batch` into reads (`GET`, `HEAD`) and writes (everything else), keeping the order.
///
/// Every request must be *moved* into its new vector: the tests check that each path and
/// body still live at the same heap address, so `clone()` fails them.
pub fn route(batch: Vec<Request>) -> Routed {
    todo!("move each request of the batch into `reads` or `writes`")
}
// ANCHOR_END: starter
