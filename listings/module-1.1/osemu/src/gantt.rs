//! A schedule as a Gantt chart: one row per job, time running left to right.
//!
//! Both simulators turn their result into a [`Timeline`], a neutral description of who ran when;
//! this module draws it in the terminal and [`crate::svg`] draws it as a picture. A long schedule
//! is scaled to fit the width, and a cell shows the most telling thing that happened to the job
//! during its stretch of time: running beats I/O, which beats waiting, so a short turn on the CPU
//! never disappears from the chart.

use crate::time::TimeScale;
use std::fmt::Write;

/// One stretch of CPU time. `level` is the MLFQ queue the job ran at, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub job: usize,
    pub start: u64,
    pub end: u64,
    pub level: Option<usize>,
}

/// A job's row: from its arrival to its completion it is in the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lane {
    pub job: usize,
    pub arrival: u64,
    pub finish: u64,
}

/// Who ran when, and who waited for I/O when. Times are in units of `scale`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    pub title: String,
    /// How the times below turn into ticks, for the labels.
    pub scale: TimeScale,
    pub lanes: Vec<Lane>,
    pub bars: Vec<Bar>,
    /// (job, start, end) of each I/O.
    pub io: Vec<(usize, u64, u64)>,
}

impl Timeline {
    /// The end of the last thing on the chart.
    pub fn end(&self) -> u64 {
        let bars = self.bars.iter().map(|b| b.end);
        let io = self.io.iter().map(|&(_, _, end)| end);
        let lanes = self.lanes.iter().map(|l| l.finish);
        bars.chain(io).chain(lanes).max().unwrap_or(0)
    }
}

/// Charts with more rows than this show the first ones and say how many were left out.
pub const MAX_ROWS: usize = 40;

/// The narrowest and widest charts drawn; a width outside is brought to the nearest. A chart is
/// a row of cells per job, so an unbounded width would let `--width` ask for terabytes.
pub const MIN_COLUMNS: usize = 10;
pub const MAX_COLUMNS: usize = 1000;

const RUNNING: u8 = b'#';
const IO: u8 = b'~';
const WAITING: u8 = b'.';
const ABSENT: u8 = b' ';

/// Draws `timeline` in at most `width` columns of chart (plus the row labels), `width` taken
/// between [`MIN_COLUMNS`] and [`MAX_COLUMNS`].
pub fn render_text(timeline: &Timeline, width: usize) -> String {
    let width = width.clamp(MIN_COLUMNS, MAX_COLUMNS);
    let end = timeline.end().max(1);
    // Units of time per column, rounded up so the whole schedule fits.
    let scale = end.div_ceil(width as u64).max(1);
    let columns = end.div_ceil(scale) as usize;
    let column_of = |time: u64| (time / scale) as usize;
    let ticks = timeline.scale;
    let columns_spanned = |start: u64, end: u64| {
        let first = column_of(start);
        let last = column_of(end.saturating_sub(1).max(start)).min(columns - 1);
        first..=last
    };

    let mut out = String::new();
    let _ = writeln!(out, "{}", timeline.title);
    let unit = if scale == ticks.units_per_tick() {
        "1 column = 1 tick".to_string()
    } else {
        format!("1 column = {} ticks", ticks.format_short(scale))
    };
    let _ = writeln!(
        out,
        "({unit}; {} running, {} waiting, {} I/O)",
        RUNNING as char, WAITING as char, IO as char
    );

    let label_width = timeline
        .lanes
        .iter()
        .take(MAX_ROWS)
        .map(|l| format!("job {}", l.job).len())
        .max()
        .unwrap_or(5);
    let _ = writeln!(
        out,
        "{:label_width$} {}",
        "time",
        axis_labels(columns, scale, ticks)
    );
    let _ = writeln!(out, "{:label_width$} {}", "", axis_ruler(columns));
    for lane in timeline.lanes.iter().take(MAX_ROWS) {
        let mut row = vec![ABSENT; columns];
        if lane.finish > lane.arrival {
            for column in columns_spanned(lane.arrival, lane.finish) {
                row[column] = WAITING;
            }
        }
        for &(_, start, end) in timeline.io.iter().filter(|io| io.0 == lane.job) {
            for column in columns_spanned(start, end) {
                if row[column] != RUNNING {
                    row[column] = IO;
                }
            }
        }
        for bar in timeline.bars.iter().filter(|b| b.job == lane.job) {
            for column in columns_spanned(bar.start, bar.end) {
                row[column] = RUNNING;
            }
        }
        let label = format!("job {}", lane.job);
        let row = String::from_utf8_lossy(&row).trim_end().to_string();
        let _ = writeln!(out, "{label:label_width$} {row}");
    }
    if timeline.lanes.len() > MAX_ROWS {
        let _ = writeln!(
            out,
            "... and {} more jobs, not drawn",
            timeline.lanes.len() - MAX_ROWS
        );
    }
    out
}

/// A label every ten columns, with the time at that column in ticks.
fn axis_labels(columns: usize, per_column: u64, ticks: TimeScale) -> String {
    let mut line = String::new();
    let mut column = 0;
    while column < columns {
        let label = ticks.format_short(column as u64 * per_column);
        if line.len() <= column {
            line.push_str(&" ".repeat(column - line.len()));
            line.push_str(&label);
        }
        column += 10;
    }
    line
}

fn axis_ruler(columns: usize) -> String {
    (0..columns)
        .map(|c| if c % 10 == 0 { '|' } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_jobs() -> Timeline {
        // Job 0 runs 0-2, does an I/O 2-3, waits 3-4 and runs 4-5; job 1 arrives at 1, waits
        // until 2 and runs 2-4.
        Timeline {
            title: "test".into(),
            scale: TimeScale::TICKS,
            lanes: vec![
                Lane {
                    job: 0,
                    arrival: 0,
                    finish: 5,
                },
                Lane {
                    job: 1,
                    arrival: 1,
                    finish: 4,
                },
            ],
            bars: vec![
                Bar {
                    job: 0,
                    start: 0,
                    end: 2,
                    level: None,
                },
                Bar {
                    job: 1,
                    start: 2,
                    end: 4,
                    level: None,
                },
                Bar {
                    job: 0,
                    start: 4,
                    end: 5,
                    level: None,
                },
            ],
            io: vec![(0, 2, 3)],
        }
    }

    #[test]
    fn one_column_per_tick_when_it_fits() {
        let chart = render_text(&two_jobs(), 60);
        // Job 0: runs 0-2 (##), I/O 2-3 (~), waits 3-4 (.), runs 4-5 (#).
        assert!(chart.contains("job 0 ##~.#\n"), "{chart}");
        // Job 1: absent at 0, waits 1-2, runs 2-4.
        assert!(chart.contains("job 1  .##\n"), "{chart}");
    }

    #[test]
    fn a_long_schedule_is_scaled_and_short_turns_stay_visible() {
        // 1000 ticks in 10 columns: 100 ticks per column. Job 0 runs only 150-151, which falls
        // in column 1, so that column shows it running.
        let timeline = Timeline {
            title: "scaled".into(),
            scale: TimeScale::TICKS,
            lanes: vec![Lane {
                job: 0,
                arrival: 0,
                finish: 1000,
            }],
            bars: vec![Bar {
                job: 0,
                start: 150,
                end: 151,
                level: None,
            }],
            io: vec![],
        };
        let chart = render_text(&timeline, 10);
        assert!(chart.contains("1 column = 100 ticks"), "{chart}");
        assert!(chart.contains("job 0 .#........\n"), "{chart}");
    }

    // Widths outside 10..=1000 are brought inside. A billion ticks in usize::MAX columns would
    // be a billion cells per row; they get 1000 columns of a million ticks. Three columns become
    // 10, of 100 million ticks each.
    #[test]
    fn the_width_is_kept_between_its_bounds() {
        let timeline = Timeline {
            title: "wide".into(),
            scale: TimeScale::TICKS,
            lanes: vec![Lane {
                job: 0,
                arrival: 0,
                finish: 1_000_000_000,
            }],
            bars: vec![],
            io: vec![],
        };
        let chart = render_text(&timeline, usize::MAX);
        assert!(chart.contains("1 column = 1000000 ticks"), "{chart}");
        let row = chart.lines().last().expect("a row");
        assert_eq!(row.len(), "job 0 ".len() + MAX_COLUMNS, "{chart}");
        let narrow = render_text(&timeline, 3);
        assert!(narrow.contains("1 column = 100000000 ticks"), "{narrow}");
    }

    // The same chart counted in tenths of a tick: 1000 tenths in 10 columns is 10 ticks per
    // column, and the axis labels are in ticks (0, then 100 at column 10, beyond this chart).
    #[test]
    fn labels_are_in_ticks_when_time_is_counted_in_fractions() {
        let tenths = TimeScale::fitting(&[crate::time::Decimal::parse("0.5").expect("decimal")])
            .expect("one place");
        let timeline = Timeline {
            title: "tenths".into(),
            scale: tenths,
            lanes: vec![Lane {
                job: 0,
                arrival: 0,
                finish: 25,
            }],
            bars: vec![Bar {
                job: 0,
                start: 0,
                end: 25,
                level: None,
            }],
            io: vec![],
        };
        // 25 tenths in at least 10 columns: 3 tenths per column, 9 columns.
        let chart = render_text(&timeline, 10);
        assert!(chart.contains("1 column = 0.3 ticks"), "{chart}");
        assert!(chart.contains("job 0 #########\n"), "{chart}");
        assert!(chart.contains("time  0\n"), "{chart}");
    }
}
