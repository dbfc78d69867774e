//! Worked examples for page replacement, each traced by hand in its comment.

use super::*;

/// The OSTEP chapter's reference string.
const CHAPTER_TRACE: [u64; 11] = [0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1];

fn run(trace: &[u64], policy: Replacement, frames: usize) -> PagingOutcome {
    simulate(
        trace,
        &PagingConfig::new(policy, frames),
        &mut RandomSource::seeded(0),
    )
    .expect("valid")
}

fn victims(outcome: &PagingOutcome) -> Vec<Option<u64>> {
    outcome.steps.iter().map(|s| s.victim).collect()
}

// OPT, 3 frames: 0, 1, 2 miss; 0, 1 hit; 3 misses and evicts 2 (next used at 9, later than 0 at
// 6 and 1 at 8); 0, 3, 1 hit; 2 misses: memory [0, 1, 3], 1 is used next (10), 0 and 3 never
// again: a tie, and the last of them in memory order, 3, goes. 1 hits. 6 hits, 5 misses.
#[test]
fn opt_on_the_chapter_trace() {
    let outcome = run(&CHAPTER_TRACE, Replacement::Opt, 3);
    assert_eq!((outcome.hits, outcome.misses), (6, 5));
    assert_eq!(outcome.steps[5].victim, Some(2));
    assert_eq!(outcome.steps[9].victim, Some(3));
    assert_eq!(outcome.final_memory, [0, 1, 2]);
    assert_eq!(format!("{:.2}", outcome.hit_rate()), "54.55");
}

// FIFO, 3 frames: 0 1 2 miss, 0 1 hit, 3 evicts 0 -> [1,2,3], 0 evicts 1 -> [2,3,0], 3 hits,
// 1 evicts 2 -> [3,0,1], 2 evicts 3 -> [0,1,2], 1 hits. 4 hits, 7 misses.
#[test]
fn fifo_on_the_chapter_trace() {
    let outcome = run(&CHAPTER_TRACE, Replacement::Fifo, 3);
    assert_eq!((outcome.hits, outcome.misses), (4, 7));
    assert_eq!(
        victims(&outcome),
        [
            None,
            None,
            None,
            None,
            None,
            Some(0),
            Some(1),
            None,
            Some(2),
            Some(3),
            None
        ]
    );
    assert_eq!(outcome.final_memory, [0, 1, 2]);
}

// LRU, 3 frames, memory listed least recent first: [0,1,2]; 0 hit [1,2,0]; 1 hit [2,0,1]; 3
// evicts 2 [0,1,3]; 0 hit [1,3,0]; 3 hit [1,0,3]; 1 hit [0,3,1]; 2 evicts 0 [3,1,2]; 1 hit
// [3,2,1]. 6 hits, 5 misses: as good as OPT on this trace.
#[test]
fn lru_on_the_chapter_trace() {
    let outcome = run(&CHAPTER_TRACE, Replacement::Lru, 3);
    assert_eq!((outcome.hits, outcome.misses), (6, 5));
    assert_eq!(outcome.steps[5].memory, [0, 1, 3]);
    assert_eq!(outcome.steps[9].victim, Some(0));
    assert_eq!(outcome.final_memory, [3, 2, 1]);
}

// Belady's anomaly. 1,2,3,4,1,2,5,1,2,3,4,5 under FIFO. With 3 frames: 1 2 3 4 1 2 5 miss (7),
// 1 2 hit, 3 4 miss, 5 hits: 9 misses. With 4 frames: 1 2 3 4 miss, 1 2 hit, then 5 1 2 3 4 5
// all miss (each evicts the page needed next): 10 misses. More memory, more misses.
#[test]
fn belady_anomaly_under_fifo() {
    let trace = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    assert_eq!(run(&trace, Replacement::Fifo, 3).misses, 9);
    assert_eq!(run(&trace, Replacement::Fifo, 4).misses, 10);
}

// MRU, 2 frames, trace 0,1,2,0: [0,1]; 2 evicts the most recent, 1 -> [0,2]; 0 hits and moves
// to the recent end -> [2,0].
#[test]
fn mru_evicts_the_most_recent() {
    let outcome = run(&[0, 1, 2, 0], Replacement::Mru, 2);
    assert_eq!(victims(&outcome), [None, None, Some(1), None]);
    assert_eq!(outcome.final_memory, [2, 0]);
}

// UNOPT, 2 frames, trace 0,1,2,0,1: at 2, page 0 is needed next (3), before 1 (4): evict 0 ->
// [1,2]; at 0, 1 is needed at 4 and 2 never: evict 1 -> [2,0]; at 1, both are never needed
// again: the first in memory, 2, goes -> [0,1]. No hits.
#[test]
fn unopt_evicts_the_page_needed_soonest() {
    let outcome = run(&[0, 1, 2, 0, 1], Replacement::Unopt, 2);
    assert_eq!(victims(&outcome), [None, None, Some(0), Some(1), Some(2)]);
    assert_eq!(outcome.hits, 0);
}

// RAND, 2 frames, trace 0,1,2 with the draw 0.6: index int(2 * 0.6) = 1, so page 1 goes.
#[test]
fn rand_uses_its_draws() {
    let mut random = RandomSource::parse_list("0.6").expect("valid");
    let config = PagingConfig::new(Replacement::Rand, 2);
    let outcome = simulate(&[0, 1, 2], &config, &mut random).expect("one draw is enough");
    assert_eq!(outcome.final_memory, [0, 2]);
}

// Textbook CLOCK, 3 frames, use bit (clock_bits 1), trace 0,1,2,3,1,4. 0 1 2 fill the frames,
// bits 1,1,1, hand at frame 0. 3: the hand clears 0, 1, 2 and comes back to frame 0, clear now:
// 0 goes -> [3,1,2], hand at frame 1. 1 hits: its bit is set again. 4: frame 1 (page 1) has its
// bit set: cleared, a second chance; frame 2 (page 2) is clear: 2 goes -> [3,1,4].
#[test]
fn textbook_clock_gives_a_second_chance() {
    let outcome = run(&[0, 1, 2, 3, 1, 4], Replacement::Clock, 3);
    assert_eq!(
        victims(&outcome),
        [None, None, None, Some(0), None, Some(2)]
    );
    assert_eq!(outcome.final_memory, [3, 1, 4]);
}

// paging-policy.py's CLOCK, 2 frames, clock bits 2, trace 0,1,2: counters 0 -> 1, 1 -> 1. At 2,
// probes: 0.0 -> frame 0 (page 0, counter 1 -> 0); 0.7 -> frame 1 (page 1, 1 -> 0); 0.2 -> frame
// 0 (page 0, counter 0): victim 0. Memory [1, 2].
#[test]
fn ostep_clock_probes_at_random() {
    let mut random = RandomSource::parse_list("0.0,0.7,0.2").expect("valid");
    let mut config = PagingConfig::new(Replacement::Clock, 2);
    config.clock_bits = 2;
    config.ostep_compat = true;
    let outcome = simulate(&[0, 1, 2], &config, &mut random).expect("three draws are enough");
    assert_eq!(outcome.steps[2].victim, Some(0));
    assert_eq!(outcome.final_memory, [1, 2]);
}

#[test]
fn bad_requests_are_errors() {
    let config = PagingConfig::new(Replacement::Fifo, 0);
    assert!(simulate(&[1], &config, &mut RandomSource::seeded(0)).is_err());
    let config = PagingConfig::new(Replacement::Fifo, 1);
    assert!(simulate(&[], &config, &mut RandomSource::seeded(0)).is_err());
    assert!(parse_trace("1,two,3").is_err());
    assert!(parse_trace("1,-2").is_err());
    assert!("LFU".parse::<Replacement>().is_err());
    assert_eq!(parse_trace_file("3\n\n4\n").expect("valid"), [3, 4]);
}

// A memory far larger than the string is legal, and costs no more than the string: two
// accesses to different pages miss twice and evict nothing.
#[test]
fn an_enormous_memory_is_only_as_large_as_the_string() {
    let config = PagingConfig::new(Replacement::Lru, usize::MAX);
    let outcome = simulate(&[1, 2], &config, &mut RandomSource::seeded(0)).expect("valid");
    assert_eq!((outcome.hits, outcome.misses), (0, 2));
    assert_eq!(outcome.final_memory, [1, 2]);
}
