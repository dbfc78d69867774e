//! Worked examples for the event-driven policies. Each expected value is derived by hand in the
//! comment above it, the way the chapter derives it on paper.

use super::*;
use crate::job::Job;
use crate::metrics::Metrics;

fn run(policy: Policy, quantum: u64, jobs: &[Job]) -> Outcome {
    let config = SchedConfig::new(policy).quantum(quantum);
    simulate(jobs, &config, &mut RandomSource::seeded(0)).expect("valid workload")
}

fn runs(lengths: &[u64]) -> Vec<Job> {
    lengths
        .iter()
        .enumerate()
        .map(|(id, &run)| Job::new(id, run))
        .collect()
}

/// (response, turnaround, wait) of each job.
fn triples(outcome: &Outcome) -> Vec<(u64, u64, u64)> {
    outcome
        .jobs
        .iter()
        .map(Metrics::from)
        .map(|m| (m.response, m.turnaround, m.wait))
        .collect()
}

// FIFO on 10,20,30, all at time 0: job 0 runs 0-10, job 1 10-30, job 2 30-60. Each job waits for
// the ones before it, so response = wait = its start time and turnaround = its end time.
#[test]
fn fifo_runs_jobs_in_list_order() {
    let outcome = run(Policy::Fifo, 1, &runs(&[10, 20, 30]));
    assert_eq!(triples(&outcome), [(0, 10, 0), (10, 30, 10), (30, 60, 30)]);
}

// SJF on 30,20,10: the shortest goes first, so job 2 runs 0-10, job 1 10-30, job 0 30-60.
#[test]
fn sjf_runs_the_shortest_first() {
    let outcome = run(Policy::Sjf, 1, &runs(&[30, 20, 10]));
    assert_eq!(triples(&outcome), [(30, 60, 30), (10, 30, 10), (0, 10, 0)]);
}

// SJF ties keep list order (scheduler.py sorts stably): 5,5 runs job 0 first.
#[test]
fn sjf_breaks_ties_by_list_order() {
    let outcome = run(Policy::Sjf, 1, &runs(&[5, 5]));
    assert_eq!(outcome.trace[0].job, 0);
}

// RR, quantum 1, three jobs of 3: A B C A B C A B C. Job i first runs at i, finishes at 7 + i
// (A's last tick is 6-7), and waits its turnaround minus its 3 ticks of work: 4, 5, 6.
#[test]
fn round_robin_takes_turns() {
    let outcome = run(Policy::RoundRobin, 1, &runs(&[3, 3, 3]));
    assert_eq!(triples(&outcome), [(0, 7, 4), (1, 8, 5), (2, 9, 6)]);
    let order: Vec<usize> = outcome.trace.iter().map(|s| s.job).collect();
    assert_eq!(order, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
}

// RR, quantum 2, jobs 2 and 5: job 0 runs 0-2 and is done; job 1 runs from 2 and, alone from
// then on, keeps the CPU to 7. Its response is 2, turnaround 7, wait 7 - 5 = 2.
#[test]
fn round_robin_with_a_larger_quantum() {
    let outcome = run(Policy::RoundRobin, 2, &runs(&[2, 5]));
    assert_eq!(triples(&outcome), [(0, 2, 0), (2, 7, 2)]);
}

// ANCHOR: stcf_example
// The OSTEP chapter's STCF example: A (100) at 0, B and C (10 each) at 10. A runs 0-10; at 10 B
// and C have 10 left against A's 90, so B runs 10-20, C 20-30, and A finishes 30-120.
// Turnarounds 120, 10, 20 (average 50); C's response is 20 - 10 = 10.
#[test]
fn stcf_preempts_for_shorter_arrivals() {
    let jobs = [
        Job::new(0, 100),
        Job::new(1, 10).arriving_at(10),
        Job::new(2, 10).arriving_at(10),
    ];
    let outcome = run(Policy::Stcf, 1, &jobs);
    assert_eq!(triples(&outcome), [(0, 120, 20), (0, 10, 0), (10, 20, 10)]);
}
// ANCHOR_END: stcf_example

// The same workload under SJF cannot preempt A: A 0-100, B 100-110, C 110-120. Turnarounds
// 100, 100, 110 (average 103.33, as in the chapter).
#[test]
fn sjf_cannot_preempt() {
    let jobs = [
        Job::new(0, 100),
        Job::new(1, 10).arriving_at(10),
        Job::new(2, 10).arriving_at(10),
    ];
    let outcome = run(Policy::Sjf, 1, &jobs);
    assert_eq!(
        triples(&outcome),
        [(0, 100, 0), (90, 100, 90), (100, 110, 100)]
    );
}

// Overlap of I/O under STCF. A: 50 of CPU, an I/O of 10 after every 10. B: 60 of CPU, no I/O.
// A has less work, so it runs 0-10, then does I/O 10-20 while B runs. At 20 A has 40 left,
// B 50: A preempts, runs 20-30, I/O 30-40, B runs 30-40 (40 left). The pattern repeats: A 40-50,
// B 50-60, A 60-70, B 70-80, A 80-90 finishing (no I/O after its last tick). B ends 90-110.
// A: response 0, turnaround 90, wait 90 - 50 - 4 I/Os * 10 = 0. B: response 10, turnaround 110,
// wait 110 - 60 = 50.
#[test]
fn stcf_overlaps_io_with_computation() {
    let jobs = [Job::new(0, 50).with_io(10, 10), Job::new(1, 60)];
    let outcome = run(Policy::Stcf, 1, &jobs);
    assert_eq!(triples(&outcome), [(0, 90, 0), (10, 110, 50)]);
    assert_eq!(outcome.io.len(), 4);
}

// A job that arrives while the CPU is idle starts at once: FIFO with jobs at 0 (run 2) and 5
// (run 3) idles from 2 to 5, then runs job 1 5-8.
#[test]
fn the_cpu_idles_until_the_next_arrival() {
    let jobs = [Job::new(0, 2), Job::new(1, 3).arriving_at(5)];
    let outcome = run(Policy::Fifo, 1, &jobs);
    assert_eq!(triples(&outcome), [(0, 2, 0), (0, 3, 0)]);
    assert_eq!(outcome.makespan(), 8);
}

// RR: a newcomer that arrives at the instant a quantum ends queues ahead of the preempted job.
// Job 0 (run 4) alone from 0, quantum 2; job 1 (run 1) arrives at 2. At 2 job 1 is admitted
// first, then job 0 goes behind it: job 1 runs 2-3, job 0 resumes 3-5.
#[test]
fn round_robin_newcomers_go_before_the_preempted_job() {
    let jobs = [Job::new(0, 4), Job::new(1, 1).arriving_at(2)];
    let outcome = run(Policy::RoundRobin, 2, &jobs);
    let order: Vec<(usize, u64, u64)> = outcome
        .trace
        .iter()
        .map(|s| (s.job, s.start, s.end))
        .collect();
    assert_eq!(order, [(0, 0, 2), (1, 2, 3), (0, 3, 5)]);
}

// Lottery, replaying given numbers. Job 0: run 2, 1 ticket (ticket 0); job 1: run 1, 3 tickets
// (tickets 1-3). Draw 0.000003 -> int(0.000003 * 1000001) = 3, 3 % 4 = 3: job 1 runs 0-1 and is
// done. Draw 0.0 -> 0 % 1 = 0: job 0 runs 1-2. Draw 0.5 -> 500000 % 1 = 0: job 0 runs 2-3.
#[test]
fn lottery_replays_a_list_of_draws() {
    let jobs = [
        Job::new(0, 2).with_tickets(1),
        Job::new(1, 1).with_tickets(3),
    ];
    let config = SchedConfig::new(Policy::Lottery);
    let mut random = RandomSource::parse_list("0.000003,0.0,0.5").expect("valid");
    let outcome = simulate(&jobs, &config, &mut random).expect("enough draws");
    assert_eq!(triples(&outcome), [(1, 3, 1), (0, 1, 0)]);
    let numbers: Vec<(u64, u64, usize)> = outcome
        .draws
        .iter()
        .map(|d| (d.number, d.ticket, d.job))
        .collect();
    assert_eq!(numbers, [(3, 3, 1), (0, 0, 0), (500_000, 0, 0)]);
}

// lottery.py charges a whole quantum even when the job needs less: job of 3 with quantum 2 runs
// 0-2, then needs 1 but the clock moves to 4, so it is DONE at 4. Without the compatibility
// switch it is done at 3.
#[test]
fn lottery_compat_charges_the_whole_quantum() {
    let jobs = [Job::new(0, 3)];
    let mut config = SchedConfig::new(Policy::Lottery).quantum(2);
    let textbook = simulate(&jobs, &config, &mut RandomSource::seeded(0)).expect("ok");
    config.ostep_compat = true;
    let compat = simulate(&jobs, &config, &mut RandomSource::seeded(0)).expect("ok");
    assert_eq!(textbook.jobs[0].finish, 3);
    assert_eq!(compat.jobs[0].finish, 4);
}

// The OSTEP chapter's stride example: tickets 100, 50, 250 give strides 100, 200, 40. Passes
// (A, B, C) and the lowest one (ties to the lower id):
// (0,0,0) A; (100,0,0) B; (100,200,0) C; (100,200,40) C; (100,200,80) C; (100,200,120) A;
// (200,200,120) C; (200,200,160) C.
#[test]
fn stride_follows_the_pass_values() {
    let jobs = [
        Job::new(0, 100).with_tickets(100),
        Job::new(1, 100).with_tickets(50),
        Job::new(2, 100).with_tickets(250),
    ];
    let outcome = run(Policy::Stride, 1, &jobs);
    let order: Vec<usize> = outcome.trace.iter().take(8).map(|s| s.job).collect();
    assert_eq!(order, [0, 1, 2, 2, 2, 0, 2, 2]);
}

#[test]
fn stride_rejects_more_tickets_than_its_constant() {
    let jobs = [Job::new(0, 1).with_tickets(STRIDE_CONSTANT + 1)];
    let config = SchedConfig::new(Policy::Stride);
    assert!(simulate(&jobs, &config, &mut RandomSource::seeded(0)).is_err());
}

#[test]
fn a_quantum_of_zero_is_an_error() {
    let config = SchedConfig::new(Policy::RoundRobin).quantum(0);
    let error = simulate(&runs(&[1]), &config, &mut RandomSource::seeded(0)).expect_err("q=0");
    assert!(error.to_string().contains("quantum"));
}

#[test]
fn policy_names_parse_case_insensitively_and_unknown_ones_are_errors() {
    assert_eq!("rr".parse::<Policy>().expect("rr"), Policy::RoundRobin);
    assert_eq!("STCF".parse::<Policy>().expect("stcf"), Policy::Stcf);
    assert!("EDF".parse::<Policy>().is_err());
}
