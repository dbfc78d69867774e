//! A bounded buffer: a queue with a capacity, shared by producers and consumers.
//!
//! `push` blocks while the queue is full, which is what slows a fast producer down to the pace
//! of its consumers (backpressure). `pop` blocks while it is empty. `close` stops new items
//! from coming in, while consumers drain what is already queued.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

// ANCHOR: buffer
#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
    /// The longest the queue has been, to show backpressure at work.
    max_len: usize,
}

/// A FIFO queue holding at most `capacity` items.
#[derive(Debug)]
pub struct BoundedBuffer<T> {
    state: Mutex<State<T>>,
    capacity: usize,
    /// Signalled when an item is pushed or the buffer closes: consumers wait on it.
    not_empty: Condvar,
    /// Signalled when an item is popped or the buffer closes: producers wait on it.
    not_full: Condvar,
}

/// `push` on a closed buffer: the item comes back to the caller.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed<T>(pub T);

impl<T> BoundedBuffer<T> {
    /// # Panics
    /// If `capacity` is zero: such a buffer could never accept an item.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded buffer needs room for one item");
        Self {
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
                max_len: 0,
            }),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds an item, waiting while the buffer is full. Fails if the buffer is closed.
    pub fn push(&self, item: T) -> Result<(), Closed<T>> {
        let mut state = self.lock();
        while state.items.len() == self.capacity && !state.closed {
            state = self
                .not_full
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.closed {
            return Err(Closed(item));
        }
        state.items.push_back(item);
        state.max_len = state.max_len.max(state.items.len());
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the oldest item, waiting while the buffer is empty. `None` once the buffer is
    /// closed *and* drained: items pushed before `close` are still delivered.
    pub fn pop(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                self.not_full.notify_one();
                return Some(item);
            }
            if state.closed {
                return None;
            }
            state = self
                .not_empty
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Refuses further pushes and wakes every waiter, so that blocked producers fail and
    /// consumers finish once the queue is empty.
    pub fn close(&self) {
        self.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    /// The longest the queue has been so far.
    pub fn max_len(&self) -> usize {
        self.lock().max_len
    }
}
// ANCHOR_END: buffer

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn every_item_arrives_once_in_order_and_the_bound_holds() {
        let buffer = BoundedBuffer::new(4);
        let received = thread::scope(|scope| {
            let consumer = scope.spawn(|| {
                let mut received = Vec::new();
                while let Some(item) = buffer.pop() {
                    received.push(item);
                }
                received
            });
            for item in 0..1_000 {
                buffer.push(item).expect("buffer closed early");
            }
            buffer.close();
            consumer.join().expect("consumer panicked")
        });
        assert_eq!(received, (0..1_000).collect::<Vec<_>>());
        assert!(buffer.max_len() <= 4);
    }

    #[test]
    fn close_drains_then_ends_and_refuses_pushes() {
        let buffer = BoundedBuffer::new(2);
        buffer.push('a').expect("open");
        buffer.push('b').expect("open");
        buffer.close();
        assert_eq!(buffer.push('c'), Err(Closed('c')));
        assert_eq!(buffer.pop(), Some('a'));
        assert_eq!(buffer.pop(), Some('b'));
        assert_eq!(buffer.pop(), None);
    }

    #[test]
    fn close_wakes_a_blocked_producer() {
        let buffer = BoundedBuffer::new(1);
        buffer.push(1).expect("open");
        thread::scope(|scope| {
            let producer = scope.spawn(|| buffer.push(2));
            thread::sleep(Duration::from_millis(20));
            buffer.close();
            assert_eq!(producer.join().expect("producer panicked"), Err(Closed(2)));
        });
    }
}
