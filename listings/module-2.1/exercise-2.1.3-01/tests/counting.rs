use exercise_2_1_3_01::{CountingStore, MemoryStore, PriceStore, open_store};

#[test]
fn counts_hits_and_misses_through_a_shared_reference() {
    let mut store = CountingStore::new(MemoryStore::default());
    store.set_price("LAMP-1", 2499);
    let reader: &CountingStore<MemoryStore> = &store;
    assert_eq!(reader.price("LAMP-1"), Some(2499));
    assert_eq!(reader.price("LAMP-1"), Some(2499));
    assert_eq!(reader.price("NOPE"), None);
    assert_eq!(store.counts(), (2, 1));
}

#[test]
fn decorators_nest() {
    let mut store = CountingStore::new(CountingStore::new(MemoryStore::default()));
    store.set_price("A", 1);
    assert_eq!(store.price("A"), Some(1));
    assert_eq!(store.counts(), (1, 0));
}

#[test]
fn open_store_works_either_way() {
    for counting in [false, true] {
        let mut store = open_store(counting);
        assert_eq!(store.price("A"), None);
        store.set_price("A", 42);
        assert_eq!(store.price("A"), Some(42));
    }
}

/// A generic caller: static dispatch with the decorator, dynamic with the box.
fn total<S: PriceStore + ?Sized>(store: &S, skus: &[&str]) -> u64 {
    skus.iter().filter_map(|sku| store.price(sku)).sum()
}

#[test]
fn generic_code_accepts_both_a_concrete_store_and_a_trait_object() {
    let mut concrete = CountingStore::new(MemoryStore::default());
    concrete.set_price("A", 5);
    concrete.set_price("B", 7);
    assert_eq!(total(&concrete, &["A", "B", "C"]), 12);
    assert_eq!(concrete.counts(), (2, 1));

    let mut boxed = open_store(true);
    boxed.set_price("A", 5);
    assert_eq!(total(boxed.as_ref(), &["A", "A"]), 10);
}
