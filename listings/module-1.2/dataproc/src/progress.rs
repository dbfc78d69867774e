//! A progress bar on standard error, drawn only when standard error is a terminal, so that
//! redirected output and CI logs never fill with carriage returns.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// A running bar. `finish` (or dropping it, on an early return) stops and erases it.
pub struct Bar {
    stop: std::sync::Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Bar {
    /// Redraws every 200 ms from `done` (bytes processed so far, updated by the workers once per
    /// chunk) if standard error is a terminal and `enabled`; otherwise does nothing.
    pub fn start(done: std::sync::Arc<AtomicU64>, total: u64, enabled: bool) -> Bar {
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        if !enabled || !std::io::stderr().is_terminal() || total == 0 {
            return Bar { stop, thread: None };
        }
        let flag = stop.clone();
        let thread = thread::spawn(move || {
            let started = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(200));
                let line = line(done.load(Ordering::Relaxed), total, started.elapsed());
                let _ = write!(std::io::stderr(), "\r{line}");
            }
            let _ = write!(std::io::stderr(), "\r\x1b[K"); // erase the bar before the report
        });
        Bar {
            stop,
            thread: Some(thread),
        }
    }

    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `[#######-----------------------]  25% 256/1024 MB  812.4 MB/s`
pub fn line(done: u64, total: u64, elapsed: Duration) -> String {
    const WIDTH: u64 = 30;
    let done = done.min(total);
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0);
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    let rate = done as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9);
    format!(
        "[{}{}] {percent:>3}% {}/{} MB  {rate:.1} MB/s",
        "#".repeat(filled as usize),
        "-".repeat((WIDTH - filled) as usize),
        done / 1_000_000,
        total / 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        let bar = line(256_000_000, 1_024_000_000, Duration::from_secs(1));
        assert!(
            bar.starts_with("[#######-----------------------]  25% 256/1024 MB"),
            "{bar}"
        );
        assert!(line(5, 0, Duration::ZERO).contains("  0%"));
    }
}
