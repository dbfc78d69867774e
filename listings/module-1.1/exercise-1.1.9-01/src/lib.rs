//! Exercise 1.1.9-1: the cache of a stub resolver. It keeps answers for as long as their TTL
//! allows, remembers that a name does not exist (negative caching, RFC 2308), and holds at
//! most a fixed number of entries.
//!
//! The tests in `tests/` say what "done" means. They run against `src/solution.rs` by default
//! and against your `src/attempt.rs` when the `attempt` feature is on:
//!
//! ```text
//! cargo xtask exercise 1.1.9-1
//! ```

/// The longest a cache keeps anything, in seconds, whatever the TTL says: one day, the default
/// of common resolvers such as Unbound (`cache-max-ttl`). A typo of `86400000` in a zone file
/// should not pin a stale address for years.
pub const MAX_TTL: u32 = 86_400;

/// One cached record: its data in text form and its TTL in seconds. Going in, the TTL is the
/// one the server sent; coming out, it is what is left of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub data: String,
    pub ttl: u32,
}

/// What the cache knows about a name and a record type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Records, with the seconds each has left.
    Hit(Vec<Record>),
    /// The name does not exist (NXDOMAIN), for `ttl` more seconds.
    NoSuchName { ttl: u32 },
    /// Nothing usable: ask a server.
    Miss,
}

#[cfg(feature = "attempt")]
mod attempt;
#[cfg(feature = "attempt")]
pub use attempt::Cache;

#[cfg(not(feature = "attempt"))]
mod solution;
#[cfg(not(feature = "attempt"))]
pub use solution::Cache;
