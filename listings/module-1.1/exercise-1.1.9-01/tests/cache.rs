//! What "done" means for Exercise 1.1.9-1.
use exercise_1_1_9_01::{Cache, Lookup, MAX_TTL, Record};
use std::time::{Duration, Instant};

const A: u16 = 1;
const AAAA: u16 = 28;

fn record(data: &str, ttl: u32) -> Record {
    Record {
        data: data.to_string(),
        ttl,
    }
}

/// Caches one A record for `name`, the shape most tests need.
fn insert_a(cache: &mut Cache, name: &str, address: &str, ttl: u32, at: Instant) {
    cache.insert(name, A, vec![record(address, ttl)], at);
}

fn later(start: Instant, seconds: u64) -> Instant {
    start + Duration::from_secs(seconds)
}

#[test]
fn an_empty_cache_misses() {
    let mut cache = Cache::new(10);
    assert_eq!(
        cache.get("www.example.test", A, Instant::now()),
        Lookup::Miss
    );
    assert!(cache.is_empty());
}

#[test]
fn a_hit_counts_the_ttl_down() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(&mut cache, "www.example.test", "192.0.2.10", 300, start);
    assert_eq!(
        cache.get("www.example.test", A, start),
        Lookup::Hit(vec![record("192.0.2.10", 300)])
    );
    assert_eq!(
        cache.get("www.example.test", A, later(start, 100)),
        Lookup::Hit(vec![record("192.0.2.10", 200)])
    );
    let almost = later(start, 299) + Duration::from_millis(999);
    assert_eq!(
        cache.get("www.example.test", A, almost),
        Lookup::Hit(vec![record("192.0.2.10", 0)])
    );
}

#[test]
fn an_expired_entry_is_a_miss_and_is_forgotten() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(&mut cache, "www.example.test", "192.0.2.10", 300, start);
    assert_eq!(
        cache.get("www.example.test", A, later(start, 300)),
        Lookup::Miss
    );
    assert_eq!(cache.len(), 0);
}

#[test]
fn names_ignore_case_and_the_trailing_dot() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(&mut cache, "WWW.Example.TEST.", "192.0.2.10", 60, start);
    assert!(matches!(
        cache.get("www.example.test", A, start),
        Lookup::Hit(_)
    ));
}

#[test]
fn record_types_are_kept_apart() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(&mut cache, "www.example.test", "192.0.2.10", 60, start);
    assert_eq!(cache.get("www.example.test", AAAA, start), Lookup::Miss);
}

#[test]
fn a_set_expires_with_its_shortest_ttl() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    let set = vec![record("192.0.2.10", 300), record("192.0.2.11", 30)];
    cache.insert("www.example.test", A, set, start);
    assert_eq!(
        cache.get("www.example.test", A, later(start, 10)),
        Lookup::Hit(vec![record("192.0.2.10", 20), record("192.0.2.11", 20)])
    );
    assert_eq!(
        cache.get("www.example.test", A, later(start, 30)),
        Lookup::Miss
    );
}

#[test]
fn ttl_zero_and_empty_sets_are_not_stored() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(&mut cache, "a.example.test", "192.0.2.1", 0, start);
    cache.insert("b.example.test", A, vec![], start);
    cache.insert_no_such_name("c.example.test", 0, start);
    assert!(cache.is_empty());
}

#[test]
fn ttls_are_capped_at_one_day() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    insert_a(
        &mut cache,
        "www.example.test",
        "192.0.2.10",
        86_400_000,
        start,
    );
    assert_eq!(
        cache.get("www.example.test", A, start),
        Lookup::Hit(vec![record("192.0.2.10", MAX_TTL)])
    );
    let after_a_day = later(start, u64::from(MAX_TTL));
    assert_eq!(cache.get("www.example.test", A, after_a_day), Lookup::Miss);
}

#[test]
fn no_such_name_covers_every_type_until_it_expires() {
    let start = Instant::now();
    let mut cache = Cache::new(10);
    cache.insert_no_such_name("nope.example.test", 60, start);
    assert_eq!(
        cache.get("nope.example.test", A, later(start, 15)),
        Lookup::NoSuchName { ttl: 45 }
    );
    assert_eq!(
        cache.get("Nope.Example.Test.", AAAA, later(start, 15)),
        Lookup::NoSuchName { ttl: 45 }
    );
    assert_eq!(
        cache.get("nope.example.test", A, later(start, 60)),
        Lookup::Miss
    );
}

#[test]
fn a_full_cache_drops_expired_entries_first() {
    let start = Instant::now();
    let mut cache = Cache::new(2);
    insert_a(&mut cache, "short.example.test", "192.0.2.1", 10, start);
    insert_a(&mut cache, "long.example.test", "192.0.2.2", 1000, start);
    let now = later(start, 20);
    insert_a(&mut cache, "new.example.test", "192.0.2.3", 5, now);
    assert_eq!(cache.len(), 2);
    assert!(matches!(
        cache.get("long.example.test", A, now),
        Lookup::Hit(_)
    ));
    assert!(matches!(
        cache.get("new.example.test", A, now),
        Lookup::Hit(_)
    ));
}

#[test]
fn a_full_cache_drops_the_entry_that_expires_soonest() {
    let start = Instant::now();
    let mut cache = Cache::new(2);
    insert_a(&mut cache, "soon.example.test", "192.0.2.1", 100, start);
    insert_a(&mut cache, "late.example.test", "192.0.2.2", 1000, start);
    insert_a(&mut cache, "new.example.test", "192.0.2.3", 500, start);
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get("soon.example.test", A, start), Lookup::Miss);
    assert!(matches!(
        cache.get("late.example.test", A, start),
        Lookup::Hit(_)
    ));
    assert!(matches!(
        cache.get("new.example.test", A, start),
        Lookup::Hit(_)
    ));
}

#[test]
fn replacing_an_entry_does_not_evict_another() {
    let start = Instant::now();
    let mut cache = Cache::new(2);
    insert_a(&mut cache, "a.example.test", "192.0.2.1", 100, start);
    insert_a(&mut cache, "b.example.test", "192.0.2.2", 100, start);
    insert_a(&mut cache, "a.example.test", "192.0.2.9", 100, start);
    assert_eq!(cache.len(), 2);
    assert_eq!(
        cache.get("a.example.test", A, start),
        Lookup::Hit(vec![record("192.0.2.9", 100)])
    );
    assert!(matches!(
        cache.get("b.example.test", A, start),
        Lookup::Hit(_)
    ));
}
