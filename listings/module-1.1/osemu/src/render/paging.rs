//! Text and JSON for the `paging` subcommand.
//!
//! Each access is one line with the memory after it, listed in the order the policy keeps it
//! (oldest first for FIFO, least recently used first for LRU), because that order is the policy's
//! state: reading it is how a learner sees why a page was chosen.

use crate::paging::{PagingConfig, PagingOutcome, Replacement, Step};
use serde::Serialize;
use std::fmt::Write;

fn heading(config: &PagingConfig) -> String {
    let mut line = format!(
        "Policy: {}, memory of {} frame{}",
        config.policy,
        config.frames,
        if config.frames == 1 { "" } else { "s" }
    );
    if config.policy == Replacement::Clock {
        let _ = write!(line, ", use counters up to {}", config.clock_bits);
    }
    if config.ostep_compat {
        line.push_str(" [OSTEP compatibility]");
    }
    line
}

/// How the memory list is ordered, so that a reader knows which end is which.
fn memory_order(config: &PagingConfig) -> &'static str {
    match config.policy {
        Replacement::Fifo => "oldest first",
        Replacement::Lru | Replacement::Mru => "least recently used first",
        Replacement::Clock if !config.ostep_compat => "in frame order",
        _ => "in order of arrival",
    }
}

fn list(pages: &[u64]) -> String {
    let items: Vec<String> = pages.iter().map(u64::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The homework: the references, and what to work out.
pub fn problem(trace: &[u64], config: &PagingConfig) -> String {
    let mut out = heading(config);
    out.push_str("\n\nFor each access, say whether it hits or misses, which page (if any) is evicted,\nand what memory holds afterwards.\n\n");
    for page in trace {
        let _ = writeln!(out, "  access {page}: hit or miss?");
    }
    out.push_str("\nRun the same command with -c to see the answers.\n");
    out
}

/// The answer: each access (unless `no_trace`) and the totals.
pub fn solution(config: &PagingConfig, outcome: &PagingOutcome, no_trace: bool) -> String {
    let mut out = heading(config);
    out.push('\n');
    if !no_trace {
        let _ = writeln!(
            out,
            "\nMemory after each access ({}):",
            memory_order(config)
        );
        let (mut hits, mut misses) = (0, 0);
        for Step {
            page,
            hit,
            victim,
            memory,
        } in &outcome.steps
        {
            if *hit {
                hits += 1;
            } else {
                misses += 1;
            }
            let evicted = victim.map_or("-".to_string(), |v| v.to_string());
            let _ = writeln!(
                out,
                "  access {page:4}  {}  evicts {evicted:>4}  memory {:<20} (hits {hits}, misses {misses})",
                if *hit { "hit " } else { "MISS" },
                list(memory)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nhits {}  misses {}  hit rate {:.2}%",
        outcome.hits,
        outcome.misses,
        outcome.hit_rate()
    );
    let _ = writeln!(out, "final memory {}", list(&outcome.final_memory));
    out
}

/// The JSON document of `osemu paging --json`.
#[derive(Debug, Serialize)]
pub struct PagingReport<'a> {
    pub policy: Replacement,
    pub frames: usize,
    pub ostep_compat: bool,
    pub hits: u64,
    pub misses: u64,
    /// Hits as a percentage of accesses.
    pub hit_rate: f64,
    pub steps: &'a [Step],
    pub final_memory: &'a [u64],
}

pub fn report<'a>(config: &PagingConfig, outcome: &'a PagingOutcome) -> PagingReport<'a> {
    PagingReport {
        policy: config.policy,
        frames: config.frames,
        ostep_compat: config.ostep_compat,
        hits: outcome.hits,
        misses: outcome.misses,
        hit_rate: outcome.hit_rate(),
        steps: &outcome.steps,
        final_memory: &outcome.final_memory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paging::simulate;
    use crate::random::RandomSource;

    // FIFO, 2 frames, 0,1,0,2: miss, miss, hit, miss evicting 0 (the oldest) -> [1, 2].
    #[test]
    fn the_solution_lists_each_access() {
        let config = PagingConfig::new(Replacement::Fifo, 2);
        let outcome =
            simulate(&[0, 1, 0, 2], &config, &mut RandomSource::seeded(0)).expect("valid");
        let text = solution(&config, &outcome, false);
        assert!(
            text.contains("access    2  MISS  evicts    0  memory [1, 2]"),
            "{text}"
        );
        assert!(text.contains("hits 1  misses 3  hit rate 25.00%"), "{text}");
        let json = serde_json::to_value(report(&config, &outcome)).expect("json");
        assert_eq!(json["steps"][3]["victim"], 0);
        assert_eq!(json["steps"][0]["victim"], serde_json::Value::Null);
        assert_eq!(json["final_memory"], serde_json::json!([1, 2]));
    }
}
