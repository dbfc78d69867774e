//! The scan's result for people (a table) and for programs (JSON).
//!
//! The JSON shape is a contract: `hosts[{address, open[{port, service, banner}]}]` and
//! `stats{scanned, open, closed, filtered, elapsed_ms}`, nothing more, so that scripts written
//! against it keep working. The table can say more (the reason for each state).

use crate::scan::{PortResult, PortState};
use serde::Serialize;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::Duration;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Report {
    pub hosts: Vec<HostReport>,
    pub stats: Stats,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct HostReport {
    pub address: IpAddr,
    pub open: Vec<OpenPort>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct OpenPort {
    pub port: u16,
    pub service: String,
    pub banner: Option<String>,
}

#[derive(Debug, Serialize, PartialEq, Eq, Default)]
pub struct Stats {
    pub scanned: u64,
    pub open: u64,
    pub closed: u64,
    pub filtered: u64,
    pub elapsed_ms: u64,
}

/// Gathers the results per host, every scanned host included (an empty `open` list says "scanned,
/// nothing open", which is different from "not scanned").
pub fn build(addresses: &[IpAddr], results: &[PortResult], elapsed: Duration) -> Report {
    let mut stats = Stats {
        elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        ..Stats::default()
    };
    for result in results {
        stats.scanned += 1;
        match result.state {
            PortState::Open => stats.open += 1,
            PortState::Closed => stats.closed += 1,
            PortState::Filtered => stats.filtered += 1,
        }
    }
    let hosts = addresses
        .iter()
        .map(|&address| HostReport {
            address,
            open: results
                .iter()
                .filter(|r| r.address == address && r.state == PortState::Open)
                .map(|r| OpenPort {
                    port: r.port,
                    service: r
                        .identity
                        .as_ref()
                        .map(|identity| identity.service.clone())
                        .unwrap_or_else(|| crate::probe::service_name(r.port, None)),
                    banner: r
                        .identity
                        .as_ref()
                        .and_then(|identity| identity.banner.clone()),
                })
                .collect(),
        })
        .collect();
    Report { hosts, stats }
}

/// The table: open ports of each host (every port with `all`), then one summary line.
pub fn table(report: &Report, results: &[PortResult], all: bool) -> String {
    let mut out = String::new();
    for host in &report.hosts {
        let rows: Vec<&PortResult> = results
            .iter()
            .filter(|r| r.address == host.address && (all || r.state == PortState::Open))
            .collect();
        let _ = writeln!(out, "{}", host.address);
        if rows.is_empty() {
            let _ = writeln!(out, "  no open ports");
            continue;
        }
        let _ = writeln!(
            out,
            "  {:<10} {:<9} {:<15} {:<17} BANNER",
            "PORT", "STATE", "SERVICE", "REASON"
        );
        for row in rows {
            let service = row
                .identity
                .as_ref()
                .map(|identity| identity.service.clone())
                .unwrap_or_else(|| crate::probe::service_name(row.port, None));
            let banner = row
                .identity
                .as_ref()
                .and_then(|identity| identity.banner.as_deref())
                .unwrap_or("");
            let line = format!(
                "  {:<10} {:<9} {:<15} {:<17} {}",
                format!("{}/tcp", row.port),
                row.state.to_string(),
                service,
                row.reason,
                banner
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    let stats = &report.stats;
    let hosts = report.hosts.len();
    let _ = writeln!(
        out,
        "\n{} ports on {} host{} in {:.2} s: {} open, {} closed, {} filtered",
        stats.scanned,
        hosts,
        if hosts == 1 { "" } else { "s" },
        stats.elapsed_ms as f64 / 1000.0,
        stats.open,
        stats.closed,
        stats.filtered
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Identity;

    fn result(port: u16, state: PortState, banner: Option<&str>) -> PortResult {
        PortResult {
            address: "127.0.0.1".parse().expect("address"),
            port,
            state,
            reason: "test".into(),
            identity: (state == PortState::Open).then(|| Identity {
                service: crate::probe::service_name(port, banner),
                banner: banner.map(str::to_owned),
            }),
        }
    }

    #[test]
    fn json_has_exactly_the_agreed_shape() {
        let results = [
            result(22, PortState::Open, Some("SSH-2.0-test")),
            result(23, PortState::Closed, None),
            result(24, PortState::Filtered, None),
            result(80, PortState::Open, None),
        ];
        let address = "127.0.0.1".parse().expect("address");
        let report = build(&[address], &results, Duration::from_millis(1234));
        let json = serde_json::to_value(&report).expect("serialises");
        let expected = serde_json::json!({
            "hosts": [{"address": "127.0.0.1", "open": [
                {"port": 22, "service": "ssh", "banner": "SSH-2.0-test"},
                {"port": 80, "service": "http", "banner": null}
            ]}],
            "stats": {"scanned": 4, "open": 2, "closed": 1, "filtered": 1, "elapsed_ms": 1234}
        });
        assert_eq!(json, expected);
        let text = table(&report, &results, false);
        assert!(text.contains("22/tcp     open"), "{text}");
        assert!(!text.contains("23/tcp"), "{text}");
        assert!(table(&report, &results, true).contains("24/tcp     filtered"));
    }
}
