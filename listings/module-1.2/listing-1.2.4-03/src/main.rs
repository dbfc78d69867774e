//! Routes between data centres by measured round-trip latency instead of by hop count.
use listing_1_2_4_03::{Graph, dijkstra, path_to};

// ANCHOR: main
/// Round-trip times in milliseconds between data centres that have a direct link.
const LINKS: &[(&str, &str, u64)] = &[
    ("fra", "ams", 8),
    ("fra", "par", 11),
    ("ams", "lon", 7),
    ("par", "lon", 9),
    ("lon", "nyc", 72),
    ("ams", "nyc", 80),
    ("nyc", "iad", 7),
    ("iad", "sfo", 62),
    ("nyc", "sfo", 70),
    ("fra", "sin", 160),
    ("sfo", "tok", 105),
    ("sin", "tok", 70),
    ("sin", "syd", 92),
    ("sfo", "syd", 140),
];

fn main() {
    let mut names: Vec<&str> = LINKS.iter().flat_map(|l| [l.0, l.1]).collect();
    names.sort();
    names.dedup();
    let id = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    let mut graph: Graph = vec![Vec::new(); names.len()];
    for &(a, b, ms) in LINKS {
        // Links are symmetric: add both directions.
        graph[id(a)].push((id(b), ms));
        graph[id(b)].push((id(a), ms));
    }

    let (distance, previous) = dijkstra(&graph, id("fra"));
    println!("from fra     rtt  route");
    for (node, name) in names.iter().enumerate() {
        if let Some(ms) = distance[node] {
            let route: Vec<&str> = path_to(&previous, node).iter().map(|&n| names[n]).collect();
            println!("  to {name:<5} {ms:>4} ms  {}", route.join(" -> "));
        }
    }
}
// ANCHOR_END: main
