//! A service call graph: an edge `a -> b` means "a calls b". Depth-first search answers "what can
//! a reach?"; the same search on the reversed graph answers "who is hurt if b goes down?";
//! breadth-first search answers "how many hops from a to each service, and by which path?".
use std::collections::{HashMap, VecDeque};

/// Services are numbered 0..n; names are only for input and output.
struct CallGraph {
    names: Vec<&'static str>,
    index: HashMap<&'static str, usize>,
    calls: Vec<Vec<usize>>,
}

impl CallGraph {
    fn new(edges: &[(&'static str, &'static str)]) -> Self {
        let mut graph = CallGraph {
            names: Vec::new(),
            index: HashMap::new(),
            calls: Vec::new(),
        };
        for &(from, to) in edges {
            let (from, to) = (graph.id(from), graph.id(to));
            graph.calls[from].push(to);
        }
        graph
    }

    fn id(&mut self, name: &'static str) -> usize {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        self.names.push(name);
        self.calls.push(Vec::new());
        self.index.insert(name, self.names.len() - 1);
        self.names.len() - 1
    }

    fn reversed(&self) -> CallGraph {
        let mut calls = vec![Vec::new(); self.calls.len()];
        for (from, targets) in self.calls.iter().enumerate() {
            for &to in targets {
                calls[to].push(from);
            }
        }
        CallGraph {
            names: self.names.clone(),
            index: self.index.clone(),
            calls,
        }
    }
}

// ANCHOR: dfs
/// Every service reachable from `start` (itself excluded), found with an explicit stack
/// instead of recursion: a deep graph cannot overflow the thread's stack.
fn reachable(graph: &CallGraph, start: usize) -> Vec<usize> {
    let mut visited = vec![false; graph.calls.len()];
    let mut stack = vec![start];
    let mut found = Vec::new();
    while let Some(node) = stack.pop() {
        if visited[node] {
            continue; // a second copy, pushed through another edge before the first was popped
        }
        visited[node] = true; // mark when popped: the order is the one recursion would give
        if node != start {
            found.push(node);
        }
        // Reversed, so the first-listed callee is popped (explored) first.
        for &next in graph.calls[node].iter().rev() {
            if !visited[next] {
                stack.push(next);
            }
        }
    }
    found
}
// ANCHOR_END: dfs

// ANCHOR: bfs
/// Fewest hops from `start` to every service, and the previous hop on one shortest path.
/// A FIFO queue visits nodes in order of distance: all 1-hop nodes, then all 2-hop nodes...
fn hops_from(graph: &CallGraph, start: usize) -> (Vec<Option<u32>>, Vec<Option<usize>>) {
    let mut hops = vec![None; graph.calls.len()];
    let mut previous = vec![None; graph.calls.len()];
    let mut queue = VecDeque::from([start]);
    hops[start] = Some(0);
    while let Some(node) = queue.pop_front() {
        let here = hops[node].unwrap_or(0);
        for &next in &graph.calls[node] {
            if hops[next].is_none() {
                hops[next] = Some(here + 1);
                previous[next] = Some(node);
                queue.push_back(next);
            }
        }
    }
    (hops, previous)
}

fn path_to(previous: &[Option<usize>], target: usize) -> Vec<usize> {
    let mut path = vec![target];
    while let Some(before) = previous[*path.last().unwrap_or(&target)] {
        path.push(before);
    }
    path.reverse();
    path
}
// ANCHOR_END: bfs

fn names(graph: &CallGraph, ids: &[usize]) -> Vec<&'static str> {
    let mut names: Vec<_> = ids.iter().map(|&id| graph.names[id]).collect();
    names.sort();
    names
}

// ANCHOR: main
const CALLS: &[(&str, &str)] = &[
    ("gateway", "auth"),
    ("gateway", "catalog"),
    ("gateway", "orders"),
    ("orders", "inventory"),
    ("orders", "payments"),
    ("orders", "notifications"),
    ("payments", "fraud"),
    ("payments", "ledger"),
    ("fraud", "ledger"),
    ("catalog", "search"),
    ("search", "inventory"),
    ("auth", "users-db"),
    ("ledger", "ledger-db"),
    ("inventory", "inventory-db"),
    ("reports", "ledger"),
];

fn main() {
    let graph = CallGraph::new(CALLS);
    let id = |name: &str| graph.index[name];

    let from_gateway = reachable(&graph, id("gateway"));
    println!(
        "gateway can reach {} services: {:?}",
        from_gateway.len(),
        names(&graph, &from_gateway)
    );

    let callers = graph.reversed();
    for down in ["ledger-db", "inventory"] {
        let hurt = reachable(&callers, id(down));
        println!(
            "if {down} is down, {} services are hurt: {:?}",
            hurt.len(),
            names(&graph, &hurt)
        );
    }

    let (hops, previous) = hops_from(&graph, id("gateway"));
    println!("\nhops from gateway, one shortest path each:");
    let mut rows: Vec<(u32, &str, usize)> = hops
        .iter()
        .enumerate()
        .filter_map(|(node, h)| h.map(|h| (h, graph.names[node], node)))
        .collect();
    rows.sort();
    for (h, name, node) in rows {
        let path: Vec<_> = path_to(&previous, node)
            .iter()
            .map(|&n| graph.names[n])
            .collect();
        println!("  {h}  {name:<14} {}", path.join(" -> "));
    }
    let unreachable: Vec<usize> = (0..graph.names.len())
        .filter(|&n| hops[n].is_none())
        .collect();
    println!(
        "never called from gateway: {:?}",
        names(&graph, &unreachable)
    );
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfs_finds_the_fewest_hops() {
        let graph = CallGraph::new(CALLS);
        let (hops, previous) = hops_from(&graph, graph.index["gateway"]);
        // gateway -> orders -> inventory (2), not gateway -> catalog -> search -> inventory (3).
        assert_eq!(hops[graph.index["inventory"]], Some(2));
        assert_eq!(hops[graph.index["reports"]], None);
        let path = path_to(&previous, graph.index["ledger-db"]);
        assert_eq!(path.len(), 5);
    }

    #[test]
    fn dfs_on_the_reversed_graph_finds_every_caller() {
        let graph = CallGraph::new(CALLS);
        let hurt = reachable(&graph.reversed(), graph.index["ledger"]);
        assert_eq!(
            names(&graph, &hurt),
            ["fraud", "gateway", "orders", "payments", "reports"]
        );
    }

    #[test]
    fn a_cycle_does_not_loop_forever() {
        let graph = CallGraph::new(&[("a", "b"), ("b", "c"), ("c", "a")]);
        assert_eq!(reachable(&graph, 0).len(), 2);
    }

    #[test]
    fn dfs_finishes_a_branch_before_starting_the_next() {
        // a -> {b, c} and b -> {c, d}. Depth-first goes a, b, then b's first callee c, then d.
        // The variant that marks nodes when it pushes them marks c while expanding a, so b
        // cannot claim it: that loop visits b, d, c, and this test tells the two apart.
        let graph = CallGraph::new(&[("a", "b"), ("a", "c"), ("b", "c"), ("b", "d")]);
        let order: Vec<_> = reachable(&graph, 0)
            .iter()
            .map(|&n| graph.names[n])
            .collect();
        assert_eq!(order, ["b", "c", "d"]);
    }
}
