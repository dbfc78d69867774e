//! osemu against the OSTEP homework simulators themselves, on random cases.
//!
//! The repository does not ship the Python tools, and CI cannot download them, so these tests are
//! ignored unless asked for. With a local copy of `ostep-homework`
//! (<https://github.com/remzi-arpacidusseau/ostep-homework>) and `python3`:
//!
//! ```text
//! OSEMU_MLFQ_PY=/path/to/cpu-sched-mlfq/mlfq.py \
//! OSEMU_SCHEDULER_PY=/path/to/cpu-sched/scheduler.py \
//!     cargo test -p osemu --test vs_ostep -- --ignored --nocapture
//! ```
//!
//! `OSEMU_VS_CASES` (default 300) sets how many random cases each test draws, `OSEMU_VS_SEED`
//! (default 1) which ones. Each test prints how many cases agreed, and fails on the first
//! command lines that did not, so that a disagreement can be rerun by hand.
//!
//! - `mlfq_ostep_mode_agrees_with_mlfq_py`: `osemu mlfq --ostep -c` against `mlfq.py -c` on random
//!   flags (1 to 6 queues, `-q`/`-Q`, `-a`/`-A`, `-B`, `-S`, `-I`, `-i`, and `-l` lists or random
//!   jobs with `-s -j -m -M`). Compared: the job, priority, quantum left, allotment left and work
//!   left of every tick, and each job's response and turnaround.
//! - `fractional_lists_agree_with_scheduler_py`: `osemu sched -c --json` against
//!   `scheduler.py -c` under FIFO, SJF and RR on run times with up to three decimal places, and
//!   on seeded random jobs. Compared: each job's response, turnaround and wait, to the two
//!   decimals `scheduler.py` prints.

use osemu::random::PythonRandom;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// The Python tool named by `variable`; panics with instructions when it is not set, since an
/// ignored test that is run on purpose must not pass without checking anything.
fn python_tool(variable: &str) -> PathBuf {
    let path = std::env::var_os(variable).unwrap_or_else(|| {
        panic!(
            "set {variable} to the path of a local copy of the OSTEP tool (see tests/vs_ostep.rs)"
        )
    });
    let path = PathBuf::from(path);
    assert!(path.is_file(), "{variable}: no file at {}", path.display());
    path
}

fn setting(variable: &str, default: u64) -> u64 {
    std::env::var(variable)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Standard output of a command that must succeed.
fn run(program: &str, args: &[String]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Draws for the random cases, from the same generator osemu uses for Python's (any would do).
struct Draw(PythonRandom);

impl Draw {
    /// A whole number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.0.next_f64() * (high - low + 1) as f64) as i64
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.0.next_f64() < probability
    }

    fn list(&mut self, count: i64, low: i64, high: i64) -> String {
        (0..count)
            .map(|_| self.between(low, high).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn mlfq_flags(draw: &mut Draw) -> Vec<String> {
    let mut flags: Vec<String> = vec!["-s".into(), draw.between(0, 100_000).to_string()];
    let mut queues = 3;
    if draw.chance(0.3) {
        queues = draw.between(1, 6);
        flags.extend(["-n".into(), queues.to_string()]);
    }
    if draw.chance(0.5) {
        flags.extend(["-Q".into(), draw.list(queues, 1, 12)]);
    } else if draw.chance(0.7) {
        flags.extend(["-q".into(), draw.between(1, 15).to_string()]);
    }
    if draw.chance(0.5) {
        let mut allotments = draw.list(queues, 1, 5);
        if draw.chance(0.3) {
            // mlfq.py allows an allotment of 0 in the lowest queue (the last of the list).
            let cut = allotments.rfind(',').map_or(0, |i| i + 1);
            allotments.replace_range(cut.., "0");
        }
        flags.extend(["-A".into(), allotments]);
    } else if draw.chance(0.7) {
        flags.extend(["-a".into(), draw.between(1, 5).to_string()]);
    }
    if draw.chance(0.7) {
        let period = if draw.chance(0.3) {
            draw.between(1, 3)
        } else {
            draw.between(1, 100)
        };
        flags.extend(["-B".into(), period.to_string()]);
    }
    if draw.chance(0.5) {
        flags.push("-S".into());
    }
    if draw.chance(0.5) {
        flags.push("-I".into());
    }
    if draw.chance(0.8) {
        flags.extend(["-i".into(), draw.between(0, 15).to_string()]);
    }
    if draw.chance(0.5) {
        let jobs: Vec<String> = (0..draw.between(1, 6))
            .map(|_| {
                format!(
                    "{},{},{}",
                    draw.between(0, 50),
                    draw.between(1, 80),
                    draw.between(0, 12)
                )
            })
            .collect();
        flags.extend(["-l".into(), jobs.join(":")]);
    } else {
        if draw.chance(0.7) {
            flags.extend(["-j".into(), draw.between(1, 8).to_string()]);
        }
        if draw.chance(0.7) {
            flags.extend(["-m".into(), draw.between(1, 150).to_string()]);
        }
        if draw.chance(0.7) {
            flags.extend(["-M".into(), draw.between(0, 15).to_string()]);
        }
    }
    flags
}

/// What both programs say about one MLFQ run: (job, priority, quantum left, allotment left, work
/// left) at every tick that ran, and (response, turnaround) of every job.
#[derive(Debug, PartialEq, Eq)]
struct MlfqAnswer {
    ticks: BTreeMap<u64, [i64; 5]>,
    jobs: Vec<(i64, i64)>,
}

/// The numbers of `line`, in order (a minus sign kept when it is glued to its digits).
fn numbers(line: &str) -> Vec<i64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(|word| word.parse().ok())
        .collect()
}

/// mlfq.py prints `[ time 3 ] Run JOB 1 at PRIORITY 2 [ TICKS 9 ALLOT 1 TIME 19 (of 20) ]` and
/// `  Job  0: startTime   0 - response   0 - turnaround 115`.
fn parse_mlfq_py(text: &str) -> MlfqAnswer {
    let mut answer = MlfqAnswer {
        ticks: BTreeMap::new(),
        jobs: Vec::new(),
    };
    let statistics = text.find("Final statistics").unwrap_or(text.len());
    for line in text[..statistics].lines().filter(|l| l.contains("Run JOB")) {
        let n = numbers(line);
        answer
            .ticks
            .insert(n[0] as u64, [n[1], n[2], n[3], n[4], n[5]]);
    }
    for line in text[statistics..]
        .lines()
        .filter(|l| l.trim_start().starts_with("Job"))
    {
        let n = numbers(line);
        answer.jobs.push((n[2], n[3]));
    }
    answer
}

/// osemu prints `[time     3] job 1 runs at priority 2 (quantum left 9, allotment left 1, work
/// left 19 of 20)` and `  job   0  starts     0  response      0  turnaround    115  wait 15`.
fn parse_osemu_mlfq(text: &str) -> MlfqAnswer {
    let mut answer = MlfqAnswer {
        ticks: BTreeMap::new(),
        jobs: Vec::new(),
    };
    for line in text.lines() {
        let n = numbers(line);
        if line.contains(" runs at priority ") {
            answer
                .ticks
                .insert(n[0] as u64, [n[1], n[2], n[3], n[4], n[5]]);
        } else if line.contains(" starts ") && line.contains(" response ") {
            answer.jobs.push((n[2], n[3]));
        }
    }
    answer
}

#[test]
#[ignore = "needs a local mlfq.py: set OSEMU_MLFQ_PY (see the top of this file)"]
fn mlfq_ostep_mode_agrees_with_mlfq_py() {
    let mlfq_py = python_tool("OSEMU_MLFQ_PY");
    let mlfq_py = mlfq_py.to_str().expect("a UTF-8 path");
    let cases = setting("OSEMU_VS_CASES", 300);
    let mut draw = Draw(PythonRandom::new(setting("OSEMU_VS_SEED", 1) as i64));
    let mut disagreements = Vec::new();
    for _ in 0..cases {
        let flags = mlfq_flags(&mut draw);
        let mut python = vec![mlfq_py.to_string()];
        python.extend(flags.iter().cloned());
        python.push("-c".into());
        let expected = parse_mlfq_py(&run("python3", &python));
        let mut ours = vec!["mlfq".to_string()];
        ours.extend(flags.iter().cloned());
        ours.extend(["--ostep".into(), "-c".into()]);
        let got = parse_osemu_mlfq(&run(env!("CARGO_BIN_EXE_osemu"), &ours));
        assert!(
            !expected.jobs.is_empty() && !expected.ticks.is_empty(),
            "mlfq.py {} printed no statistics",
            flags.join(" ")
        );
        if got != expected {
            disagreements.push(flags.join(" "));
        }
    }
    println!(
        "mlfq: {} of {cases} cases agree with {mlfq_py}",
        cases - disagreements.len() as u64
    );
    assert!(
        disagreements.is_empty(),
        "osemu mlfq --ostep and mlfq.py disagree on:\n{}",
        disagreements[..disagreements.len().min(10)].join("\n")
    );
}

/// A run time with 0 to 3 decimal places, between 0.001 and 20.
fn fractional_time(draw: &mut Draw) -> String {
    let places = draw.between(0, 3) as u32;
    let scale = 10i64.pow(places);
    let units = draw.between(1, 20 * scale);
    let whole = units / scale;
    if places == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{:0width$}", units % scale, width = places as usize)
    }
}

/// scheduler.py prints `  Job   0 -- Response: 0.00  Turnaround 2.50  Wait 0.00`, in run order
/// for SJF; the result is in job order.
fn parse_scheduler_py(text: &str) -> Vec<[f64; 3]> {
    let mut jobs = BTreeMap::new();
    // The averages line has the same shape; it starts with "Average", not "Job".
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("Job ") && l.contains("-- Response:"))
    {
        let fields: Vec<f64> = line
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        jobs.insert(fields[0] as u64, [fields[1], fields[2], fields[3]]);
    }
    jobs.into_values().collect()
}

fn parse_osemu_sched(report: &Value) -> Vec<[f64; 3]> {
    report["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|job| {
            let field = |name: &str| job[name].as_f64().expect("a number");
            [field("response"), field("turnaround"), field("wait")]
        })
        .collect()
}

#[test]
#[ignore = "needs a local scheduler.py: set OSEMU_SCHEDULER_PY (see the top of this file)"]
fn fractional_lists_agree_with_scheduler_py() {
    let scheduler_py = python_tool("OSEMU_SCHEDULER_PY");
    let scheduler_py = scheduler_py.to_str().expect("a UTF-8 path");
    let cases = setting("OSEMU_VS_CASES", 300);
    let mut draw = Draw(PythonRandom::new(setting("OSEMU_VS_SEED", 1) as i64));
    let mut disagreements = Vec::new();
    for _ in 0..cases {
        let policy = ["FIFO", "SJF", "RR"][draw.between(0, 2) as usize];
        let mut flags: Vec<String> = vec!["-p".into(), policy.into()];
        flags.extend(["-q".into(), draw.between(1, 5).to_string()]);
        if draw.chance(0.75) {
            let runs: Vec<String> = (0..draw.between(1, 6))
                .map(|_| fractional_time(&mut draw))
                .collect();
            flags.extend(["-l".into(), runs.join(",")]);
        } else {
            flags.extend(["-s".into(), draw.between(0, 10_000).to_string()]);
            flags.extend(["-j".into(), draw.between(1, 8).to_string()]);
            flags.extend(["-m".into(), draw.between(1, 20).to_string()]);
        }
        let mut python = vec![scheduler_py.to_string()];
        python.extend(flags.iter().cloned());
        python.push("-c".into());
        let expected = parse_scheduler_py(&run("python3", &python));
        let mut ours = vec!["sched".to_string()];
        ours.extend(flags.iter().cloned());
        ours.push("--json".into());
        let report: Value =
            serde_json::from_str(&run(env!("CARGO_BIN_EXE_osemu"), &ours)).expect("JSON");
        let got = parse_osemu_sched(&report);
        // scheduler.py rounds to two decimals; osemu's values are exact (or the double nearest to
        // them). They agree when osemu's value rounds to what scheduler.py printed, within
        // half a hundredth.
        let agree = got.len() == expected.len()
            && !expected.is_empty()
            && got.iter().zip(&expected).all(|(ours, theirs)| {
                ours.iter()
                    .zip(theirs)
                    .all(|(a, b)| (a - b).abs() <= 0.005 + 1e-9)
            });
        if !agree {
            disagreements.push(flags.join(" "));
        }
    }
    println!(
        "scheduler: {} of {cases} cases agree with {scheduler_py}",
        cases - disagreements.len() as u64
    );
    assert!(
        disagreements.is_empty(),
        "osemu sched and scheduler.py disagree on:\n{}",
        disagreements[..disagreements.len().min(10)].join("\n")
    );
}
