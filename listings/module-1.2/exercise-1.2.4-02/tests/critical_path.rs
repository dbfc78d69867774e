//! What "done" means for Exercise 1.2.4-2.
use exercise_1_2_4_02::{PlanError, Task, critical_path};

fn task(name: &'static str, seconds: u64, after: &[usize]) -> Task {
    Task {
        name,
        seconds,
        after: after.to_vec(),
    }
}

#[test]
fn the_longest_chain_wins_not_the_longest_task() {
    let tasks = vec![
        task("fetch deps", 20, &[]),       // 0
        task("codegen", 5, &[]),           // 1
        task("compile core", 60, &[0, 1]), // 2
        task("compile cli", 30, &[2]),     // 3
        task("docs", 70, &[0]),            // 4
        task("link", 10, &[3]),            // 5
        task("package", 5, &[4, 5]),       // 6
    ];
    // 20 + 60 + 30 + 10 + 5 = 125, longer than 20 + 70 + 5 = 95.
    assert_eq!(critical_path(&tasks), Ok((125, vec![0, 2, 3, 5, 6])));
}

#[test]
fn independent_tasks_take_as_long_as_the_slowest() {
    let tasks = vec![task("a", 3, &[]), task("b", 9, &[]), task("c", 4, &[])];
    assert_eq!(critical_path(&tasks), Ok((9, vec![1])));
}

#[test]
fn an_empty_build_takes_no_time() {
    assert_eq!(critical_path(&[]), Ok((0, vec![])));
}

/// The length of the longest chain ending at each task, computed the slow and obvious way:
/// try every dependency, recursively, remembering answers. Independent of the code under test.
fn longest_chain_ending_at(tasks: &[Task], task: usize, memo: &mut [Option<u64>]) -> u64 {
    if let Some(known) = memo[task] {
        return known;
    }
    let longest_before = tasks[task]
        .after
        .iter()
        .map(|&dependency| longest_chain_ending_at(tasks, dependency, memo))
        .max()
        .unwrap_or(0);
    let longest = longest_before + tasks[task].seconds;
    memo[task] = Some(longest);
    longest
}

#[test]
fn the_path_is_the_longest_chain_of_real_dependencies() {
    // A wide, layered graph: every task of layer k depends on two tasks of layer k - 1, so
    // there are 20 * 2^49 chains, and only the longest one is the answer.
    let mut tasks = Vec::new();
    for layer in 0..50usize {
        for i in 0..20usize {
            let seconds = ((layer * 7 + i * 13) % 10 + 1) as u64;
            let after = if layer == 0 {
                vec![]
            } else {
                vec![(layer - 1) * 20 + i, (layer - 1) * 20 + (i + 3) % 20]
            };
            tasks.push(Task {
                name: "step",
                seconds,
                after,
            });
        }
    }
    let mut memo = vec![None; tasks.len()];
    let longest = (0..tasks.len())
        .map(|task| longest_chain_ending_at(&tasks, task, &mut memo))
        .max();
    let (seconds, path) = critical_path(&tasks).expect("acyclic");
    assert_eq!(Some(seconds), longest, "not the longest chain");
    assert_eq!(path.len(), 50);
    assert!(
        tasks[path[0]].after.is_empty(),
        "the path must start at a task with no dependency"
    );
    assert_eq!(seconds, path.iter().map(|&t| tasks[t].seconds).sum::<u64>());
    for pair in path.windows(2) {
        assert!(tasks[pair[1]].after.contains(&pair[0]));
    }
}

#[test]
fn a_cycle_is_an_error() {
    let tasks = vec![task("a", 1, &[2]), task("b", 1, &[0]), task("c", 1, &[1])];
    assert_eq!(critical_path(&tasks), Err(PlanError::Cycle));
}

#[test]
fn an_unknown_dependency_is_an_error() {
    let tasks = vec![task("a", 1, &[]), task("b", 1, &[7])];
    assert_eq!(
        critical_path(&tasks),
        Err(PlanError::UnknownTask {
            task: 1,
            dependency: 7
        })
    );
}
