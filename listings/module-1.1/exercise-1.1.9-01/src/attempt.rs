// Your attempt: replace the `todo!()`s and run `cargo xtask exercise 1.1.9-1`.
#![allow(unused_variables, unused_imports, dead_code)]

use crate::{Lookup, MAX_TTL, Record};
use std::collections::HashMap;
use std::time::{Duration, Instant};

// ANCHOR: starter
/// A DNS cache. Time is passed in as `now` rather than read from the clock, so that the tests
/// can move it forward without sleeping.
pub struct Cache {
    capacity: usize,
    // Add the fields you need.
}

impl Cache {
    /// A cache that holds at most `capacity` entries. Each `insert` or `insert_no_such_name`
    /// of a new key makes one entry.
    pub fn new(capacity: usize) -> Self {
        todo!()
    }

    /// Stores the records of one type for `name`, received at `now`.
    ///
    /// - Names are compared without regard to case or a trailing dot: `WWW.Example.test.` and
    ///   `www.example.test` are the same name.
    /// - The whole set expires together, after the smallest TTL among its records, capped at
    ///   `MAX_TTL`. A set whose smallest TTL is 0 is not stored at all (RFC 1035: TTL 0 means
    ///   "use for this transaction only"), and neither is an empty set.
    /// - When the cache is full, first drop every expired entry; if it is still full, drop the
    ///   entry that would expire soonest.
    pub fn insert(&mut self, name: &str, record_type: u16, records: Vec<Record>, now: Instant) {
        todo!()
    }

    /// Stores that `name` does not exist, for `ttl` seconds from `now` (for a real answer,
    /// the smaller of the SOA record's TTL and its minimum field). It applies to every record
    /// type of that name. The same rules on names, TTL 0, `MAX_TTL` and capacity apply.
    pub fn insert_no_such_name(&mut self, name: &str, ttl: u32, now: Instant) {
        todo!()
    }

    /// What the cache knows at `now`. Each TTL returned is the whole seconds left. An entry is
    /// expired, and must be forgotten, once its TTL has fully passed.
    pub fn get(&mut self, name: &str, record_type: u16, now: Instant) -> Lookup {
        todo!()
    }

    /// How many entries the cache holds, expired ones included until they are dropped.
    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: starter
