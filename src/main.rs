//! The `lode` command: parse, run, turn the outcome into an exit status.
//! Everything else lives in the library (src/lib.rs).

use clap::Parser;

use lode::config::{Config, OutputKind};
use lode::printer::SummaryKind;
use lode::{cli, run};

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
