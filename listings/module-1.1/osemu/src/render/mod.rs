//! What the tool prints: the homework text, the solution, and the JSON for machines.
//!
//! Rendering lives in the library, apart from the simulators, so that the simulators return plain
//! data and the printed forms can be tested like any other function. Each submodule renders one
//! subcommand; the JSON shapes are `Serialize` structs, so the field names are written down once.

pub mod mlfq;
pub mod paging;
pub mod sched;
pub mod translate;
