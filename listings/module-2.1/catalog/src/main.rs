//! The `catalog` binary: read the configuration, open the store, serve until a signal.

use anyhow::Context;
use catalog::config::{Cli, StoreKind};
use catalog::store::{MemoryStore, SqliteStore, Store};
use catalog::{AppState, build_app, server};
use clap::Parser;
use std::io::{BufWriter, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tracing_appender::non_blocking::{ErrorCounter, NonBlockingBuilder};
use tracing_subscriber::EnvFilter;

/// Log lines that may wait for the log thread; past it, lines are dropped and counted.
const LOG_QUEUE_LINES: usize = 16_384;

// ANCHOR: main
fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain: "cannot open ...: unable to open database file".
            eprintln!("catalog: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Check everything that can be checked before starting anything.
    let addr = cli.socket_addr()?;
    let mut limits = cli.limits()?;
    let options = cli.app_options()?;
    let filter =
        EnvFilter::try_new(&cli.log).with_context(|| format!("invalid --log {:?}", cli.log))?;
    // Lines are formatted on the thread that logs them and written to stderr by a thread of
    // their own, through a bounded queue. A stderr that stops taking lines (a full pipe, a
    // stalled log shipper) then costs log lines, counted, instead of stalling every request on
    // a blocked `write`. Dropping `_log_writer` at the end writes what is still queued.
    let (writer, _log_writer) = NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .thread_name("log-writer")
        .finish(BufWriter::with_capacity(64 * 1024, std::io::stderr()));
    let dropped = writer.error_counter();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stderr().is_terminal())
        .event_format(catalog::log_format::LineFormat::new())
        .fmt_fields(catalog::log_format::LineFields)
        .init();
    // Each connection is a file descriptor. Raise the soft limit (often 1024) to the hard one,
    // then make sure the connection limit fits in it: past it, accept fails with EMFILE.
    let open_files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot raise the open-file limit");
        rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
    });
    if let Some(fitted) = limits.fit_to_open_files(open_files) {
        tracing::warn!(
            open_files,
            max_connections = fitted,
            "connection limit lowered to fit the open-file limit"
        );
    }

    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = cli.workers {
        runtime.worker_threads(usize::from(workers));
    }
    let runtime = runtime
        .enable_all()
        .build()
        .context("cannot start the Tokio runtime")?;

    runtime.block_on(async {
        tokio::spawn(report_dropped_lines(dropped.clone()));
        let store: Arc<dyn Store> = match cli.store {
            StoreKind::Sqlite => Arc::new(
                SqliteStore::open_with_readers(&cli.db, options.store_readers)
                    .with_context(|| format!("cannot open database {:?}", cli.db))?,
            ),
            StoreKind::Memory => Arc::new(MemoryStore::default()),
        };
        let listener = server::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!(addr = %listener.local_addr()?, db = %cli.db, max_connections = limits.max_connections, "listening");
        let state = AppState::new(store, &options).context("cannot start the store threads")?;
        let lifecycle = state.lifecycle.clone();
        server::serve(listener, build_app(state), lifecycle, limits, shutdown_signal()).await?;
        tracing::info!(dropped_log_lines = dropped.dropped_lines(), "stopped");
        Ok(())
    })
}
// ANCHOR_END: main

/// Says, every ten seconds, how many log lines the full queue made it drop since the last time.
async fn report_dropped_lines(dropped: ErrorCounter) {
    let mut reported = 0;
    let mut every = tokio::time::interval(Duration::from_secs(10));
    loop {
        every.tick().await;
        let now = dropped.dropped_lines();
        if now > reported {
            tracing::warn!(
                lines = now - reported,
                "log lines dropped: stderr is not keeping up"
            );
            reported = now;
        }
    }
}

// ANCHOR: signal
/// Completes on Ctrl-C (SIGINT) or SIGTERM, the signal `kill` and container runtimes send.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = interrupt => tracing::info!("received Ctrl-C"),
        () = terminate => tracing::info!("received SIGTERM"),
    }
}
// ANCHOR_END: signal
