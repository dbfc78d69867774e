//! Configuration from flags and environment variables (a flag wins over its variable).

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

    /// Milliseconds from request head to response, body upload included
    #[arg(long, env = "CATALOG_REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,

    /// Connections open at once; more wait in the kernel's backlog
    #[arg(long, env = "CATALOG_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Milliseconds shutdown waits for in-flight requests
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
        let positive = |name, value: u64| match value {
            0 => Err(ConfigError::Zero(name)),
            _ => Ok(value),
        };
        Ok(Limits {
            header_read_timeout: Duration::from_millis(positive(
                "header-timeout-ms",
                self.header_timeout_ms,
            )?),
            max_connections: positive("max-connections", self.max_connections as u64)? as usize,
            shutdown_grace: Duration::from_millis(self.shutdown_grace_ms),
        })
    }

    pub fn request_timeout(&self) -> Result<Duration, ConfigError> {
        match self.request_timeout_ms {
            0 => Err(ConfigError::Zero("request-timeout-ms")),
            ms => Ok(Duration::from_millis(ms)),
        }
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
    }
}
