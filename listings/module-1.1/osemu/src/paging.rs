//! Page replacement: which pages a memory of a few frames keeps, access by access.
//!
//! Memory is kept as an ordered list, as `paging-policy.py` keeps it, because the order *is* the
//! policy's state: FIFO evicts the front (oldest), LRU keeps the list in recency order and evicts
//! the front, MRU evicts the back. OPT evicts the page whose next use is farthest away; among pages
//! never used again (or tied) it takes the *last* one in the list, which is `paging-policy.py`'s
//! tie rule. Next uses are computed once, backwards over the trace, so OPT costs O(frames) per
//! miss instead of a scan of the future.
//!
//! CLOCK comes in two forms. The textbook one sweeps a hand over the frames, clearing use bits
//! until it finds a clear one. `paging-policy.py`'s CLOCK (`ostep_compat`) instead probes frames
//! at random, and its "use bit" is a counter that each access raises, up to `clock_bits`; each
//! probe of a page with a non-zero counter lowers it, and the first zero found is the victim.

use crate::error::{Error, Result};
use crate::random::RandomSource;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// A replacement policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Replacement {
    Fifo,
    Lru,
    Mru,
    Opt,
    /// The worst choice with full knowledge: evict the page needed soonest.
    Unopt,
    Rand,
    Clock,
}

impl Replacement {
    pub const NAMES: &'static str = "FIFO, LRU, MRU, OPT, UNOPT, RAND, CLOCK";
}

impl FromStr for Replacement {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self> {
        match name.to_ascii_uppercase().as_str() {
            "FIFO" => Ok(Replacement::Fifo),
            "LRU" => Ok(Replacement::Lru),
            "MRU" => Ok(Replacement::Mru),
            "OPT" | "MIN" => Ok(Replacement::Opt),
            "UNOPT" => Ok(Replacement::Unopt),
            "RAND" | "RANDOM" => Ok(Replacement::Rand),
            "CLOCK" => Ok(Replacement::Clock),
            _ => Err(Error::UnknownPolicy {
                kind: "replacement",
                name: name.to_string(),
                expected: Replacement::NAMES,
            }),
        }
    }
}

impl fmt::Display for Replacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Replacement::Fifo => "FIFO",
            Replacement::Lru => "LRU",
            Replacement::Mru => "MRU",
            Replacement::Opt => "OPT",
            Replacement::Unopt => "UNOPT",
            Replacement::Rand => "RAND",
            Replacement::Clock => "CLOCK",
        })
    }
}

/// How to run a replacement simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingConfig {
    pub policy: Replacement,
    /// Frames of memory (`-C`).
    pub frames: usize,
    /// Largest value of a CLOCK use counter (`-b`); 1 is the textbook use bit.
    pub clock_bits: u32,
    /// Use `paging-policy.py`'s randomised CLOCK.
    pub ostep_compat: bool,
}

impl PagingConfig {
    pub fn new(policy: Replacement, frames: usize) -> Self {
        PagingConfig {
            policy,
            frames,
            clock_bits: 1,
            ostep_compat: false,
        }
    }
}

/// One access: was it a hit, what was evicted, and what memory holds afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub page: u64,
    pub hit: bool,
    pub victim: Option<u64>,
    pub memory: Vec<u64>,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingOutcome {
    pub steps: Vec<Step>,
    pub hits: u64,
    pub misses: u64,
    pub final_memory: Vec<u64>,
}

impl PagingOutcome {
    /// Hits as a percentage of accesses.
    pub fn hit_rate(&self) -> f64 {
        let accesses = self.hits + self.misses;
        if accesses == 0 {
            0.0
        } else {
            100.0 * self.hits as f64 / accesses as f64
        }
    }
}

// ANCHOR: next_uses
/// For each position in the trace, the position of the next access to the same page (or the
/// trace's length if there is none).
fn next_uses(trace: &[u64]) -> Vec<usize> {
    let mut next = vec![trace.len(); trace.len()];
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (position, page) in trace.iter().enumerate().rev() {
        if let Some(&later) = seen.get(page) {
            next[position] = later;
        }
        seen.insert(*page, position);
    }
    next
}
// ANCHOR_END: next_uses

/// Runs `trace` through memory of `config.frames` frames. `random` is read by RAND and by the
/// OSTEP CLOCK.
pub fn simulate(
    trace: &[u64],
    config: &PagingConfig,
    random: &mut RandomSource,
) -> Result<PagingOutcome> {
    if config.frames == 0 {
        return Err(Error::argument(
            "cachesize",
            "memory must have at least 1 frame (got 0)",
        ));
    }
    if config.policy == Replacement::Clock && !config.ostep_compat && config.clock_bits == 0 {
        return Err(Error::argument(
            "clockbits",
            "the textbook CLOCK needs a use bit: at least 1 (got 0)",
        ));
    }
    if trace.is_empty() {
        return Err(Error::argument(
            "addresses",
            "the reference string is empty",
        ));
    }
    let next_use = next_uses(trace);
    // Memory never holds more pages than the string has accesses, whatever `-C` says.
    let mut memory: Vec<u64> = Vec::with_capacity(config.frames.min(trace.len()));
    // OPT and UNOPT: the next use of each resident page. CLOCK: its use counter.
    let mut next_of: HashMap<u64, usize> = HashMap::new();
    let mut counter: HashMap<u64, u32> = HashMap::new();
    let mut hand = 0usize;
    let mut steps = Vec::with_capacity(trace.len());
    let (mut hits, mut misses) = (0, 0);
    let textbook_clock = config.policy == Replacement::Clock && !config.ostep_compat;

    for (position, &page) in trace.iter().enumerate() {
        let resident = memory.iter().position(|&p| p == page);
        let mut victim = None;
        match resident {
            Some(index) => {
                hits += 1;
                if matches!(config.policy, Replacement::Lru | Replacement::Mru) {
                    memory.remove(index);
                    memory.push(page);
                }
            }
            None => {
                misses += 1;
                if memory.len() < config.frames {
                    memory.push(page);
                } else if textbook_clock {
                    loop {
                        let candidate = memory[hand];
                        let count = counter.entry(candidate).or_insert(0);
                        if *count > 0 {
                            *count -= 1;
                            hand = (hand + 1) % memory.len();
                        } else {
                            counter.remove(&candidate);
                            victim = Some(candidate);
                            memory[hand] = page;
                            hand = (hand + 1) % memory.len();
                            break;
                        }
                    }
                } else {
                    let index = choose_victim(&memory, config, &next_of, &mut counter, random)?;
                    let evicted = memory.remove(index);
                    counter.remove(&evicted);
                    victim = Some(evicted);
                    memory.push(page);
                }
            }
        }
        next_of.insert(page, next_use[position]);
        if let Some(evicted) = victim {
            next_of.remove(&evicted);
        }
        touch(&mut counter, page, config);
        steps.push(Step {
            page,
            hit: resident.is_some(),
            victim,
            memory: memory.clone(),
        });
    }
    Ok(PagingOutcome {
        final_memory: memory,
        steps,
        hits,
        misses,
    })
}

/// Raises a page's use counter after an access. A page seen for the first time starts at 1 even
/// when `clock_bits` is 0, as in `paging-policy.py`; later accesses saturate at `clock_bits`.
fn touch(counter: &mut HashMap<u64, u32>, page: u64, config: &PagingConfig) {
    if config.policy != Replacement::Clock {
        return;
    }
    counter
        .entry(page)
        .and_modify(|count| *count = (*count + 1).min(config.clock_bits))
        .or_insert(1);
}

/// Index in `memory` of the page to evict, for every policy but the textbook CLOCK.
fn choose_victim(
    memory: &[u64],
    config: &PagingConfig,
    next_of: &HashMap<u64, usize>,
    counter: &mut HashMap<u64, u32>,
    random: &mut RandomSource,
) -> Result<usize> {
    // ANCHOR: victims
    let next = |page: &u64| next_of.get(page).copied().unwrap_or(usize::MAX);
    Ok(match config.policy {
        Replacement::Fifo | Replacement::Lru => 0,
        Replacement::Mru => memory.len() - 1,
        // `max_by_key` returns the last maximum: the tie rule of paging-policy.py.
        Replacement::Opt => (0..memory.len())
            .max_by_key(|&i| next(&memory[i]))
            .unwrap_or(0),
        // `min_by_key` returns the first minimum, again as paging-policy.py does.
        Replacement::Unopt => (0..memory.len())
            .min_by_key(|&i| next(&memory[i]))
            .unwrap_or(0),
        // ANCHOR_END: victims
        Replacement::Rand => random.below(memory.len() as u64)? as usize,
        Replacement::Clock => loop {
            let index = random.below(memory.len() as u64)? as usize;
            let count = counter.entry(memory[index]).or_insert(0);
            if *count >= 1 {
                *count -= 1;
            } else {
                break index;
            }
        },
    })
}

/// Parses a reference string such as `0,1,2,0,1,3`.
pub fn parse_trace(input: &str) -> Result<Vec<u64>> {
    input
        .split(',')
        .map(|item| {
            let item = item.trim();
            item.parse::<u64>().map_err(|_| {
                Error::list(
                    "page list",
                    input,
                    format!("`{item}` is not a page number (a whole number, 0 or more)"),
                )
            })
        })
        .collect()
}

/// Parses a file of page numbers, one per line (`-f`); blank lines are skipped.
pub fn parse_trace_file(text: &str) -> Result<Vec<u64>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.parse::<u64>().map_err(|_| {
                Error::list("address file line", line, "not a page number".to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
