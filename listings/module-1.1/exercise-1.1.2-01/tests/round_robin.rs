//! What "done" means for Exercise 1.1.2-1. The first cases are the worked examples of the CPU
//! scheduling chapter.
use exercise_1_1_2_01::{Metrics, ScheduleError, round_robin};

fn metrics(response: u64, turnaround: u64, waiting: u64) -> Metrics {
    Metrics {
        response,
        turnaround,
        waiting,
    }
}

#[test]
fn three_equal_jobs_take_turns() {
    let result = round_robin(&[30, 30, 30], 10, 0).unwrap();
    assert_eq!(
        result,
        [metrics(0, 70, 40), metrics(10, 80, 50), metrics(20, 90, 60)]
    );
}

#[test]
fn a_job_that_finishes_early_gives_up_the_rest_of_its_quantum() {
    // A runs 0-5 and is done; B 5-15; C 15-25 and is done; B 25-35.
    let result = round_robin(&[5, 20, 10], 10, 0).unwrap();
    assert_eq!(
        result,
        [metrics(0, 5, 0), metrics(5, 35, 15), metrics(15, 25, 15)]
    );
}

#[test]
fn every_switch_between_jobs_costs_time() {
    // A 0-10, switch, B 11-21, switch, C 22-32, ... C finishes at 98 after eight switches.
    let result = round_robin(&[30, 30, 30], 10, 1).unwrap();
    assert_eq!(
        result,
        [metrics(0, 76, 46), metrics(11, 87, 57), metrics(22, 98, 68)]
    );
}

#[test]
fn a_job_alone_keeps_the_cpu_without_a_switch() {
    // A 0-10, switch, B 12-17 (done), switch, A 19-29 and 29-39 with nobody to switch to.
    let result = round_robin(&[30, 5], 10, 2).unwrap();
    assert_eq!(result, [metrics(0, 39, 9), metrics(12, 17, 12)]);
    let alone = round_robin(&[25], 5, 3).unwrap();
    assert_eq!(alone, [metrics(0, 25, 0)]);
}

#[test]
fn a_quantum_longer_than_every_job_is_first_in_first_out() {
    let run_times = [80, 10, 10];
    let result = round_robin(&run_times, u64::MAX, 0).unwrap();
    assert_eq!(
        result,
        [metrics(0, 80, 0), metrics(80, 90, 80), metrics(90, 100, 90)]
    );
}

#[test]
fn waiting_is_turnaround_minus_run_time_and_total_time_is_conserved() {
    let run_times = [7, 13, 2, 21, 9];
    for quantum in 1..=25 {
        let result = round_robin(&run_times, quantum, 0).unwrap();
        for (job, metrics) in result.iter().enumerate() {
            assert_eq!(metrics.waiting, metrics.turnaround - run_times[job]);
            assert!(metrics.response <= metrics.waiting);
        }
        let last_finish = result.iter().map(|m| m.turnaround).max().unwrap();
        assert_eq!(
            last_finish,
            run_times.iter().sum::<u64>(),
            "quantum {quantum}"
        );
    }
}

#[test]
fn no_jobs_is_an_empty_schedule() {
    assert_eq!(round_robin(&[], 10, 1).unwrap(), []);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    assert_eq!(round_robin(&[10], 0, 0), Err(ScheduleError::ZeroQuantum));
    assert_eq!(
        round_robin(&[10, 0, 5], 4, 0),
        Err(ScheduleError::ZeroRunTime { job: 1 })
    );
}
