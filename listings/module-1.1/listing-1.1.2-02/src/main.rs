//! Listing 1.1.2-2: two busy threads share one CPU, and the kernel divides the CPU between them by
//! the weights of their nice values.
//!
//! Both threads spin on the same CPU for the same stretch of wall-clock time. Each then reads how
//! much CPU time it received. Linux gives a thread of nice 0 a weight of 1024, and each step of
//! nice divides the weight by about 1.25, so the ratio of the CPU times is predictable.
use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::time::{ClockId, clock_gettime};
use nix::unistd::Pid;
use std::hint::black_box;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

/// How long the two threads compete in each round: long enough for hundreds of time slices.
const ROUND: Duration = Duration::from_millis(500);

/// The weight the Linux scheduler gives each nice value from -20 to 19 (`sched_prio_to_weight`
/// in the kernel's `kernel/sched/core.c`). Nice 0 is 1024; each step is about 1.25 times.
const WEIGHTS: [u32; 40] = [
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, // -20 .. -11
    9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277, // -10 .. -1
    1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, // 0 .. 9
    110, 87, 70, 56, 45, 36, 29, 23, 18, 15, // 10 .. 19
];

fn weight(nice: i32) -> u32 {
    WEIGHTS[(nice.clamp(-20, 19) + 20) as usize]
}

// ANCHOR: compete
/// Runs two busy threads with the given nice values on one CPU for `ROUND`, and returns the CPU
/// time each of them received.
fn compete(cpu: usize, nices: [i32; 2]) -> io::Result<[Duration; 2]> {
    let stop = Arc::new(AtomicBool::new(false));
    // Both threads set their nice value first, then start spinning together.
    let ready = Arc::new(Barrier::new(3));
    let threads = nices.map(|nice| {
        let (stop, ready) = (Arc::clone(&stop), Arc::clone(&ready));
        thread::spawn(move || -> io::Result<Duration> {
            pin_to(cpu)?;
            set_own_nice(nice)?;
            ready.wait();
            while !stop.load(Ordering::Relaxed) {
                black_box(0u64);
            }
            Ok(Duration::from(clock_gettime(
                ClockId::CLOCK_THREAD_CPUTIME_ID,
            )?))
        })
    });
    ready.wait();
    thread::sleep(ROUND);
    stop.store(true, Ordering::Relaxed);
    let [first, second] = threads.map(|thread| {
        thread
            .join()
            .map_err(|_| io::Error::other("a busy thread panicked"))?
    });
    Ok([first?, second?])
}
// ANCHOR_END: compete

/// Sets the nice value of the calling thread only: on Linux, `setpriority` with a thread ID
/// applies to that thread, not the whole process. Raising it needs no privileges.
fn set_own_nice(nice: i32) -> io::Result<()> {
    // SAFETY: plain system calls with no pointers; `gettid` cannot fail.
    let result =
        unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, nice) };
    if result == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn pin_to(cpu: usize) -> io::Result<()> {
    let mut only_one = CpuSet::new();
    only_one.set(cpu)?;
    sched_setaffinity(Pid::from_raw(0), &only_one)?;
    Ok(())
}

fn first_allowed_cpu() -> io::Result<usize> {
    let allowed = sched_getaffinity(Pid::from_raw(0))?;
    (0..CpuSet::count())
        .find(|&cpu| allowed.is_set(cpu).unwrap_or(false))
        .ok_or_else(|| io::Error::other("this process may run on no CPU"))
}

fn main() -> io::Result<()> {
    let cpu = first_allowed_cpu()?;
    println!(
        "two busy threads on one CPU for {} ms per pair:",
        ROUND.as_millis()
    );
    for nices in [[0, 0], [0, 5], [0, 10]] {
        let [first, second] = compete(cpu, nices)?;
        let measured = first.as_secs_f64() / second.as_secs_f64();
        let predicted = f64::from(weight(nices[0])) / f64::from(weight(nices[1]));
        println!(
            "  nice {:>2} vs nice {:>2}: got {measured:>4.1}x the CPU time, weights predict {predicted:.1}x",
            nices[0], nices[1]
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_nice_step_is_about_a_quarter() {
        assert_eq!(weight(0), 1024);
        for nice in -20..19 {
            let step = f64::from(weight(nice)) / f64::from(weight(nice + 1));
            assert!(
                (1.15..1.35).contains(&step),
                "step at nice {nice} is {step}"
            );
        }
    }

    #[test]
    fn out_of_range_nice_values_are_clamped() {
        assert_eq!(weight(-40), weight(-20));
        assert_eq!(weight(40), weight(19));
    }
}
