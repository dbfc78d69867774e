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

// Two queues, quantum 2, allotment 1, boost every 4; one job of 6 ticks.
// t0-1 at priority 1 (quantum used: down to 0); t2-3 at priority 0 (quantum used, refilled).
// t4: boost. Textbook: a full quantum of 2 at priority 1, so t4-5 both run at priority 1.
// mlfq.py: the boost sets the quantum to the top queue's *allotment* (1), so t4 runs at priority 1,
// the quantum is used, the job drops again and t5 runs at priority 0. Both finish at 6.
#[test]
fn the_boost_quirk_only_in_compatibility_mode() {
    let jobs = [Job::new(0, 6)];
    let mut config = MlfqConfig::uniform(2, 2, 1);
    config.boost = 4;
    let textbook = simulate(&jobs, &config).expect("valid");
    config.ostep_compat = true;
    let compat = simulate(&jobs, &config).expect("valid");
    let expected_textbook = [1, 1, 0, 0, 1, 1].map(Some);
    let expected_compat = [1, 1, 0, 0, 1, 0].map(Some);
    assert_eq!(levels_run(&textbook), expected_textbook);
    assert_eq!(levels_run(&compat), expected_compat);
    assert_eq!(finishes(&textbook), [6]);
    assert_eq!(finishes(&compat), [6]);
    assert!(compat.events.contains(&(4, Event::Boost)));
}

// Two queues, quantum 1, allotment 1, stay after I/O (-S), I/O of 1 tick after every tick; one job
// of 3 ticks. Each tick ends both the quantum and the burst. Textbook: the I/O keeps the job at
// priority 1 with a fresh quantum: it runs at 0, 2 and 4 (idle while in I/O) at priority 1.
// mlfq.py: the quantum end is still charged after the I/O refilled the allotment, so the job
// drops to priority 0 after its first tick and runs at 2 and 4 there.
#[test]
fn the_stay_quirk_only_in_compatibility_mode() {
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

// One queue, quantum 2, I/O of 1 tick. A = (0, 4), B = (0, 3, I/O every 1), C = (0, 4).
// t0-1: A's quantum; queue [B, C, A].  t2: B runs, starts an I/O (back at 4); queue [C, A].
// t3: C runs (1 tick of its quantum left).
// Without -I: at 4 B joins the tail: [C, A, B]. C 4 (quantum over) -> [A, B, C]; A 5-6 done at
// 7; B 7 (quantum over, I/O, back at 9); C 8; B back at 9 -> [C, B]; C 9 done at 10; B 10 done
// at 11. Finishes: A 7, B 11, C 10.
// With -I: at 4 B jumps to the head: [B, C, A]. B 4 (I/O, back at 6); C 5 (quantum over) ->
// [A, C]; at 6 B jumps ahead again: B 6 done at 7; A 7-8 done at 9; C 9-10 done at 11.
// Finishes: A 9, B 7, C 11.
#[test]
fn io_bump_puts_returning_jobs_first() {
    let jobs = [Job::new(0, 4), Job::new(1, 3).with_io(1, 1), Job::new(2, 4)];
    let mut config = MlfqConfig::uniform(1, 2, 1);
    assert_eq!(
        finishes(&simulate(&jobs, &config).expect("valid")),
        [7, 11, 10]
    );
    config.io_bump = true;
    assert_eq!(
        finishes(&simulate(&jobs, &config).expect("valid")),
        [9, 7, 11]
    );
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
}

#[test]
fn an_enormous_workload_is_refused_not_simulated() {
    let jobs = [Job::new(0, MAX_TICKS + 1)];
    assert!(matches!(
        simulate(&jobs, &MlfqConfig::uniform(3, 10, 1)),
        Err(Error::TooLarge(_))
    ));
}
