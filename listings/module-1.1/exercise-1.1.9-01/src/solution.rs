use crate::{Lookup, MAX_TTL, Record};
use std::collections::HashMap;
use std::time::{Duration, Instant};

// ANCHOR: solution
/// A key is a normalised name and a record type; `None` is the name-wide "no such name".
type Key = (String, Option<u16>);

enum Stored {
    Records(Vec<Record>),
    NoSuchName,
}

struct Entry {
    expires: Instant,
    stored: Stored,
}

pub struct Cache {
    capacity: usize,
    entries: HashMap<Key, Entry>,
}

impl Cache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: HashMap::new(),
        }
    }

    pub fn insert(&mut self, name: &str, record_type: u16, records: Vec<Record>, now: Instant) {
        let Some(ttl) = records.iter().map(|record| record.ttl).min() else {
            return;
        };
        self.store(
            (normalise(name), Some(record_type)),
            ttl,
            Stored::Records(records),
            now,
        );
    }

    pub fn insert_no_such_name(&mut self, name: &str, ttl: u32, now: Instant) {
        self.store((normalise(name), None), ttl, Stored::NoSuchName, now);
    }

    pub fn get(&mut self, name: &str, record_type: u16, now: Instant) -> Lookup {
        let name = normalise(name);
        // A name that does not exist has no records of any type.
        for key in [(name.clone(), None), (name, Some(record_type))] {
            let Some(entry) = self.entries.get(&key) else {
                continue;
            };
            if now >= entry.expires {
                self.entries.remove(&key);
                continue;
            }
            // Whole seconds left, rounded down, as a resolver passes them on.
            let left = (entry.expires - now).as_secs() as u32;
            return match &entry.stored {
                Stored::NoSuchName => Lookup::NoSuchName { ttl: left },
                Stored::Records(records) => Lookup::Hit(
                    records
                        .iter()
                        .map(|r| Record {
                            data: r.data.clone(),
                            ttl: left,
                        })
                        .collect(),
                ),
            };
        }
        Lookup::Miss
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn store(&mut self, key: Key, ttl: u32, stored: Stored, now: Instant) {
        if ttl == 0 || self.capacity == 0 {
            return;
        }
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            self.entries.retain(|_, entry| entry.expires > now);
            if self.entries.len() >= self.capacity {
                let soonest = self
                    .entries
                    .iter()
                    .min_by_key(|(_, entry)| entry.expires)
                    .map(|(key, _)| key.clone());
                if let Some(soonest) = soonest {
                    self.entries.remove(&soonest);
                }
            }
        }
        let expires = now + Duration::from_secs(u64::from(ttl.min(MAX_TTL)));
        self.entries.insert(key, Entry { expires, stored });
    }
}

/// DNS names are case-insensitive (RFC 4343), and `name.` and `name` are the same name.
fn normalise(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}
// ANCHOR_END: solution
