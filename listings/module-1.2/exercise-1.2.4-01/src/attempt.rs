// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.4-1`.
#![allow(unused_variables, unused_imports)]

// ANCHOR: starter
/// Returns a cycle of `graph`, or `None` if the graph is acyclic.
///
/// `graph[a]` lists the nodes `a` has an edge to. A cycle is returned as the nodes along it,
/// with the first node repeated at the end: `[2, 5, 3, 2]` means 2 -> 5 -> 3 -> 2. A self-loop
/// is the cycle `[a, a]`. Any cycle will do when there are several.
///
/// Use an iterative depth-first search with three colours (not visited, on the current path,
/// finished): an edge to a node that is on the current path closes a cycle. Do not recurse:
/// the tests include a path of 100,000 nodes.
pub fn find_cycle(graph: &[Vec<usize>]) -> Option<Vec<usize>> {
    todo!("depth-first search; keep the current path so that you can return the cycle")
}
// ANCHOR_END: starter
