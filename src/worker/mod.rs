//! Searching one haystack: io → search → printer, on one worker thread.
//!
//! A [`Worker`] owns the buffers it reuses from file to file. For each
//! haystack it opens the bytes the way the strategy selector chooses (or
//! through a preprocessor), builds the printer, hands both to the
//! [`Searcher`](crate::search::Searcher) entry point for that kind of
//! source, searches again what is left of a mapped file that shrank, and
//! returns what the printer made of it.

mod unpack;

use std::fs::File;
use std::io::Read;
use std::ops::Range;

use crate::config::{Config, OutputKind};
use crate::io::preprocess::{Running, SpawnError};
use crate::io::{self, Opened, Source};
use crate::output::Shown;
use crate::printer::{FileOutcome, JsonSink, Printer, StandardSink, SummaryKind, SummarySink};
use crate::search::{BinaryRule, Chunked, Mapped, Origin, Sniff, Stream, StreamEnd};
use crate::stats::RunStats;
use crate::walk::Haystack;

/// Where a worker reports errors and debug lines.
pub trait Report {
    fn error(&self, message: String);
    fn debug(&self, message: String);
}

/// Where a stream's output goes as it is searched: the bytes, and whether
/// the file's output opens with a line. It returns whether output can go
/// on: false (the output is closed) stops the search.
pub type WriteEarly<'w> = &'w mut dyn FnMut(&[u8], bool) -> bool;

/// Searches haystacks one at a time, reusing its buffers.
pub struct Worker<'c> {
    config: &'c Config,
    stats: &'c RunStats,
    read_buffer: Vec<u8>,
    /// Directories of recently walked files, to open files by bare name.
    dirs: io::dirs::DirHandles,
    /// The window streamed files go through, reused from file to file.
    rolling: io::stream::RollingBuffer,
    /// The last file's rendered output, ready to write.
    pub rendered: Vec<u8>,
    /// Whether that output opens with a line (see [`FileOutcome`]).
    pub rendered_opens_with_line: bool,
    /// Part of the last file's output was handed out while it was searched
    /// (see [`Worker::search`]); `rendered` is what came after.
    pub wrote_early: bool,
}

/// One file's name as printed, and what a search of it needs to know.
struct Target<'h> {
    /// The path as messages print it.
    shown: Shown<'h>,
    /// The path as the printer prints it, if it prints one.
    path: Option<&'h [u8]>,
    rule: BinaryRule,
    explicit: bool,
}

impl<'c> Worker<'c> {
    pub fn new(config: &'c Config, stats: &'c RunStats) -> Worker<'c> {
        Worker {
            config,
            stats,
            read_buffer: Vec::new(),
            dirs: io::dirs::DirHandles::default(),
            rolling: io::stream::RollingBuffer::new(),
            rendered: Vec::new(),
            rendered_opens_with_line: false,
            wrote_early: false,
        }
    }

    /// Searches `haystack`, leaving its output in `self.rendered`; `None`
    /// when it could not be opened or read (the error is reported).
    ///
    /// With `early`, a stream's output is handed to it as each window is
    /// searched (with whether it opens with a line), instead of all at
    /// the end: `tail -f log | lode error` prints as lines come. Then
    /// [`Worker::wrote_early`] says `self.rendered` holds only the rest.
    pub fn search(
        &mut self,
        haystack: &Haystack,
        report: &dyn Report,
        early: Option<WriteEarly<'_>>,
    ) -> Option<FileOutcome> {
        self.rendered.clear();
        self.wrote_early = false;
        let config = self.config;
        // --path-separator changes printed paths, not JSON's.
        let separator = config
            .path_separator
            .filter(|_| config.output_kind != OutputKind::Json);
        let display = haystack.display_with(config.implicit_cwd, separator);
        let shown = Shown(&display);
        let opened = open(config, haystack, &mut self.dirs, &mut self.read_buffer);
        let (mut opened, running) = match opened {
            Ok(opened) => opened,
            Err(message) => {
                report.error(format!("{shown}: {message}"));
                return None;
            }
        };
        if config.debug {
            let choice = &opened.choice;
            let (strategy, reason) = (choice.strategy.name(), &choice.reason);
            report.debug(format!("{shown}: {strategy} ({reason})"));
        }
        let layout = match (haystack, &running) {
            (Haystack::File { path, .. }, None) if config.unpack.enabled => {
                match unpack::sniff(path, &mut opened.source, shown, report) {
                    Ok(layout) => layout,
                    Err(err) => {
                        report.error(format!("{shown}: {err}"));
                        return None;
                    }
                }
            }
            _ => None,
        };
        let origin = match (haystack, &running) {
            (Haystack::Stdin, _) => Origin::Stdin,
            (_, Some(_)) => Origin::Command {
                explicit: haystack.is_explicit(),
            },
            _ if layout.is_some() => Origin::Command {
                explicit: haystack.is_explicit(),
            },
            (_, None) if haystack.is_explicit() => Origin::Explicit,
            (_, None) => Origin::Walked,
        };
        let target = Target {
            shown,
            path: printed_path(config, &display),
            rule: config.searcher.binary_rule(origin),
            explicit: haystack.is_explicit(),
        };
        // Per-file figures cost a clock read and a shared lock: only
        // --stats wants them.
        let started = config.stats.then(std::time::Instant::now);
        let strategy = opened.choice.strategy;
        let mut file = FileSearch {
            config,
            stats: self.stats,
            rendered: &mut self.rendered,
            rolling: &mut self.rolling,
            wrote_early: &mut self.wrote_early,
        };
        let outcome = match layout {
            Some(layout) => file.search_unpacked(opened.source, layout, &target, report),
            None => file.search_opened(opened, &target, report, early),
        };
        // A match error ended the search there; what it found is kept.
        if let Some(message) = config.matcher.take_match_error() {
            report.error(format!("{}: {message}", target.shown));
        }
        if let Some(command) = running {
            if let Err(message) = command.finish() {
                report.error(format!("{}: {message}", target.shown));
            }
        }
        self.rendered_opens_with_line = outcome.is_some_and(|o| o.opens_with_line);
        if let (Some(mut outcome), Some(started)) = (outcome, started) {
            outcome.stats.elapsed = started.elapsed();
            self.stats.add(&outcome.stats);
            self.stats.io.record(strategy, outcome.stats.bytes_searched);
        }
        outcome
    }
}

/// The part of a worker one file's search writes to.
struct FileSearch<'w, 'c> {
    config: &'c Config,
    stats: &'c RunStats,
    rendered: &'w mut Vec<u8>,
    rolling: &'w mut io::stream::RollingBuffer,
    wrote_early: &'w mut bool,
}

impl FileSearch<'_, '_> {
    /// Searches an opened haystack by the entry point for its source.
    fn search_opened(
        &mut self,
        opened: Opened<'_>,
        target: &Target<'_>,
        report: &dyn Report,
        early: Option<WriteEarly<'_>>,
    ) -> Option<FileOutcome> {
        // A regular file ripgrep would map: its NUL bytes count as in a
        // mapped file, which needs all of it (as do -U and --scope file).
        let read_whole = target.rule.whole
            || self.config.scope.is_file()
            || (target.rule.as_mapped
                && matches!(opened.choice.reason, io::select::Reason::Size { .. }));
        match opened.source {
            Source::Buffer(bytes) => Some(self.search_bytes(bytes, target, report)),
            Source::Mapped(mapping) => {
                let file = opened.file.as_ref();
                Some(self.search_mapping(&mapping, file, target, report))
            }
            Source::Stream(mut reader) if read_whole => {
                let mut whole = Vec::new();
                let read = match self.config.searcher.read_whole(&mut *reader, &mut whole) {
                    Ok(read) => read,
                    Err(err) => {
                        report.error(format!("{}: {err}", target.shown));
                        return None;
                    }
                };
                let outcome = self.search_bytes(&whole, target, report);
                report_end(report, target, read);
                Some(outcome)
            }
            Source::Stream(mut reader) => {
                let result = self.search_reader(&mut *reader, target, early);
                match result {
                    Ok((outcome, ended)) => {
                        report_end(report, target, ended);
                        Some(outcome)
                    }
                    Err(err) => {
                        report.error(format!("{}: {err}", target.shown));
                        None
                    }
                }
            }
        }
    }

    /// Searches a whole file in memory into a fresh printer, replacing
    /// whatever was rendered before, and reports a decoded line too long
    /// to search.
    fn search_bytes(
        &mut self,
        bytes: &[u8],
        target: &Target<'_>,
        report: &dyn Report,
    ) -> FileOutcome {
        let (outcome, ended) = self.search_bytes_quietly(bytes, target);
        report_end(report, target, ended);
        outcome
    }

    /// [`FileSearch::search_bytes`], saying how the search ended instead of
    /// reporting it.
    fn search_bytes_quietly(
        &mut self,
        bytes: &[u8],
        target: &Target<'_>,
    ) -> (FileOutcome, StreamEnd) {
        let config = self.config;
        self.rendered.clear();
        let mut printer = new_printer(config, self.rendered, target.path);
        let searcher = &config.searcher;
        let matcher = config
            .scope
            .matcher_for(&config.matcher, bytes, searcher.decoding());
        let ended = searcher.search_slice(matcher, bytes, target.rule, &mut printer);
        (printer.outcome(), ended)
    }

    /// Searches a stream window by window, handing output to `early` as
    /// it is made.
    fn search_reader(
        &mut self,
        reader: &mut dyn Read,
        target: &Target<'_>,
        early: Option<WriteEarly<'_>>,
    ) -> std::io::Result<(FileOutcome, StreamEnd)> {
        let config = self.config;
        let wrote_early = &mut *self.wrote_early;
        let mut early = early.map(|write| {
            move |printer: &mut Printer<'_>| {
                let mut open = true;
                printer.write_early(&mut |bytes: &[u8], opens_with_line: bool| {
                    *wrote_early = true;
                    open = write(bytes, opens_with_line);
                });
                open
            }
        });
        let stream = Stream {
            reader,
            sniff: Sniff::Yes,
            after_window: early.as_mut().map(|after| after as _),
            line_limit: config.searcher.stream_line_limit(),
        };
        let mut printer = new_printer(config, self.rendered, target.path);
        let mode = target.rule.mode;
        let (searcher, matcher) = (&config.searcher, &config.matcher);
        let ended = searcher.search_stream(matcher, stream, self.rolling, mode, &mut printer)?;
        Ok((printer.outcome(), ended))
    }

    /// Searches a mapped file (in parallel chunks when it is large and
    /// named on the command line), and again what is left of it if it
    /// shrank meanwhile: the chunked search stops as soon as the guard has
    /// seen the file shrink, instead of reading the zero pages that stand
    /// for the lost part.
    fn search_mapping(
        &mut self,
        mapping: &io::mmap::Mapping,
        file: Option<&File>,
        target: &Target<'_>,
        report: &dyn Report,
    ) -> FileOutcome {
        let config = self.config;
        let bytes = mapping.bytes();
        let searcher = &config.searcher;
        let matcher = config
            .scope
            .matcher_for(&config.matcher, bytes, searcher.decoding());
        let release = |range: Range<usize>| mapping.release(range);
        let abandon = || mapping.truncated_at().is_some();
        let chunked = Chunked {
            threads: self.threads_for_mapping(mapping, target),
            release: &release,
            abandon: &abandon,
            long_line: &|bytes, windows, split| {
                self.stats.io.record_long_line(bytes, windows, split)
            },
        };
        let mut printer = new_printer(config, self.rendered, target.path);
        let ended = searcher.search_mapped(matcher, bytes, target.rule, &chunked, &mut printer);
        let outcome = printer.outcome();
        // A truncation voids whatever was found: no exact search of the
        // whole mapping then, only of what is left.
        if mapping.truncated_at().is_some() {
            self.stats.io.record_truncation();
            if let Mapped::Abandoned { unsearched_from } = ended {
                let unsearched = bytes.len().saturating_sub(unsearched_from);
                self.stats.io.record_stopped_early(unsearched as u64);
            }
            return self.search_shrunk(mapping, file, target, report);
        }
        match ended {
            Mapped::Searched | Mapped::Abandoned { .. } => outcome,
            Mapped::LineTooLong { limit } => {
                report_end(report, target, StreamEnd::LineTooLong { limit });
                outcome
            }
            // A NUL only the exact search handles: search it again.
            Mapped::Exact => self.search_bytes(bytes, target, report),
        }
    }

    /// The threads to search a mapped file on: those of the run for a
    /// file named on the command line (in a walk, the other threads are
    /// busy), but one for a file mostly out of the page cache.
    fn threads_for_mapping(&self, mapping: &io::mmap::Mapping, target: &Target<'_>) -> usize {
        if !target.explicit || self.config.threads == 1 {
            return 1;
        }
        if mapping.is_cold() {
            self.stats.io.record_cold_mapping();
            return 1;
        }
        self.config.threads
    }

    /// Searches again only the bytes of a shrunk mapping that still exist,
    /// replacing what was rendered, and says what was dropped.
    fn search_shrunk(
        &mut self,
        mapping: &io::mmap::Mapping,
        file: Option<&File>,
        target: &Target<'_>,
        report: &dyn Report,
    ) -> FileOutcome {
        let mapped_size = mapping.bytes().len();
        let mut limit = mapped_size;
        // The file may shrink again while we search what is left; each
        // round can only lower the limit.
        let (outcome, ended) = loop {
            let size_now = file
                .and_then(|f| f.metadata().ok())
                .map_or(0, |m| m.len() as usize);
            let lost_from = mapping.truncated_at().unwrap_or(mapped_size);
            limit = limit.min(size_now).min(lost_from);
            let searched = self.search_bytes_quietly(&mapping.bytes()[..limit], target);
            if mapping.truncated_at().unwrap_or(mapped_size) >= limit {
                break searched;
            }
        };
        report_end(report, target, ended);
        report.error(format!(
            "{}: file shrank from {mapped_size} to {limit} bytes while it was searched; \
             matches past byte {limit} were dropped",
            target.shown
        ));
        outcome
    }
}

/// Reports a search that `ended` before the end of its text, if it did.
fn report_end(report: &dyn Report, target: &Target<'_>, ended: StreamEnd) {
    if let Some(message) = ended.error() {
        report.error(format!("{}: {message}", target.shown));
    }
}

/// Opens a haystack: stdin, a file through its preprocessor (with the
/// command to wait for), or a file as the strategy selector chooses.
fn open<'b>(
    config: &Config,
    haystack: &Haystack,
    dirs: &mut io::dirs::DirHandles,
    read_buffer: &'b mut Vec<u8>,
) -> Result<(Opened<'b>, Option<Running>), String> {
    let (path, explicit) = match haystack {
        Haystack::Stdin => return Ok((io::open_stdin().map_err(|e| e.to_string())?, None)),
        Haystack::File { path, explicit } => (path, *explicit),
    };
    let plan = config
        .preprocessing
        .is_active()
        .then(|| config.preprocessing.plan_for(path))
        .flatten();
    match plan.map(|plan| plan.spawn(path)) {
        Some(Ok((command, stdout))) => Ok((Opened::preprocessed(stdout), Some(command))),
        Some(Err(SpawnError::Failed(message))) => Err(message),
        None | Some(Err(SpawnError::Missing)) => {
            let walked = (!explicit).then_some(dirs);
            let opened = io::open_path(path, config.io, walked, read_buffer);
            Ok((opened.map_err(|e| e.to_string())?, None))
        }
    }
}

/// The path as the printer shows it, if it shows one. -l and
/// --files-without-match print it even where paths are otherwise left out
/// (one file named, stdin, -I), as ripgrep does.
fn printed_path<'h>(config: &Config, display: &'h [u8]) -> Option<&'h [u8]> {
    let lists_paths = matches!(
        config.output_kind,
        OutputKind::Summary(SummaryKind::FilesWithMatches | SummaryKind::FilesWithoutMatch)
    );
    (config.printer.with_filename || lists_paths || config.output_kind == OutputKind::Json)
        .then_some(display)
}

/// The printer the config asks for, rendering one file into `out`.
fn new_printer<'a>(
    config: &'a Config,
    out: &'a mut Vec<u8>,
    path: Option<&'a [u8]>,
) -> Printer<'a> {
    let matcher = &config.matcher;
    match config.output_kind {
        OutputKind::Standard => Printer::Standard(StandardSink::new(
            &config.printer,
            matcher,
            out,
            path,
            config.stats,
        )),
        OutputKind::Summary(kind) => Printer::Summary(SummarySink::new(
            kind,
            &config.printer,
            matcher,
            out,
            path,
            config.stats,
        )),
        OutputKind::Json => Printer::Json(JsonSink::new(
            matcher,
            config.printer.replace.as_deref(),
            out,
            path.unwrap_or_default(),
            config.searcher.options().invert,
            config.printer.terminator(),
        )),
    }
}
