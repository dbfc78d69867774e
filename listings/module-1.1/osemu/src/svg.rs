//! A schedule as an SVG picture, the figure the book shows beside a worked example.
//!
//! SVG is text, so the picture is written by hand here rather than through a plotting library:
//! a row per job, a coloured bar per turn on the CPU, a hatched bar per I/O, a thin line while the
//! job waits, and a time axis with round tick values. The output is deterministic, so a test can
//! check it and the book can regenerate it.

use crate::gantt::{MAX_ROWS, Timeline};
use std::fmt::Write;

const WIDTH: f64 = 900.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const LANE: f64 = 28.0;
const BAR: f64 = 18.0;

/// Colour-blind-friendly palette (Okabe and Ito), cycled by job id.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Renders `timeline` as a standalone SVG document.
pub fn render_svg(timeline: &Timeline) -> String {
    let lanes: Vec<_> = timeline.lanes.iter().take(MAX_ROWS).collect();
    let end = timeline.end().max(1) as f64;
    let plot_width = WIDTH - LEFT - RIGHT;
    let x = |time: u64| LEFT + time as f64 / end * plot_width;
    let height = TOP + lanes.len() as f64 * LANE + 50.0;
    let row_of = |job: usize| lanes.iter().position(|l| l.job == job);
    let ticks = timeline.scale;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
    );
    svg.push_str(concat!(
        r#"<defs><pattern id="io" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"#,
        r##"<rect width="6" height="6" fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888888" stroke-width="2"/>"##,
        "</pattern></defs>\n"
    ));
    let _ = writeln!(
        svg,
        r#"<rect width="{WIDTH}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        escape(&timeline.title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="40" fill="#555555">bars = running, line = waiting, hatched = I/O</text>"##
    );

    for (row, lane) in lanes.iter().enumerate() {
        let middle = TOP + row as f64 * LANE + LANE / 2.0;
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">job {}</text>"#,
            LEFT - 8.0,
            middle + 4.0,
            lane.job
        );
        if lane.finish > lane.arrival {
            let _ = writeln!(
                svg,
                r##"<line x1="{:.1}" y1="{middle:.1}" x2="{:.1}" y2="{middle:.1}" stroke="#999999" stroke-width="1.5"/>"##,
                x(lane.arrival),
                x(lane.finish)
            );
        }
    }
    for &(job, start, stop) in &timeline.io {
        if let Some(row) = row_of(job) {
            let top = TOP + row as f64 * LANE + (LANE - BAR) / 2.0;
            let _ = writeln!(
                svg,
                r##"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{BAR}" fill="url(#io)" stroke="#888888"><title>job {job}: I/O {}-{}</title></rect>"##,
                x(start),
                (x(stop) - x(start)).max(0.5),
                ticks.format_short(start),
                ticks.format_short(stop)
            );
        }
    }
    for bar in &timeline.bars {
        let Some(row) = row_of(bar.job) else { continue };
        let top = TOP + row as f64 * LANE + (LANE - BAR) / 2.0;
        let width = (x(bar.end) - x(bar.start)).max(0.5);
        let level = bar
            .level
            .map(|l| format!(" at priority {l}"))
            .unwrap_or_default();
        let _ = writeln!(
            svg,
            r#"<rect x="{:.1}" y="{top:.1}" width="{width:.1}" height="{BAR}" fill="{}"><title>job {}: runs {}-{}{level}</title></rect>"#,
            x(bar.start),
            PALETTE[bar.job % PALETTE.len()],
            bar.job,
            ticks.format_short(bar.start),
            ticks.format_short(bar.end)
        );
        if let Some(level) = bar.level
            && width >= 14.0
        {
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" fill="white" font-size="10" text-anchor="middle">Q{level}</text>"#,
                x(bar.start) + width / 2.0,
                top + BAR / 2.0 + 3.5
            );
        }
    }

    let axis = TOP + lanes.len() as f64 * LANE + 6.0;
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{axis:.1}" x2="{:.1}" y2="{axis:.1}" stroke="#333333"/>"##,
        WIDTH - RIGHT
    );
    let step = tick_step(end as u64);
    let mut tick = 0;
    while tick as f64 <= end {
        let _ = writeln!(
            svg,
            r##"<line x1="{0:.1}" y1="{axis:.1}" x2="{0:.1}" y2="{1:.1}" stroke="#333333"/><text x="{0:.1}" y="{2:.1}" text-anchor="middle">{3}</text>"##,
            x(tick),
            axis + 5.0,
            axis + 18.0,
            ticks.format_short(tick)
        );
        tick += step;
    }
    let _ = writeln!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555555">time (ticks)</text>"##,
        WIDTH - RIGHT,
        axis + 36.0
    );
    if timeline.lanes.len() > lanes.len() {
        let _ = writeln!(
            svg,
            r##"<text x="{LEFT}" y="{:.1}" fill="#555555">{} more jobs not drawn</text>"##,
            axis + 36.0,
            timeline.lanes.len() - lanes.len()
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A round step (1, 2 or 5 times a power of ten) that gives at most about ten ticks.
fn tick_step(end: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = magnitude.saturating_mul(factor);
            if end / step <= 10 {
                return step;
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gantt::{Bar, Lane};

    #[test]
    fn tick_steps_are_round_and_few() {
        // 60 ticks: steps 1 and 2 give 60 and 30 ticks, 5 gives 12, 10 gives 6.
        assert_eq!(tick_step(60), 10);
        assert_eq!(tick_step(7), 1);
        assert_eq!(tick_step(1_000_000), 100_000);
    }

    #[test]
    fn every_turn_on_the_cpu_is_a_bar() {
        let timeline = Timeline {
            title: "FIFO <demo>".into(),
            scale: crate::time::TimeScale::TICKS,
            lanes: vec![Lane {
                job: 0,
                arrival: 0,
                finish: 10,
            }],
            bars: vec![
                Bar {
                    job: 0,
                    start: 0,
                    end: 5,
                    level: Some(2),
                },
                Bar {
                    job: 0,
                    start: 7,
                    end: 10,
                    level: None,
                },
            ],
            io: vec![(0, 5, 7)],
        };
        let svg = render_svg(&timeline);
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<title>job 0: runs").count(), 2);
        assert_eq!(svg.matches("<title>job 0: I/O 5-7").count(), 1);
        assert!(svg.contains("FIFO &lt;demo&gt;"));
        assert!(svg.contains(">Q2</text>"));
    }
}
