//! Loads a service's configuration from a `key = value` file.
//!
//! The library reports *what* went wrong as a typed [`ConfigError`], with the line number and the
//! underlying cause as its `source()`, so that a caller can match on it (a test, a reload that
//! keeps the old config) or print the whole chain. Deciding what to do about it is the caller's job.

use std::net::{AddrParseError, SocketAddr};
use std::num::ParseIntError;
use std::path::{Path, PathBuf};
use std::time::Duration;
use std::{fs, io};

use thiserror::Error;

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    pub max_connections: u32,
    pub request_timeout: Duration,
}

// ANCHOR: errors
/// Why a configuration could not be loaded.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("line {line}: expected `key = value`, found {text:?}")]
    Syntax { line: usize, text: String },
    #[error("line {line}: unknown key {key:?}")]
    UnknownKey { line: usize, key: String },
    #[error("line {line}: invalid value for `{key}`")]
    InvalidValue {
        line: usize,
        key: &'static str,
        #[source]
        source: ValueError,
    },
    #[error("missing required key `{0}`")]
    Missing(&'static str),
}

/// Why one value was rejected: the `source` of [`ConfigError::InvalidValue`].
#[derive(Debug, Error)]
pub enum ValueError {
    #[error("not a whole number")]
    Number(#[from] ParseIntError),
    #[error("not an address like 127.0.0.1:8080")]
    Address(#[from] AddrParseError),
    #[error("{value} is outside {min}..={max}")]
    OutOfRange { value: u64, min: u64, max: u64 },
}
// ANCHOR_END: errors

// ANCHOR: load
/// Reads and parses the file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text)
}

/// Parses configuration text. Blank lines and lines starting with `#` are ignored.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let mut addr = None;
    let mut db_path = None;
    let mut max_connections = None;
    let mut timeout_ms = None;

    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(ConfigError::Syntax {
                line,
                text: trimmed.to_string(),
            });
        };
        let (key, value) = (key.trim(), value.trim());
        // Each arm converts the value's own error into `ValueError` with `?` (through the
        // `#[from]` impls), and `invalid` adds the line and the key.
        let invalid = |key: &'static str| {
            move |source: ValueError| ConfigError::InvalidValue { line, key, source }
        };
        match key {
            "addr" => addr = Some(parse_addr(value).map_err(invalid("addr"))?),
            "db_path" => db_path = Some(PathBuf::from(value)),
            "max_connections" => {
                let n = parse_in_range(value, 1, 100_000).map_err(invalid("max_connections"))?;
                max_connections = Some(u32::try_from(n).unwrap_or(u32::MAX));
            }
            "request_timeout_ms" => {
                timeout_ms =
                    Some(parse_in_range(value, 1, 600_000).map_err(invalid("request_timeout_ms"))?);
            }
            other => {
                return Err(ConfigError::UnknownKey {
                    line,
                    key: other.to_string(),
                });
            }
        }
    }

    Ok(Config {
        addr: addr.ok_or(ConfigError::Missing("addr"))?,
        db_path: db_path.ok_or(ConfigError::Missing("db_path"))?,
        max_connections: max_connections.unwrap_or(1_024),
        request_timeout: Duration::from_millis(timeout_ms.unwrap_or(30_000)),
    })
}

fn parse_addr(value: &str) -> Result<SocketAddr, ValueError> {
    Ok(value.parse::<SocketAddr>()?)
}

fn parse_in_range(value: &str, min: u64, max: u64) -> Result<u64, ValueError> {
    let number: u64 = value.parse()?;
    if (min..=max).contains(&number) {
        Ok(number)
    } else {
        Err(ValueError::OutOfRange {
            value: number,
            min,
            max,
        })
    }
}
// ANCHOR_END: load

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    const GOOD: &str = "addr = 127.0.0.1:8080\ndb_path = catalog.db\n";

    #[test]
    fn a_minimal_file_gets_defaults() {
        let config = parse(GOOD).expect("valid config");
        assert_eq!(config.addr, "127.0.0.1:8080".parse().expect("address"));
        assert_eq!(config.max_connections, 1_024);
        assert_eq!(config.request_timeout, Duration::from_secs(30));
    }

    #[test]
    fn a_missing_file_is_a_read_error_with_the_io_error_as_source() {
        let error = load(Path::new("configs/does-not-exist.conf")).expect_err("no such file");
        assert!(matches!(error, ConfigError::Read { .. }));
        let source = error.source().expect("has a source");
        let io = source.downcast_ref::<io::Error>().expect("an io::Error");
        assert_eq!(io.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_line_without_equals_is_a_syntax_error() {
        let error = parse("addr 127.0.0.1:80").expect_err("syntax");
        assert_eq!(
            error.to_string(),
            "line 1: expected `key = value`, found \"addr 127.0.0.1:80\""
        );
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let error = parse("# comment\n\nport = 80").expect_err("unknown key");
        assert!(matches!(error, ConfigError::UnknownKey { line: 3, ref key } if key == "port"));
    }

    #[test]
    fn a_bad_number_keeps_the_parse_error_as_source() {
        let error = parse("max_connections = lots").expect_err("bad number");
        assert_eq!(
            error.to_string(),
            "line 1: invalid value for `max_connections`"
        );
        let source = error.source().expect("has a source");
        assert_eq!(source.to_string(), "not a whole number");
        assert_eq!(
            source.source().expect("has a root cause").to_string(),
            "invalid digit found in string"
        );
    }

    #[test]
    fn out_of_range_values_say_the_range() {
        let error = parse("request_timeout_ms = 0").expect_err("zero timeout");
        let source = error.source().expect("has a source");
        assert_eq!(source.to_string(), "0 is outside 1..=600000");
    }

    #[test]
    fn a_bad_address_is_an_invalid_value() {
        let error = parse("addr = localhost").expect_err("bad address");
        assert!(matches!(
            error,
            ConfigError::InvalidValue {
                key: "addr",
                source: ValueError::Address(_),
                ..
            }
        ));
    }

    #[test]
    fn required_keys_must_be_present() {
        let error = parse("addr = 127.0.0.1:1").expect_err("no db_path");
        assert!(matches!(error, ConfigError::Missing("db_path")));
    }
}
