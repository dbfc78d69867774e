// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.2.8-2`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::{PopError, PushError};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

// ANCHOR: starter
#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

/// A FIFO queue of at most `capacity` items, shared by any number of producers and consumers.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    capacity: usize,
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    /// # Panics
    /// If `capacity` is zero.
    pub fn new(capacity: usize) -> Self {
        todo!()
    }

    /// Adds `item`, waiting at most `timeout` for room. `Full(item)` if there was none in
    /// time, `Closed(item)` if the queue is (or becomes, while waiting) closed.
    pub fn push_timeout(&self, item: T, timeout: Duration) -> Result<(), PushError<T>> {
        todo!()
    }

    /// Takes the oldest item, waiting at most `timeout` for one. Items pushed before `close`
    /// are still delivered; `Closed` only once the queue is closed *and* empty.
    pub fn pop_timeout(&self, timeout: Duration) -> Result<T, PopError> {
        todo!()
    }

    /// Refuses further pushes and wakes every waiting thread.
    pub fn close(&self) {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: starter
