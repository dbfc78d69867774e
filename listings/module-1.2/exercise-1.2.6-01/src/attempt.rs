// Your attempt: replace the `todo!()` and run `cargo xtask exercise 1.2.6-1`.
#![allow(unused_variables, unused_imports)]

use std::thread;

// ANCHOR: starter
/// Splits `items` into at most `threads` contiguous chunks of nearly equal length, runs `map`
/// on every chunk at the same time (one scoped thread per chunk), and combines the chunk results
/// with `reduce`, **in chunk order**, so that a `reduce` that is not commutative (joining
/// strings, say) gives the same answer whatever the thread count.
///
/// - `threads == 0` is treated as 1; never start more threads than there are items.
/// - An empty `items` gives `None`; `map` is then never called.
/// - If `map` panics on some thread, the panic reaches the caller.
pub fn map_reduce<T, R, M, F>(items: &[T], threads: usize, map: M, reduce: F) -> Option<R>
where
    T: Sync,
    R: Send,
    M: Fn(&[T]) -> R + Sync,
    F: FnMut(R, R) -> R,
{
    todo!("chunk the slice, map each chunk in thread::scope, then reduce in order")
}
// ANCHOR_END: starter
