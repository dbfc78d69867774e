use std::thread;

// ANCHOR: solution
pub fn map_reduce<T, R, M, F>(items: &[T], threads: usize, map: M, reduce: F) -> Option<R>
where
    T: Sync,
    R: Send,
    M: Fn(&[T]) -> R + Sync,
    F: FnMut(R, R) -> R,
{
    if items.is_empty() {
        return None;
    }
    let threads = threads.clamp(1, items.len());
    // Rounding up gives at most `threads` chunks, the last one possibly shorter.
    let chunk_len = items.len().div_ceil(threads);
    let map = &map;
    let results: Vec<R> = thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk_len)
            .map(|chunk| scope.spawn(move || map(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.into_iter().reduce(reduce)
}
// ANCHOR_END: solution
