use crate::TaskError;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio::task::{Id, JoinSet};

// ANCHOR: solution
pub async fn run_bounded<T, F, Fut>(
    inputs: Vec<T>,
    limit: usize,
    per_task: Duration,
    work: F,
) -> Vec<Result<Fut::Output, TaskError>>
where
    F: Fn(T) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    let limit = limit.max(1);
    let mut results: Vec<Option<Result<Fut::Output, TaskError>>> =
        std::iter::repeat_with(|| None).take(inputs.len()).collect();
    let mut index_of: HashMap<Id, usize> = HashMap::new();
    let mut set = JoinSet::new();
    let mut pending = inputs.into_iter().enumerate();

    loop {
        // Top the set up to the limit; `work` is only called when its task can start.
        while set.len() < limit {
            let Some((index, input)) = pending.next() else {
                break;
            };
            let task = tokio::time::timeout(per_task, work(input));
            let handle = set.spawn(task);
            index_of.insert(handle.id(), index);
        }
        // A panicked task has no output, only an id: that is why we keep the map.
        let (id, result) = match set.join_next_with_id().await {
            None => break, // nothing running and nothing left to start
            Some(Ok((id, Ok(value)))) => (id, Ok(value)),
            Some(Ok((id, Err(_elapsed)))) => (id, Err(TaskError::TimedOut)),
            Some(Err(error)) => (error.id(), Err(TaskError::Panicked)),
        };
        if let Some(index) = index_of.remove(&id) {
            results[index] = Some(result);
        }
    }
    // Every index was filled exactly once, unless a task was aborted from outside.
    results
        .into_iter()
        .map(|slot| slot.unwrap_or(Err(TaskError::Panicked)))
        .collect()
}
// ANCHOR_END: solution
