//! Worked examples for MLFQ, each traced tick by tick in its comment.

use super::*;

fn levels_run(outcome: &MlfqOutcome) -> Vec<Option<usize>> {
    outcome
        .schedule
        .iter()
        .map(|tick| tick.map(|(_, level)| level))
        .collect()
}

fn jobs_run(outcome: &MlfqOutcome) -> Vec<Option<usize>> {
    outcome
        .schedule
        .iter()
        .map(|tick| tick.map(|(job, _)| job))
        .collect()
}

fn finishes(outcome: &MlfqOutcome) -> Vec<u64> {
    outcome.jobs.iter().map(|j| j.finish).collect()
}

// The chapter's first picture: one long job (200 ticks), 3 queues, quantum 10, allotment 1. It
// uses its quantum at priority 2 (ticks 0-9), is demoted, uses one at priority 1 (10-19), and
// spends the rest at priority 0, where a used-up allotment just refills.
#[test]
fn a_long_job_sinks_to_the_bottom() {
    let jobs = [Job::new(0, 200)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(3, 10, 1)).expect("valid");
    let levels = levels_run(&outcome);
    assert!(levels[..10].iter().all(|&l| l == Some(2)));
    assert!(levels[10..20].iter().all(|&l| l == Some(1)));
    assert!(levels[20..].iter().all(|&l| l == Some(0)));
    assert_eq!(finishes(&outcome), [200]);
}

// A short job arrives: A (200 ticks) from 0, B (20 ticks) at 100. By 100, A is at priority 0
// and has just ended a quantum there (quanta at priority 0 end at 30, 40, ..., 100). B enters at
// priority 2 and runs 100-109, is demoted and runs 110-119 at priority 1: done at 120. A still
// has 100 ticks of work and finishes at 220. Waits: A 220 - 200 = 20, B 0.
#[test]
fn a_short_arrival_runs_first_and_finishes_quickly() {
    let jobs = [Job::new(0, 200), Job::new(1, 20).arriving_at(100)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(3, 10, 1)).expect("valid");
    assert_eq!(finishes(&outcome), [220, 120]);
    let metrics: Vec<(u64, u64, u64)> = outcome
        .jobs
        .iter()
        .map(|j| j.metrics())
        .map(|m| (m.response, m.turnaround, m.wait))
        .collect();
    assert_eq!(metrics, [(0, 220, 20), (0, 20, 0)]);
}

// Two queues, quantum 3, allotment 1, I/O of 2 ticks. A = (0, 6, no I/O), B = (0, 3, I/O every 1).
// t0-2: A at priority 1 uses its quantum and drops to priority 0.
// t3: B runs at priority 1 and starts an I/O (back at 6).
// t4-5: A runs at priority 0.            t6: B is back at priority 1, runs, starts an I/O (back at 9).
// t7: A runs its last tick: done at 8.   t8: idle.   t9: B runs its last tick: done at 10.
// A: response 0, turnaround 8, wait 8 - 6 = 2. B: response 3, turnaround 10, I/O 2 x 2 = 4, wait
// 10 - 3 - 4 = 3.
#[test]
fn an_interactive_job_keeps_its_priority() {
    let jobs = [Job::new(0, 6), Job::new(1, 3).with_io(1, 2)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(2, 3, 1)).expect("valid");
    assert_eq!(
        jobs_run(&outcome),
        [
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(0),
            Some(0),
            Some(1),
            Some(0),
            None,
            Some(1)
        ]
    );
    assert_eq!(
        levels_run(&outcome),
        [
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(1),
            Some(0),
            None,
            Some(1)
        ]
    );
    let metrics: Vec<(u64, u64, u64)> = outcome
        .jobs
        .iter()
        .map(|j| j.metrics())
        .map(|m| (m.response, m.turnaround, m.wait))
        .collect();
    assert_eq!(metrics, [(0, 8, 2), (3, 10, 3)]);
}

// The rules of `mlfq.rs`, one test each. Every trace below was worked by hand; `(job, queue)` per
// tick, `--` for an idle tick.

fn at(job: usize, level: usize) -> Option<(usize, usize)> {
    Some((job, level))
}

// Rule 1, the order of a boost. Three queues, quantum 2, allotment 1, boost every 10; A and B
// (20 ticks each) from 0, C (20) from 6.
// t0-1 A@2, demoted; t2-3 B@2, demoted: Q1 = [A, B]. t4-5 A@1, demoted: Q0 = [A].
// t6: C arrives; t6-7 C@2, demoted: Q1 = [B, C]. t8-9 B@1, demoted: Q0 = [A, B], Q1 = [C].
// t10, boost: Q0 first, then Q1, so the top queue is [A, B, C], and each gets a full quantum of
// 2 ticks there: t10-11 A@2, t12-13 B@2, t14-15 C@2. (Moving Q1 first would give C, A, B.)
#[test]
fn a_boost_moves_the_lower_queues_up_lowest_first_with_a_full_quantum() {
    let jobs = [
        Job::new(0, 20),
        Job::new(1, 20),
        Job::new(2, 20).arriving_at(6),
    ];
    let mut config = MlfqConfig::uniform(3, 2, 1);
    config.boost = 10;
    let outcome = simulate(&jobs, &config).expect("valid");
    let expected = [
        at(0, 2),
        at(0, 2),
        at(1, 2),
        at(1, 2),
        at(0, 1),
        at(0, 1),
        at(2, 2),
        at(2, 2),
        at(1, 1),
        at(1, 1),
        at(0, 2),
        at(0, 2),
        at(1, 2),
        at(1, 2),
        at(2, 2),
        at(2, 2),
    ];
    assert_eq!(outcome.schedule[..16], expected);
    assert!(outcome.events.contains(&(10, Event::Boost)));
    assert!(!outcome.events.contains(&(0, Event::Boost)));
}

// Rule 1, what a boost refills. Two queues, quantum 1, allotments 2 (top) and 1, boost every 3;
// one job of 10. t0 @1 (1 unit of allotment left), t1 @1 (none: demoted), t2 @0. t3, boost: a
// full allotment of 2 at the top again, so t3 and t4 run @1 and t5 @0, and so on: 1 1 0 1 1 0 ...
// A boost that refilled only the quantum would leave the allotment of queue 0 and demote the job
// after one tick.
#[test]
fn a_boost_refills_the_allotment_of_the_top_queue() {
    let jobs = [Job::new(0, 10)];
    let mut config = MlfqConfig::from_flags(2, 1, 1, Some("1,1"), Some("2,1")).expect("valid");
    config.boost = 3;
    let outcome = simulate(&jobs, &config).expect("valid");
    let expected = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1].map(Some);
    assert_eq!(levels_run(&outcome), expected);
}

// Rule 1, jobs in I/O are boosted too. Two queues, quantum 1, allotment 1, I/O of 2 ticks, boost
// every 4; one job of 3 ticks with an I/O after every tick.
// t0 @1: its quantum ends with an I/O (back at 3), so it is demoted while in I/O. t1-2 idle.
// t3 @0, then an I/O (back at 6). t4, boost: the job is in I/O, and its priority goes back to 1.
// t5 idle. t6: back from I/O into queue 1, runs @1, done at 7.
#[test]
fn a_boost_reaches_a_job_in_io() {
    let jobs = [Job::new(0, 3).with_io(1, 2)];
    let mut config = MlfqConfig::uniform(2, 1, 1);
    config.boost = 4;
    let outcome = simulate(&jobs, &config).expect("valid");
    let expected = [Some(1), None, None, Some(0), None, None, Some(1)];
    assert_eq!(levels_run(&outcome), expected);
}

// Rules 1 and 2, a boost comes before the wake-ups of its tick. Two queues, quantum 2, allotment 1,
// I/O of 3 ticks, boost every 6; A (10 ticks) and B (4 ticks, an I/O after every tick).
// t0-1 A@1, demoted. t2 B@1 starts an I/O with 1 tick of quantum left (back at 6, still in
// queue 1). t3-5 A@0. t6: the boost moves A to queue 1 first, then B's I/O ends and B joins
// behind it: [A, B]. t6-7 A@1 (a full quantum), t8 B@1. Wake-ups first would give [B, A].
#[test]
fn a_boost_comes_before_the_wakeups_of_its_tick() {
    let jobs = [Job::new(0, 10), Job::new(1, 4).with_io(1, 3)];
    let mut config = MlfqConfig::uniform(2, 2, 1);
    config.boost = 6;
    let outcome = simulate(&jobs, &config).expect("valid");
    let expected = [
        at(0, 1),
        at(0, 1),
        at(1, 1),
        at(0, 0),
        at(0, 0),
        at(0, 0),
        at(0, 1),
        at(0, 1),
        at(1, 1),
    ];
    assert_eq!(outcome.schedule[..9], expected);
}

// Rule 2, arrivals before I/O completions, both at the tail. One queue, quantum 10, I/O of 2;
// A (3 ticks, an I/O after every tick) from 0, B (2 ticks) from 3.
// t0 A, then an I/O (back at 3). t1-2 idle. t3: B arrives, then A is back: [B, A]. B keeps the
// CPU for t3-4 (its quantum is 10), A runs t5. Finishes: A 9 (after one more I/O), B 5.
#[test]
fn arrivals_come_before_io_completions_at_the_same_tick() {
    let jobs = [Job::new(0, 3).with_io(1, 2), Job::new(1, 2).arriving_at(3)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(1, 10, 1)).expect("valid");
    let expected = [
        Some(0),
        None,
        None,
        Some(1),
        Some(1),
        Some(0),
        None,
        None,
        Some(0),
    ];
    assert_eq!(jobs_run(&outcome), expected);
    assert_eq!(finishes(&outcome), [9, 5]);
}

// Rule 2 with -I: an I/O completion goes to the head, an arrival still to the tail. The workload
// above plus C (2 ticks) from 3. At t3, B and C arrive ([B, C]) and A, back from I/O, jumps ahead:
// [A, B, C]. t3 A (then an I/O, back at 6), t4-5 B, t6: A jumps ahead of C again, done at 7;
// t7-8 C. Finishes: A 7, B 6, C 9.
#[test]
fn io_bump_puts_io_completions_at_the_head_but_not_arrivals() {
    let jobs = [
        Job::new(0, 3).with_io(1, 2),
        Job::new(1, 2).arriving_at(3),
        Job::new(2, 2).arriving_at(3),
    ];
    let mut config = MlfqConfig::uniform(1, 10, 1);
    config.io_bump = true;
    let outcome = simulate(&jobs, &config).expect("valid");
    let expected = [
        Some(0),
        None,
        None,
        Some(0),
        Some(1),
        Some(1),
        Some(0),
        Some(2),
        Some(2),
    ];
    assert_eq!(jobs_run(&outcome), expected);
    assert_eq!(finishes(&outcome), [7, 6, 9]);
}

// Rule 4, the job whose quantum ends goes back to its queue before the next tick's arrivals (the
// event-driven Round Robin of `sched` does the opposite). One queue, quantum 2; A (4 ticks) from
// 0, B (1 tick) from 2. A's quantum ends after t1, A rejoins the queue, then B arrives behind it:
// t2-3 A (done at 4), t4 B (done at 5).
#[test]
fn a_job_whose_quantum_ends_queues_before_the_next_arrival() {
    let jobs = [Job::new(0, 4), Job::new(1, 1).arriving_at(2)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(1, 2, 1)).expect("valid");
    assert_eq!(jobs_run(&outcome), [0, 0, 0, 0, 1].map(Some));
    assert_eq!(finishes(&outcome), [4, 5]);
}

// Rule 4, an I/O after every `every` ticks of CPU, never after the last. One queue, quantum 10,
// I/O of 1; one job of 4 ticks, an I/O after every 2. t0-1 run, I/O at 2 (back at 3), t2 idle,
// t3-4 run: its CPU time is 4, a multiple of 2, but the job is done at 5 and starts no I/O.
#[test]
fn an_io_starts_after_every_period_of_cpu_but_not_after_the_last_tick() {
    let jobs = [Job::new(0, 4).with_io(2, 1)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(1, 10, 1)).expect("valid");
    assert_eq!(
        jobs_run(&outcome),
        [Some(0), Some(0), None, Some(0), Some(0)]
    );
    let ios = outcome
        .events
        .iter()
        .filter(|(_, e)| matches!(e, Event::StartsIo { .. }))
        .count();
    assert_eq!(ios, 1);
    assert_eq!(finishes(&outcome), [5]);
}

// Rule 4, an I/O of no time. One queue, quantum 10, I/O of 0; A (3 ticks, an I/O after every
// tick) and B (3 ticks). t0 A, then an I/O that is over at once: A is ready again at t1, behind
// B, which has the whole of its quantum: t1-3 B (done at 4), t4 A (an I/O, ready at 5), t5 A.
#[test]
fn an_io_of_no_time_makes_the_job_ready_at_the_next_tick() {
    let jobs = [Job::new(0, 3).with_io(1, 0), Job::new(1, 3)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(1, 10, 1)).expect("valid");
    let expected = [0, 1, 1, 1, 0, 0].map(Some);
    assert_eq!(jobs_run(&outcome), expected);
    assert_eq!(finishes(&outcome), [6, 4]);
}

// Rule 4, the rest of a quantum survives an I/O: giving up the CPU early does not earn a fresh
// one. Two queues, quantum 3, allotment 1, I/O of 1; one job of 5 ticks, an I/O after every tick.
// Its three ticks at priority 1 (t0, t2, t4) are spread over three bursts, and the third uses up
// the quantum: demoted, it runs t6 and t8 at priority 0. Done at 9.
#[test]
fn a_job_keeps_the_rest_of_its_quantum_across_an_io() {
    let jobs = [Job::new(0, 5).with_io(1, 1)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(2, 3, 1)).expect("valid");
    let expected = [
        Some(1),
        None,
        Some(1),
        None,
        Some(1),
        None,
        Some(0),
        None,
        Some(0),
    ];
    assert_eq!(levels_run(&outcome), expected);
}

// Rule 4, a quantum that ends with an I/O is still charged. Two queues, quantum 2, allotment 1,
// I/O of 1; one job of 5 ticks, an I/O after every 2. t0-1 @1: the I/O and the end of the quantum
// come together, and the job goes to I/O demoted. t3-4 @0, t6 @0.
#[test]
fn a_quantum_that_ends_with_an_io_is_charged() {
    let jobs = [Job::new(0, 5).with_io(2, 1)];
    let outcome = simulate(&jobs, &MlfqConfig::uniform(2, 2, 1)).expect("valid");
    let expected = [Some(1), Some(1), None, Some(0), Some(0), None, Some(0)];
    assert_eq!(levels_run(&outcome), expected);
}

// Rule 4 with -S, the one difference between the modes: an I/O that starts on the tick a quantum
// ends. Two queues, quantum 1, allotment 1, I/O of 1; one job of 3 ticks, an I/O after every tick,
// so every tick ends a quantum and starts an I/O.
// Default: the I/O's reset has the last word; the job stays at priority 1: t0, t2, t4 @1.
// --ostep (mlfq.py): the quantum is charged after the reset, the allotment of 1 is used up and the
// job drops: t0 @1, then t2 and t4 @0.
#[test]
fn stay_after_io_keeps_the_priority_unless_in_ostep_mode() {
    let jobs = [Job::new(0, 3).with_io(1, 1)];
    let mut config = MlfqConfig::uniform(2, 1, 1);
    config.stay_after_io = true;
    let textbook = simulate(&jobs, &config).expect("valid");
    config.ostep_compat = true;
    let compat = simulate(&jobs, &config).expect("valid");
    assert_eq!(
        levels_run(&textbook),
        [Some(1), None, Some(1), None, Some(1)]
    );
    assert_eq!(levels_run(&compat), [Some(1), None, Some(0), None, Some(0)]);
}

// The same with an allotment of 2 at the top (-A 2,1), where mlfq.py leaves the job one unit short
// instead of demoting it. One job of 6 ticks, an I/O (1 tick) after every 2, quantum 1.
// --ostep: t0 @1 (1 unit left). t1 @1 ends a quantum and starts an I/O: reset to 2, then charged:
// 1 left. t3 @1 ends a quantum with no I/O: none left, demoted. t4, t6, t7 @0.
// Default: t1's reset is not charged (2 left), t3 leaves 1, t4 ends with an I/O and a reset again:
// every tick runs @1.
#[test]
fn under_stay_ostep_mode_charges_the_refilled_allotment() {
    let jobs = [Job::new(0, 6).with_io(2, 1)];
    let mut config = MlfqConfig::from_flags(2, 1, 1, Some("1,1"), Some("2,1")).expect("valid");
    config.stay_after_io = true;
    let textbook = simulate(&jobs, &config).expect("valid");
    config.ostep_compat = true;
    let compat = simulate(&jobs, &config).expect("valid");
    let textbook_expected = [
        Some(1),
        Some(1),
        None,
        Some(1),
        Some(1),
        None,
        Some(1),
        Some(1),
    ];
    let compat_expected = [
        Some(1),
        Some(1),
        None,
        Some(1),
        Some(0),
        None,
        Some(0),
        Some(0),
    ];
    assert_eq!(levels_run(&textbook), textbook_expected);
    assert_eq!(levels_run(&compat), compat_expected);
    // The counters as the trace prints them: allotment left at t1 and t3 (before the charge).
    let allotment_at = |outcome: &MlfqOutcome, tick: u64| {
        outcome
            .events
            .iter()
            .find_map(|&(time, event)| match event {
                Event::Runs { allotment_left, .. } if time == tick => Some(allotment_left),
                _ => None,
            })
    };
    assert_eq!(allotment_at(&compat, 3), Some(1));
    assert_eq!(allotment_at(&textbook, 3), Some(2));
}

// -Q 10,20,40 names the top queue first: queue 2 gets 10, queue 0 gets 40. -A must match.
#[test]
fn flag_lists_name_the_top_queue_first() {
    let config = MlfqConfig::from_flags(3, 10, 1, Some("10,20,40"), Some("1,2,3")).expect("ok");
    assert_eq!(
        config.levels[2],
        Level {
            quantum: 10,
            allotment: 1
        }
    );
    assert_eq!(
        config.levels[0],
        Level {
            quantum: 40,
            allotment: 3
        }
    );
    assert!(MlfqConfig::from_flags(3, 10, 1, Some("10,20"), Some("1,2,3")).is_err());
    assert!(MlfqConfig::from_flags(3, 0, 1, None, None).is_err());
    assert!(MlfqConfig::from_flags(0, 10, 1, None, None).is_err());
    assert!(MlfqConfig::from_flags(2, 10, 0, None, None).is_err());
    assert!(MlfqConfig::from_flags(2, 10, 1, Some("10,x"), None).is_err());
    // Negative settings get a range, not a parser's complaint. Lists name the top queue first,
    // so the last entry is queue 0, the only one allowed an allotment of 0.
    for (quanta, allotments, message) in [
        (
            Some("2,-1"),
            None,
            "quantum: queue 0: must be at least 1 (got -1)",
        ),
        (
            None,
            Some("1,-1"),
            "allotment: queue 0: must be at least 0 (got -1)",
        ),
        (
            None,
            Some("-2,1"),
            "allotment: queue 1: must be at least 1 (got -2)",
        ),
        (
            None,
            Some("0,1"),
            "allotment: queue 1: must be at least 1 (got 0)",
        ),
    ] {
        let error = MlfqConfig::from_flags(2, 10, 1, quanta, allotments).expect_err(message);
        assert_eq!(error.to_string(), message);
    }
    let lowest_zero = MlfqConfig::from_flags(2, 10, 1, None, Some("1,0")).expect("valid");
    assert_eq!(lowest_zero.levels[0].allotment, 0);
    assert!(matches!(
        MlfqConfig::from_flags(MAX_QUEUES + 1, 10, 1, None, None),
        Err(Error::TooLarge(_))
    ));
    assert!(MlfqConfig::from_flags(MAX_QUEUES, 10, 1, None, None).is_ok());
}

#[test]
fn an_enormous_workload_is_refused_not_simulated() {
    let jobs = [Job::new(0, MAX_TICKS + 1)];
    assert!(matches!(
        simulate(&jobs, &MlfqConfig::uniform(3, 10, 1)),
        Err(Error::TooLarge(_))
    ));
}
