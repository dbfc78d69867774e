//! osemu, the Mini OS Scheduler Emulator.
//!
//! A library and a command-line tool that predict what an operating system's policies do with a
//! workload: which job runs when under FIFO, SJF, STCF, Round Robin, MLFQ, lottery and stride
//! scheduling ([`sched`], [`mlfq`]); which pages a cache of frames keeps under FIFO, LRU, OPT,
//! CLOCK and random replacement ([`paging`]); and how a linear page table translates virtual
//! addresses ([`translate`]).
//!
//! It follows the homework simulators of *Operating Systems: Three Easy Pieces* closely enough to
//! give the same answers from the same flags and seeds ([`random`] reproduces Python's generator),
//! and it runs the non-MLFQ policies on an event-driven clock, so a million jobs take seconds.
//! Times are exact: fractions of a tick are counted in fixed point ([`time`]), never in floats.

pub mod error;
pub mod gantt;
pub mod generate;
pub mod job;
pub mod metrics;
pub mod mlfq;
pub mod paging;
pub mod random;
pub mod render;
pub mod sched;
pub mod svg;
pub mod time;
pub mod translate;

pub use error::{Error, Result};
