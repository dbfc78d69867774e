//! The `catalog` binary: read the configuration, open the store, serve until a signal.

use anyhow::Context;
use catalog::config::{Cli, StoreKind};
use catalog::store::{MemoryStore, SqliteStore, Store};
use catalog::{AppState, build_app, server};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

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
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
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
        let store: Arc<dyn Store> = match cli.store {
            StoreKind::Sqlite => Arc::new(
                SqliteStore::open(&cli.db)
                    .with_context(|| format!("cannot open database {:?}", cli.db))?,
            ),
            StoreKind::Memory => Arc::new(MemoryStore::default()),
        };
        let listener = server::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!(addr = %listener.local_addr()?, db = %cli.db, max_connections = limits.max_connections, "listening");
        let state = AppState::new(store, &options).context("cannot start the store threads")?;
        let lifecycle = state.lifecycle.clone();
        server::serve(listener, build_app(state), lifecycle, limits, shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok(())
    })
}
// ANCHOR_END: main

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
