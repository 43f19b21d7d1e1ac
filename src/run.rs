//! One run of lode: walk the paths, search each file on a worker thread,
//! print, and say whether anything matched.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::config::{Config, Mode, OutputKind, STDIN_PATH};
use crate::io::cold::{self, Probe};
use crate::output::{file_separator, Output, Reporter};
use crate::printer::{self, FileLink};
use crate::sort::SortOrder;
use crate::stats::RunStats;
use crate::walk::{self, Haystack};
use crate::worker::{Report, Worker, WriteEarly};

/// What a run found, for the exit status.
#[derive(Debug)]
pub struct Outcome {
    pub matched: bool,
    pub errored: bool,
    /// The write to standard output that failed, after which the run
    /// wrote nothing more and stopped searching: a closed pipe
    /// (`lode ... | head`) or another error. It decides the exit status
    /// over the other fields.
    pub output_failure: Option<std::io::Error>,
}

impl Outcome {
    /// 0 a match, 1 none, 2 an error (even with a match, except with `-q`);
    /// [`Outcome::output_failure`] is not looked at.
    pub fn exit_code(&self, quiet: bool) -> i32 {
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
    let output = match config.mode {
        Mode::Search => Output::new(file_separator(config, config.printer.with_filename)),
        Mode::TypeList | Mode::Files => Output::new(None),
    };
    let matched = match config.mode {
        Mode::TypeList => print_type_list(config, &reporter, &output),
        Mode::Files => list_files(config, &reporter, &output),
        Mode::Search => search_paths(config, &reporter, &output),
    };
    Outcome {
        matched,
        errored: reporter.errored(),
        output_failure: output.into_failure(),
    }
}

/// State every worker shares for one run.
struct Shared<'a> {
    config: &'a Config,
    output: &'a Output,
    reporter: &'a Reporter,
    matched: AtomicBool,
    /// Whether any file was opened for searching.
    searched_any: AtomicBool,
    /// Set when `-q` has its answer: every worker stops.
    quit: AtomicBool,
    stats: RunStats,
}

impl Shared<'_> {
    /// Whether the run is over: `-q` has its answer, or output can no
    /// longer be written. Workers take no new file then.
    fn stopped(&self) -> bool {
        self.quit.load(Ordering::Relaxed) || self.output.is_closed()
    }
}

impl Report for Shared<'_> {
    fn error(&self, message: String) {
        self.reporter.error(message);
    }

    fn debug(&self, message: String) {
        self.reporter.debug(message);
    }
}

impl Shared<'_> {
    /// Reports a walker error, or searches the entry's file (if it is one
    /// to search) and writes its results.
    fn search_entry(
        &self,
        worker: &mut Worker<'_>,
        entry: Result<ignore::DirEntry, ignore::Error>,
    ) {
        match entry {
            Err(err) => self.reporter.error(err),
            Ok(entry) => {
                if let Some(haystack) = Haystack::from_entry(entry) {
                    self.search(worker, &haystack);
                    self.write_rendered(worker);
                }
            }
        }
    }

    /// Writes the results `worker` holds after [`Shared::search`].
    fn write_rendered(&self, worker: &Worker<'_>) {
        if worker.wrote_early {
            self.output.write_more(&worker.rendered);
        } else {
            self.output
                .write_results(&worker.rendered, worker.rendered_opens_with_line);
        }
    }

    /// Searches one haystack on `worker`, leaving its results (or, for a
    /// stream searched alone, what is left of them) in the worker.
    fn search(&self, worker: &mut Worker<'_>, haystack: &Haystack) {
        self.searched_any.store(true, Ordering::Relaxed);
        // A stream alone in the run (unsorted, stdin is searched before
        // any other path) is written as it is searched; in any other case
        // output must wait its turn.
        let only_path = self.config.paths.len() == 1;
        let alone = match haystack {
            Haystack::Stdin => only_path || self.config.sort.is_none(),
            Haystack::File { .. } => only_path && self.config.sort.is_none(),
        };
        let mut first = true;
        let mut write_early = |bytes: &[u8], opens_with_line: bool| {
            if std::mem::take(&mut first) {
                self.output.write_results(bytes, opens_with_line);
            } else {
                self.output.write_more(bytes);
            }
            !self.output.is_closed()
        };
        let early = alone.then_some(&mut write_early as WriteEarly<'_>);
        let Some(result) = worker.search(haystack, self, early) else {
            return;
        };
        if result.matched {
            self.matched.store(true, Ordering::SeqCst);
            if matches!(self.config.output_kind, OutputKind::Summary(kind) if kind.is_quiet())
                && !self.config.stats
            {
                self.quit.store(true, Ordering::SeqCst);
            }
        }
    }
}

fn search_paths(config: &Config, reporter: &Reporter, output: &Output) -> bool {
    if config.searcher.options().max_count == Some(0) {
        // -m 0: ripgrep searches nothing at all, not even to report errors.
        return false;
    }
    let started = std::time::Instant::now();
    let shared = Shared {
        config,
        output,
        reporter,
        matched: AtomicBool::new(false),
        searched_any: AtomicBool::new(false),
        quit: AtomicBool::new(false),
        stats: RunStats::default(),
    };
    let walked = match config.sort {
        Some(order) => search_sorted(&shared, order),
        None => search_unsorted(&shared),
    };
    if !walked {
        return false;
    }
    if config.json_summary {
        let summary = shared.stats.render_json(started.elapsed());
        shared.output.write_raw(&summary);
    } else if config.stats {
        let mut text = shared.stats.render(started.elapsed());
        if config.stats_io {
            text.push_str(&shared.stats.io.render());
        }
        shared.output.write_raw(text.as_bytes());
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

/// Whether the only path is not a directory: then there is nothing to walk,
/// and walker threads would only cost their start and their idle waits.
fn is_one_file(paths: &[std::path::PathBuf]) -> bool {
    match paths {
        [path] => std::fs::metadata(path).is_ok_and(|meta| !meta.is_dir()),
        _ => false,
    }
}

/// Searches stdin first, then the files in whatever order they are
/// found; `false` when the walk could not start.
fn search_unsorted(shared: &Shared<'_>) -> bool {
    let config = shared.config;
    let (stdin, paths): (Vec<_>, Vec<_>) = config
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == STDIN_PATH);
    if !stdin.is_empty() {
        let mut worker = Worker::new(config, &shared.stats);
        shared.search(&mut worker, &Haystack::Stdin);
        shared.write_rendered(&worker);
    }
    if paths.is_empty() || shared.stopped() {
        return true;
    }
    if is_one_file(&paths) {
        let Some(builder) = walker(config, shared.reporter, &paths, 1) else {
            return false;
        };
        shared
            .stats
            .io
            .record_walk(config.threads, Probe::default());
        search_here(shared, builder);
    } else {
        let threads = search_threads(shared, &paths);
        let Some(builder) = walker(config, shared.reporter, &paths, threads) else {
            return false;
        };
        search_parallel(shared, builder);
    }
    true
}

/// The threads to search `paths` on: `-j`'s, or one per core, or more
/// when the page cache is cold (see [`crate::io::cold`]).
fn search_threads(shared: &Shared<'_>, paths: &[std::path::PathBuf]) -> usize {
    let config = shared.config;
    let (threads, probe) = cold::walk_threads(paths, config.threads, config.threads_chosen);
    shared.stats.io.record_walk(threads, probe);
    threads
}

/// The walker over `paths`, or `None` once its error is reported.
fn walker(
    config: &Config,
    reporter: &Reporter,
    paths: &[std::path::PathBuf],
    threads: usize,
) -> Option<ignore::WalkBuilder> {
    match walk::build_walker(paths, &config.walk, threads, &|m| reporter.warn(m)) {
        Ok(builder) => Some(builder),
        Err(message) => {
            reporter.error(message);
            None
        }
    }
}

/// The pool a sorted run searches (and reads file times) on, or `None`
/// once the failure to start it is reported.
fn pool(threads: usize, reporter: &Reporter) -> Option<rayon::ThreadPool> {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => Some(pool),
        Err(err) => {
            reporter.error(format!("could not start worker threads: {err}"));
            None
        }
    }
}

/// Files searched one after the other on this thread.
fn search_here(shared: &Shared<'_>, builder: ignore::WalkBuilder) {
    let mut worker = Worker::new(shared.config, &shared.stats);
    for entry in builder.build() {
        shared.search_entry(&mut worker, entry);
    }
}

/// Files in whatever order the parallel walker finds them.
fn search_parallel(shared: &Shared<'_>, builder: ignore::WalkBuilder) {
    builder.build_parallel().run(|| {
        let mut worker = Worker::new(shared.config, &shared.stats);
        Box::new(move |entry| {
            if shared.stopped() {
                return ignore::WalkState::Quit;
            }
            shared.search_entry(&mut worker, entry);
            ignore::WalkState::Continue
        })
    });
}

/// Everything walked (stdin where its `-` is among the paths), put in
/// `order`, then searched in parallel in batches, each batch printed in
/// order; `false` when the walk could not start.
fn search_sorted(shared: &Shared<'_>, order: SortOrder) -> bool {
    const BATCH: usize = 256;
    let config = shared.config;
    let Some(builder) = walker(config, shared.reporter, &config.paths, config.threads) else {
        return false;
    };
    let threads = search_threads(shared, &config.paths);
    let Some(pool) = pool(threads, shared.reporter) else {
        return true;
    };
    pool.install(|| {
        let haystacks = collect_sorted(shared.reporter, builder, order);
        for batch in haystacks.chunks(BATCH) {
            let rendered: Vec<Rendered> = batch
                .par_iter()
                .map_init(
                    || Worker::new(shared.config, &shared.stats),
                    |worker, haystack| {
                        shared.search(worker, haystack);
                        Rendered::take(worker)
                    },
                )
                .collect();
            for file in &rendered {
                file.write(shared.output);
            }
            if shared.stopped() {
                break;
            }
        }
    });
    true
}

/// One file's results, taken from its worker to be written in turn.
struct Rendered {
    bytes: Vec<u8>,
    opens_with_line: bool,
    /// Standard input searched alone: its first results are written.
    wrote_early: bool,
}

impl Rendered {
    fn take(worker: &mut Worker<'_>) -> Rendered {
        Rendered {
            bytes: std::mem::take(&mut worker.rendered),
            opens_with_line: worker.rendered_opens_with_line,
            wrote_early: worker.wrote_early,
        }
    }

    /// Writes them as [`Shared::write_rendered`] does.
    fn write(&self, output: &Output) {
        if self.wrote_early {
            output.write_more(&self.bytes);
        } else {
            output.write_results(&self.bytes, self.opens_with_line);
        }
    }
}

/// Every haystack of the walk, on this thread, in `order`; walk errors
/// are reported as they come, before anything is searched.
fn collect_sorted(
    reporter: &Reporter,
    builder: ignore::WalkBuilder,
    order: SortOrder,
) -> Vec<Haystack> {
    let mut haystacks = Vec::new();
    for entry in builder.build() {
        match entry {
            Err(err) => reporter.error(err),
            Ok(entry) => haystacks.extend(Haystack::from_entry(entry)),
        }
    }
    order.arrange(haystacks)
}

/// `--files`: every path that would be searched, one per line (or NUL).
fn list_files(config: &Config, reporter: &Reporter, output: &Output) -> bool {
    let Some(builder) = walker(config, reporter, &config.paths, config.threads) else {
        return false;
    };
    if matches!(config.output_kind, OutputKind::Summary(kind) if kind.is_quiet()) {
        return finds_a_file(reporter, builder);
    }
    let listed = &AtomicBool::new(false);
    let terminator = if config.printer.null { 0 } else { b'\n' };
    // Colored (and linked) as ripgrep's path printer does when colors
    // are on.
    let list = |haystack: &Haystack, out: &mut Vec<u8>| {
        let path = haystack.display_with(config.implicit_cwd, config.path_separator);
        if config.printer.colors.is_some() {
            let mut link = FileLink::default();
            printer::write_linked_path(&config.printer, &mut link, out, &path);
        } else {
            out.extend_from_slice(&path);
        }
        out.push(terminator);
    };
    if let Some(order) = config.sort {
        let Some(pool) = pool(config.threads, reporter) else {
            return false;
        };
        let mut out = Vec::new();
        for haystack in pool.install(|| collect_sorted(reporter, builder, order)) {
            list(&haystack, &mut out);
        }
        listed.store(!out.is_empty(), Ordering::Relaxed);
        output.write_file(&out);
    } else {
        builder.build_parallel().run(|| {
            let mut lister = BufferedLister {
                output,
                out: Vec::new(),
            };
            Box::new(move |entry| {
                if output.is_closed() {
                    return ignore::WalkState::Quit;
                }
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

/// `--files -q`: whether the walk finds a file to search, printing
/// nothing and stopping at the first.
fn finds_a_file(reporter: &Reporter, builder: ignore::WalkBuilder) -> bool {
    for entry in builder.build() {
        match entry {
            Err(err) => reporter.error(err),
            Ok(entry) => {
                if Haystack::from_entry(entry).is_some() {
                    return true;
                }
            }
        }
    }
    false
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
fn print_type_list(config: &Config, reporter: &Reporter, output: &Output) -> bool {
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
    output.write_file(&out);
    output.flush();
    true
}
