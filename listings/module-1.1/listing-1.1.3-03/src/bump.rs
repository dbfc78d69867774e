//! A bump allocator: the simplest allocator that works.
//!
//! It owns one fixed block of memory, the arena, and an offset into it. Allocating rounds the
//! offset up to the requested alignment, hands out the bytes from there, and moves the offset
//! past them. Freeing does nothing, except for the most recent allocation, which can be taken
//! back by moving the offset down again. That makes it about as fast as an allocator can be, and
//! it pays for the speed in memory: a block freed in any other order is never reused, so a
//! program that frees out of order leaves holes behind it until the whole arena is dropped.
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: arena
/// The arena's memory, aligned to a page so that any alignment up to 4096 costs no padding at
/// its start.
#[repr(C, align(4096))]
struct Memory<const SIZE: usize>(UnsafeCell<[u8; SIZE]>);

pub struct BumpArena<const SIZE: usize> {
    memory: Memory<SIZE>,
    /// Offset of the first free byte. Every byte below it has been handed out.
    next: AtomicUsize,
}

// SAFETY: the arena hands each byte to at most one caller (the offset only moves with
// compare-and-swap), so threads never share a byte through it.
unsafe impl<const SIZE: usize> Sync for BumpArena<SIZE> {}

impl<const SIZE: usize> BumpArena<SIZE> {
    pub const fn new() -> Self {
        BumpArena {
            memory: Memory(UnsafeCell::new([0; SIZE])),
            next: AtomicUsize::new(0),
        }
    }

    /// Bytes handed out so far, padding included.
    pub fn used(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }

    fn base(&self) -> usize {
        self.memory.0.get() as usize
    }
}
// ANCHOR_END: arena

impl<const SIZE: usize> Default for BumpArena<SIZE> {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: alloc
// SAFETY: `alloc` returns either null or a block of `layout.size()` bytes inside the arena,
// aligned to `layout.align()`, that no other live allocation overlaps: each block lies between
// an old and a new value of `next`, and `next` only grows, except in `dealloc` and `realloc`,
// which move it down only over the block that was handed out last.
unsafe impl<const SIZE: usize> GlobalAlloc for BumpArena<SIZE> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let base = self.base();
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            // Round the address (not just the offset) up to the alignment asked for.
            let Some(start) = (base + current)
                .checked_next_multiple_of(layout.align())
                .map(|address| address - base)
            else {
                return ptr::null_mut();
            };
            let end = match start.checked_add(layout.size()) {
                Some(end) if end <= SIZE => end,
                // Out of arena: null tells the caller, and Rust's collections then abort with
                // "memory allocation of N bytes failed".
                _ => return ptr::null_mut(),
            };
            // Another thread may have moved `next` since we read it; if so, try again from there.
            match self.next.compare_exchange_weak(
                current,
                end,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return (base + start) as *mut u8,
                Err(actual) => current = actual,
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Only the last block can be taken back; anything else stays used until the program ends.
        let end = ptr as usize - self.base() + layout.size();
        let start = ptr as usize - self.base();
        let _ = self
            .next
            .compare_exchange(end, start, Ordering::Relaxed, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize - self.base();
        let old_end = start + layout.size();
        // The last block can grow or shrink where it is: no copy needed.
        if start + new_size <= SIZE
            && self
                .next
                .compare_exchange(
                    old_end,
                    start + new_size,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            return ptr;
        }
        // Any other block can shrink where it is: the bytes past its new end are simply lost.
        if new_size <= layout.size() {
            return ptr;
        }
        // Otherwise do what the default `realloc` does: allocate, copy, free.
        // SAFETY: the caller guarantees that `layout.align()` with `new_size` is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new_ptr = unsafe { self.alloc(new_layout) };
        if !new_ptr.is_null() {
            // SAFETY: both blocks are live, at least this long, and cannot overlap.
            unsafe {
                ptr::copy_nonoverlapping(ptr, new_ptr, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new_ptr
    }
}
// ANCHOR_END: alloc

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_and_do_not_overlap() {
        let arena = BumpArena::<1024>::new();
        let mut blocks = Vec::new();
        for (size, align) in [(1, 1), (8, 8), (3, 1), (16, 16), (5, 4), (64, 64)] {
            let ptr = unsafe { arena.alloc(layout(size, align)) } as usize;
            assert_ne!(ptr, 0);
            assert_eq!(ptr % align, 0, "{size} bytes aligned to {align}");
            blocks.push((ptr, ptr + size));
        }
        for (i, a) in blocks.iter().enumerate() {
            for b in &blocks[i + 1..] {
                assert!(a.1 <= b.0 || b.1 <= a.0, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn an_exhausted_arena_returns_null() {
        let arena = BumpArena::<64>::new();
        assert!(!unsafe { arena.alloc(layout(48, 8)) }.is_null());
        assert!(unsafe { arena.alloc(layout(32, 8)) }.is_null());
        assert!(!unsafe { arena.alloc(layout(16, 8)) }.is_null());
        assert_eq!(arena.used(), 64);
    }

    #[test]
    fn only_the_last_block_is_taken_back() {
        let arena = BumpArena::<1024>::new();
        let first = unsafe { arena.alloc(layout(100, 1)) };
        let second = unsafe { arena.alloc(layout(100, 1)) };
        unsafe { arena.dealloc(first, layout(100, 1)) };
        assert_eq!(arena.used(), 200, "freeing an older block changes nothing");
        unsafe { arena.dealloc(second, layout(100, 1)) };
        assert_eq!(
            arena.used(),
            100,
            "freeing the last block gives its bytes back"
        );
    }

    #[test]
    fn the_last_block_grows_in_place_and_others_move() {
        let arena = BumpArena::<1024>::new();
        let a = unsafe { arena.alloc(layout(8, 8)) };
        unsafe { a.write_bytes(7, 8) };
        let grown = unsafe { arena.realloc(a, layout(8, 8), 64) };
        assert_eq!(grown, a, "the last block grows where it is");
        let _b = unsafe { arena.alloc(layout(8, 8)) };
        let moved = unsafe { arena.realloc(grown, layout(64, 8), 128) };
        assert_ne!(moved, grown, "a block with a neighbour must move");
        assert_eq!(unsafe { *moved.add(7) }, 7, "and its contents move with it");
        let _c = unsafe { arena.alloc(layout(8, 8)) };
        let shrunk = unsafe { arena.realloc(moved, layout(128, 8), 16) };
        assert_eq!(shrunk, moved, "any block can shrink where it is");
    }

    #[test]
    fn threads_never_get_the_same_bytes() {
        let arena = Arc::new(BumpArena::<{ 64 * 1024 }>::new());
        let workers: Vec<_> = (0..4u8)
            .map(|id| {
                let arena = Arc::clone(&arena);
                thread::spawn(move || {
                    let blocks: Vec<usize> = (0..200)
                        .map(|_| {
                            let ptr = unsafe { arena.alloc(layout(16, 8)) };
                            unsafe { ptr.write_bytes(id, 16) };
                            ptr as usize
                        })
                        .collect();
                    (id, blocks)
                })
            })
            .collect();
        for worker in workers {
            let (id, blocks) = worker.join().unwrap();
            for ptr in blocks {
                let bytes = unsafe { std::slice::from_raw_parts(ptr as *const u8, 16) };
                assert!(
                    bytes.iter().all(|&b| b == id),
                    "another thread wrote into a block"
                );
            }
        }
        assert_eq!(arena.used(), 4 * 200 * 16);
    }
}
