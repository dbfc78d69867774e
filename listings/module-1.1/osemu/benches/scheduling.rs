//! How the cost of a simulation grows with the number of jobs.
//!
//! `rr_scaling` runs Round Robin (quantum 2) over 1k to 1M jobs whose run times come from the
//! OSTEP generator (1 to 10 ticks, seed 0): the event-driven engine does one step per quantum
//! handed out, so the cost should grow linearly with the jobs. `policies_100k` compares the
//! policies on 100k jobs with staggered arrivals. Traces are off: the metrics are what a large
//! run is for. Workloads are built outside the timed closure.

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use osemu::generate;
use osemu::job::Job;
use osemu::random::RandomSource;
use osemu::sched::{self, Policy, SchedConfig};
use std::hint::black_box;
use std::time::Duration;

fn jobs(count: u64) -> Vec<Job> {
    generate::scheduler_jobs(&mut RandomSource::seeded(0), count, 10).expect("valid parameters")
}

fn simulate(jobs: &[Job], policy: Policy, quantum: u64) -> u64 {
    let mut config = SchedConfig::new(policy).quantum(quantum);
    config.record = false;
    let outcome = sched::simulate(jobs, &config, &mut RandomSource::seeded(1)).expect("valid");
    outcome.makespan()
}

fn rr_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("rr_scaling");
    // One iteration of the largest size takes a noticeable fraction of a second: flat sampling
    // keeps the run short on a two-core machine.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for count in [1_000u64, 10_000, 100_000, 1_000_000] {
        let workload = jobs(count);
        group.throughput(Throughput::Elements(count));
        group.bench_with_input(BenchmarkId::from_parameter(count), &workload, |b, w| {
            b.iter(|| simulate(black_box(w), Policy::RoundRobin, 2));
        });
    }
    group.finish();
}

fn policies_100k(c: &mut Criterion) {
    let mut group = c.benchmark_group("policies_100k");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    let mut workload = jobs(100_000);
    // Staggered arrivals, so that STCF preempts and the ready sets grow and shrink.
    for job in &mut workload {
        job.arrival = job.id as u64 * 5;
    }
    group.throughput(Throughput::Elements(workload.len() as u64));
    for policy in [
        Policy::Fifo,
        Policy::Sjf,
        Policy::Stcf,
        Policy::RoundRobin,
        Policy::Lottery,
        Policy::Stride,
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(policy), &workload, |b, w| {
            b.iter(|| simulate(black_box(w), policy, 2));
        });
    }
    group.finish();
}

criterion_group!(benches, rr_scaling, policies_100k);
criterion_main!(benches);
