//! Listing 1.1.2-1: measures what a context switch costs on this machine.
//!
//! Two threads (and then two processes) pass one byte back and forth over a pair of pipes. Each
//! side blocks in `read` until the other writes, so every round trip forces the kernel to switch
//! from one to the other and back. Pinned to one CPU, nothing can run in parallel, and the round
//! trip is two context switches plus the pipe work, which the listing measures separately and
//! subtracts. A plain function call and a system call give the scale.
use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::unistd::Pid;
use std::env;
use std::hint::black_box;
use std::io::{self, Read, Write};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Round trips timed per measurement; the median is kept, so a few interrupted ones do not count.
const SAMPLES: usize = 10_000;
/// Round trips run before timing starts, so that both sides are awake and their code is cached.
const WARM_UP: usize = 1_000;
/// The argument that makes this program the echoing child of the process measurement.
const ECHO_CHILD: &str = "--echo-child";

// ANCHOR: echo
/// Reads one byte at a time and writes it straight back, until the other side closes its end.
fn echo(input: &mut impl Read, output: &mut impl Write) -> io::Result<()> {
    let mut byte = [0u8; 1];
    while input.read(&mut byte)? == 1 {
        output.write_all(&byte)?;
        // Standard output is buffered; the byte must leave now, or the other side waits forever.
        output.flush()?;
    }
    Ok(())
}

/// Sends a byte, waits for it to come back, and records how long that took, `SAMPLES` times.
fn time_round_trips(
    to_echo: &mut impl Write,
    from_echo: &mut impl Read,
) -> io::Result<Vec<Duration>> {
    let mut byte = [7u8; 1];
    let mut samples = Vec::with_capacity(SAMPLES);
    for round in 0..WARM_UP + SAMPLES {
        let started = Instant::now();
        to_echo.write_all(&byte)?;
        to_echo.flush()?;
        from_echo.read_exact(&mut byte)?;
        if round >= WARM_UP {
            samples.push(started.elapsed());
        }
    }
    Ok(samples)
}
// ANCHOR_END: echo

/// Round trips between this thread and an echoing thread, over two pipes. The echoing thread
/// runs on `echo_cpu` when one is given, and wherever this thread may run otherwise.
fn thread_round_trips(echo_cpu: Option<usize>) -> io::Result<Vec<Duration>> {
    let (mut request_reader, mut request_writer) = io::pipe()?;
    let (mut reply_reader, mut reply_writer) = io::pipe()?;
    let echoer = thread::spawn(move || {
        if let Some(cpu) = echo_cpu {
            pin_to(cpu)?;
        }
        echo(&mut request_reader, &mut reply_writer)
    });
    let samples = time_round_trips(&mut request_writer, &mut reply_reader)?;
    // Closing our writing end is what ends the echoing thread's loop.
    drop(request_writer);
    echoer
        .join()
        .map_err(|_| io::Error::other("the echoing thread panicked"))??;
    Ok(samples)
}

// ANCHOR: processes
/// Round trips between this process and a copy of this program started in echo mode. The pipes
/// are the child's standard input and output.
fn process_round_trips() -> io::Result<Vec<Duration>> {
    let mut child = Command::new(env::current_exe()?)
        .arg(ECHO_CHILD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let result = talk_to(&mut child);
    // Whatever happened, close the child's input so that it exits, and reap it.
    drop(child.stdin.take());
    let status = child.wait()?;
    let samples = result?;
    if !status.success() {
        return Err(io::Error::other(format!("echo child failed: {status}")));
    }
    Ok(samples)
}

fn talk_to(child: &mut Child) -> io::Result<Vec<Duration>> {
    let mut to_child = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin pipe"))?;
    let mut from_child = child
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("no stdout pipe"))?;
    let samples = time_round_trips(&mut to_child, &mut from_child)?;
    drop(to_child);
    Ok(samples)
}
// ANCHOR_END: processes

/// One thread writing a byte into a pipe and reading it back: the pipe work of one side of a
/// round trip, with no other thread involved and so no context switch.
fn pipe_work_alone() -> io::Result<Vec<Duration>> {
    let (mut reader, mut writer) = io::pipe()?;
    let mut byte = [7u8; 1];
    let mut samples = Vec::with_capacity(SAMPLES);
    for round in 0..WARM_UP + SAMPLES {
        let started = Instant::now();
        writer.write_all(&byte)?;
        reader.read_exact(&mut byte)?;
        if round >= WARM_UP {
            samples.push(started.elapsed());
        }
    }
    Ok(samples)
}

/// The median time of one call of `measure`, in nanoseconds. Calls are timed in batches, because
/// one call can be far shorter than the clock can resolve.
fn nanos_per_call(batch: u32, mut measure: impl FnMut()) -> f64 {
    let mut batches: Vec<Duration> = (0..1_000)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                measure();
            }
            started.elapsed()
        })
        .collect();
    nanos(median(&mut batches)) / f64::from(batch)
}

#[inline(never)]
fn add_one(value: u64) -> u64 {
    value + 1
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// The CPUs this process is allowed to run on.
fn allowed_cpus() -> io::Result<Vec<usize>> {
    let allowed = sched_getaffinity(Pid::from_raw(0))?;
    Ok((0..CpuSet::count())
        .filter(|&cpu| allowed.is_set(cpu).unwrap_or(false))
        .collect())
}

/// Restricts the calling thread, and every thread or process it starts from now on, to `cpu`.
fn pin_to(cpu: usize) -> io::Result<()> {
    let mut only_one = CpuSet::new();
    only_one.set(cpu)?;
    sched_setaffinity(Pid::from_raw(0), &only_one)?;
    Ok(())
}

fn nanos(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e9
}

/// Prints a number of nanoseconds with a unit that suits its size.
fn human(nanos: f64) -> String {
    if nanos < 1_000.0 {
        format!("{nanos:.1} ns")
    } else if nanos < 1_000_000.0 {
        format!("{:.1} µs", nanos / 1e3)
    } else {
        format!("{:.1} ms", nanos / 1e6)
    }
}

fn main() -> io::Result<()> {
    if env::args().nth(1).as_deref() == Some(ECHO_CHILD) {
        return echo(&mut io::stdin().lock(), &mut io::stdout().lock());
    }

    let cpus = allowed_cpus()?;
    let (&first_cpu, other_cpu) = cpus
        .split_first()
        .ok_or_else(|| io::Error::other("this process may run on no CPU"))?;
    pin_to(first_cpu)?;

    let call = nanos_per_call(10_000, || {
        black_box(add_one(black_box(1)));
    });
    let syscall = nanos_per_call(100, || {
        black_box(std::process::id());
    });
    let pipe_alone = nanos(median(&mut pipe_work_alone()?));
    let threads = nanos(median(&mut thread_round_trips(None)?));
    let processes = nanos(median(&mut process_round_trips()?));

    println!("median of {SAMPLES} samples, all on one CPU unless noted:");
    for (what, took) in [
        ("function call", call),
        ("system call (getpid)", syscall),
        ("pipe write + read, one thread", pipe_alone),
        ("round trip, two threads", threads),
        ("round trip, two processes", processes),
    ] {
        println!("  {what:<38} {:>9}", human(took));
    }
    // The same ping-pong with the echoing thread on a second CPU: no switch on either CPU, but
    // each byte must wake a thread on another CPU.
    if let Some(&second_cpu) = other_cpu.first() {
        let spread = nanos(median(&mut thread_round_trips(Some(second_cpu))?));
        println!(
            "  {:<38} {:>9}",
            "round trip, two threads on two CPUs",
            human(spread)
        );
    }

    // A round trip is two switches plus the pipe work of both sides: take that out and halve.
    println!("one context switch, pipe work taken out:");
    for (what, round_trip) in [
        ("between threads", threads),
        ("between processes", processes),
    ] {
        let switch = (round_trip - 2.0 * pipe_alone).max(0.0) / 2.0;
        let ratio = switch / call;
        println!(
            "  {what:<38} {:>9}  ({ratio:.0}x a function call)",
            human(switch)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_returns_every_byte_until_the_input_closes() {
        let mut output = Vec::new();
        echo(&mut &b"ping"[..], &mut output).unwrap();
        assert_eq!(output, b"ping");
    }

    #[test]
    fn two_threads_complete_every_round_trip() {
        assert_eq!(thread_round_trips(None).unwrap().len(), SAMPLES);
    }

    #[test]
    fn median_picks_the_middle_sample() {
        let mut samples = [3, 1, 2].map(Duration::from_micros);
        assert_eq!(median(&mut samples), Duration::from_micros(2));
    }

    #[test]
    fn durations_are_printed_in_a_unit_that_fits() {
        assert_eq!(human(0.35), "0.3 ns");
        assert_eq!(human(4_260.0), "4.3 µs");
        assert_eq!(human(1_500_000.0), "1.5 ms");
    }
}
