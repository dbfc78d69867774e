//! `loadgen`: an open-loop HTTP/1.1 load generator.
//!
//! It sends requests at a fixed arrival rate, whether or not the server keeps up, and measures
//! each request's latency from the moment it was *meant* to start. A closed-loop generator (wrk,
//! ab, a loop of `curl`) sends the next request on a connection only when the previous answer
//! has come back; when the server stalls, it stops sending, and the requests it did not send
//! are the ones that would have waited longest. Leaving them out is *coordinated omission* (Gil
//! Tene's name for it), and correcting it is why this crate exists. wrk2 corrects it the same way.
//! For the same reason, a request given up at its deadline is not left out either: it is
//! recorded as the time until then, a lower bound, and the percentiles it reaches say so.
//!
//! - [`target`]: the URL, and the rule that load goes only to loopback.
//! - [`schedule`]: when each request is due (uniform or Poisson arrivals).
//! - [`run`]: the pacer, the connection pool, the bounds.
//! - [`report`]: HdrHistogram percentiles, text and JSON.
//! - [`stall_server`]: a server that stalls on purpose, for tests and demonstrations.

pub mod report;
pub mod run;
pub mod schedule;
pub mod stall_server;
pub mod target;

pub use report::Report;
pub use run::{Config, RequestTemplate, RunError, run};
pub use schedule::Arrival;
pub use target::{Target, TargetError};
