//! Shortest paths on a graph with non-negative edge weights (latencies in microseconds).
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A directed graph as an adjacency list of `(to, weight)` pairs.
pub type Graph = Vec<Vec<(usize, u64)>>;

// ANCHOR: dijkstra
/// Distance from `start` to every node (`None`: unreachable) and the previous node on a
/// shortest path. `BinaryHeap` is a max-heap; wrapping entries in `Reverse` turns it into the
/// min-heap Dijkstra needs, so `pop` always returns the closest node not yet settled.
pub fn dijkstra(graph: &Graph, start: usize) -> (Vec<Option<u64>>, Vec<Option<usize>>) {
    let mut distance: Vec<Option<u64>> = vec![None; graph.len()];
    let mut previous = vec![None; graph.len()];
    let mut heap = BinaryHeap::new();
    distance[start] = Some(0);
    heap.push(Reverse((0u64, start)));
    while let Some(Reverse((d, node))) = heap.pop() {
        if distance[node].is_some_and(|best| d > best) {
            continue; // a stale entry: we already found a shorter way here
        }
        for &(next, weight) in &graph[node] {
            let candidate = d + weight;
            if distance[next].is_none_or(|best| candidate < best) {
                distance[next] = Some(candidate);
                previous[next] = Some(node);
                heap.push(Reverse((candidate, next)));
            }
        }
    }
    (distance, previous)
}
// ANCHOR_END: dijkstra

// ANCHOR: bellman_ford
/// The slow, obviously-correct reference: relax every edge V - 1 times. O(V * E).
pub fn bellman_ford(graph: &Graph, start: usize) -> Vec<Option<u64>> {
    let mut distance: Vec<Option<u64>> = vec![None; graph.len()];
    distance[start] = Some(0);
    for _ in 1..graph.len() {
        let mut changed = false;
        for (node, edges) in graph.iter().enumerate() {
            let Some(d) = distance[node] else { continue };
            for &(next, weight) in edges {
                if distance[next].is_none_or(|best| d + weight < best) {
                    distance[next] = Some(d + weight);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    distance
}
// ANCHOR_END: bellman_ford

/// The nodes of the shortest path to `target`, start first, from `dijkstra`'s `previous`.
pub fn path_to(previous: &[Option<usize>], target: usize) -> Vec<usize> {
    let mut path = vec![target];
    let mut node = target;
    while let Some(before) = previous[node] {
        path.push(before);
        node = before;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Random graphs of up to 30 nodes with up to 120 edges, weights 0..1000 (zero included:
    /// a free hop is legal and a classic source of off-by-one bugs).
    fn graphs() -> impl Strategy<Value = Graph> {
        (1usize..30).prop_flat_map(|nodes| {
            prop::collection::vec((0..nodes, 0..nodes, 0u64..1000), 0..120).prop_map(move |edges| {
                let mut graph = vec![Vec::new(); nodes];
                for (from, to, weight) in edges {
                    graph[from].push((to, weight));
                }
                graph
            })
        })
    }

    // ANCHOR: proptest
    proptest! {
        #[test]
        fn agrees_with_bellman_ford(graph in graphs(), start in 0usize..30) {
            let start = start % graph.len();
            let (distance, previous) = dijkstra(&graph, start);
            prop_assert_eq!(&distance, &bellman_ford(&graph, start));
            // Every reported path exists and adds up to the reported distance.
            for (target, d) in distance.iter().enumerate() {
                let Some(d) = *d else { continue };
                let path = path_to(&previous, target);
                prop_assert_eq!(path[0], start);
                let mut total = 0;
                for hop in path.windows(2) {
                    let weight = graph[hop[0]].iter().filter(|e| e.0 == hop[1]).map(|e| e.1).min();
                    prop_assert!(weight.is_some(), "no edge {} -> {}", hop[0], hop[1]);
                    total += weight.unwrap_or(0);
                }
                prop_assert_eq!(total, d);
            }
        }
    }
    // ANCHOR_END: proptest
}
