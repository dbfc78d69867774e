//! Builds the same random graph as an adjacency list and as an adjacency matrix, then measures
//! the memory each takes and the time of the two questions graph code asks most: "who are the
//! neighbours of v?" (a full scan of every node's neighbours, as BFS does) and "is there an edge
//! u -> v?" (one million random lookups).
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so that every run builds the same graphs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ANCHOR: representations
/// Adjacency list: for each node, the nodes it has an edge to. Memory grows with V + E.
struct AdjacencyList {
    neighbours: Vec<Vec<u32>>,
}

/// Adjacency matrix: one cell per (from, to) pair, V * V cells whatever the number of edges.
struct AdjacencyMatrix {
    nodes: usize,
    cells: Vec<bool>,
}

impl AdjacencyList {
    fn has_edge(&self, from: usize, to: usize) -> bool {
        self.neighbours[from].contains(&(to as u32)) // O(degree)
    }
    fn bytes(&self) -> usize {
        self.neighbours.len() * size_of::<Vec<u32>>()
            + self
                .neighbours
                .iter()
                .map(|n| n.capacity() * size_of::<u32>())
                .sum::<usize>()
    }
}

impl AdjacencyMatrix {
    fn has_edge(&self, from: usize, to: usize) -> bool {
        self.cells[from * self.nodes + to] // O(1)
    }
    fn neighbours(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        // O(V) per node, even when the node has two neighbours.
        let row = &self.cells[from * self.nodes..(from + 1) * self.nodes];
        row.iter()
            .enumerate()
            .filter(|(_, edge)| **edge)
            .map(|(to, _)| to)
    }
    fn bytes(&self) -> usize {
        self.cells.len() * size_of::<bool>()
    }
}
// ANCHOR_END: representations

fn build(nodes: usize, degree: usize, seed: u64) -> (AdjacencyList, AdjacencyMatrix) {
    let mut rng = Rng(seed);
    let mut matrix = AdjacencyMatrix {
        nodes,
        cells: vec![false; nodes * nodes],
    };
    let mut list = AdjacencyList {
        neighbours: vec![Vec::new(); nodes],
    };
    for from in 0..nodes {
        let mut added = 0;
        while added < degree {
            let to = rng.below(nodes);
            if to != from && !matrix.cells[from * nodes + to] {
                matrix.cells[from * nodes + to] = true;
                list.neighbours[from].push(to as u32);
                added += 1;
            }
        }
        list.neighbours[from].shrink_to_fit();
    }
    (list, matrix)
}

/// Runs `work` five times and returns the median duration.
fn median_of_5(mut work: impl FnMut() -> usize) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

/// How many of the `(from, to)` queries `has_edge` answers yes to.
fn count_edges(queries: &[(usize, usize)], has_edge: impl Fn(usize, usize) -> bool) -> usize {
    queries.iter().filter(|&&(a, b)| has_edge(a, b)).count()
}

fn fmt_duration(d: Duration) -> String {
    let micros = d.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.1} ms", micros / 1000.0)
    }
}

fn main() {
    const NODES: usize = 4_000;
    const LOOKUPS: usize = 1_000_000;
    println!("{NODES} nodes; times are medians of 5 runs; {LOOKUPS} random edge lookups\n");
    println!(
        "{:<8} {:>7} {:>10} {:>10} {:>12} {:>12} {:>12} {:>12}",
        "graph",
        "edges",
        "list MB",
        "matrix MB",
        "scan list",
        "scan matrix",
        "lookup list",
        "lookup mtx"
    );
    for (name, degree) in [("sparse", 8), ("medium", 100), ("dense", 2_000)] {
        let (list, matrix) = build(NODES, degree, 0x5eed + degree as u64);
        let edges: usize = list.neighbours.iter().map(Vec::len).sum();

        let scan_list = median_of_5(|| {
            let mut seen = 0;
            for from in 0..NODES {
                for &to in &list.neighbours[from] {
                    seen += to as usize & 1;
                }
            }
            seen
        });
        let scan_matrix = median_of_5(|| {
            let mut seen = 0;
            for from in 0..NODES {
                for to in matrix.neighbours(from) {
                    seen += to & 1;
                }
            }
            seen
        });
        let mut rng = Rng(42);
        let queries: Vec<(usize, usize)> = (0..LOOKUPS)
            .map(|_| (rng.below(NODES), rng.below(NODES)))
            .collect();
        let lookup_list = median_of_5(|| count_edges(&queries, |a, b| list.has_edge(a, b)));
        let lookup_matrix = median_of_5(|| count_edges(&queries, |a, b| matrix.has_edge(a, b)));
        println!(
            "{:<8} {:>7} {:>10.1} {:>10.1} {:>12} {:>12} {:>12} {:>12}",
            name,
            edges,
            list.bytes() as f64 / 1e6,
            matrix.bytes() as f64 / 1e6,
            fmt_duration(scan_list),
            fmt_duration(scan_matrix),
            fmt_duration(lookup_list),
            fmt_duration(lookup_matrix),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_representations_hold_the_same_edges() {
        let (list, matrix) = build(50, 5, 7);
        for from in 0..50 {
            let from_matrix: Vec<usize> = matrix.neighbours(from).collect();
            let mut from_list: Vec<usize> = list.neighbours[from]
                .iter()
                .map(|&to| to as usize)
                .collect();
            from_list.sort();
            assert_eq!(from_list, from_matrix);
            for to in 0..50 {
                assert_eq!(list.has_edge(from, to), matrix.has_edge(from, to));
            }
        }
    }
}
