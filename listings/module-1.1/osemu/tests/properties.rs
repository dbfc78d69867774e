//! Properties that must hold for every workload, checked on random ones with proptest.

use osemu::job::{IoPattern, Job};
use osemu::mlfq::{self, MlfqConfig};
use osemu::paging::{self, PagingConfig, Replacement};
use osemu::random::{PythonRandom, RandomSource};
use osemu::sched::{self, Outcome, Policy, SchedConfig};
use osemu::translate::{self, Geometry};
use proptest::prelude::*;

const POLICIES: [Policy; 6] = [
    Policy::Fifo,
    Policy::Sjf,
    Policy::Stcf,
    Policy::RoundRobin,
    Policy::Lottery,
    Policy::Stride,
];

/// (arrival, run, I/O as (every, duration), tickets) for up to 10 jobs.
fn workload() -> impl Strategy<Value = Vec<Job>> {
    prop::collection::vec(
        (
            0u64..30,
            1u64..20,
            prop::option::of((1u64..6, 0u64..5)),
            1u64..50,
        ),
        1..10,
    )
    .prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(id, (arrival, run, io, tickets))| {
                let job = Job::new(id, run).arriving_at(arrival).with_tickets(tickets);
                match io {
                    Some((every, duration)) => job.with_io(every, duration),
                    None => job,
                }
            })
            .collect()
    })
}

fn cpu_bound(jobs: &[Job]) -> Vec<Job> {
    jobs.iter()
        .cloned()
        .map(|mut job| {
            job.io = None;
            job
        })
        .collect()
}

fn run(jobs: &[Job], policy: Policy, quantum: u64, seed: i64) -> Outcome {
    let config = SchedConfig::new(policy).quantum(quantum);
    sched::simulate(jobs, &config, &mut RandomSource::seeded(seed)).expect("valid workload")
}

fn total_turnaround(outcome: &Outcome) -> u64 {
    outcome.jobs.iter().map(|j| j.turnaround()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_policy_respects_arrivals_conserves_work_and_uses_one_cpu(
        jobs in workload(),
        policy_index in 0usize..6,
        quantum in 1u64..6,
        seed in 0i64..1000,
    ) {
        let outcome = run(&jobs, POLICIES[policy_index], quantum, seed);
        let mut worked = vec![0u64; jobs.len()];
        for slice in &outcome.trace {
            prop_assert!(slice.start >= jobs[slice.job].arrival, "ran before arriving");
            prop_assert!(slice.end > slice.start);
            worked[slice.job] += slice.end - slice.start;
        }
        for pair in outcome.trace.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "two jobs on one CPU");
        }
        for (job, result) in jobs.iter().zip(&outcome.jobs) {
            prop_assert_eq!(worked[job.id], job.run, "work not conserved");
            prop_assert!(result.first_run >= job.arrival);
            prop_assert!(result.turnaround() >= job.run + result.io_time);
            prop_assert!(result.response() <= result.turnaround());
            prop_assert_eq!(
                result.turnaround(),
                result.cpu_time + result.io_time + result.wait()
            );
        }
    }

// ANCHOR: rr_is_fifo
    #[test]
    fn round_robin_with_an_infinite_quantum_is_fifo(jobs in workload()) {
        let fifo = run(&jobs, Policy::Fifo, 1, 0);
        let endless = run(&jobs, Policy::RoundRobin, 1 << 40, 0);
        prop_assert_eq!(fifo.jobs, endless.jobs);
        prop_assert_eq!(fifo.trace, endless.trace);
    }
// ANCHOR_END: rr_is_fifo

    // Without I/O, STCF (shortest remaining processing time) minimises total turnaround on one
    // CPU, whatever the arrivals: no other policy can beat it.
    #[test]
    fn stcf_has_the_lowest_turnaround_without_io(
        jobs in workload(),
        quantum in 1u64..6,
        seed in 0i64..1000,
    ) {
        let jobs = cpu_bound(&jobs);
        let best = total_turnaround(&run(&jobs, Policy::Stcf, quantum, seed));
        for policy in POLICIES {
            let other = total_turnaround(&run(&jobs, policy, quantum, seed));
            prop_assert!(best <= other, "STCF {} > {} {}", best, policy, other);
        }
    }

    // Times with fractions are counted in fixed point (src/time.rs): 2.5 ticks is 25 tenths. That is
    // exact only if multiplying every time of a workload, and the quantum, by a factor multiplies
    // every time of the schedule by that factor and changes nothing else, under every policy.
    #[test]
    fn scaling_every_time_scales_the_schedule(
        jobs in workload(),
        policy_index in 0usize..6,
        quantum in 1u64..6,
        seed in 0i64..1000,
        factor in prop::sample::select(vec![10u64, 1000]),
        compat in any::<bool>(),
    ) {
        let scaled: Vec<Job> = jobs
            .iter()
            .map(|job| {
                let mut scaled = job.clone();
                scaled.arrival *= factor;
                scaled.run *= factor;
                scaled.io = job.io.map(|io| IoPattern {
                    every: io.every * factor,
                    duration: io.duration * factor,
                });
                scaled
            })
            .collect();
        let simulate = |jobs: &[Job], quantum: u64| {
            let mut config = SchedConfig::new(POLICIES[policy_index]).quantum(quantum);
            config.ostep_compat = compat;
            sched::simulate(jobs, &config, &mut RandomSource::seeded(seed)).expect("valid")
        };
        let ticks = simulate(&jobs, quantum);
        let units = simulate(&scaled, quantum * factor);
        prop_assert_eq!(ticks.trace.len(), units.trace.len());
        for (small, large) in ticks.trace.iter().zip(&units.trace) {
            prop_assert_eq!(
                (small.job, small.start * factor, small.end * factor, small.finished),
                (large.job, large.start, large.end, large.finished)
            );
        }
        for (small, large) in ticks.jobs.iter().zip(&units.jobs) {
            prop_assert_eq!(small.first_run * factor, large.first_run);
            prop_assert_eq!(small.finish * factor, large.finish);
            prop_assert_eq!(small.cpu_time * factor, large.cpu_time);
            prop_assert_eq!(small.io_time * factor, large.io_time);
        }
        let winners = |outcome: &Outcome| -> Vec<(u64, usize)> {
            outcome.draws.iter().map(|d| (d.number, d.job)).collect()
        };
        prop_assert_eq!(winners(&ticks), winners(&units));
    }

    // When every job arrives at 0 and none does I/O, SJF is optimal too, and the CPU never idles.
    #[test]
    fn sjf_is_optimal_for_jobs_that_arrive_together(runs in prop::collection::vec(1u64..50, 1..12)) {
        let jobs: Vec<Job> = runs.iter().enumerate().map(|(id, &run)| Job::new(id, run)).collect();
        let sjf = run(&jobs, Policy::Sjf, 1, 0);
        prop_assert_eq!(sjf.makespan(), runs.iter().sum::<u64>());
        for policy in [Policy::Fifo, Policy::RoundRobin, Policy::Stride] {
            prop_assert!(total_turnaround(&sjf) <= total_turnaround(&run(&jobs, policy, 1, 0)));
        }
    }

    // With one queue, no I/O and every job at time 0, MLFQ is Round Robin with its quantum.
    #[test]
    fn mlfq_with_one_queue_is_round_robin(
        runs in prop::collection::vec(1u64..30, 1..8),
        quantum in 1u64..6,
    ) {
        let jobs: Vec<Job> = runs.iter().enumerate().map(|(id, &run)| Job::new(id, run)).collect();
        let rr = run(&jobs, Policy::RoundRobin, quantum, 0);
        let mlfq = mlfq::simulate(&jobs, &MlfqConfig::uniform(1, quantum, 1)).expect("valid");
        let rr_finish: Vec<u64> = rr.jobs.iter().map(|j| j.finish).collect();
        let mlfq_finish: Vec<u64> = mlfq.jobs.iter().map(|j| j.finish).collect();
        prop_assert_eq!(rr_finish, mlfq_finish);
    }

    #[test]
    fn mlfq_respects_arrivals_and_conserves_work(
        jobs in workload(),
        levels in 1usize..4,
        quantum in 1u64..8,
        boost in 0u64..40,
        stay in any::<bool>(),
        bump in any::<bool>(),
        compat in any::<bool>(),
    ) {
        let mut config = MlfqConfig::uniform(levels, quantum, 1);
        config.boost = boost;
        config.stay_after_io = stay;
        config.io_bump = bump;
        config.ostep_compat = compat;
        let outcome = mlfq::simulate(&jobs, &config).expect("valid");
        let mut worked = vec![0u64; jobs.len()];
        for (tick, slot) in outcome.schedule.iter().enumerate() {
            if let Some((job, level)) = *slot {
                prop_assert!(tick as u64 >= jobs[job].arrival);
                prop_assert!(level < levels);
                worked[job] += 1;
            }
        }
        for (job, result) in jobs.iter().zip(&outcome.jobs) {
            prop_assert_eq!(worked[job.id], job.run);
            prop_assert!(result.finish - result.start >= job.run + result.io_time);
        }
        let last = outcome.jobs.iter().map(|j| j.finish).max().unwrap_or(0);
        prop_assert_eq!(outcome.schedule.len() as u64, last);
    }

    #[test]
    fn opt_never_misses_more_than_any_other_policy(
        trace in prop::collection::vec(0u64..8, 1..60),
        frames in 1usize..6,
        seed in 0i64..1000,
    ) {
        let misses = |policy: Replacement, compat: bool| {
            let config = PagingConfig { policy, frames, clock_bits: 2, ostep_compat: compat };
            paging::simulate(&trace, &config, &mut RandomSource::seeded(seed))
                .expect("valid")
                .misses
        };
        let opt = misses(Replacement::Opt, false);
        for policy in [Replacement::Fifo, Replacement::Lru, Replacement::Mru, Replacement::Rand,
                       Replacement::Clock, Replacement::Unopt] {
            prop_assert!(opt <= misses(policy, false), "OPT {} vs {}", opt, policy);
        }
        prop_assert!(opt <= misses(Replacement::Clock, true));
    }

// ANCHOR: stack_property
    // LRU and OPT are stack algorithms: one more frame never adds a miss (no Belady anomaly).
    #[test]
    fn lru_and_opt_gain_from_more_memory(
        trace in prop::collection::vec(0u64..8, 1..60),
        frames in 1usize..6,
    ) {
        for policy in [Replacement::Lru, Replacement::Opt] {
            let misses = |frames| {
                paging::simulate(&trace, &PagingConfig::new(policy, frames), &mut RandomSource::seeded(0))
                    .expect("valid")
                    .misses
            };
            prop_assert!(misses(frames + 1) <= misses(frames));
        }
    }
// ANCHOR_END: stack_property

    #[test]
    fn paging_steps_are_consistent(
        trace in prop::collection::vec(0u64..10, 1..50),
        frames in 1usize..5,
        policy_index in 0usize..7,
        compat in any::<bool>(),
    ) {
        let policy = [Replacement::Fifo, Replacement::Lru, Replacement::Mru, Replacement::Opt,
                      Replacement::Unopt, Replacement::Rand, Replacement::Clock][policy_index];
        let config = PagingConfig { policy, frames, clock_bits: 2, ostep_compat: compat };
        let outcome = paging::simulate(&trace, &config, &mut RandomSource::seeded(1)).expect("valid");
        prop_assert_eq!(outcome.hits + outcome.misses, trace.len() as u64);
        let mut before: Vec<u64> = Vec::new();
        for step in &outcome.steps {
            prop_assert_eq!(step.hit, before.contains(&step.page));
            prop_assert!(step.memory.contains(&step.page));
            prop_assert!(step.memory.len() <= frames);
            if let Some(victim) = step.victim {
                prop_assert!(!step.hit && before.contains(&victim) && !step.memory.contains(&victim));
                prop_assert_eq!(before.len(), frames, "evicted with a free frame");
            }
            before = step.memory.clone();
        }
        prop_assert_eq!(&outcome.final_memory, &before);
    }

    #[test]
    fn translation_splits_and_joins_addresses(
        page_bits in 2u32..12,
        virtual_pages_log in 0u32..6,
        seed in 0i64..1000,
        address_fraction in 0.0f64..1.0,
    ) {
        let page = 1u64 << page_bits;
        let space = page << virtual_pages_log;
        let geometry = Geometry::new(space, space * 2, page).expect("valid sizes");
        let mut random = RandomSource::seeded(seed);
        let table = osemu::generate::page_table(
            &mut random, geometry.virtual_pages(), geometry.physical_pages(), 50,
        ).expect("enough frames");
        let va = (address_fraction * space as f64) as u64;
        let t = translate::translate(&geometry, &table, va).expect("inside");
        prop_assert_eq!(t.vpn * page + t.offset, va);
        prop_assert!(t.offset < page);
        match table[t.vpn as usize] {
            Some(frame) => prop_assert_eq!(t.pa, Some(frame * page + t.offset)),
            None => prop_assert_eq!(t.pa, None),
        }
    }

    #[test]
    fn python_random_stays_in_the_unit_interval(seed in any::<i64>()) {
        let mut generator = PythonRandom::new(seed);
        for _ in 0..100 {
            let value = generator.next_f64();
            prop_assert!((0.0..1.0).contains(&value));
        }
    }
}
