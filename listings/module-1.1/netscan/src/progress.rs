//! A progress bar on standard error, drawn only when standard error is a terminal, so that
//! redirected output and logs never fill with carriage returns.

use crate::scan::Progress;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// A running bar; `finish` erases it.
pub struct Bar {
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Bar {
    /// Starts redrawing every 100 ms if standard error is a terminal; otherwise does nothing.
    pub fn start(progress: Arc<Progress>, total: u64) -> Bar {
        if !std::io::stderr().is_terminal() || total == 0 {
            return Bar { task: None };
        }
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                let done = progress.done.load(Ordering::Relaxed);
                let open = progress.open.load(Ordering::Relaxed);
                let _ = write!(std::io::stderr(), "\r{}", line(done, total, open));
            }
        });
        Bar { task: Some(task) }
    }

    pub fn finish(self) {
        if let Some(task) = self.task {
            task.abort();
            // Erase the bar's line so the report starts on a clean one.
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}

/// `[#####---------------]  25% 16384/65535 ports, 3 open`
pub fn line(done: u64, total: u64, open: u64) -> String {
    const WIDTH: u64 = 30;
    let filled = (done.min(total) * WIDTH).checked_div(total).unwrap_or(0);
    let percent = (done.min(total) * 100).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {percent:>3}% {done}/{total} ports, {open} open",
        "#".repeat(filled as usize),
        "-".repeat((WIDTH - filled) as usize)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(
            super::line(15, 30, 2),
            format!(
                "[{}{}]  50% 15/30 ports, 2 open",
                "#".repeat(15),
                "-".repeat(15)
            )
        );
        assert!(super::line(0, 0, 0).starts_with("[---"));
    }
}
