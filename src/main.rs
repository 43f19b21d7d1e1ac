//! lode: a fast, ripgrep-compatible recursive line search tool.
//!
//! The pipeline, one module per stage: `cli`/`config` (what was asked),
//! `walk` (which files), `io` (how their bytes are reached), `matcher`
//! (where the pattern matches), `search` (which lines), `printer` (what the
//! user sees). `run` wires them; `main` only turns the outcome into an exit
//! status.

mod cli;
mod config;
mod io;
mod matcher;
mod output;
mod printer;
mod run;
mod search;
mod stats;
mod walk;
mod worker;

use clap::Parser;

use crate::config::{Config, OutputKind};
use crate::printer::SummaryKind;

fn main() {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => err.exit(),
    };
    let config = match Config::from_args(args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("lode: {message}");
            std::process::exit(2);
        }
    };
    let outcome = run::run(&config);
    let quiet = config.output_kind == OutputKind::Summary(SummaryKind::Quiet);
    std::process::exit(outcome.exit_code(quiet));
}
