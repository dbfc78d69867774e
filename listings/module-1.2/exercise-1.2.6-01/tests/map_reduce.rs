//! What "done" means for Exercise 1.2.6-1.
use exercise_1_2_6_01::map_reduce;
use std::collections::HashSet;
use std::sync::Mutex;
use std::thread;

#[test]
fn sums_like_a_sequential_loop_for_every_thread_count() {
    let numbers: Vec<u64> = (1..=10_000).collect();
    for threads in [0, 1, 2, 3, 7, 64] {
        let total = map_reduce(
            &numbers,
            threads,
            |chunk| chunk.iter().sum::<u64>(),
            |a, b| a + b,
        );
        assert_eq!(total, Some(50_005_000), "with {threads} threads");
    }
}

#[test]
fn reduces_in_chunk_order() {
    let letters: Vec<char> = "the quick brown fox jumps over the lazy dog"
        .chars()
        .collect();
    for threads in 1..=12 {
        let joined = map_reduce(
            &letters,
            threads,
            |chunk| chunk.iter().collect::<String>(),
            |a, b| a + &b,
        );
        assert_eq!(
            joined.as_deref(),
            Some("the quick brown fox jumps over the lazy dog")
        );
    }
}

#[test]
fn empty_input_never_calls_map() {
    let nothing: [u8; 0] = [];
    let result = map_reduce(
        &nothing,
        4,
        |_| -> u8 { panic!("map called on nothing") },
        |a, _| a,
    );
    assert_eq!(result, None);
}

#[test]
fn no_more_chunks_than_threads_or_items() {
    let items = [1, 2, 3];
    let chunks = Mutex::new(0);
    map_reduce(&items, 8, |_| *chunks.lock().unwrap() += 1, |_, _| ());
    assert_eq!(*chunks.lock().unwrap(), 3, "3 items need at most 3 threads");

    let many: Vec<u32> = (0..1000).collect();
    *chunks.lock().unwrap() = 0;
    map_reduce(&many, 4, |_| *chunks.lock().unwrap() += 1, |_, _| ());
    assert_eq!(*chunks.lock().unwrap(), 4);
}

#[test]
fn chunks_run_on_more_than_one_thread() {
    let items: Vec<u32> = (0..4).collect();
    let seen = Mutex::new(HashSet::new());
    map_reduce(
        &items,
        4,
        |_| seen.lock().unwrap().insert(thread::current().id()),
        |a, b| a & b,
    );
    assert!(
        seen.lock().unwrap().len() >= 2,
        "the chunks all ran on one thread"
    );
}

#[test]
fn works_on_borrowed_non_static_data() {
    let words = String::from("alpha beta gamma delta");
    let parts: Vec<&str> = words.split(' ').collect();
    let longest = map_reduce(
        &parts,
        2,
        |chunk| chunk.iter().map(|w| w.len()).max().unwrap_or(0),
        usize::max,
    );
    assert_eq!(longest, Some(5));
}

#[test]
#[should_panic(expected = "bad chunk")]
fn a_panic_in_map_reaches_the_caller() {
    let items = [1, 2, 3, 4];
    map_reduce(
        &items,
        2,
        |chunk| {
            if chunk.contains(&3) {
                panic!("bad chunk")
            } else {
                0
            }
        },
        |a, b| a + b,
    );
}
