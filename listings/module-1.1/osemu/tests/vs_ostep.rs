//! osemu against the OSTEP homework simulators themselves, on random cases.
//!
//! The repository does not ship the Python tools, and CI cannot download them, so these tests are
//! ignored unless asked for. With a local copy of `ostep-homework`
//! (<https://github.com/remzi-arpacidusseau/ostep-homework>) and `python3`:
//!
//! ```text
//! H=/path/to/ostep-homework
//! OSEMU_MLFQ_PY=$H/cpu-sched-mlfq/mlfq.py \
//! OSEMU_SCHEDULER_PY=$H/cpu-sched/scheduler.py \
//! OSEMU_LOTTERY_PY=$H/cpu-sched-lottery/lottery.py \
//! OSEMU_PAGING_POLICY_PY=$H/vm-beyondphys-policy/paging-policy.py \
//! OSEMU_TRANSLATE_PY=$H/vm-paging/paging-linear-translate.py \
//!     cargo test -p osemu --test vs_ostep -- --ignored --nocapture
//! ```
//!
//! Each test needs only its own variable, so `--ignored lottery` runs one. `OSEMU_VS_CASES`
//! (default 300) sets how many random cases each test draws, `OSEMU_VS_SEED` (default 1) which
//! ones. Each test prints how many cases agreed, and fails naming the first command lines that
//! did not, so that a disagreement can be rerun by hand. Cases are drawn from the inputs both
//! programs accept (COMPATIBILITY.md lists those osemu refuses).
//!
//! - `mlfq_agrees_with_mlfq_py`: `osemu mlfq --ostep -c` against `mlfq.py -c` on random flags
//!   (1 to 6 queues, `-q`/`-Q`, `-a`/`-A`, `-B`, `-S`, `-I`, `-i`, and `-l` lists or random jobs
//!   with `-s -j -m -M`), and `osemu mlfq -c` (the default mode) on the cases without `-S`.
//!   Compared: the job, priority, quantum left, allotment left and work left of every tick, and
//!   each job's response and turnaround.
//! - `sched_agrees_with_scheduler_py`: `osemu sched --json` against `scheduler.py -c` under FIFO,
//!   SJF and RR, on run times with up to three decimal places and on seeded random jobs. Exactly:
//!   `scheduler.py` is given the run times and the quantum in thousandths of a tick, as integers,
//!   which its floats hold exactly and its two decimals print whole, and each job's response,
//!   turnaround and wait must equal osemu's times 1000. And as typed: `scheduler.py` on the same
//!   command, to the two decimals it prints.
//! - `lottery_agrees_with_lottery_py`: `osemu sched -p LOTTERY --ostep --json` against
//!   `lottery.py -c`, seeded and `-l` workloads, quantum 1 to 4. Compared: every draw (number,
//!   winning ticket, tickets in play, winner) and each job's finishing time.
//! - `paging_agrees_with_paging_policy_py`: `osemu paging --ostep --json` against
//!   `paging-policy.py -c` under all seven policies (`-b` for CLOCK), on `-a` lists and seeded
//!   references, and the default mode on every policy but CLOCK. Compared: hit or miss, victim
//!   and memory contents, in order, after every access.
//! - `translate_agrees_with_paging_linear_translate_py`: `osemu translate --json` against
//!   `paging-linear-translate.py -c` on seeded problems (sizes, `-n`, `-u`, and `-A` lists).
//!   Compared: every page-table entry and the physical address, or invalid, of every address.

use osemu::random::PythonRandom;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No homework run takes more than a second; a tool that has not answered by then is looping.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The Python tool named by `variable`; panics with instructions when it is not set, since an
/// ignored test that is run on purpose must not pass without checking anything.
fn python_tool(variable: &str) -> String {
    let path = std::env::var_os(variable).unwrap_or_else(|| {
        panic!(
            "set {variable} to the path of a local copy of the OSTEP tool (see tests/vs_ostep.rs)"
        )
    });
    let path = PathBuf::from(path);
    assert!(path.is_file(), "{variable}: no file at {}", path.display());
    path.to_str().expect("a UTF-8 path").to_string()
}

fn setting(variable: &str, default: u64) -> u64 {
    std::env::var(variable)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Standard output of a command that must succeed within [`TIMEOUT`].
fn run(program: &str, args: &[String]) -> String {
    let described = || format!("{program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    // Read both pipes while waiting: a long trace fills a pipe and would block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for a child") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{}: no answer within {TIMEOUT:?}", described());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    assert!(
        status.success(),
        "{}: {}",
        described(),
        String::from_utf8_lossy(&stderr)
    );
    String::from_utf8_lossy(&stdout).into_owned()
}

fn python(tool: &str, flags: &[String]) -> String {
    let mut args = vec![tool.to_string()];
    args.extend(flags.iter().cloned());
    args.push("-c".into());
    run("python3", &args)
}

fn osemu(subcommand: &str, flags: &[String], extra: &[&str]) -> String {
    let mut args = vec![subcommand.to_string()];
    args.extend(flags.iter().cloned());
    args.extend(extra.iter().map(|s| s.to_string()));
    run(env!("CARGO_BIN_EXE_osemu"), &args)
}

fn osemu_json(subcommand: &str, flags: &[String], extra: &[&str]) -> Value {
    let mut extra = extra.to_vec();
    extra.push("--json");
    serde_json::from_str(&osemu(subcommand, flags, &extra)).expect("JSON")
}

/// Counts the cases of one comparison and keeps the command lines that disagreed.
struct Tally {
    what: String,
    cases: u64,
    disagreements: Vec<String>,
}

impl Tally {
    fn new(what: &str) -> Self {
        Tally {
            what: what.to_string(),
            cases: 0,
            disagreements: Vec::new(),
        }
    }

    fn record(&mut self, agree: bool, flags: &[String]) {
        self.cases += 1;
        if !agree {
            self.disagreements.push(flags.join(" "));
        }
    }

    /// Prints the count, and returns the disagreements for the final assertion.
    fn report(&self) -> Option<String> {
        let agreed = self.cases - self.disagreements.len() as u64;
        println!(
            "{}: {agreed} of {} cases agree (OSEMU_VS_SEED={}, OSEMU_VS_CASES={})",
            self.what,
            self.cases,
            setting("OSEMU_VS_SEED", 1),
            setting("OSEMU_VS_CASES", 300)
        );
        (!self.disagreements.is_empty()).then(|| {
            let first = &self.disagreements[..self.disagreements.len().min(10)];
            format!("{} disagrees on:\n{}", self.what, first.join("\n"))
        })
    }
}

fn assert_all_agree(tallies: &[Tally]) {
    let failures: Vec<String> = tallies.iter().filter_map(Tally::report).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Draws for the random cases, from the same generator osemu uses for Python's (any would do).
struct Draw(PythonRandom);

impl Draw {
    fn from_settings() -> Self {
        Draw(PythonRandom::new(setting("OSEMU_VS_SEED", 1) as i64))
    }

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

/// The numbers of `line`, in order (a minus sign kept when it is glued to its digits).
fn numbers(line: &str) -> Vec<i64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(|word| word.parse().ok())
        .collect()
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
fn mlfq_agrees_with_mlfq_py() {
    let mlfq_py = python_tool("OSEMU_MLFQ_PY");
    let mut draw = Draw::from_settings();
    let mut ostep = Tally::new("mlfq.py vs osemu mlfq --ostep");
    let mut default = Tally::new("mlfq.py vs osemu mlfq (default mode, cases without -S)");
    for _ in 0..setting("OSEMU_VS_CASES", 300) {
        let flags = mlfq_flags(&mut draw);
        let expected = parse_mlfq_py(&python(&mlfq_py, &flags));
        assert!(
            !expected.jobs.is_empty() && !expected.ticks.is_empty(),
            "mlfq.py {} printed no statistics",
            flags.join(" ")
        );
        let got = parse_osemu_mlfq(&osemu("mlfq", &flags, &["--ostep", "-c"]));
        ostep.record(got == expected, &flags);
        // The default mode differs from mlfq.py only under -S (see COMPATIBILITY.md).
        if !flags.iter().any(|f| f == "-S") {
            let got = parse_osemu_mlfq(&osemu("mlfq", &flags, &["-c"]));
            default.record(got == expected, &flags);
        }
    }
    assert_all_agree(&[ostep, default]);
}

/// A run time with 0 to 3 decimal places, between 0.001 and 20: as typed, and in thousandths.
fn fractional_time(draw: &mut Draw) -> (String, i64) {
    let places = draw.between(0, 3) as u32;
    let scale = 10i64.pow(places);
    let units = draw.between(1, 20 * scale);
    let text = if places == 0 {
        units.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            units / scale,
            units % scale,
            width = places as usize
        )
    };
    (text, units * 10i64.pow(3 - places))
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

/// Times in ticks as whole thousandths of a tick; `None` if one is not a whole thousandth.
fn in_thousandths(jobs: &[[f64; 3]], per_tick: f64) -> Option<Vec<[i64; 3]>> {
    jobs.iter()
        .map(|times| {
            let mut whole = [0; 3];
            for (slot, &time) in whole.iter_mut().zip(times) {
                let scaled = time * per_tick;
                // osemu's JSON holds the double nearest to a decimal of at most three places,
                // and scheduler.py's integers are exact: either way the product is within a
                // rounding error of a whole number, or something is wrong.
                if (scaled - scaled.round()).abs() > 1e-6 {
                    return None;
                }
                *slot = scaled.round() as i64;
            }
            Some(whole)
        })
        .collect()
}

#[test]
#[ignore = "needs a local scheduler.py: set OSEMU_SCHEDULER_PY (see the top of this file)"]
fn sched_agrees_with_scheduler_py() {
    let scheduler_py = python_tool("OSEMU_SCHEDULER_PY");
    let mut draw = Draw::from_settings();
    let mut exact = Tally::new("scheduler.py vs osemu sched, exactly (in thousandths)");
    let mut typed = Tally::new("scheduler.py vs osemu sched, same command, to two decimals");
    for _ in 0..setting("OSEMU_VS_CASES", 300) {
        let policy = ["FIFO", "SJF", "RR"][draw.between(0, 2) as usize];
        let quantum = draw.between(1, 5);
        let mut flags: Vec<String> = vec!["-p".into(), policy.into()];
        flags.extend(["-q".into(), quantum.to_string()]);
        // The command scheduler.py gets for the exact comparison, and how many thousandths of
        // a tick one of its units is.
        let (exact_flags, python_unit) = if draw.chance(0.75) {
            let runs: Vec<(String, i64)> = (0..draw.between(1, 6))
                .map(|_| fractional_time(&mut draw))
                .collect();
            let typed_list: Vec<&str> = runs.iter().map(|(text, _)| text.as_str()).collect();
            let scaled_list: Vec<String> = runs.iter().map(|(_, t)| t.to_string()).collect();
            flags.extend(["-l".into(), typed_list.join(",")]);
            let scaled = vec![
                "-p".to_string(),
                policy.into(),
                "-q".into(),
                (quantum * 1000).to_string(),
                "-l".into(),
                scaled_list.join(","),
            ];
            (scaled, 1.0)
        } else {
            flags.extend(["-s".into(), draw.between(0, 10_000).to_string()]);
            flags.extend(["-j".into(), draw.between(1, 8).to_string()]);
            flags.extend(["-m".into(), draw.between(1, 20).to_string()]);
            // Random run times are whole ticks, which scheduler.py prints exactly as they are.
            (flags.clone(), 1000.0)
        };
        let got = parse_osemu_sched(&osemu_json("sched", &flags, &[]));

        let expected = parse_scheduler_py(&python(&scheduler_py, &exact_flags));
        let agree = !expected.is_empty()
            && in_thousandths(&got, 1000.0).is_some_and(|ours| {
                in_thousandths(&expected, python_unit).is_some_and(|theirs| ours == theirs)
            });
        exact.record(agree, &flags);

        if exact_flags != flags {
            // The command as typed: scheduler.py computes in binary floating point and rounds
            // to two decimals, so they agree when osemu's exact value is within half a
            // hundredth of what it printed.
            let printed = parse_scheduler_py(&python(&scheduler_py, &flags));
            let agree = got.len() == printed.len()
                && !printed.is_empty()
                && got.iter().zip(&printed).all(|(ours, theirs)| {
                    ours.iter()
                        .zip(theirs)
                        .all(|(a, b)| (a - b).abs() <= 0.005 + 1e-9)
                });
            typed.record(agree, &flags);
        }
    }
    assert_all_agree(&[exact, typed]);
}

/// What a lottery run says: every draw as (number, winning ticket, tickets in play, winner),
/// and each job's finishing time.
#[derive(Debug, PartialEq, Eq)]
struct LotteryAnswer {
    draws: Vec<[u64; 4]>,
    finish: BTreeMap<u64, u64>,
}

/// lottery.py prints `Random 844422 -> Winning ticket 119 (of 153) -> Run 2` for each draw and
/// `--> JOB 2 DONE at time 4` for each job that finishes.
fn parse_lottery_py(text: &str) -> LotteryAnswer {
    let mut answer = LotteryAnswer {
        draws: Vec::new(),
        finish: BTreeMap::new(),
    };
    for line in text.lines() {
        let n = numbers(line);
        if line.starts_with("Random ") && line.contains("Winning ticket") {
            answer
                .draws
                .push([n[0] as u64, n[1] as u64, n[2] as u64, n[3] as u64]);
        } else if line.contains("DONE at time") {
            answer.finish.insert(n[0] as u64, n[1] as u64);
        }
    }
    answer
}

fn parse_osemu_lottery(report: &Value) -> LotteryAnswer {
    let number = |value: &Value| value.as_u64().expect("a whole number");
    LotteryAnswer {
        draws: report["draws"]
            .as_array()
            .expect("draws")
            .iter()
            .map(|d| {
                [
                    number(&d["number"]),
                    number(&d["ticket"]),
                    number(&d["total_tickets"]),
                    number(&d["job"]),
                ]
            })
            .collect(),
        finish: report["jobs"]
            .as_array()
            .expect("jobs")
            .iter()
            .map(|j| (number(&j["id"]), number(&j["finish"])))
            .collect(),
    }
}

#[test]
#[ignore = "needs a local lottery.py: set OSEMU_LOTTERY_PY (see the top of this file)"]
fn lottery_agrees_with_lottery_py() {
    let lottery_py = python_tool("OSEMU_LOTTERY_PY");
    let mut draw = Draw::from_settings();
    let mut tally = Tally::new("lottery.py vs osemu sched -p LOTTERY --ostep");
    for _ in 0..setting("OSEMU_VS_CASES", 300) {
        let mut flags: Vec<String> = vec!["-q".into(), draw.between(1, 4).to_string()];
        flags.extend(["-s".into(), draw.between(0, 10_000).to_string()]);
        if draw.chance(0.5) {
            // -m and -T of 1 make lottery.py loop forever; osemu refuses them.
            flags.extend(["-j".into(), draw.between(1, 6).to_string()]);
            flags.extend(["-m".into(), draw.between(2, 15).to_string()]);
            flags.extend(["-T".into(), draw.between(2, 100).to_string()]);
        } else {
            let jobs: Vec<String> = (0..draw.between(1, 6))
                .map(|_| format!("{}:{}", draw.between(1, 12), draw.between(1, 100)))
                .collect();
            flags.extend(["-l".into(), jobs.join(",")]);
        }
        let expected = parse_lottery_py(&python(&lottery_py, &flags));
        assert!(
            !expected.draws.is_empty(),
            "lottery.py {} drew nothing",
            flags.join(" ")
        );
        let mut ours = vec!["-p".to_string(), "LOTTERY".into()];
        ours.extend(flags.iter().cloned());
        let got = parse_osemu_lottery(&osemu_json("sched", &ours, &["--ostep"]));
        tally.record(got == expected, &flags);
    }
    assert_all_agree(&[tally]);
}

/// One access: the page, hit or miss, the victim, and memory afterwards in the policy's order.
type Access = (u64, bool, Option<u64>, Vec<u64>);

/// paging-policy.py prints
/// `Access: 3  MISS FirstIn ->    [1, 2, 3] <- Lastin  Replaced:0 [Hits:1 Misses:4]`.
fn parse_paging_policy_py(text: &str) -> Vec<Access> {
    text.lines()
        .filter(|l| l.starts_with("Access: ") && l.contains("Replaced:"))
        .map(|line| {
            let page = numbers(line)[0] as u64;
            let memory = line
                .split_once("->")
                .and_then(|(_, rest)| rest.split_once("<-"))
                .map(|(memory, _)| numbers(memory).into_iter().map(|p| p as u64).collect())
                .expect("memory between -> and <-");
            let victim = line
                .split_once("Replaced:")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|v| v.parse().ok());
            (page, !line.contains(" MISS "), victim, memory)
        })
        .collect()
}

fn parse_osemu_paging(report: &Value) -> Vec<Access> {
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| {
            (
                step["page"].as_u64().expect("a page"),
                step["hit"].as_bool().expect("hit"),
                step["victim"].as_u64(),
                step["memory"]
                    .as_array()
                    .expect("memory")
                    .iter()
                    .map(|p| p.as_u64().expect("a page"))
                    .collect(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs a local paging-policy.py: set OSEMU_PAGING_POLICY_PY (see the top of this file)"]
fn paging_agrees_with_paging_policy_py() {
    let paging_py = python_tool("OSEMU_PAGING_POLICY_PY");
    let mut draw = Draw::from_settings();
    let mut ostep = Tally::new("paging-policy.py vs osemu paging --ostep");
    let mut default = Tally::new("paging-policy.py vs osemu paging (default mode, not CLOCK)");
    for _ in 0..setting("OSEMU_VS_CASES", 300) {
        let policies = ["FIFO", "LRU", "MRU", "OPT", "UNOPT", "RAND", "CLOCK"];
        let policy = policies[draw.between(0, 6) as usize];
        let mut flags: Vec<String> = vec!["-p".into(), policy.into()];
        flags.extend(["-C".into(), draw.between(1, 5).to_string()]);
        // The seed also feeds RAND's and CLOCK's draws when the references are given.
        flags.extend(["-s".into(), draw.between(0, 10_000).to_string()]);
        if draw.chance(0.5) {
            let pages = draw.between(1, 12);
            let count = draw.between(1, 30);
            flags.extend(["-a".into(), draw.list(count, 0, pages - 1)]);
        } else {
            flags.extend(["-n".into(), draw.between(1, 30).to_string()]);
            flags.extend(["-m".into(), draw.between(1, 12).to_string()]);
        }
        if policy == "CLOCK" && draw.chance(0.7) {
            flags.extend(["-b".into(), draw.between(1, 4).to_string()]);
        }
        let expected = parse_paging_policy_py(&python(&paging_py, &flags));
        assert!(
            !expected.is_empty(),
            "paging-policy.py {} printed no accesses",
            flags.join(" ")
        );
        let got = parse_osemu_paging(&osemu_json("paging", &flags, &["--ostep"]));
        ostep.record(got == expected, &flags);
        // Only CLOCK has a textbook version of its own; every other policy is the same.
        if policy != "CLOCK" {
            let got = parse_osemu_paging(&osemu_json("paging", &flags, &[]));
            default.record(got == expected, &flags);
        }
    }
    assert_all_agree(&[ostep, default]);
}

/// A translation problem: the frame of each virtual page (None: invalid), and each address with
/// its physical address (None: invalid).
#[derive(Debug, PartialEq, Eq)]
struct TranslateAnswer {
    table: Vec<Option<u64>>,
    translations: Vec<(u64, Option<u64>)>,
}

/// paging-linear-translate.py prints the table as `  0x80000005` lines after its
/// "Page Table" heading, then `  VA 0x00003599 (decimal:    13721) --> 00001599 (decimal
/// 5529) [VPN 3]` or `... -->  Invalid (VPN 3 not valid)`.
fn parse_translate_py(text: &str) -> TranslateAnswer {
    const VALID: u64 = 0x8000_0000;
    let table = text
        .split_once("Page Table (from entry 0 down to the max size)")
        .map(|(_, rest)| {
            rest.lines()
                .skip(1)
                .take_while(|l| !l.trim().is_empty())
                .map(|l| {
                    let entry = u64::from_str_radix(l.trim().trim_start_matches("0x"), 16)
                        .expect("a hex entry");
                    (entry & VALID != 0).then_some(entry & !VALID)
                })
                .collect()
        })
        .expect("a page table");
    let translations = text
        .lines()
        .filter(|l| l.trim_start().starts_with("VA ") && l.contains("-->"))
        .map(|line| {
            let (va, pa) = line.split_once("-->").expect("an arrow");
            let va = numbers(va.split_once("decimal:").expect("decimal").1)[0] as u64;
            let pa = (!pa.contains("Invalid"))
                .then(|| numbers(pa.split_once("decimal").expect("decimal").1)[0] as u64);
            (va, pa)
        })
        .collect();
    TranslateAnswer {
        table,
        translations,
    }
}

fn parse_osemu_translate(report: &Value) -> TranslateAnswer {
    TranslateAnswer {
        table: report["page_table"]
            .as_array()
            .expect("page_table")
            .iter()
            .map(Value::as_u64)
            .collect(),
        translations: report["translations"]
            .as_array()
            .expect("translations")
            .iter()
            .map(|t| (t["va"].as_u64().expect("va"), t["pa"].as_u64()))
            .collect(),
    }
}

/// A size as the tools write it: in bytes, or in KiB with a `k` when it is whole.
fn size_flag(draw: &mut Draw, bytes: i64) -> String {
    if bytes % 1024 == 0 && draw.chance(0.5) {
        format!("{}k", bytes / 1024)
    } else {
        bytes.to_string()
    }
}

#[test]
#[ignore = "needs a local paging-linear-translate.py: set OSEMU_TRANSLATE_PY (see the top of this file)"]
fn translate_agrees_with_paging_linear_translate_py() {
    let translate_py = python_tool("OSEMU_TRANSLATE_PY");
    let mut draw = Draw::from_settings();
    let mut tally = Tally::new("paging-linear-translate.py vs osemu translate");
    for _ in 0..setting("OSEMU_VS_CASES", 300) {
        // Powers of two, physical memory larger than the address space and below 1 GiB: the
        // Python tool's own rules for a random page table.
        let address_bits = draw.between(4, 16);
        let address_space = 1i64 << address_bits;
        let physical = address_space << draw.between(1, 4);
        let page = 1i64 << draw.between(2, address_bits);
        let mut flags: Vec<String> = vec!["-s".into(), draw.between(0, 10_000).to_string()];
        flags.extend(["-a".into(), size_flag(&mut draw, address_space)]);
        flags.extend(["-p".into(), size_flag(&mut draw, physical)]);
        flags.extend(["-P".into(), size_flag(&mut draw, page)]);
        if draw.chance(0.7) {
            flags.extend(["-u".into(), draw.between(0, 100).to_string()]);
        }
        if draw.chance(0.3) {
            let count = draw.between(1, 6);
            flags.extend(["-A".into(), draw.list(count, 0, address_space - 1)]);
        } else {
            flags.extend(["-n".into(), draw.between(0, 10).to_string()]);
        }
        let expected = parse_translate_py(&python(&translate_py, &flags));
        let got = parse_osemu_translate(&osemu_json("translate", &flags, &[]));
        tally.record(got == expected, &flags);
    }
    assert_all_agree(&[tally]);
}
