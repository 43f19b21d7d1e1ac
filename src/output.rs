//! Where results and errors leave the process.
//!
//! [`Output`] writes each file's rendered results to stdout under one lock,
//! with the separator ripgrep puts between files. [`Reporter`] is the one
//! place that prints errors and remembers that one happened.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Standard output, shared by all worker threads.
pub struct Output {
    /// Whether any file's results were written yet.
    wrote_any: Mutex<bool>,
    /// Written between two files' results: a blank line under headings, or
    /// `--` when context is shown.
    separator: Option<Vec<u8>>,
}

impl Output {
    pub fn new(separator: Option<Vec<u8>>) -> Output {
        Output {
            wrote_any: Mutex::new(false),
            separator,
        }
    }

    /// Writes one piece of output that is not a file's search results.
    pub fn write_file(&self, rendered: &[u8]) {
        self.write_results(rendered, true);
    }

    /// Writes one file's results in one piece, after the separator if
    /// something was written before and they open with a line (ripgrep
    /// puts none before a lone binary message). A closed pipe ends the
    /// process quietly and successfully, as it does for ripgrep.
    pub fn write_results(&self, rendered: &[u8], opens_with_line: bool) {
        if rendered.is_empty() {
            return;
        }
        let mut wrote_any = self.wrote_any.lock().unwrap_or_else(|e| e.into_inner());
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        let mut result = Ok(());
        if *wrote_any && opens_with_line {
            if let Some(separator) = &self.separator {
                result = stdout.write_all(separator);
            }
        }
        result = result.and_then(|()| stdout.write_all(rendered));
        *wrote_any = true;
        exit_on_error(result);
    }

    /// Writes more of the results of the file written last, with no
    /// separator before them.
    pub fn write_more(&self, rendered: &[u8]) {
        if rendered.is_empty() {
            return;
        }
        let mut wrote_any = self.wrote_any.lock().unwrap_or_else(|e| e.into_inner());
        exit_on_error(io::stdout().lock().write_all(rendered));
        *wrote_any = true;
    }

    /// Writes bytes that belong to no file (the `--stats` block).
    pub fn write_raw(&self, bytes: &[u8]) {
        let _guard = self.wrote_any.lock().unwrap_or_else(|e| e.into_inner());
        exit_on_error(io::stdout().lock().write_all(bytes));
    }

    /// Flushes stdout at the end of the run.
    pub fn flush(&self) {
        exit_on_error(io::stdout().lock().flush());
    }
}

fn exit_on_error(result: io::Result<()>) {
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("lode: error writing output: {e}");
            std::process::exit(2);
        }
    }
}

/// Prints errors, one whole line at a time, and records that one happened.
pub struct Reporter {
    quiet: bool,
    errored: AtomicBool,
}

impl Reporter {
    /// `quiet` suppresses the messages (`--no-messages`), not the exit status.
    pub fn new(quiet: bool) -> Reporter {
        Reporter {
            quiet,
            errored: AtomicBool::new(false),
        }
    }

    pub fn error(&self, message: impl Display) {
        self.errored.store(true, Ordering::SeqCst);
        if !self.quiet {
            let line = format!("lode: {message}\n");
            let _ = io::stderr().lock().write_all(line.as_bytes());
        }
    }

    /// A message that is not an error (the exit status stays as it is),
    /// such as an ignore file that cannot be read.
    pub fn warn(&self, message: impl Display) {
        if !self.quiet {
            let line = format!("lode: {message}\n");
            let _ = io::stderr().lock().write_all(line.as_bytes());
        }
    }

    /// A `--debug` line: not an error, and never suppressed.
    pub fn debug(&self, message: impl Display) {
        let line = format!("lode: DEBUG: {message}\n");
        let _ = io::stderr().lock().write_all(line.as_bytes());
    }

    pub fn errored(&self) -> bool {
        self.errored.load(Ordering::SeqCst)
    }
}
