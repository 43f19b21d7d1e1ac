//! lode: a fast, ripgrep-compatible recursive line search tool.
//!
//! The pipeline, one module per stage: `cli`/`config` (what was asked),
//! `walk` (which files), `sort` (in what order), `io` (how their bytes
//! are reached), `matcher` (where the pattern matches), `search` (which
//! lines), `printer` (what the user sees). `worker` runs them for one file and `run` for a whole
//! command line; the `lode` binary only turns the outcome into an exit
//! status. The modules are public so tests and benchmarks can drive each
//! stage on its own.

pub mod cli;
pub mod config;
pub mod io;
pub mod lines;
pub mod matcher;
pub mod output;
pub mod printer;
pub mod run;
pub mod search;
pub mod sort;
pub mod stats;
pub mod unpack;
pub mod walk;
pub mod worker;
