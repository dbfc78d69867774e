//! What "done" means for Exercise 1.2.4-1.
use exercise_1_2_4_01::find_cycle;
use proptest::prelude::*;

/// Checks that `cycle` is a real cycle of `graph`: closed, and every step is an edge.
fn assert_is_cycle(graph: &[Vec<usize>], cycle: &[usize]) {
    assert!(
        cycle.len() >= 2,
        "a cycle has at least two entries: {cycle:?}"
    );
    assert_eq!(
        cycle.first(),
        cycle.last(),
        "a cycle ends where it starts: {cycle:?}"
    );
    for step in cycle.windows(2) {
        assert!(
            graph[step[0]].contains(&step[1]),
            "no edge {} -> {}",
            step[0],
            step[1]
        );
    }
    let inner = &cycle[..cycle.len() - 1];
    let mut sorted = inner.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        inner.len(),
        "a cycle visits each node once: {cycle:?}"
    );
}

#[test]
fn finds_the_only_cycle() {
    // 0 -> 1 -> 2 -> 3 -> 1, and 3 -> 4
    let graph = vec![vec![1], vec![2], vec![3], vec![1, 4], vec![]];
    let cycle = find_cycle(&graph).expect("there is a cycle");
    assert_is_cycle(&graph, &cycle);
    assert_eq!(cycle.len(), 4);
}

#[test]
fn a_dag_has_none() {
    // A diamond: two paths to the same node are not a cycle.
    let graph = vec![vec![1, 2], vec![3], vec![3], vec![]];
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(find_cycle(&[]), None);
}

#[test]
fn a_self_loop_is_a_cycle() {
    let graph = vec![vec![1], vec![1]];
    assert_eq!(find_cycle(&graph), Some(vec![1, 1]));
}

#[test]
fn a_cycle_in_a_later_component_is_found() {
    let graph = vec![vec![1], vec![], vec![3], vec![2]];
    let cycle = find_cycle(&graph).expect("2 <-> 3");
    assert_is_cycle(&graph, &cycle);
}

#[test]
fn a_long_path_does_not_overflow_the_stack() {
    let n = 100_000;
    let mut graph: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
    graph[n - 1] = vec![];
    assert_eq!(find_cycle(&graph), None);
    graph[n - 1] = vec![0];
    let cycle = find_cycle(&graph).expect("the path is closed");
    assert_eq!(cycle.len(), n + 1);
}

/// A graph whose edges all go from a lower to a higher number has no cycle.
fn acyclic() -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        1..40,
    )
    .prop_map(|rows| {
        let n = rows.len();
        rows.into_iter()
            .enumerate()
            .map(|(from, picks)| {
                if from + 1 >= n {
                    return vec![];
                }
                picks
                    .iter()
                    .map(|p| from + 1 + p.index(n - from - 1))
                    .collect()
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn no_cycle_in_an_upward_graph(graph in acyclic()) {
        prop_assert_eq!(find_cycle(&graph), None);
    }

    #[test]
    fn one_backward_edge_makes_a_cycle_that_is_found(graph in acyclic(), a in any::<prop::sample::Index>()) {
        let mut graph = graph;
        // Add an edge back from some node reachable from `a` to `a` itself.
        let from = a.index(graph.len());
        let mut to = from;
        while let Some(&next) = graph[to].first() { to = next; }
        graph[to].push(from);
        let cycle = find_cycle(&graph).expect("a back edge closes a cycle");
        assert_is_cycle(&graph, &cycle);
    }
}
