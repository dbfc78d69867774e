//! The synchronisation types the channel is built on: loom's under `cargo test`, so that the
//! tests can explore interleavings, and the standard library's otherwise.

#[cfg(test)]
pub(crate) use loom::cell::UnsafeCell;
#[cfg(test)]
pub(crate) use loom::sync::{Arc, atomic};

#[cfg(not(test))]
pub(crate) use std::sync::{Arc, atomic};

/// `std::cell::UnsafeCell` with loom's closure-based API, so the channel code is the same in
/// both builds.
#[cfg(not(test))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(test))]
impl<T> UnsafeCell<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}
