// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.4-2`.
#![allow(unused_variables, unused_imports)]

use crate::{PlanError, Task};

// ANCHOR: starter
/// With unlimited parallel workers, the build takes as long as its longest chain of dependent
/// tasks: the *critical path*. Returns its length in seconds and the indexes of its tasks, first
/// to last. An empty build takes 0 seconds and has an empty path. When two chains tie, either
/// may be returned.
///
/// Process tasks in topological order (Kahn's algorithm): a task's earliest finish is its own
/// duration plus the latest finish among the tasks in its `after` list. Remember which
/// dependency gave that latest finish, so that you can walk the path back.
pub fn critical_path(tasks: &[Task]) -> Result<(u64, Vec<usize>), PlanError> {
    todo!("topological order, earliest finish times, then walk back from the latest finish")
}
// ANCHOR_END: starter
