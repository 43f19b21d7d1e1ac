//! Where results and errors leave the process.
//!
//! [`Output`] writes each file's rendered results to stdout under one lock,
//! with the separator ripgrep puts between files. [`Reporter`] is the one
//! place that prints errors and remembers that one happened.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::config::{Config, OutputKind};

/// Standard output, shared by all worker threads.
///
/// The first write that fails closes it: nothing is written after that,
/// and the failure is kept for the end of the run (see
/// [`Output::into_failure`]), where a closed pipe ends the run quietly
/// and any other error is reported, as ripgrep does.
pub struct Output {
    state: Mutex<State>,
    /// Written between two files' results: a blank line under headings, or
    /// `--` when context is shown.
    separator: Option<Vec<u8>>,
    /// Set at the first failed write, for workers to see without the lock
    /// that the rest of the run can stop.
    closed: AtomicBool,
}

/// What the writers share under the lock.
struct State {
    /// Whether any file's results were written yet.
    wrote_any: bool,
    /// The first write that failed.
    failure: Option<io::Error>,
}

impl Output {
    /// Standard output, with `separator` between two files' results.
    pub fn new(separator: Option<Vec<u8>>) -> Output {
        Output {
            state: Mutex::new(State {
                wrote_any: false,
                failure: None,
            }),
            separator,
            closed: AtomicBool::new(false),
        }
    }

    /// Writes one piece of output that is not a file's search results.
    pub fn write_file(&self, rendered: &[u8]) {
        self.write_results(rendered, true);
    }

    /// Writes one file's results in one piece, after the separator if
    /// something was written before and they open with a line (ripgrep
    /// puts none before a lone binary message).
    pub fn write_results(&self, rendered: &[u8], opens_with_line: bool) {
        if rendered.is_empty() {
            return;
        }
        self.write_with(|state, stdout| {
            if state.wrote_any && opens_with_line {
                if let Some(separator) = &self.separator {
                    stdout.write_all(separator)?;
                }
            }
            state.wrote_any = true;
            stdout.write_all(rendered)
        });
    }

    /// Writes more of the results of the file written last, with no
    /// separator before them.
    pub fn write_more(&self, rendered: &[u8]) {
        if rendered.is_empty() {
            return;
        }
        self.write_with(|state, stdout| {
            state.wrote_any = true;
            stdout.write_all(rendered)
        });
    }

    /// Writes bytes that belong to no file (the `--stats` block).
    pub fn write_raw(&self, bytes: &[u8]) {
        self.write_with(|_, stdout| stdout.write_all(bytes));
    }

    /// Flushes stdout at the end of the run.
    pub fn flush(&self) {
        self.write_with(|_, stdout| stdout.flush());
    }

    /// Whether a write failed: nothing more will be written, so there is
    /// no use in searching on.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// The first write that failed, if one did.
    pub fn into_failure(self) -> Option<io::Error> {
        self.state
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .failure
    }

    /// Runs `write` on stdout under the lock, unless a write failed
    /// before; keeps its failure.
    fn write_with(
        &self,
        write: impl FnOnce(&mut State, &mut io::StdoutLock<'_>) -> io::Result<()>,
    ) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.failure.is_some() {
            return;
        }
        if let Err(err) = write(&mut state, &mut io::stdout().lock()) {
            state.failure = Some(err);
            self.closed.store(true, Ordering::Relaxed);
        }
    }
}

/// What ripgrep prints between two files' results; `named` says whether
/// files' results are printed under their names.
pub fn file_separator(config: &Config, named: bool) -> Option<Vec<u8>> {
    if config.output_kind != OutputKind::Standard {
        None
    } else if config.printer.heading && named && !config.printer.vimgrep {
        Some(config.printer.line_term().to_vec())
    } else if config.searcher.options().has_context() && !config.searcher.options().passthru {
        let mut line = config.printer.context_separator.clone()?;
        line.extend_from_slice(config.printer.line_term());
        Some(line)
    } else {
        None
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
            let line = format!("{}: {message}\n", program_name());
            let _ = io::stderr().lock().write_all(line.as_bytes());
        }
    }

    /// A message that is not an error (the exit status stays as it is),
    /// such as an ignore file that cannot be read.
    pub fn warn(&self, message: impl Display) {
        if !self.quiet {
            let line = format!("{}: {message}\n", program_name());
            let _ = io::stderr().lock().write_all(line.as_bytes());
        }
    }

    /// A `--debug` line: not an error, and never suppressed.
    pub fn debug(&self, message: impl Display) {
        let line = format!("{}: DEBUG: {message}\n", program_name());
        let _ = io::stderr().lock().write_all(line.as_bytes());
    }

    pub fn errored(&self) -> bool {
        self.errored.load(Ordering::SeqCst)
    }
}

/// The name messages start with: the one lode was run by (the last part
/// of its first argument), as Unix tools do, so lode installed as `rg`
/// for a caller of ripgrep says `rg:`; `lode` when there is none.
pub fn program_name() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        std::env::args_os()
            .next()
            .and_then(|arg0| {
                let name = std::path::Path::new(&arg0)
                    .file_name()?
                    .to_string_lossy()
                    .into_owned();
                (!name.is_empty()).then_some(name)
            })
            .unwrap_or_else(|| "lode".to_string())
    })
}

/// A path as messages print it (lossy UTF-8), made text only when a
/// message is written: most files never need one.
#[derive(Clone, Copy)]
pub struct Shown<'p>(pub &'p [u8]);

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.0))
    }
}
