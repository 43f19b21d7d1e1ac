//! The `lode` command: parse, run, turn the outcome into an exit status.
//! Everything else lives in the library (src/lib.rs).

use lode::config::{Config, OutputKind};
use lode::output::program_name;
use lode::{cli, run};

fn main() {
    let mut warnings = Vec::new();
    let argv = cli::with_config_file(std::env::args_os().collect(), &mut warnings);
    for warning in warnings {
        eprintln!("{}: {warning}", program_name());
    }
    let args = match cli::Args::parse_from_argv(argv) {
        Ok(args) => args,
        Err(err) => err.exit(),
    };
    if args.pcre2_version {
        println!("{}", lode::matcher::Matcher::pcre2_version());
        std::process::exit(0);
    }
    if let Some(kind) = args.generate {
        use std::io::Write;
        let written = std::io::stdout().lock().write_all(&kind.render());
        std::process::exit(if written.is_ok() { 0 } else { 2 });
    }
    let config = match Config::from_args(args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{}: {message}", program_name());
            std::process::exit(2);
        }
    };
    let outcome = run::run(&config);
    let code = match &outcome.output_failure {
        // A closed pipe (`lode ... | head`) ends the run quietly and
        // successfully, as it does ripgrep's.
        Some(err) if err.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Some(err) => {
            eprintln!("{}: error writing output: {err}", program_name());
            2
        }
        None => {
            let quiet = matches!(config.output_kind, OutputKind::Summary(kind) if kind.is_quiet());
            outcome.exit_code(quiet)
        }
    };
    std::process::exit(code);
}
