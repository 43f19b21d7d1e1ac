//! One run of lode: walk the paths, search each file on a worker thread,
//! print, and say whether anything matched.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::config::{Config, Mode, OutputKind, STDIN_PATH};
use crate::output::{Output, Reporter};
use crate::printer::{BinaryNotice, StandardSink, SummaryKind, SummarySink};
use crate::search::binary::{self, BinaryMode};
use crate::search::{self, SearchSummary};
use crate::walk::{self, Haystack};

/// What a run found, for the exit status.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub matched: bool,
    pub errored: bool,
}

impl Outcome {
    /// 0 a match, 1 none, 2 an error (even with a match, except with `-q`).
    pub fn exit_code(self, quiet: bool) -> i32 {
        if self.errored && !(quiet && self.matched) {
            2
        } else if self.matched {
            0
        } else {
            1
        }
    }
}

/// Runs the mode the config asks for.
pub fn run(config: &Config) -> Outcome {
    let reporter = Reporter::new(config.no_messages);
    let matched = match config.mode {
        Mode::TypeList => print_type_list(config, &reporter),
        Mode::Files => list_files(config, &reporter),
        Mode::Search => search_paths(config, &reporter),
    };
    Outcome {
        matched,
        errored: reporter.errored(),
    }
}

/// State every worker shares for one run.
struct Shared<'a> {
    config: &'a Config,
    output: Output,
    reporter: &'a Reporter,
    matched: AtomicBool,
    /// Whether any file was opened for searching.
    searched_any: AtomicBool,
    /// Set when `-q` has its answer: every worker stops.
    quit: AtomicBool,
}

fn search_paths(config: &Config, reporter: &Reporter) -> bool {
    let shared = Shared {
        config,
        output: Output::new(file_separator(config)),
        reporter,
        matched: AtomicBool::new(false),
        searched_any: AtomicBool::new(false),
        quit: AtomicBool::new(false),
    };
    let (stdin, paths): (Vec<_>, Vec<_>) = config
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == STDIN_PATH);
    if !stdin.is_empty() {
        let mut worker = Worker::new(&shared);
        worker.search(&Haystack::Stdin);
        shared.output.write_file(&worker.rendered);
    }
    if !paths.is_empty() && !shared.quit.load(Ordering::Relaxed) {
        match walk::build_walker(&paths, &config.walk, config.threads) {
            Err(message) => {
                reporter.error(message);
                return false;
            }
            Ok(builder) if config.sorted => search_sorted(&shared, builder),
            Ok(builder) => search_parallel(&shared, builder),
        }
    }
    shared.output.flush();
    if config.implicit_cwd && !shared.searched_any.load(Ordering::SeqCst) {
        reporter.error(NOTHING_SEARCHED);
    }
    shared.matched.load(Ordering::SeqCst)
}

/// ripgrep's note when a search of the current directory searched nothing.
const NOTHING_SEARCHED: &str = "No files were searched, which means lode probably applied \
a filter you didn't expect.\nRunning with --debug will show why files are being skipped.";

/// What ripgrep prints between two files' results.
fn file_separator(config: &Config) -> Option<&'static [u8]> {
    if config.output_kind != OutputKind::Standard {
        None
    } else if config.printer.heading && config.printer.with_filename && !config.printer.vimgrep {
        Some(b"\n")
    } else if config.search.has_context() {
        Some(b"--\n")
    } else {
        None
    }
}

/// Files in whatever order the parallel walker finds them.
fn search_parallel(shared: &Shared<'_>, builder: ignore::WalkBuilder) {
    builder.build_parallel().run(|| {
        let mut worker = Worker::new(shared);
        Box::new(move |entry| {
            if shared.quit.load(Ordering::Relaxed) {
                return ignore::WalkState::Quit;
            }
            match entry {
                Err(err) => shared.reporter.error(err),
                Ok(entry) => {
                    if let Some(haystack) = Haystack::from_entry(entry) {
                        worker.search(&haystack);
                        shared.output.write_file(&worker.rendered);
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
}

/// Files in path order: walked in order, searched in parallel in batches,
/// each batch printed in order.
fn search_sorted(shared: &Shared<'_>, builder: ignore::WalkBuilder) {
    const BATCH: usize = 256;
    let haystacks = collect_sorted(shared.reporter, builder);
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(shared.config.threads)
        .build()
    {
        Ok(pool) => pool,
        Err(err) => {
            return shared
                .reporter
                .error(format!("could not start worker threads: {err}"))
        }
    };
    pool.install(|| {
        for batch in haystacks.chunks(BATCH) {
            let rendered: Vec<Vec<u8>> = batch
                .par_iter()
                .map_init(
                    || Worker::new(shared),
                    |worker, haystack| {
                        worker.search(haystack);
                        std::mem::take(&mut worker.rendered)
                    },
                )
                .collect();
            for file in &rendered {
                shared.output.write_file(file);
            }
            if shared.quit.load(Ordering::Relaxed) {
                break;
            }
        }
    });
}

fn collect_sorted(reporter: &Reporter, builder: ignore::WalkBuilder) -> Vec<Haystack> {
    let mut haystacks = Vec::new();
    for entry in builder.build() {
        match entry {
            Err(err) => reporter.error(err),
            Ok(entry) => haystacks.extend(Haystack::from_entry(entry)),
        }
    }
    haystacks
}

/// Searches one haystack at a time, reusing its buffers across files.
struct Worker<'s, 'c> {
    shared: &'s Shared<'c>,
    read_buffer: Vec<u8>,
    /// The last file's results, ready to write.
    rendered: Vec<u8>,
}

impl<'s, 'c> Worker<'s, 'c> {
    fn new(shared: &'s Shared<'c>) -> Worker<'s, 'c> {
        Worker {
            shared,
            read_buffer: Vec::new(),
            rendered: Vec::new(),
        }
    }

    /// Searches `haystack`, leaving its output in `self.rendered`.
    fn search(&mut self, haystack: &Haystack) {
        self.rendered.clear();
        self.shared.searched_any.store(true, Ordering::Relaxed);
        let config = self.shared.config;
        let display = haystack.display_bytes(config.implicit_cwd);
        let read = match haystack {
            Haystack::Stdin => crate::io::read_stdin(&mut self.read_buffer),
            Haystack::File { path, .. } => crate::io::read_path(path, &mut self.read_buffer),
        };
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(err) => {
                let shown = String::from_utf8_lossy(display);
                return self.shared.reporter.error(format!("{shown}: {err}"));
            }
        };
        let mode = if haystack.is_explicit() {
            config.binary_explicit
        } else {
            config.binary_walked
        };
        let path = config.printer.with_filename.then_some(display);
        let matched = search_bytes(config, bytes, mode, path, &mut self.rendered);
        if matched {
            self.shared.matched.store(true, Ordering::SeqCst);
            if config.output_kind == OutputKind::Summary(SummaryKind::Quiet) {
                self.shared.quit.store(true, Ordering::SeqCst);
            }
        }
    }
}

/// Searches one file's bytes under its binary mode, rendering into `out`.
/// Returns whether the file counts as a match for the exit status.
fn search_bytes(
    config: &Config,
    bytes: &[u8],
    mode: BinaryMode,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> bool {
    let nul = match mode {
        BinaryMode::AsText => None,
        BinaryMode::Quit | BinaryMode::Convert => memchr::memchr(0, bytes),
    };
    let context_lines = config.search.before.max(config.search.after);
    let converted;
    let (haystack, quit_at_nul, notice) = match (mode, nul) {
        (BinaryMode::Quit, Some(nul)) => {
            let searched = binary::searched_before_nul(bytes, nul, context_lines);
            (&bytes[..searched], Some(nul as u64), None)
        }
        (BinaryMode::Convert, Some(nul)) => {
            converted = binary::convert_nuls(bytes);
            let notice = BinaryNotice {
                nul_offset: nul as u64,
                searched_before: binary::searched_before_nul(bytes, nul, context_lines) as u64,
            };
            (converted.as_slice(), None, Some(notice))
        }
        _ => (bytes, None, None),
    };
    let binary_reached = |summary: SearchSummary| quit_at_nul.filter(|_| !summary.stopped_early);
    match config.output_kind {
        OutputKind::Standard => {
            let mut sink = StandardSink::new(&config.printer, &config.matcher, out, path, notice);
            let summary = search::search(&config.search, &config.matcher, haystack, 0, &mut sink);
            if let Some(nul) = binary_reached(summary) {
                sink.write_binary_warning(nul);
            }
            sink.has_match()
        }
        OutputKind::Summary(kind) => {
            let mut sink = SummarySink::new(kind, &config.matcher);
            let summary = search::search(&config.search, &config.matcher, haystack, 0, &mut sink);
            sink.finish(
                &config.printer,
                out,
                path,
                binary_reached(summary).is_some(),
            )
        }
    }
}

/// `--files`: every path that would be searched, one per line (or NUL).
fn list_files(config: &Config, reporter: &Reporter) -> bool {
    let builder = match walk::build_walker(&config.paths, &config.walk, config.threads) {
        Ok(builder) => builder,
        Err(message) => {
            reporter.error(message);
            return false;
        }
    };
    let output = Output::new(None);
    let listed = &AtomicBool::new(false);
    let terminator = if config.printer.null { 0 } else { b'\n' };
    let list = |haystack: &Haystack, out: &mut Vec<u8>| {
        out.extend_from_slice(haystack.display_bytes(config.implicit_cwd));
        out.push(terminator);
    };
    if config.sorted {
        let mut out = Vec::new();
        for haystack in collect_sorted(reporter, builder) {
            list(&haystack, &mut out);
        }
        listed.store(!out.is_empty(), Ordering::Relaxed);
        output.write_file(&out);
    } else {
        builder.build_parallel().run(|| {
            let mut lister = BufferedLister {
                output: &output,
                out: Vec::new(),
            };
            Box::new(move |entry| {
                match entry {
                    Err(err) => reporter.error(err),
                    Ok(entry) => {
                        if let Some(haystack) = Haystack::from_entry(entry) {
                            list(&haystack, &mut lister.out);
                            listed.store(true, Ordering::Relaxed);
                            lister.flush_if_full();
                        }
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }
    output.flush();
    listed.load(Ordering::Relaxed)
}

/// Collects one thread's listed paths and writes them in large pieces.
struct BufferedLister<'a> {
    output: &'a Output,
    out: Vec<u8>,
}

impl BufferedLister<'_> {
    fn flush_if_full(&mut self) {
        if self.out.len() >= 64 * 1024 {
            self.output.write_file(&self.out);
            self.out.clear();
        }
    }
}

impl Drop for BufferedLister<'_> {
    fn drop(&mut self) {
        self.output.write_file(&self.out);
    }
}

/// `--type-list`: every file type and its globs, as ripgrep prints them.
fn print_type_list(config: &Config, reporter: &Reporter) -> bool {
    let types = match walk::build_types(&config.walk) {
        Ok(types) => types,
        Err(message) => {
            reporter.error(message);
            return false;
        }
    };
    let mut out = Vec::new();
    for def in types.definitions() {
        out.extend_from_slice(def.name().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(def.globs().join(", ").as_bytes());
        out.push(b'\n');
    }
    let output = Output::new(None);
    output.write_file(&out);
    output.flush();
    true
}
