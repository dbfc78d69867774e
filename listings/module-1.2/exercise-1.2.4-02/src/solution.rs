use crate::{PlanError, Task};

// ANCHOR: solution
pub fn critical_path(tasks: &[Task]) -> Result<(u64, Vec<usize>), PlanError> {
    let mut waiting_on = vec![0usize; tasks.len()];
    let mut unblocks = vec![Vec::new(); tasks.len()];
    for (task, t) in tasks.iter().enumerate() {
        for &dependency in &t.after {
            if dependency >= tasks.len() {
                return Err(PlanError::UnknownTask { task, dependency });
            }
            waiting_on[task] += 1;
            unblocks[dependency].push(task);
        }
    }
    // finish[t]: earliest time t can finish; via[t]: the dependency that made it that late.
    let mut finish = vec![0u64; tasks.len()];
    let mut via: Vec<Option<usize>> = vec![None; tasks.len()];
    let mut ready: Vec<usize> = (0..tasks.len()).filter(|&t| waiting_on[t] == 0).collect();
    let mut done = 0;
    while let Some(task) = ready.pop() {
        done += 1;
        // Every dependency of `task` is final by now: that is what topological order buys.
        let start = tasks[task].after.iter().map(|&d| (finish[d], d)).max();
        via[task] = start.map(|(_, d)| d);
        finish[task] = start.map_or(0, |(f, _)| f) + tasks[task].seconds;
        for &next in &unblocks[task] {
            waiting_on[next] -= 1;
            if waiting_on[next] == 0 {
                ready.push(next);
            }
        }
    }
    if done < tasks.len() {
        return Err(PlanError::Cycle);
    }
    let Some(last) = (0..tasks.len()).max_by_key(|&t| finish[t]) else {
        return Ok((0, Vec::new()));
    };
    let mut path = vec![last];
    while let Some(before) = via[*path.last().unwrap_or(&last)] {
        path.push(before);
    }
    path.reverse();
    Ok((finish[last], path))
}
// ANCHOR_END: solution
