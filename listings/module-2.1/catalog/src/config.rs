//! Configuration from flags and environment variables (a flag wins over its variable).

use crate::app::AppOptions;
use crate::server::Limits;
use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::time::Duration;

// ANCHOR: cli
/// Product catalog HTTP service.
#[derive(Debug, Parser)]
#[command(name = "catalog", version)]
pub struct Cli {
    /// Address to listen on (IP:PORT)
    #[arg(long, env = "CATALOG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// SQLite database file, or :memory: for a database that ends with the process
    #[arg(long, env = "CATALOG_DB", default_value = "catalog.db")]
    pub db: String,

    /// Where products live: sqlite (the --db file) or memory (for measurements)
    #[arg(long, env = "CATALOG_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub store: StoreKind,

    /// Log filter, e.g. info, warn, catalog=debug
    #[arg(long, env = "CATALOG_LOG", default_value = "info")]
    pub log: String,

    /// Tokio worker threads, 1 to 512 [default: one per CPU]
    #[arg(long, env = "CATALOG_WORKERS", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub workers: Option<u16>,

    /// Milliseconds a client has to send a complete request head
    #[arg(long, env = "CATALOG_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,

    /// Milliseconds from request head to response: 408 if the body is still arriving then, 503 if the handler is
    #[arg(long, env = "CATALOG_REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,

    /// Milliseconds a response write may make no progress before the connection is closed
    #[arg(long, env = "CATALOG_WRITE_TIMEOUT_MS", default_value_t = 10_000)]
    pub write_timeout_ms: u64,

    /// Connections open at once (lowered to fit the open-file limit); at the limit one with nothing in flight is closed
    #[arg(long, env = "CATALOG_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Threads (and SQLite connections) that run reading database calls; writes have one of their own
    #[arg(long, env = "CATALOG_STORE_READERS", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub store_readers: u16,

    /// Database calls that may wait, in each of the read and write queues; past it, requests get 503 and Retry-After
    #[arg(long, env = "CATALOG_STORE_QUEUE", default_value_t = 256)]
    pub store_queue: usize,

    /// Milliseconds between two readiness checks of the database, made on their own thread
    #[arg(long, env = "CATALOG_READY_INTERVAL_MS", default_value_t = 1_000)]
    pub ready_interval_ms: u64,

    /// Milliseconds /ready fails before shutdown stops accepting, for load balancers to notice
    #[arg(long, env = "CATALOG_DRAIN_DELAY_MS", default_value_t = 5_000)]
    pub drain_delay_ms: u64,

    /// Milliseconds shutdown then waits for in-flight requests
    #[arg(long, env = "CATALOG_SHUTDOWN_GRACE_MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    Sqlite,
    Memory,
}
// ANCHOR_END: cli

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid --addr {0:?}: expected IP:PORT, e.g. 127.0.0.1:8080")]
    Addr(String),
    #[error("--{0} must be greater than zero")]
    Zero(&'static str),
}

impl Cli {
    pub fn socket_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.addr
            .parse()
            .map_err(|_| ConfigError::Addr(self.addr.clone()))
    }

    pub fn limits(&self) -> Result<Limits, ConfigError> {
        Ok(Limits {
            header_read_timeout: millis("header-timeout-ms", self.header_timeout_ms)?,
            write_timeout: millis("write-timeout-ms", self.write_timeout_ms)?,
            max_connections: positive("max-connections", self.max_connections)?,
            drain_delay: Duration::from_millis(self.drain_delay_ms),
            shutdown_grace: Duration::from_millis(self.shutdown_grace_ms),
        })
    }

    pub fn app_options(&self) -> Result<AppOptions, ConfigError> {
        Ok(AppOptions {
            request_timeout: millis("request-timeout-ms", self.request_timeout_ms)?,
            store_readers: usize::from(self.store_readers),
            store_queue: positive("store-queue", self.store_queue)?,
            ready_interval: millis("ready-interval-ms", self.ready_interval_ms)?,
        })
    }
}

fn positive(name: &'static str, value: usize) -> Result<usize, ConfigError> {
    match value {
        0 => Err(ConfigError::Zero(name)),
        _ => Ok(value),
    }
}

fn millis(name: &'static str, value: u64) -> Result<Duration, ConfigError> {
    match value {
        0 => Err(ConfigError::Zero(name)),
        ms => Ok(Duration::from_millis(ms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_addresses_are_checked() {
        let cli =
            Cli::try_parse_from(["catalog", "--addr", "127.0.0.1:0", "--db", ":memory:"]).unwrap();
        assert_eq!(cli.socket_addr().unwrap().port(), 0);
        let bad = Cli::try_parse_from(["catalog", "--addr", "localhost"]).unwrap();
        assert!(matches!(bad.socket_addr(), Err(ConfigError::Addr(_))));
        let zero = Cli::try_parse_from(["catalog", "--max-connections", "0"]).unwrap();
        assert!(zero.limits().is_err());
        let zero = Cli::try_parse_from(["catalog", "--store-queue", "0"]).unwrap();
        assert!(zero.app_options().is_err());
    }
}
