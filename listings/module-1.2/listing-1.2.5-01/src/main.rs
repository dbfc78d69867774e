//! Why stability matters: sort events by time, then by user. A stable second sort keeps each
//! user's events in time order; an unstable one is free to shuffle them.
use listing_1_2_5_01::{heap_sort_by, merge_sort_by};

// ANCHOR: main
#[derive(Clone, Debug)]
struct Event {
    time: &'static str,
    user: &'static str,
    action: &'static str,
}

fn show(title: &str, events: &[Event]) {
    println!("{title}");
    for e in events {
        println!("  {:<6} {}  {}", e.user, e.time, e.action);
    }
}

fn main() {
    let event = |time, user, action| Event { time, user, action };
    let mut events = vec![
        event("09:02", "carol", "login"),
        event("09:00", "alice", "login"),
        event("09:07", "bob", "logout"),
        event("09:01", "bob", "login"),
        event("09:05", "alice", "upload"),
        event("09:03", "carol", "upload"),
        event("09:09", "alice", "logout"),
        event("09:08", "carol", "logout"),
        event("09:04", "bob", "upload"),
    ];
    events.sort_by_key(|e| e.time); // first key: time

    let mut stable = events.clone();
    merge_sort_by(&mut stable, |a, b| a.user.cmp(b.user)); // then user, stably
    show(
        "merge sort (stable) by user, after sorting by time:",
        &stable,
    );

    let mut unstable = events.clone();
    heap_sort_by(&mut unstable, |a, b| a.user.cmp(b.user)); // then user, unstably
    show(
        "heap sort (unstable) by user, after sorting by time:",
        &unstable,
    );
}
// ANCHOR_END: main
