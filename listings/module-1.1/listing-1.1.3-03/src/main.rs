//! Listing 1.1.3-3: runs a small program with a bump allocator as its only allocator, and shows
//! when freed memory comes back and when it does not.
mod bump;

use bump::BumpArena;
use std::collections::VecDeque;

const ARENA_SIZE: usize = 8 << 20;

// ANCHOR: global
/// Every `Box`, `Vec` and `String` of this program now comes from this 8 MiB arena.
#[global_allocator]
static ARENA: BumpArena<ARENA_SIZE> = BumpArena::new();
// ANCHOR_END: global

// ANCHOR: main
fn main() {
    // The first print allocates standard output's buffer: do it before measuring anything.
    println!("an arena of {ARENA_SIZE} bytes");

    // Each request builds two strings and drops them in reverse order, like a stack.
    let before = ARENA.used();
    let mut sent = 0;
    for request in 0..1000 {
        let header = format!("X-Request-Id: {request}");
        let body = format!("{{\"request\":{request},\"status\":\"ok\"}}");
        sent += header.len() + body.len();
    }
    println!(
        "1000 requests, {sent} bytes of strings, freed newest first: {} bytes of arena",
        ARENA.used() - before
    );

    // The same requests, but a cache keeps the last 10 responses and evicts the oldest.
    let before = ARENA.used();
    const KEEP: usize = 10;
    let mut recent: VecDeque<String> = VecDeque::with_capacity(KEEP);
    for request in 0..1000 {
        if recent.len() == KEEP {
            recent.pop_front();
        }
        recent.push_back(format!("{{\"request\":{request},\"status\":\"ok\"}}"));
    }
    let live: usize = recent.iter().map(String::capacity).sum();
    println!(
        "1000 requests, keeping the last {KEEP} ({live} bytes live): {} bytes of arena",
        ARENA.used() - before
    );
}
// ANCHOR_END: main
