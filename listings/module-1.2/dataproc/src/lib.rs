//! `dataproc`: a concurrent analyser of web-server access logs.
//!
//! The modules follow the data: [`chunk`] cuts the file into chunks of whole lines, [`parse`]
//! reads one line, [`stats`] counts into per-worker [`stats::Partial`]s and merges them, and
//! [`engine`] wires these into three engines that must agree: a pipeline of threads with bounded
//! channels, a rayon fold/reduce, and a sequential reference. [`generator`] writes test logs.

pub mod chunk;
pub mod engine;
pub mod generator;
pub mod parse;
pub mod progress;
pub mod report;
pub mod stats;
pub mod time;

use engine::{EngineError, StageTimes};
use stats::{DistinctKeys, MalformedReasons, Report};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

/// Which implementation does the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// A reader thread and N workers joined by bounded channels.
    Pipeline,
    /// rayon's fold and reduce over the memory-mapped file.
    Rayon,
    /// One thread, one line at a time: the reference.
    Sequential,
}

/// How to analyse.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub engine: Engine,
    pub threads: usize,
    pub chunk_size: usize,
    pub top: usize,
    /// The longest line read: [`chunk::MAX_LINE`] except in tests. Longer lines are malformed.
    pub max_line: usize,
}

// ANCHOR: error
/// Everything that can stop an analysis. Malformed lines are not errors: they are counted.
#[derive(Debug, thiserror::Error)]
pub enum AnalyseError {
    #[error("cannot open `{path}`")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}` is a directory, not a log file")]
    Directory { path: PathBuf },
    #[error("`{path}` is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("cannot map `{path}` into memory")]
    Map {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}`")]
    Engine { path: PathBuf, source: EngineError },
}
// ANCHOR_END: error

/// What an analysis gives: the report, and for `--stats` where the time went, why lines were
/// malformed and how many distinct keys the merged maps held.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub report: Report,
    pub times: StageTimes,
    pub malformed_reasons: MalformedReasons,
    pub distinct: DistinctKeys,
}

/// Analyses the file at `path`. `progress` counts the bytes processed so far.
pub fn analyse_file(
    path: &Path,
    options: &Options,
    progress: &AtomicU64,
) -> Result<Analysis, AnalyseError> {
    let open_error = |source| AnalyseError::Open {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(open_error)?;
    let metadata = file.metadata().map_err(open_error)?;
    if metadata.is_dir() {
        return Err(AnalyseError::Directory {
            path: path.to_owned(),
        });
    }
    if !metadata.is_file() {
        // A FIFO or a device would work with the pipeline, but not with `mmap`; keep it simple.
        return Err(AnalyseError::NotAFile {
            path: path.to_owned(),
        });
    }
    let engine_error = |source| AnalyseError::Engine {
        path: path.to_owned(),
        source,
    };
    let (partial, times) = match options.engine {
        Engine::Pipeline => engine::pipeline(
            file,
            options.threads,
            options.chunk_size,
            options.max_line,
            progress,
        ),
        Engine::Sequential => engine::sequential(
            BufReader::with_capacity(1 << 16, file),
            options.max_line,
            progress,
        ),
        Engine::Rayon if metadata.len() == 0 => Ok(Default::default()), // mmap refuses length 0
        Engine::Rayon => {
            // SAFETY: the map is read-only and lives only during this call. If another process
            // truncates the file meanwhile, reading the vanished pages raises SIGBUS; that is the
            // documented cost of mmap, acceptable for a log that is no longer being written.
            let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|source| AnalyseError::Map {
                path: path.to_owned(),
                source,
            })?;
            engine::rayon(
                &map,
                options.threads,
                options.chunk_size,
                options.max_line,
                progress,
            )
        }
    }
    .map_err(engine_error)?;
    let (malformed_reasons, distinct) = (partial.malformed_reasons, partial.distinct_keys());
    // Timed for `--stats`: with the merge, this is the part of the work that runs on one core.
    let started = std::time::Instant::now();
    let report = partial.finish(options.top);
    let times = StageTimes {
        finish: started.elapsed(),
        ..times
    };
    Ok(Analysis {
        report,
        times,
        malformed_reasons,
        distinct,
    })
}
