//! What "done" means for Exercise 1.1.5-2.
use exercise_1_1_5_02::{Access, Clock};
use proptest::prelude::*;
use std::collections::{HashSet, VecDeque};
use std::num::NonZeroUsize;

fn memory(frames: usize) -> Clock {
    Clock::new(NonZeroUsize::new(frames).expect("a test memory has frames"))
}

fn run(frames: usize, trace: &[u64]) -> (Clock, Vec<Access>) {
    let mut clock = memory(frames);
    let accesses = trace.iter().map(|&page| clock.access(page)).collect();
    (clock, accesses)
}

const fn miss(evicted: Option<u64>) -> Access {
    Access::Miss { evicted }
}

// The chapter's second-chance example, as `osemu paging -p CLOCK -a 0,1,2,3,1,4,1 -C 3 -c`
// prints it. 0 1 2 fill the frames with their bits set, hand at frame 0. 3: the hand clears 0, 1
// and 2, comes back to frame 0 and evicts 0; hand at frame 1. 1 hits and sets its bit again. 4:
// frame 1 (page 1) is set, so it is cleared and skipped; frame 2 (page 2) is clear: 2 goes. The
// last 1 hits, where FIFO would have evicted 1 at the access to 4 and missed here.
#[test]
fn a_recently_used_page_gets_a_second_chance() {
    let (clock, accesses) = run(3, &[0, 1, 2, 3, 1, 4, 1]);
    assert_eq!(
        accesses,
        [
            miss(None),
            miss(None),
            miss(None),
            miss(Some(0)),
            Access::Hit,
            miss(Some(2)),
            Access::Hit,
        ]
    );
    assert_eq!(clock.resident(), [3, 1, 4]);
}

// The chapter's reference string with 3 frames: CLOCK evicts 0, 1, 2, 3 in turn, like FIFO, and
// ends with [2, 0, 1] in frame order, 4 hits and 7 misses.
#[test]
fn the_chapter_trace() {
    let (clock, accesses) = run(3, &[0, 1, 2, 0, 1, 3, 0, 3, 1, 2, 1]);
    let evicted: Vec<u64> = accesses
        .iter()
        .filter_map(|access| match access {
            Access::Miss { evicted } => *evicted,
            Access::Hit => None,
        })
        .collect();
    assert_eq!(evicted, [0, 1, 2, 3]);
    assert_eq!(accesses.iter().filter(|a| **a == Access::Hit).count(), 4);
    assert_eq!(clock.resident(), [2, 0, 1]);
}

// When every page has been used since the hand last passed, the hand clears them all, comes back
// where it started and evicts that page: CLOCK degrades to FIFO.
#[test]
fn with_every_bit_set_clock_is_fifo() {
    let (clock, accesses) = run(3, &[1, 2, 3, 1, 2, 3, 4]);
    assert_eq!(accesses[6], miss(Some(1)));
    assert_eq!(clock.resident(), [4, 2, 3]);
}

#[test]
fn one_frame_holds_the_last_page() {
    let (clock, accesses) = run(1, &[5, 5, 6, 5]);
    assert_eq!(
        accesses,
        [miss(None), Access::Hit, miss(Some(5)), miss(Some(6))]
    );
    assert_eq!(clock.resident(), [5]);
}

/// CLOCK described the other way round: a FIFO queue in which a page whose bit is set goes back
/// to the tail with its bit cleared instead of being evicted ("second chance").
fn second_chance(frames: usize, trace: &[u64]) -> (Vec<Access>, HashSet<u64>) {
    let mut queue: VecDeque<(u64, bool)> = VecDeque::new();
    let mut accesses = Vec::new();
    for &page in trace {
        if let Some(entry) = queue.iter_mut().find(|(p, _)| *p == page) {
            entry.1 = true;
            accesses.push(Access::Hit);
            continue;
        }
        let mut evicted = None;
        if queue.len() == frames {
            while let Some((oldest, used)) = queue.pop_front() {
                if used {
                    queue.push_back((oldest, false));
                } else {
                    evicted = Some(oldest);
                    break;
                }
            }
        }
        queue.push_back((page, true));
        accesses.push(Access::Miss { evicted });
    }
    (accesses, queue.iter().map(|&(page, _)| page).collect())
}

/// Belady's optimal policy, the fewest misses any policy can have.
fn opt_misses(frames: usize, trace: &[u64]) -> usize {
    let mut resident: Vec<u64> = Vec::new();
    let mut misses = 0;
    for (now, &page) in trace.iter().enumerate() {
        if resident.contains(&page) {
            continue;
        }
        misses += 1;
        if resident.len() == frames {
            let next_use = |p: u64| {
                trace[now + 1..]
                    .iter()
                    .position(|&q| q == p)
                    .unwrap_or(usize::MAX)
            };
            let victim = (0..resident.len())
                .max_by_key(|&i| next_use(resident[i]))
                .unwrap_or(0);
            resident.remove(victim);
        }
        resident.push(page);
    }
    misses
}

proptest! {
    #[test]
    fn agrees_with_second_chance_fifo(
        frames in 1usize..6,
        trace in prop::collection::vec(0u64..10, 0..100),
    ) {
        let (clock, accesses) = run(frames, &trace);
        let (expected, resident) = second_chance(frames, &trace);
        prop_assert_eq!(accesses, expected);
        prop_assert_eq!(clock.resident().into_iter().collect::<HashSet<_>>(), resident);
    }

    #[test]
    fn keeps_its_books_and_never_beats_opt(
        frames in 1usize..6,
        trace in prop::collection::vec(0u64..10, 0..100),
    ) {
        let mut clock = memory(frames);
        let mut misses = 0;
        for &page in &trace {
            let before = clock.resident();
            match clock.access(page) {
                Access::Hit => prop_assert!(before.contains(&page)),
                Access::Miss { evicted } => {
                    misses += 1;
                    prop_assert!(!before.contains(&page));
                    // A page is evicted exactly when memory was full.
                    prop_assert_eq!(evicted.is_some(), before.len() == frames);
                    if let Some(victim) = evicted {
                        prop_assert!(!clock.resident().contains(&victim));
                    }
                }
            }
            prop_assert!(clock.resident().contains(&page));
            prop_assert!(clock.resident().len() <= frames);
        }
        let distinct = trace.iter().collect::<HashSet<_>>().len();
        prop_assert!(misses >= distinct, "every page misses once, the first time");
        if distinct <= frames {
            prop_assert_eq!(misses, distinct);
        }
        prop_assert!(misses >= opt_misses(frames, &trace));
    }
}
