use crate::{PopError, PushError};
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
}

#[derive(Debug)]
pub struct BoundedQueue<T> {
    capacity: usize,
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
}

// ANCHOR: solution
impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for one item");
        Self {
            capacity,
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits on `condvar` until `ready` holds or the deadline passes; returns the guard and
    /// whether `ready` holds. One deadline for the whole call, however often the thread wakes.
    fn wait_until<'a>(
        &self,
        mut state: MutexGuard<'a, State<T>>,
        condvar: &Condvar,
        deadline: Instant,
        ready: impl Fn(&State<T>) -> bool,
    ) -> (MutexGuard<'a, State<T>>, bool) {
        while !ready(&state) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return (state, false);
            }
            state = condvar
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        (state, true)
    }

    pub fn push_timeout(&self, item: T, timeout: Duration) -> Result<(), PushError<T>> {
        let deadline = Instant::now() + timeout;
        let (mut state, ready) = self.wait_until(self.lock(), &self.not_full, deadline, |s| {
            s.closed || s.items.len() < self.capacity
        });
        if state.closed {
            return Err(PushError::Closed(item));
        }
        if !ready {
            return Err(PushError::Full(item));
        }
        state.items.push_back(item);
        self.not_empty.notify_one();
        Ok(())
    }

    pub fn pop_timeout(&self, timeout: Duration) -> Result<T, PopError> {
        let deadline = Instant::now() + timeout;
        let (mut state, _) = self.wait_until(self.lock(), &self.not_empty, deadline, |s| {
            s.closed || !s.items.is_empty()
        });
        if let Some(item) = state.items.pop_front() {
            self.not_full.notify_one();
            return Ok(item);
        }
        Err(if state.closed {
            PopError::Closed
        } else {
            PopError::Empty
        })
    }

    pub fn close(&self) {
        self.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: solution
