//! What "done" means for Exercise 1.2.2-2.
use exercise_1_2_2_02::LinearTable;

#[test]
fn or_insert_counts_requests_per_client() {
    // The shape of a rate limiter's table: one counter per client address.
    let mut requests = LinearTable::new();
    for client in ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.1"] {
        *requests.entry(client).or_insert(0) += 1;
    }
    assert_eq!(requests.get(&"10.0.0.1"), Some(&3));
    assert_eq!(requests.get(&"10.0.0.2"), Some(&1));
    assert_eq!(requests.len(), 2);
}

#[test]
fn or_insert_with_builds_only_when_absent() {
    let mut cache = LinearTable::new();
    let mut builds = 0;
    for _ in 0..3 {
        cache.entry("/users/7").or_insert_with(|| {
            builds += 1;
            String::from("rendered page")
        });
    }
    assert_eq!(builds, 1);
    assert_eq!(
        cache.get(&"/users/7").map(String::as_str),
        Some("rendered page")
    );
}

#[test]
fn and_modify_touches_only_present_keys() {
    let mut table = LinearTable::new();
    table.insert("a", 1);
    *table.entry("a").and_modify(|v| *v += 10).or_insert(0) += 100;
    *table.entry("b").and_modify(|v| *v += 10).or_insert(0) += 100;
    assert_eq!(table.get(&"a"), Some(&111));
    assert_eq!(table.get(&"b"), Some(&100));
}

#[test]
fn entries_survive_growth() {
    let mut table = LinearTable::new();
    for i in 0..10_000u32 {
        *table.entry(i % 1000).or_insert(0) += 1;
    }
    assert_eq!(table.len(), 1000);
    assert!((0..1000u32).all(|i| table.get(&i) == Some(&10)));
}
