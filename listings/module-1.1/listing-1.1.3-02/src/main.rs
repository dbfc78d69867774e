//! Listing 1.1.3-2: wraps the system allocator in one that counts, and counts what some everyday
//! code asks of it.
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: counting
/// Forwards every request to the system allocator (`malloc` and friends) and counts it.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static REALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static FREES: AtomicUsize = AtomicUsize::new(0);
static BYTES_REQUESTED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees are ours; the counters have no effect on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES_REQUESTED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES_REQUESTED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES_REQUESTED.fetch_add(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        FREES.fetch_add(1, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;
// ANCHOR_END: counting

/// What a piece of code asked of the allocator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counts {
    allocations: usize,
    reallocations: usize,
    frees: usize,
    bytes: usize,
}

fn snapshot() -> Counts {
    Counts {
        allocations: ALLOCATIONS.load(Ordering::Relaxed),
        reallocations: REALLOCATIONS.load(Ordering::Relaxed),
        frees: FREES.load(Ordering::Relaxed),
        bytes: BYTES_REQUESTED.load(Ordering::Relaxed),
    }
}

/// Runs `work` and returns what it asked of the allocator, including dropping its result.
fn count<T>(work: impl FnOnce() -> T) -> Counts {
    let before = snapshot();
    drop(std::hint::black_box(work()));
    let after = snapshot();
    Counts {
        allocations: after.allocations - before.allocations,
        reallocations: after.reallocations - before.reallocations,
        frees: after.frees - before.frees,
        bytes: after.bytes - before.bytes,
    }
}

const REQUEST: &str = "GET /orders/42?expand=items HTTP/1.1\r\n\
    Host: shop.example\r\n\
    User-Agent: curl/8.5.0\r\n\
    Accept: application/json\r\n\
    Authorization: Bearer abc.def.ghi\r\n\
    X-Request-Id: 7f3c9a\r\n\
    \r\n";

// ANCHOR: parsers
/// A request line and its headers. `S` is `String` when every part is copied out of the request,
/// and `&str` when every part borrows from it.
struct Request<S> {
    method: S,
    path: S,
    headers: Vec<(S, S)>,
}

fn parse_owned(request: &str) -> Option<Request<String>> {
    let borrowed = parse_borrowed(request)?;
    Some(Request {
        method: borrowed.method.to_owned(),
        path: borrowed.path.to_owned(),
        headers: borrowed
            .headers
            .iter()
            .map(|&(name, value)| (name.to_owned(), value.to_owned()))
            .collect(),
    })
}

fn parse_borrowed(request: &str) -> Option<Request<&str>> {
    let mut lines = request.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?;
    let path = request_line.next()?;
    let mut headers = Vec::new();
    for line in lines.take_while(|line| !line.is_empty()) {
        headers.push(line.split_once(": ")?);
    }
    Some(Request {
        method,
        path,
        headers,
    })
}
// ANCHOR_END: parsers

fn main() {
    let text = "the quick brown fox jumps over the lazy dog and the dog sleeps ".repeat(100);

    println!(
        "{:<36} {:>6} {:>8} {:>5} {:>6}",
        "", "allocs", "reallocs", "frees", "bytes"
    );
    report("push 1000 bytes onto a String", || {
        let mut s = String::new();
        for _ in 0..1000 {
            s.push('x');
        }
        s
    });
    report("the same, with_capacity(1000) first", || {
        let mut s = String::with_capacity(1000);
        for _ in 0..1000 {
            s.push('x');
        }
        s
    });
    report("parse a request, borrowing (&str)", || {
        parse_borrowed(REQUEST)
    });
    report("parse a request, copying (String)", || parse_owned(REQUEST));
    report("count 1300 words, HashMap<&str, _>", || {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for word in text.split_whitespace() {
            *counts.entry(word).or_default() += 1;
        }
        counts
    });
    report("count 1300 words, HashMap<String, _>", || {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in text.split_whitespace() {
            *counts.entry(word.to_owned()).or_default() += 1;
        }
        counts
    });
    report("the same, copying only new words", || {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for word in text.split_whitespace() {
            match counts.get_mut(word) {
                Some(count) => *count += 1,
                None => {
                    counts.insert(word.to_owned(), 1);
                }
            }
        }
        counts
    });
}

fn report<T>(what: &str, work: impl FnOnce() -> T) {
    let counts = count(work);
    println!(
        "{what:<36} {:>6} {:>8} {:>5} {:>6}",
        counts.allocations, counts.reallocations, counts.frees, counts.bytes
    );
}
