//! The repository's conventions, as code.
//!
//! The book is a tree of files whose parts must agree: a chapter includes a listing's file, a
//! caption names the listing, a quiz cites it, a module page lists the chapters that SUMMARY.md
//! has. This crate is the one place that knows how that tree is laid out ([`Repo`]), how an id
//! maps to a folder and a package ([`Id`]), how a chapter expands into what the reader sees
//! ([`markdown`]), and which rules the parts must keep ([`lints`]). `book-tests`' build script and
//! `xtask` both use it, so a convention is written down once.

pub mod ids;
pub mod lints;
pub mod markdown;
pub mod paths;
pub mod repo;
pub mod summary;

pub use ids::{Id, Kind};
pub use repo::{Build, Chapter, Project, Repo, Role};

use std::fmt;
use std::path::PathBuf;

/// Something wrong in the tree, with the place to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: PathBuf,
    /// One-based, as editors count; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}
