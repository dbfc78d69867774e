//! Black-box tests of the `osemu` binary: the commands a learner types, and the mistakes they
//! make. Expected answers are derived by hand in the comments.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn osemu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_osemu"))
        .args(args)
        .output()
        .expect("the osemu binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(args: &[&str]) -> Value {
    let output = osemu(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// A file in a fresh scratch folder, removed with the folder by the next run of the same test.
fn scratch_file(test: &str, name: &str, contents: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("osemu-test-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("scratch folder");
    let path = folder.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path
}

fn column(report: &Value, field: &str) -> Vec<u64> {
    report["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|job| job[field].as_u64().expect("a number"))
        .collect()
}

/// A column of times that may have fractions, in hundredths of a tick: 2.5 is 250. The report
/// holds the double nearest to a decimal of at most two places, so rounding gives it back.
fn hundredths(report: &Value, field: &str) -> Vec<u64> {
    report["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|job| (job[field].as_f64().expect("a number") * 100.0).round() as u64)
        .collect()
}

// RR, quantum 5, jobs 10, 20, 30: 0-5 A, 5-10 B, 10-15 C, 15-20 A (done), 20-25 B, 25-30 C,
// 30-35 B, 35-40 C, 40-45 B (done), 45-60 C (done). Responses 0, 5, 10; turnarounds 20, 45, 60;
// waits 20-10, 45-20, 60-30 = 10, 25, 30. Average turnaround 125 / 3 = 41.67.
#[test]
fn round_robin_as_in_the_ostep_homework() {
    let report = json(&["sched", "-p", "RR", "-l", "10,20,30", "-q", "5", "--json"]);
    assert_eq!(column(&report, "response"), [0, 5, 10]);
    assert_eq!(column(&report, "turnaround"), [20, 45, 60]);
    assert_eq!(column(&report, "wait"), [10, 25, 30]);
    let average = report["average"]["turnaround"].as_f64().expect("a number");
    assert!((average - 125.0 / 3.0).abs() < 1e-9);
}

// Fractional run times, which scheduler.py reads with float(). By hand, FIFO on 2.5, 1.5, 4: the
// jobs run 0-2.5, 2.5-4 and 4-8, so response = wait = 0, 2.5, 4 and turnaround = 2.5, 4, 8.
// scheduler.py -l 2.5,1.5,4 -p FIFO -c prints
//   Job   0 -- Response: 0.00  Turnaround 2.50  Wait 0.00
//   Job   1 -- Response: 2.50  Turnaround 4.00  Wait 2.50
//   Job   2 -- Response: 4.00  Turnaround 8.00  Wait 4.00
//   Average -- Response: 2.17  Turnaround 4.83  Wait 2.17
// (ostep-homework commit 6c6cfc7e82c274fb7f0f068b5a75e1b42f7615b6, Python 3.11.7).
#[test]
fn fractional_run_times_under_fifo_as_scheduler_py() {
    let report = json(&["sched", "-p", "FIFO", "-l", "2.5,1.5,4", "--json"]);
    assert_eq!(hundredths(&report, "response"), [0, 250, 400]);
    assert_eq!(hundredths(&report, "turnaround"), [250, 400, 800]);
    assert_eq!(hundredths(&report, "wait"), [0, 250, 400]);
    let text = stdout(&osemu(&["sched", "-p", "FIFO", "-l", "2.5,1.5,4", "-c"]));
    assert!(text.contains("job 1 runs for 1.5, done at 4.0"), "{text}");
    assert!(
        text.contains("Average   response 2.17  turnaround 4.83  wait 2.17"),
        "{text}"
    );
}

// SJF on the same jobs: 1.5 first (0-1.5), then 2.5 (1.5-4), then 4 (4-8).
// scheduler.py -l 2.5,1.5,4 -p SJF -c prints (in its sorted order, job 1 first)
//   Job   1 -- Response: 0.00  Turnaround 1.50  Wait 0.00
//   Job   0 -- Response: 1.50  Turnaround 4.00  Wait 1.50
//   Job   2 -- Response: 4.00  Turnaround 8.00  Wait 4.00
//   Average -- Response: 1.83  Turnaround 4.50  Wait 1.83
#[test]
fn fractional_run_times_under_sjf_as_scheduler_py() {
    let report = json(&["sched", "-p", "SJF", "-l", "2.5,1.5,4", "--json"]);
    assert_eq!(hundredths(&report, "response"), [150, 0, 400]);
    assert_eq!(hundredths(&report, "turnaround"), [400, 150, 800]);
    assert_eq!(hundredths(&report, "wait"), [150, 0, 400]);
}

// RR, quantum 1, on the same jobs: 0-1 A, 1-2 B, 2-3 C, 3-4 A (1.5 left to 0.5), 4-4.5 B (done),
// 4.5-5.5 C, 5.5-6 A (done), 6-8 C (done). Responses 0, 1, 2; turnarounds 6, 4.5, 8; waits
// 6 - 2.5 = 3.5, 4.5 - 1.5 = 3, 8 - 4 = 4.
// scheduler.py -l 2.5,1.5,4 -p RR -q 1 -c prints
//   Job   0 -- Response: 0.00  Turnaround 6.00  Wait 3.50
//   Job   1 -- Response: 1.00  Turnaround 4.50  Wait 3.00
//   Job   2 -- Response: 2.00  Turnaround 8.00  Wait 4.00
//   Average -- Response: 1.00  Turnaround 6.17  Wait 3.50
#[test]
fn fractional_run_times_under_round_robin_as_scheduler_py() {
    let report = json(&["sched", "-p", "RR", "-q", "1", "-l", "2.5,1.5,4", "--json"]);
    assert_eq!(hundredths(&report, "response"), [0, 100, 200]);
    assert_eq!(hundredths(&report, "turnaround"), [600, 450, 800]);
    assert_eq!(hundredths(&report, "wait"), [350, 300, 400]);
    assert_eq!(report["quantum"], 1.0);
    assert_eq!(report["trace"][4]["end"], 4.5);
}

// Whole-tick workloads keep integers in the JSON, whatever was typed: 4.0 is 4.
#[test]
fn whole_times_stay_integers() {
    let report = json(&["sched", "-p", "FIFO", "-l", "4.0,2", "--json"]);
    assert_eq!(column(&report, "turnaround"), [4, 6]);
}

// The STCF example of the chapter, from a TOML file: A (100) at 0, B and C (10) at 10. B runs
// 10-20, C 20-30, A 30-120: turnarounds 120, 10, 20, average 50.
#[test]
fn stcf_with_arrivals_from_a_jobs_file() {
    let path = scratch_file(
        "stcf",
        "jobs.toml",
        "[[jobs]]\nrun = 100\n\n[[jobs]]\narrival = 10\nrun = 10\n\n[[jobs]]\narrival = 10\nrun = 10\n",
    );
    let path = path.to_str().expect("utf-8 path");
    let report = json(&["sched", "-p", "STCF", "--jobs-file", path, "--json"]);
    assert_eq!(column(&report, "turnaround"), [120, 10, 20]);
    assert_eq!(report["average"]["turnaround"], 50.0);
}

// OSTEP's mlfq.py, the expected values below are what it printed (ostep-homework commit
// 6c6cfc7e82c274fb7f0f068b5a75e1b42f7615b6, Python 3.11.7), each job's response and turnaround
// from its "Final statistics". They are a fixture from the outside tool, not a result of osemu;
// the rules behind them are tested one by one in src/mlfq/tests.rs, and tests/vs_ostep.rs
// compares the two programs on random cases when given a copy of mlfq.py.
/// (response, turnaround) of each job, in job order.
type ResponsesAndTurnarounds = &'static [(u64, u64)];

#[test]
fn mlfq_ostep_mode_gives_mlfq_py_answers() {
    let cases: &[(&[&str], ResponsesAndTurnarounds)] = &[
        // mlfq.py -s 3 -n 3 -B 10 -c
        (
            &["-s", "3", "-n", "3", "-B", "10"],
            &[(0, 52), (5, 75), (11, 406)],
        ),
        // mlfq.py -n 3 -Q 2,4,8 -A 2,2,1 -B 25 -S -i 3 -l 0,30,4:5,18,3:12,40,0 -c
        (
            &[
                "-n",
                "3",
                "-Q",
                "2,4,8",
                "-A",
                "2,2,1",
                "-B",
                "25",
                "-S",
                "-i",
                "3",
                "-l",
                "0,30,4:5,18,3:12,40,0",
            ],
            &[(0, 81), (0, 44), (1, 77)],
        ),
        // mlfq.py -s 11 -j 4 -m 40 -M 6 -q 3 -a 2 -I -i 0 -B 7 -c
        (
            &[
                "-s", "11", "-j", "4", "-m", "40", "-M", "6", "-q", "3", "-a", "2", "-I", "-i",
                "0", "-B", "7",
            ],
            &[(0, 50), (6, 83), (10, 62), (17, 39)],
        ),
        // mlfq.py -n 2 -q 1 -a 1 -S -i 1 -B 5 -l 0,12,2:0,9,1 -c
        (
            &[
                "-n",
                "2",
                "-q",
                "1",
                "-a",
                "1",
                "-S",
                "-i",
                "1",
                "-B",
                "5",
                "-l",
                "0,12,2:0,9,1",
            ],
            &[(0, 19), (1, 22)],
        ),
        // mlfq.py -Q 5,3 -A 1,0 -I -i 4 -l 0,20,3:2,15,2:4,10,5 -c
        (
            &[
                "-Q",
                "5,3",
                "-A",
                "1,0",
                "-I",
                "-i",
                "4",
                "-l",
                "0,20,3:2,15,2:4,10,5",
            ],
            &[(0, 55), (1, 44), (1, 26)],
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["mlfq"];
        args.extend_from_slice(flags);
        args.extend(["--ostep", "--json"]);
        let report = json(&args);
        let got: Vec<(u64, u64)> = column(&report, "response")
            .into_iter()
            .zip(column(&report, "turnaround"))
            .collect();
        assert_eq!(&got, expected, "{flags:?}");
    }
}

// The two -S cases above without --ostep: the default mode does not charge a quantum that ends
// as an I/O starts, so its answers differ from mlfq.py's there (and only there).
#[test]
fn mlfq_default_mode_differs_only_under_stay_after_io() {
    let flags = [
        "mlfq",
        "-n",
        "2",
        "-q",
        "1",
        "-a",
        "1",
        "-S",
        "-i",
        "1",
        "-B",
        "5",
        "-l",
        "0,12,2:0,9,1",
        "--json",
    ];
    let default = json(&flags);
    assert_ne!(column(&default, "turnaround"), [19, 22]);
    let without_stay: Vec<&str> = flags.iter().copied().filter(|&f| f != "-S").collect();
    let mut with_ostep = without_stay.clone();
    with_ostep.push("--ostep");
    assert_eq!(json(&without_stay), {
        let mut same = json(&with_ostep);
        same["ostep_compat"] = Value::Bool(false);
        same
    });
}

// The same workload inline, with --arrivals, under SJF: A 0-100, B 100-110, C 110-120.
#[test]
fn inline_arrivals() {
    let report = json(&[
        "sched",
        "-p",
        "SJF",
        "-l",
        "100,10,10",
        "--arrivals",
        "0,10,10",
        "--json",
    ]);
    assert_eq!(column(&report, "finish"), [100, 110, 120]);
}

// Two queues, quantum 3, I/O of 2: A = (0, 6, no I/O), B = (0, 3, I/O every tick). Traced by hand
// in the library's MLFQ tests: A A A B A A B A idle B.
#[test]
fn mlfq_schedule_has_one_entry_per_tick() {
    let report = json(&[
        "mlfq",
        "-n",
        "2",
        "-q",
        "3",
        "-a",
        "1",
        "-i",
        "2",
        "-l",
        "0,6,0:0,3,1",
        "--json",
    ]);
    let expected: Value = serde_json::json!([0, 0, 0, 1, 0, 0, 1, 0, null, 1]);
    assert_eq!(report["schedule"], expected);
    assert_eq!(column(&report, "turnaround"), [8, 10]);
    assert_eq!(column(&report, "response"), [0, 3]);
}

// OPT on the chapter's reference string with 3 frames: 6 hits, 5 misses (see the library tests).
#[test]
fn paging_reports_every_step() {
    let report = json(&[
        "paging",
        "-p",
        "OPT",
        "-a",
        "0,1,2,0,1,3,0,3,1,2,1",
        "-C",
        "3",
        "--json",
    ]);
    assert_eq!(
        (report["hits"].as_u64(), report["misses"].as_u64()),
        (Some(6), Some(5))
    );
    assert_eq!(report["steps"].as_array().map(Vec::len), Some(11));
    assert_eq!(report["steps"][5]["victim"], 2);
    assert_eq!(report["final_memory"], serde_json::json!([0, 1, 2]));
}

// 16-byte address space, 4-byte pages, table [3, invalid, 0, 1]. VA 6 is on page 1: invalid.
// VA 13 = page 3, offset 1, frame 1: PA 1 * 4 + 1 = 5.
#[test]
fn translation_of_a_given_page_table() {
    let report = json(&[
        "translate",
        "-a",
        "16",
        "-p",
        "32",
        "-P",
        "4",
        "--page-table",
        "3,-,0,1",
        "-A",
        "6,13",
        "--json",
    ]);
    let translations = &report["translations"];
    assert_eq!(translations[0]["valid"], false);
    assert_eq!(translations[0]["pa"], Value::Null);
    assert_eq!(translations[1]["vpn"], 3);
    assert_eq!(translations[1]["offset"], 1);
    assert_eq!(translations[1]["pa"], 5);
}

// Homework mode: without -c the problem, not the answer; with -c the answer.
#[test]
fn homework_mode_hides_the_answer_until_asked() {
    let problem = osemu(&["sched", "-p", "FIFO", "-l", "10,20"]);
    assert!(problem.status.success());
    let text = stdout(&problem);
    assert!(
        text.contains("job 1: arrives at 0, needs 20 of CPU"),
        "{text}"
    );
    assert!(text.contains("-c"), "{text}");
    assert!(!text.contains("Average"), "{text}");

    let answer = stdout(&osemu(&["sched", "-p", "FIFO", "-l", "10,20", "-c"]));
    assert!(
        answer.contains("Average   response 5.00  turnaround 20.00  wait 5.00"),
        "{answer}"
    );
}

// The same seed gives the same problem (and the seed is what makes it a problem of its own).
#[test]
fn a_seed_fixes_the_random_problem() {
    let first = json(&["sched", "-s", "7", "-j", "5", "--json"]);
    let again = json(&["sched", "-s", "7", "-j", "5", "--json"]);
    assert_eq!(first, again);
    assert_eq!(first["jobs"].as_array().map(Vec::len), Some(5));
    let runs = column(&first, "run");
    assert!(runs.iter().all(|&run| (1..=10).contains(&run)), "{runs:?}");
}

// Lottery replaying given numbers: job 0 (run 2, 1 ticket), job 1 (run 1, 3 tickets); draws 3
// (ticket 3: job 1), then 0 and 500000 (only job 0 left). Job 1 done at 1, job 0 at 3.
#[test]
fn lottery_replays_given_random_numbers() {
    let report = json(&[
        "sched",
        "-p",
        "LOTTERY",
        "-l",
        "2:1,1:3",
        "--random",
        "0.000003,0.0,0.5",
        "--json",
    ]);
    assert_eq!(column(&report, "finish"), [3, 1]);
    assert_eq!(report["draws"][0]["number"], 3);
}

// The same draws with fractions (an extension: lottery.py reads run times with int()). Run times
// 1.5 and 0.5 are 15 and 5 tenths, the quantum of 1 tick is 10. Draw 3 -> job 1, which needs 0.5
// and is done at 0.5; draw 0 -> job 0 runs 0.5-1.5; draw 500000 -> job 0 again, done at 2.0.
// With --ostep the same command is refused, since lottery.py has no answer to copy.
#[test]
fn lottery_takes_fractions_only_without_ostep() {
    let args = [
        "sched",
        "-p",
        "LOTTERY",
        "-l",
        "1.5:1,0.5:3",
        "--random",
        "0.000003,0.0,0.5",
    ];
    let mut default = args.to_vec();
    default.push("--json");
    assert_eq!(hundredths(&json(&default), "finish"), [200, 50]);
    for extra in [&["--ostep", "-c"][..], &["--ostep"]] {
        let mut ostep = args.to_vec();
        ostep.extend_from_slice(extra);
        let output = osemu(&ostep);
        assert_eq!(output.status.code(), Some(1), "{ostep:?}");
        assert!(
            stderr(&output).contains("lottery.py reads times with int()"),
            "{}",
            stderr(&output)
        );
    }
    // Whole ticks written with a point are still whole: --ostep takes 4.0 as 4.
    let whole = json(&[
        "sched", "-p", "LOTTERY", "--ostep", "-l", "4.0:10", "--json",
    ]);
    assert_eq!(column(&whole, "finish"), [4]);
}

// Schedules near the 2^60-unit limit. 40 jobs of r = 2^60 / 40 - 1 units fit (40 r < 2^60), but
// their FIFO turnarounds r, 2r, ..., 40r add up to 820 r, about 1.3 x 2^64: more than a u64 holds.
// The averages are 20.5 r (turnaround) and 19.5 r (response and wait). The same jobs written in
// millionths of a tick are the same units, so their averages are a millionth of those.
#[test]
fn averages_of_a_schedule_near_the_limit_are_right() {
    const R: u64 = (1 << 60) / 40 - 1;
    let whole = vec![R.to_string(); 40].join(",");
    let millionths = vec![format!("{}.{:06}", R / 1_000_000, R % 1_000_000); 40].join(",");
    for (list, ticks_per_unit) in [(whole, 1.0), (millionths, 1e-6)] {
        let report = json(&["sched", "-p", "FIFO", "-l", &list, "--json"]);
        let close = |field: &str, expected: f64| {
            let got = report["average"][field].as_f64().expect("a number");
            assert!(
                (got - expected).abs() <= expected * 1e-12,
                "{field}: {got} against {expected}"
            );
        };
        close("turnaround", 20.5 * R as f64 * ticks_per_unit);
        close("response", 19.5 * R as f64 * ticks_per_unit);
        close("wait", 19.5 * R as f64 * ticks_per_unit);
        let last = &report["jobs"][39]["turnaround"];
        if ticks_per_unit == 1.0 {
            assert_eq!(last.as_u64(), Some(40 * R));
        }
        let text = stdout(&osemu(&["sched", "-p", "FIFO", "-l", &list, "-c"]));
        assert!(text.contains("Average   response"), "{text}");
    }
    // A chart of such a schedule is as wide as asked, up to 1000 columns, however wide that is.
    let chart = osemu(&[
        "sched",
        "-l",
        &R.to_string(),
        "--gantt",
        "--width",
        "1000000000000000000",
    ]);
    assert!(chart.status.success(), "{}", stderr(&chart));
    let row = stdout(&chart);
    let row = row.lines().last().expect("a row");
    assert_eq!(row.len(), "job 0 ".len() + 1000, "{row}");
}

#[test]
fn the_gantt_chart_and_the_svg_picture() {
    let svg = std::env::temp_dir().join(format!("osemu-test-{}-chart.svg", std::process::id()));
    let svg_arg = svg.to_str().expect("utf-8 path");
    let output = osemu(&[
        "sched", "-p", "RR", "-l", "3,3", "--gantt", "--svg", svg_arg,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // RR, quantum 1, two jobs of 3: A B A B A B, so job 0 runs at even ticks and waits at odd.
    assert!(
        stdout(&output).contains("job 0 #.#.#\n"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("job 1 .#.#.#\n"),
        "{}",
        stdout(&output)
    );
    let picture = std::fs::read_to_string(&svg).expect("the SVG was written");
    let _ = std::fs::remove_file(&svg);
    assert!(picture.starts_with("<svg"));
    assert_eq!(picture.matches("<title>job 1: runs").count(), 3);
}

// `--svg -` prints the picture and nothing else, so that standard output is a valid SVG document:
// RR, quantum 1, jobs 2 and 1: job 0 runs 0-1 and 2-3, job 1 runs 1-2, three bars in all.
#[test]
fn the_svg_picture_on_standard_output() {
    let output = osemu(&["sched", "-p", "RR", "-l", "2,1", "-c", "--svg", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let picture = stdout(&output);
    assert!(picture.starts_with("<svg"), "{picture}");
    assert!(picture.trim_end().ends_with("</svg>"), "{picture}");
    assert_eq!(picture.matches("<title>job ").count(), 3, "{picture}");
    assert!(!picture.contains("Average"), "{picture}");
    // A blank line would end an HTML block when the picture is embedded in Markdown.
    assert!(!picture.contains("\n\n"), "{picture}");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn summary_mode_prints_only_the_averages() {
    let output = osemu(&["sched", "-p", "RR", "-j", "1000", "-c", "--summary"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("1000 jobs"), "{text}");
    assert!(!text.contains("job 999"), "{text}");
}

/// Bad input: a clear one-line message on stderr, a non-zero exit status, and no panic.
#[test]
fn bad_input_is_an_error_not_a_panic() {
    let malformed = scratch_file("bad", "broken.toml", "[[jobs]]\nrun = \"ten\"\n");
    let negative = scratch_file("bad", "negative.json", r#"{"jobs": [{"run": -4}]}"#);
    let yaml = scratch_file("bad", "jobs.yaml", "jobs: []\n");
    let malformed = malformed.to_str().expect("utf-8");
    let negative = negative.to_str().expect("utf-8");
    let yaml = yaml.to_str().expect("utf-8");
    // 40 jobs of 2^60 / 40 + 1 ticks: one after another they last more than 2^60.
    let over_the_limit = vec![((1u64 << 60) / 40 + 1).to_string(); 40].join(",");
    let too_many_tickets = vec![format!("1:{}", i64::MAX); 3].join(",");
    let cases: &[(&[&str], &str)] = &[
        (
            &["sched", "-l", "10,0", "-c"],
            "run time must be more than 0 (got 0)",
        ),
        (
            &["sched", "-l", "10,-5", "-c"],
            "run time must be more than 0 (got -5)",
        ),
        (&["sched", "-l", "10,abc", "-c"], "`abc` is not a number"),
        (
            &["sched", "-l", "0.0000001", "-c"],
            "more than 6 decimal places",
        ),
        (
            &["mlfq", "-l", "0,2.5,0", "-c"],
            "`2.5` is not a whole number",
        ),
        (&["sched", "-l", "10,,20", "-c"], "malformed job list"),
        (
            &["sched", "-p", "RR", "-q", "0", "-l", "5", "-c"],
            "quantum must be at least 1",
        ),
        (
            &["sched", "-p", "EDF", "-l", "5"],
            "unknown scheduling policy `EDF`",
        ),
        (
            &["sched", "--jobs-file", "/nonexistent/jobs.toml"],
            "cannot read",
        ),
        (&["sched", "--jobs-file", malformed], "invalid TOML"),
        (
            &["sched", "--jobs-file", negative],
            "run time must be at least 1 (got -4)",
        ),
        (&["sched", "--jobs-file", yaml], ".toml or .json"),
        (
            &["sched", "-l", "3", "--arrivals", "0,1", "-c"],
            "2 arrival times for 1 jobs",
        ),
        (&["sched", "-j", "0"], "jobs must be at least 1"),
        (
            &[
                "sched", "-p", "LOTTERY", "-l", "3", "--random", "0.5,2", "-c",
            ],
            "not a fraction",
        ),
        (
            &["sched", "-p", "LOTTERY", "-l", "3", "--random", "0.1", "-c"],
            "ran out after 1 draws",
        ),
        // Limits are given in ticks, whatever unit the workload is counted in: 2^60 units, and
        // a millionth of a tick per unit here.
        (
            &["sched", "-l", "0.000001,9007199254740.993", "-c"],
            "could last more than 1152921504606.846976 ticks",
        ),
        (
            &["sched", "-p", "FIFO", "-l", &over_the_limit, "-c"],
            "could last more than 1152921504606846976 ticks",
        ),
        (
            &["sched", "-p", "LOTTERY", "-l", &too_many_tickets, "-c"],
            "more than 18446744073709551615 tickets",
        ),
        (
            &[
                "sched",
                "-p",
                "LOTTERY",
                "--ostep",
                "-l",
                "2.5:100,1.5:50",
                "-c",
            ],
            "lottery.py reads times with int()",
        ),
        (
            &[
                "sched",
                "-p",
                "LOTTERY",
                "--ostep",
                "-l",
                "3,2",
                "--arrivals",
                "0,0.5",
                "-c",
            ],
            "lottery.py reads times with int()",
        ),
        (&["mlfq", "-l", "0,10", "-c"], "START,RUN,IOFREQ"),
        (
            &["mlfq", "-n", "2", "-A", "1,-1", "-c"],
            "allotment: queue 0: must be at least 0 (got -1)",
        ),
        (
            &["mlfq", "-Q", "2,-1", "-c"],
            "quantum: queue 0: must be at least 1 (got -1)",
        ),
        (&["mlfq", "-q", "0", "-c"], "quantum"),
        (
            &["mlfq", "-Q", "10,20", "-A", "1", "-c"],
            "1 allotments for 2 queues",
        ),
        (
            &["mlfq", "-l", "0,-3,0", "-c"],
            "run time must be at least 1 (got -3)",
        ),
        (
            &["paging", "-p", "LFU", "-a", "1,2", "-c"],
            "unknown replacement policy `LFU`",
        ),
        (
            &["paging", "-C", "0", "-a", "1", "-c"],
            "cachesize must be at least 1",
        ),
        (&["paging", "-a", "1,x", "-c"], "`x` is not a page number"),
        (
            &["translate", "-A", "20000", "-c"],
            "outside the address space of 16384 bytes",
        ),
        (
            &["translate", "-P", "3000"],
            "pagesize: must be a power of two (got 3000)",
        ),
        (
            &[
                "translate",
                "-a",
                "16",
                "-p",
                "32",
                "-P",
                "4",
                "--page-table",
                "1,2",
            ],
            "2 entries",
        ),
        (
            &["translate", "-a", "16k", "-p", "8k"],
            "physmem must be larger than asize",
        ),
    ];
    for (args, needle) in cases {
        let output = osemu(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert!(message.contains(needle), "{args:?}: {message}");
        assert!(message.starts_with("osemu: error: "), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(!message.contains("panicked"), "{args:?}: {message}");
    }
}

#[test]
fn a_command_line_that_does_not_parse_is_a_usage_error() {
    // The quantum is whole ticks, as in scheduler.py, even when run times have fractions.
    let fractional_quantum = ["sched", "-l", "2.5", "-q", "1.5", "-c"];
    for args in [
        &["sched", "--bogus"][..],
        &["fly"],
        &["sched", "-q"],
        &fractional_quantum,
    ] {
        let output = osemu(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("osemu: error: "), "{message}");
    }
}

#[test]
fn a_missing_jobs_file_names_the_file_and_the_cause_once() {
    let output = osemu(&[
        "sched",
        "-p",
        "FIFO",
        "--jobs-file",
        "no-such-jobs-file.toml",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with("osemu: error: cannot read no-such-jobs-file.toml: "),
        "{message}"
    );
    assert_eq!(
        message.matches("No such file or directory").count(),
        1,
        "{message}"
    );
}
