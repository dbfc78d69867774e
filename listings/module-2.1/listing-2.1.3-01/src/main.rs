//! Uses the same handler code with two stores, chosen at compile time and at run time.

use listing_2_1_3_01::{InMemoryStore, LoggingStore, Store, product, seed_dyn, seed_static};

// ANCHOR: main
fn main() {
    let catalog = [
        product("LAMP-1", "Desk lamp", 2_499),
        product("MUG-7", "Mug", 899),
        product("LAMP-1", "Desk lamp, again", 2_499),
    ];

    // Static dispatch: the type of `store` is known, `seed_static::<LoggingStore<_>>` is generated.
    let mut logged = LoggingStore::new(InMemoryStore::default());
    let inserted = seed_static(&mut logged, &catalog);
    println!("static: inserted {inserted} of {}", catalog.len());
    for line in logged.log() {
        println!("  log: {line}");
    }

    // Dynamic dispatch: the store is chosen at run time, as it would be from a config flag.
    let verbose = std::env::args().any(|arg| arg == "--verbose");
    let mut store: Box<dyn Store> = if verbose {
        Box::new(LoggingStore::new(InMemoryStore::default()))
    } else {
        Box::new(InMemoryStore::default())
    };
    let inserted = seed_dyn(store.as_mut(), &catalog);
    println!("dyn:    inserted {inserted} of {}", catalog.len());
    match store.get("MUG-7") {
        Some(mug) => println!("  MUG-7 is {} at {} cents", mug.name, mug.price_cents),
        None => println!("  MUG-7 is missing"),
    }

    println!(
        "sizes: &InMemoryStore {} bytes, &dyn Store {} bytes, Box<dyn Store> {} bytes",
        std::mem::size_of::<&InMemoryStore>(),
        std::mem::size_of::<&dyn Store>(),
        std::mem::size_of::<Box<dyn Store>>(),
    );
}
// ANCHOR_END: main
