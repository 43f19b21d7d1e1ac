//! Searching one haystack: io → search → printer, on one worker thread.
//!
//! A [`Worker`] owns the buffers it reuses from file to file. For each
//! haystack it opens the bytes the way the strategy selector chooses,
//! applies the binary rules, drives the searcher into the right printer,
//! and handles a mapped file that shrank while it was searched.

use std::fs::File;
use std::io::Read;
use std::ops::Range;

use crate::config::{Config, OutputKind};
use crate::io::decode::{Decoding, Plan, Transcoder, UTF8_BOM};
use crate::io::preprocess::SpawnError;
use crate::io::{self, Source};
use crate::matcher::Matcher;
use crate::printer::{BinaryNotice, JsonSink, StandardSink, SummaryKind, SummarySink};
use crate::search::binary::{self, BinaryMode, RollPolicy};
use crate::search::parallel::NulScan;
use crate::search::{self, lines, parallel, Line, SearchOptions, Searcher, Sink};
use crate::stats::RunStats;
use crate::walk::Haystack;
use encoding_rs::Encoding;

/// What searching one file produced, besides its rendered output.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileResult {
    /// The file counts as a match for the exit status.
    pub matched: bool,
    /// Individual matches (only counted when `--stats` asks).
    pub matches: u64,
    pub matched_lines: u64,
    pub bytes_searched: u64,
    /// Bytes of output, as ripgrep's statistics count them.
    pub bytes_printed: u64,
    /// The rendered output opens with a line (not a binary message).
    pub opens_with_line: bool,
}

/// Where a worker reports errors and debug lines.
pub trait Report {
    fn error(&self, message: String);
    fn debug(&self, message: String);
}

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
    /// Whether that output opens with a line (see [`FileResult`]).
    pub rendered_opens_with_line: bool,
    /// Part of the last file's output was handed out while it was searched
    /// (see [`Worker::search`]); `rendered` is what came after.
    pub wrote_early: bool,
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
    ) -> Option<FileResult> {
        self.rendered.clear();
        self.wrote_early = false;
        let config = self.config;
        // --path-separator changes printed paths, not JSON's.
        let separator = config
            .path_separator
            .filter(|_| config.output_kind != OutputKind::Json);
        let display = haystack.display_with(config.implicit_cwd, separator);
        let display = &display[..];
        let shown = || String::from_utf8_lossy(display).into_owned();
        // A file read through a command (--pre, -z): the command, to
        // wait for once its output is searched.
        let mut running = None;
        let opened = match haystack {
            Haystack::Stdin => io::open_stdin(),
            Haystack::File { path, explicit } => {
                let plan = config
                    .preprocessing
                    .is_active()
                    .then(|| config.preprocessing.plan_for(path))
                    .flatten();
                match plan.map(|plan| plan.spawn(path)) {
                    Some(Ok((command, stdout))) => {
                        running = Some(command);
                        Ok(io::Opened::preprocessed(stdout))
                    }
                    Some(Err(SpawnError::Failed(message))) => {
                        report.error(format!("{}: {message}", shown()));
                        return None;
                    }
                    None | Some(Err(SpawnError::Missing)) => {
                        let walked = (!explicit).then_some(&mut self.dirs);
                        io::open_path(path, config.io, walked, &mut self.read_buffer)
                    }
                }
            }
        };
        let opened = match opened {
            Ok(opened) => opened,
            Err(err) => {
                report.error(format!("{}: {err}", shown()));
                return None;
            }
        };
        if config.debug {
            report.debug(format!(
                "{}: {} ({})",
                shown(),
                opened.choice.strategy.name(),
                opened.choice.reason
            ));
        }
        let mode = if haystack.is_explicit() {
            config.binary_explicit
        } else {
            config.binary_walked
        };
        // A multi-line pattern needs each file whole, and ripgrep then
        // looks for NUL as in a file it maps.
        let whole = config.matcher.is_multiline();
        let rule = BinaryRule {
            mode,
            whole,
            as_mapped: whole
                || running.is_none()
                    && match haystack {
                        Haystack::Stdin => false,
                        Haystack::File { explicit: true, .. } => config.ripgrep_maps_explicit,
                        Haystack::File {
                            explicit: false, ..
                        } => config.ripgrep_maps_walked,
                    },
        };
        // -l and --files-without-match print the path even where paths are
        // otherwise left out (one file named, stdin, -I), as ripgrep does.
        let lists_paths = matches!(
            config.output_kind,
            OutputKind::Summary(SummaryKind::FilesWithMatches | SummaryKind::FilesWithoutMatch)
        );
        let path =
            (config.printer.with_filename || lists_paths || config.output_kind == OutputKind::Json)
                .then_some(display);
        // Per-file figures cost a clock read and shared counters: only
        // --stats wants them.
        let started = config.stats.then(std::time::Instant::now);
        let result = match opened.source {
            Source::Buffer(bytes) => {
                Some(search_slice(config, bytes, rule, path, &mut self.rendered))
            }
            Source::Mapped(mapping) => {
                let bytes = mapping.bytes();
                let result = match config.decoding.plan(bytes) {
                    Plan::Transcode(encoding, mark) => search_transcoded(
                        config,
                        &bytes[mark..],
                        encoding,
                        rule,
                        path,
                        &mut self.rendered,
                    ),
                    plan => {
                        let (rule, text) = rule.text_of(config.decoding, plan, bytes);
                        let skipped = bytes.len() - text.len();
                        let large = Large {
                            // Other threads are idle while a file named on
                            // the command line is searched; in a walk they
                            // are not.
                            parallel: haystack.is_explicit() && config.threads > 1,
                            release: &|range: Range<usize>| {
                                mapping.release(range.start + skipped..range.end + skipped)
                            },
                        };
                        large.search(config, text, rule, path, &mut self.rendered)
                    }
                };
                match mapping.truncated_at() {
                    None => Some(result),
                    Some(_) => {
                        self.stats.io.record_truncation();
                        let shrunk = Shrunk {
                            mapping: &mapping,
                            file: opened.file.as_ref(),
                            rule,
                            path,
                        };
                        Some(shrunk.search_again(config, &mut self.rendered, &shown(), report))
                    }
                }
            }
            Source::Stream(mut reader)
                if rule.whole
                    || (rule.as_mapped
                        && matches!(opened.choice.reason, io::select::Reason::Size { .. })) =>
            {
                // A regular file ripgrep would map: its NUL bytes count as
                // in a mapped file, which needs all of it at hand (as does
                // a multi-line pattern, in any stream).
                let mut whole = Vec::new();
                match reader.read_to_end(&mut whole) {
                    Ok(_) => Some(search_slice(config, &whole, rule, path, &mut self.rendered)),
                    Err(err) => {
                        report.error(format!("{}: {err}", shown()));
                        None
                    }
                }
            }
            Source::Stream(mut reader) => {
                let wrote_early = &mut self.wrote_early;
                let mut early = early.map(|write| {
                    move |bytes: &[u8], opens_with_line: bool| {
                        *wrote_early = true;
                        write(bytes, opens_with_line)
                    }
                });
                let stream = Stream {
                    reader: &mut *reader,
                    sniff: Sniff::Yes,
                    early: early.as_mut().map(|write| write as WriteEarly<'_>),
                };
                match search_stream(
                    config,
                    stream,
                    &mut self.rolling,
                    mode,
                    path,
                    &mut self.rendered,
                ) {
                    Ok(result) => Some(result),
                    Err(err) => {
                        report.error(format!("{}: {err}", shown()));
                        None
                    }
                }
            }
        };
        if let Some(command) = running {
            if let Err(message) = command.finish() {
                report.error(format!("{}: {message}", shown()));
            }
        }
        self.rendered_opens_with_line = result.is_some_and(|r| r.opens_with_line);
        if let (Some(result), Some(started)) = (result, started) {
            self.stats
                .add_file(&result, result.bytes_printed, started.elapsed());
            self.stats
                .io
                .record(opened.choice.strategy, result.bytes_searched);
        }
        result
    }
}

/// A mapped file that shrank while it was searched.
struct Shrunk<'m> {
    mapping: &'m io::mmap::Mapping,
    file: Option<&'m File>,
    rule: BinaryRule,
    path: Option<&'m [u8]>,
}

impl Shrunk<'_> {
    /// Searches again only the bytes that still exist, replacing what was
    /// rendered, and says what was dropped.
    fn search_again(
        &self,
        config: &Config,
        rendered: &mut Vec<u8>,
        shown: &str,
        report: &dyn Report,
    ) -> FileResult {
        let mapped_size = self.mapping.bytes().len();
        let mut limit = mapped_size;
        // The file may shrink again while we search what is left; each
        // round can only lower the limit.
        let result = loop {
            let size_now = self
                .file
                .and_then(|f| f.metadata().ok())
                .map_or(0, |m| m.len() as usize);
            let lost_from = self.mapping.truncated_at().unwrap_or(mapped_size);
            limit = limit.min(size_now).min(lost_from);
            rendered.clear();
            let result = search_slice(
                config,
                &self.mapping.bytes()[..limit],
                self.rule,
                self.path,
                rendered,
            );
            if self.mapping.truncated_at().unwrap_or(mapped_size) >= limit {
                break result;
            }
        };
        report.error(format!(
            "{shown}: file shrank from {mapped_size} to {limit} bytes while it was searched; \
             matches past byte {limit} were dropped"
        ));
        result
    }
}

/// How one file's NUL bytes are handled.
#[derive(Clone, Copy, Debug)]
struct BinaryRule {
    mode: BinaryMode,
    /// The file is searched whole, as one slice (a multi-line pattern):
    /// ripgrep then checks for NUL as in a mapped file, even in text it
    /// decoded.
    whole: bool,
    /// ripgrep would map the file (see [`Config::ripgrep_maps_explicit`]).
    as_mapped: bool,
}

impl BinaryRule {
    /// Whether NUL bytes count only in the first 64 KiB and in the lines
    /// handed to the printer.
    fn checks_as_mapped(self) -> bool {
        self.as_mapped && self.mode != BinaryMode::AsText
    }

    /// The text ripgrep searches in a file's `bytes` under a `plan` that
    /// does not transcode them, and the rule for it. ripgrep drops a UTF-8
    /// byte order mark (offsets count from after it), and reads a file
    /// through its decoder, even one it would map, when the file starts
    /// with a byte order mark or `-E` names an encoding.
    fn text_of(self, decoding: Decoding, plan: Plan, bytes: &[u8]) -> (BinaryRule, &[u8]) {
        let rule = BinaryRule {
            as_mapped: self.as_mapped && (self.whole || !decoding.reads_through_decoder(plan)),
            ..self
        };
        let text = match plan {
            Plan::SkipUtf8Bom => &bytes[UTF8_BOM.len()..],
            Plan::AsIs | Plan::Transcode(..) => bytes,
        };
        (rule, text)
    }
}

/// The printer for one file, with the check ripgrep makes of each line it
/// hands to the printer from a file it maps.
struct FileSink<'a> {
    printer: Printer<'a>,
    /// Look for NUL in each line handed on, in this mode.
    line_nul_check: Option<BinaryMode>,
    /// The first NUL that check found.
    nul_in_line: Option<u64>,
    /// The selected lines handed on now were checked already (while the
    /// chunk they are in was scanned) and hold no NUL.
    selected_lines_clean: bool,
}

/// Standard lines, a summary, or JSON messages.
enum Printer<'a> {
    Standard(StandardSink<'a>),
    Summary(SummarySink<'a>),
    Json(JsonSink<'a>),
}

impl<'a> FileSink<'a> {
    fn new(config: &'a Config, out: &'a mut Vec<u8>, path: Option<&'a [u8]>) -> FileSink<'a> {
        let printer = match config.output_kind {
            OutputKind::Standard => Printer::Standard(StandardSink::new(
                &config.printer,
                &config.matcher,
                out,
                path,
                config.stats,
            )),
            OutputKind::Summary(kind) => Printer::Summary(SummarySink::new(
                kind,
                &config.printer,
                &config.matcher,
                out,
                path,
                config.stats,
            )),
            OutputKind::Json => Printer::Json(JsonSink::new(
                &config.matcher,
                config.printer.replace.as_deref(),
                out,
                path.unwrap_or_default(),
                config.search.invert,
            )),
        };
        FileSink {
            printer,
            line_nul_check: None,
            nul_in_line: None,
            selected_lines_clean: false,
        }
    }

    fn set_binary(&mut self, notice: BinaryNotice) {
        match &mut self.printer {
            Printer::Standard(sink) => sink.set_binary(notice),
            Printer::Json(sink) => sink.set_binary_offset(notice.nul_offset),
            Printer::Summary(_) => {}
        }
    }

    /// Hands what was rendered so far to `write` and forgets it.
    fn write_early(&mut self, write: &mut dyn FnMut(&[u8], bool)) {
        match &mut self.printer {
            Printer::Standard(sink) => sink.write_early(write),
            Printer::Json(sink) => sink.write_early(write),
            // Summaries are written whole, at the end.
            Printer::Summary(_) => {}
        }
    }

    /// From now on look for NUL in every line handed on, as ripgrep does in
    /// a mapped file: in quit mode the line holding one ends the search
    /// unprinted; in convert mode the printer learns of binary data there.
    fn check_lines_for_nul(&mut self, mode: BinaryMode) {
        self.line_nul_check = Some(mode).filter(|&mode| mode != BinaryMode::AsText);
    }

    /// The NUL found by [`FileSink::check_lines_for_nul`], as the search's
    /// end sees it.
    fn nul_found_in_lines(&self) -> Option<ReachedNul> {
        let nul = self.nul_in_line?;
        Some(match self.line_nul_check? {
            BinaryMode::Quit => ReachedNul::Quit(nul),
            _ => ReachedNul::Convert(nul),
        })
    }

    /// Whether `line` (a selected one, or context) may be handed on to the
    /// printer.
    fn check_line(&mut self, line: &Line<'_>, selected: bool) -> bool {
        let Some(mode) = self.line_nul_check else {
            return true;
        };
        if self.nul_in_line.is_some() || (selected && self.selected_lines_clean) {
            return true;
        }
        if !binary::has_nul(line.bytes) {
            return true;
        }
        let Some(i) = memchr::memchr(0, line.bytes) else {
            return true;
        };
        let nul_offset = line.offset + i as u64;
        self.nul_in_line = Some(nul_offset);
        if mode == BinaryMode::Quit {
            return false;
        }
        self.set_binary(BinaryNotice {
            nul_offset,
            searched_before: line.offset,
        });
        true
    }

    /// Writes what comes after the lines; `reached` says the search read
    /// the buffer holding the file's first NUL, and in which mode.
    fn finish(self, reached: Option<ReachedNul>, bytes_searched: u64) -> FileResult {
        let opens_with_line = match &self.printer {
            Printer::Standard(sink) => sink.opens_with_line(),
            Printer::Summary(_) | Printer::Json(_) => true,
        };
        let (matched, matches, matched_lines, bytes_printed) = match self.printer {
            Printer::Standard(mut sink) => {
                match reached {
                    Some(ReachedNul::Quit(nul)) => sink.write_binary_warning(nul),
                    Some(ReachedNul::Convert(nul)) => sink.write_binary_match_once(nul),
                    None => {}
                }
                let printed = sink.bytes_written();
                (
                    sink.has_match(),
                    sink.match_count(),
                    sink.matched_lines(),
                    printed,
                )
            }
            Printer::Summary(sink) => {
                let (matched, matches, matched_lines) =
                    sink.finish(matches!(reached, Some(ReachedNul::Quit(_))));
                (matched, matches, matched_lines, 0)
            }
            Printer::Json(mut sink) => {
                if let Some(reached) = reached {
                    sink.set_binary_offset(reached.offset());
                }
                let matched = sink.has_match();
                let stats = sink.finish(bytes_searched);
                (
                    matched,
                    stats.matches,
                    stats.matched_lines,
                    stats.bytes_printed,
                )
            }
        };
        FileResult {
            matched,
            matches,
            matched_lines,
            bytes_searched,
            bytes_printed,
            opens_with_line,
        }
    }
}

/// The search read the buffer holding a file's first NUL (at this offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReachedNul {
    /// In quit mode: ripgrep stops there.
    Quit(u64),
    /// In convert mode: ripgrep read on, NULs as line ends.
    Convert(u64),
}

impl ReachedNul {
    /// The NUL's offset, where ripgrep counts the bytes it searched to.
    fn offset(self) -> u64 {
        match self {
            ReachedNul::Quit(nul) | ReachedNul::Convert(nul) => nul,
        }
    }
}

impl Sink for FileSink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        if !self.check_line(&line, true) {
            return false;
        }
        match &mut self.printer {
            Printer::Standard(sink) => sink.matched(line),
            Printer::Summary(sink) => sink.matched(line),
            Printer::Json(sink) => sink.matched(line),
        }
    }

    fn context(&mut self, line: Line<'_>) -> bool {
        if !self.check_line(&line, false) {
            return false;
        }
        match &mut self.printer {
            Printer::Standard(sink) => sink.context(line),
            Printer::Summary(sink) => sink.context(line),
            Printer::Json(sink) => sink.context(line),
        }
    }

    fn context_break(&mut self) -> bool {
        match &mut self.printer {
            Printer::Standard(sink) => sink.context_break(),
            Printer::Summary(sink) => sink.context_break(),
            Printer::Json(sink) => sink.context_break(),
        }
    }
}

/// Chunk size for large slices: big enough to amortise a task, small
/// enough (half this machine's per-core L2) that the NUL scan finds in
/// cache the bytes the regex has just read.
const CHUNK: usize = 256 << 10;
/// Chunks scanned per batch and thread, in parallel: 16 MiB per thread, so
/// 32 MiB batches on two threads. Against 4 MiB per thread, big.txt
/// searches took 0.93x to 0.97x the time (fewer barriers, wake-ups and
/// page releases) for a peak of ~75 MiB resident instead of ~26 MiB.
const CHUNKS_PER_THREAD: usize = 64;
/// Bytes kept mapped in behind the searched part of a large file.
const RESIDENT_MARGIN: usize = 64 << 10;

/// A large slice (a mapped file) searched chunk by chunk.
struct Large<'a> {
    /// Scan the chunks on every thread.
    parallel: bool,
    /// Drops a range of the file that was searched from memory.
    release: &'a (dyn Fn(Range<usize>) + Sync),
}

impl Large<'_> {
    /// Scans batches of chunks (in parallel when asked) for NUL bytes and
    /// matching lines, and replays each batch's lines through one searcher
    /// in file order while the pool already scans the next batch. A NUL
    /// anywhere sends the file back to [`search_text`], whose binary
    /// handling is exact.
    fn search(
        &self,
        config: &Config,
        bytes: &[u8],
        rule: BinaryRule,
        path: Option<&[u8]>,
        out: &mut Vec<u8>,
    ) -> FileResult {
        let as_mapped = rule.checks_as_mapped();
        if bytes.len() < 16 * CHUNK
            || rule.whole
            || (as_mapped && binary::first_nul_in_head(bytes).is_some())
        {
            return search_text(config, bytes, rule, path, out);
        }
        let mode = rule.mode;
        // A file ripgrep maps needs no NUL scan: its printed lines are
        // checked on their way to the printer.
        let nul_scan = if as_mapped {
            NulScan::MatchingLines
        } else {
            nul_scan_policy(config, mode)
        };
        if self.parallel {
            start_global_pool(config.threads);
        }
        let (threads, per_batch) = if self.parallel {
            let threads = rayon::current_num_threads();
            (threads, threads * CHUNKS_PER_THREAD)
        } else {
            // One thread: small batches keep little of the file resident.
            (1, 2)
        };
        // One regex per pool thread for the whole file: each keeps its own
        // warm cache instead of contending for one shared pool.
        let matchers: Vec<Matcher> = (0..threads).map(|_| config.matcher.clone()).collect();
        let scan = |chunks: &[Range<usize>], nul_scan| {
            let count_lines = config.search.line_numbers;
            parallel::scan_chunks(
                &matchers,
                bytes,
                chunks,
                nul_scan,
                count_lines,
                self.parallel,
            )
        };
        // Lazy NUL scanning pays only while nothing matches (a file with no
        // match needs no scan at all); after the first match every chunk
        // is scanned in cache again, or the catch-up scans would read the
        // gaps between matches from RAM.
        let mut nul_scan = nul_scan;
        // With -v the selected lines are not the matching ones the scan
        // checked.
        let scan_checked_lines = nul_scan == NulScan::MatchingLines && !config.search.invert;
        let result = {
            let mut sink = FileSink::new(config, out, path);
            if as_mapped {
                sink.check_lines_for_nul(mode);
            }
            let mut searcher = Searcher::new(&config.search, &config.matcher, 0);
            let mut replayed_to = 0;
            // Lines before the next chunk to replay, from the scans' counts.
            let mut lines_before = 0;
            // Everything before this offset was released from memory.
            let mut released_to = 0;
            // Chunks not scanned for NUL yet (lazy scanning).
            let mut unscanned = Unscanned::new(bytes, self.parallel, self.release);
            let mut next = parallel::chunk_ranges(bytes, 0, CHUNK, per_batch);
            let mut scans = scan(&next, nul_scan);
            let outcome = loop {
                let chunks = std::mem::take(&mut next);
                if chunks.is_empty() {
                    break Replay::Finished;
                }
                if nul_scan.scans_chunks() && !unscanned.settle_batch(&chunks, &scans, released_to)
                {
                    break Replay::Binary;
                }
                if scans.iter().any(|scan| !scan.lines.is_empty())
                    && nul_scan == NulScan::WhereMatched
                {
                    nul_scan = NulScan::Always;
                }
                next =
                    parallel::chunk_ranges(bytes, chunks[chunks.len() - 1].end, CHUNK, per_batch);
                let mut replay = || {
                    let outcome = replay_batch(
                        &mut searcher,
                        &mut sink,
                        bytes,
                        &chunks,
                        &scans,
                        scan_checked_lines,
                        &mut lines_before,
                    );
                    // Release what was searched but a margin for the next
                    // lines' before-context (a released page read again
                    // is only mapped in again: results never depend on it).
                    let end = chunks[chunks.len() - 1].end;
                    let keep_from = end.saturating_sub(RESIDENT_MARGIN).max(released_to);
                    (self.release)(released_to..keep_from);
                    released_to = keep_from;
                    outcome
                };
                let (outcome, next_scans) = if self.parallel {
                    let (outcome, next_scans) = rayon::join(replay, || scan(&next, nul_scan));
                    (outcome, next_scans)
                } else {
                    let outcome = replay();
                    (
                        outcome,
                        if outcome == Replay::Finished {
                            scan(&next, nul_scan)
                        } else {
                            Vec::new()
                        },
                    )
                };
                replayed_to = chunks[chunks.len() - 1].end;
                if outcome != Replay::Finished {
                    break outcome;
                }
                scans = next_scans;
            };
            // A NUL anywhere after a match adds ripgrep's closing binary
            // line (or, in quit mode, squashes the count), and in quit
            // mode hides a file from --files-without-match: then the rest
            // must be scanned too.
            let outcome = if outcome == Replay::Finished
                && nul_scan.scans_chunks()
                && (searcher.selected_lines() > 0
                    || (mode == BinaryMode::Quit
                        && config.output_kind
                            == OutputKind::Summary(SummaryKind::FilesWithoutMatch)))
                && !unscanned.scan_all(released_to)
            {
                Replay::Binary
            } else {
                outcome
            };
            match outcome {
                Replay::Binary => None,
                Replay::Finished | Replay::Stopped => {
                    let summary = searcher.finish(&mut sink, bytes, 0);
                    let reached = sink.nul_found_in_lines();
                    let searched = summary.stopped_at.unwrap_or(replayed_to as u64);
                    let bytes_searched = reached.map_or(searched, ReachedNul::offset);
                    Some(sink.finish(reached, bytes_searched))
                }
            }
        };
        match result {
            Some(result) => result,
            None => {
                out.clear();
                search_text(config, bytes, rule, path, out)
            }
        }
    }
}

/// Starts the pool that searches one large file on every thread (sized by
/// `-j`) the first time one is met: a run that never needs it never pays
/// for its threads.
fn start_global_pool(threads: usize) {
    static START: std::sync::Once = std::sync::Once::new();
    START.call_once(|| {
        // An error means the pool exists already, which is all we need.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    });
}

/// How a large file's chunks are scanned for NUL. Lazily (only chunks with
/// a match, the rest when it turns out to matter) when a NUL elsewhere
/// cannot change which lines are printed: no -v (every line may print),
/// no context (lines of match-less chunks print), and in convert mode no
/// line anchors (a NUL read as a line end could make `^`/`$` match).
fn nul_scan_policy(config: &Config, mode: BinaryMode) -> parallel::NulScan {
    let lazy = !config.search.invert
        && !config.search.has_context()
        && (mode == BinaryMode::Quit || !config.matcher.is_line_anchored());
    match mode {
        BinaryMode::AsText => parallel::NulScan::Never,
        _ if lazy => parallel::NulScan::WhereMatched,
        _ => parallel::NulScan::Always,
    }
}

/// The chunks of a large file not yet scanned for NUL bytes.
struct Unscanned<'a> {
    bytes: &'a [u8],
    parallel: bool,
    /// Drops released pages again once a late scan has read them back.
    release: &'a (dyn Fn(Range<usize>) + Sync),
    ranges: Vec<Range<usize>>,
}

/// Deferred chunks scanned between two releases of the pages they read.
const RESCAN_GROUP: usize = 32;

impl<'a> Unscanned<'a> {
    fn new(
        bytes: &'a [u8],
        parallel: bool,
        release: &'a (dyn Fn(Range<usize>) + Sync),
    ) -> Unscanned<'a> {
        Unscanned {
            bytes,
            parallel,
            release,
            ranges: Vec::new(),
        }
    }

    /// Before a batch is replayed: every byte up to its last chunk with a
    /// match must be known free of NUL. Returns false if a NUL was found.
    /// Pages before `released_to` were released already.
    fn settle_batch(
        &mut self,
        chunks: &[Range<usize>],
        scans: &[parallel::ChunkScan],
        released_to: usize,
    ) -> bool {
        if scans.iter().any(|scan| scan.nul.is_some()) {
            return false;
        }
        let deferred = |(range, scan): (&Range<usize>, &parallel::ChunkScan)| {
            (!scan.nul_scanned).then(|| range.clone())
        };
        let Some(last_matched) = scans.iter().rposition(|scan| !scan.lines.is_empty()) else {
            self.ranges
                .extend(chunks.iter().zip(scans).filter_map(deferred));
            return true;
        };
        let (settle, keep) = chunks.split_at(last_matched + 1);
        self.ranges
            .extend(settle.iter().zip(scans).filter_map(deferred));
        let clean = self.scan_all(released_to);
        self.ranges.extend(
            keep.iter()
                .zip(&scans[last_matched + 1..])
                .filter_map(deferred),
        );
        clean
    }

    /// Scans every chunk left (on all threads when `parallel`); false if
    /// one holds a NUL. Pages before `released_to` that the scan maps in
    /// again are released again, group by group, so a late scan of a
    /// large file keeps memory bounded too.
    fn scan_all(&mut self, released_to: usize) -> bool {
        use rayon::prelude::*;
        let bytes = self.bytes;
        let has_nul = |range: &Range<usize>| parallel::first_nul(bytes, range.clone()).is_some();
        let mut clean = true;
        for group in self.ranges.chunks(RESCAN_GROUP) {
            let dirty = if self.parallel {
                group.par_iter().any(has_nul)
            } else {
                group.iter().any(has_nul)
            };
            let span = group[0].start..group[group.len() - 1].end.min(released_to);
            (self.release)(span);
            if dirty {
                clean = false;
                break;
            }
        }
        self.ranges.clear();
        clean
    }
}

/// How replaying a batch of chunks ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replay {
    /// Every line was replayed: go on.
    Finished,
    /// The searcher stopped (the sink, or `-m`).
    Stopped,
    /// A NUL was found: redo the file with exact binary handling.
    Binary,
}

/// Replays the matching lines found in `chunks` through the searcher.
fn replay_batch(
    searcher: &mut Searcher<'_>,
    sink: &mut FileSink<'_>,
    bytes: &[u8],
    chunks: &[Range<usize>],
    scans: &[parallel::ChunkScan],
    scan_checked_lines: bool,
    lines_before: &mut u64,
) -> Replay {
    for (range, scan) in chunks.iter().zip(scans) {
        // The scan counted each chunk's lines (when numbers are printed).
        searcher.skip_counting_to(range.start as u64, 1 + *lines_before);
        *lines_before += scan.terminators;
        // Selected lines of this chunk were checked for NUL by the scan
        // (when it was asked to), in cache; context lines are checked here.
        sink.selected_lines_clean = scan_checked_lines && !scan.nul_in_lines;
        let go_on =
            searcher.search_window_with(sink, bytes, 0, range.start, range.end, Some(&scan.lines));
        sink.selected_lines_clean = false;
        if !go_on {
            return Replay::Stopped;
        }
    }
    Replay::Finished
}

/// Searches a whole file held in memory (read or mapped).
fn search_slice(
    config: &Config,
    bytes: &[u8],
    rule: BinaryRule,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> FileResult {
    match config.decoding.plan(bytes) {
        Plan::Transcode(encoding, mark) => {
            search_transcoded(config, &bytes[mark..], encoding, rule, path, out)
        }
        plan => {
            let (rule, text) = rule.text_of(config.decoding, plan, bytes);
            search_text(config, text, rule, path, out)
        }
    }
}

/// Searches a file held in memory through a decoder, as a stream (or,
/// for a multi-line pattern, decoded whole first).
fn search_transcoded(
    config: &Config,
    bytes: &[u8],
    encoding: &'static Encoding,
    rule: BinaryRule,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> FileResult {
    let mode = rule.mode;
    let mut text = Transcoder::new(bytes, encoding);
    if rule.whole {
        let mut decoded = Vec::new();
        // Bytes in memory cannot fail to read.
        let _ = text.read_to_end(&mut decoded);
        return search_text(config, &decoded, rule, path, out);
    }
    let mut rolling = io::stream::RollingBuffer::new();
    // Bytes in memory cannot fail to read.
    let stream = Stream {
        reader: &mut text,
        sniff: Sniff::No,
        early: None,
    };
    search_stream(config, stream, &mut rolling, mode, path, out).unwrap_or_default()
}

/// Searches a whole file's text (see [`BinaryRule::text_of`]).
fn search_text(
    config: &Config,
    bytes: &[u8],
    rule: BinaryRule,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> FileResult {
    if rule.checks_as_mapped() {
        return search_as_mapped(config, bytes, rule.mode, path, out);
    }
    let mode = rule.mode;
    let nul = match mode {
        BinaryMode::AsText => None,
        BinaryMode::Quit | BinaryMode::Convert => memchr::memchr(0, bytes),
    };
    let mut sink = FileSink::new(config, out, path);
    let converted;
    let (haystack, at_nul) = match (mode, nul) {
        (BinaryMode::Quit, Some(nul)) => {
            let searched = searched_before_nul(config, bytes, nul);
            (&bytes[..searched], Some(ReachedNul::Quit(nul as u64)))
        }
        (BinaryMode::Convert, Some(nul)) => {
            converted = binary::convert_nuls(bytes);
            sink.set_binary(BinaryNotice {
                nul_offset: nul as u64,
                searched_before: searched_before_nul(config, bytes, nul) as u64,
            });
            (converted.as_slice(), Some(ReachedNul::Convert(nul as u64)))
        }
        _ => (bytes, None),
    };
    let summary = search::search(&config.search, &config.matcher, haystack, 0, &mut sink);
    // A search stopped early (-m, -l, -q, or the binary match itself)
    // never read the buffer holding the NUL.
    let reached = at_nul.filter(|_| !summary.stopped_early);
    // In quit mode ripgrep counts the lines it searched before the buffer
    // holding the NUL: the haystack.
    let searched = summary.stopped_at.unwrap_or(haystack.len() as u64);
    sink.finish(reached, searched)
}

/// Searches a file the way ripgrep searches one it maps: a NUL in the
/// first 64 KiB is found before the search; past that, only in the lines
/// handed to the printer. No NUL is read as a line end.
fn search_as_mapped(
    config: &Config,
    bytes: &[u8],
    mode: BinaryMode,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> FileResult {
    let mut sink = FileSink::new(config, out, path);
    let reached = match binary::first_nul_in_head(bytes) {
        Some(nul) if mode == BinaryMode::Quit => {
            return sink.finish(Some(ReachedNul::Quit(nul as u64)), 0);
        }
        Some(nul) => {
            let nul_offset = nul as u64;
            sink.set_binary(BinaryNotice {
                nul_offset,
                searched_before: 0,
            });
            Some(ReachedNul::Convert(nul_offset))
        }
        None => {
            sink.check_lines_for_nul(mode);
            None
        }
    };
    let summary = search::search(&config.search, &config.matcher, bytes, 0, &mut sink);
    let reached = reached.or(sink.nul_found_in_lines());
    let searched = summary.stopped_at.unwrap_or(bytes.len() as u64);
    let bytes_searched = reached.map_or(searched, ReachedNul::offset);
    sink.finish(reached, bytes_searched)
}

/// How ripgrep rolls its read buffer under this config.
fn roll_policy(config: &Config) -> RollPolicy {
    RollPolicy {
        before: config.search.before,
        max_context: config.search.before.max(config.search.after),
    }
}

/// Where ripgrep's read loop stopped searching a file whose first NUL is
/// at `nul`. With context that depends on which lines were emitted before
/// it, so a first pass (no printing) records them.
fn searched_before_nul(config: &Config, bytes: &[u8], nul: usize) -> usize {
    let policy = roll_policy(config);
    let mut emitted = binary::EmittedEnds::default();
    if policy.max_context > 0 {
        let options = SearchOptions {
            line_numbers: false,
            ..config.search.clone()
        };
        let before_nul = &bytes[..lines::line_start(bytes, nul)];
        search::search(&options, &config.matcher, before_nul, 0, &mut emitted);
    }
    binary::searched_before_nul(bytes, nul, policy, &emitted.0)
}

/// A stream read through a decoder from its first bytes on.
type DecodedStream<'r, 'd> =
    Transcoder<std::io::Chain<std::io::Cursor<Vec<u8>>, &'r mut (dyn Read + 'd)>>;

/// ripgrep's first read of a stream is of three bytes, to look for a byte
/// order mark: a UTF-8 one is dropped; otherwise the stream is decoded
/// from there when the mark or `-E` say so (the decoder then lives in
/// `slot`). Returns the reader to go on with, and the range of the window
/// that holds text read already.
fn sniff_stream<'s, 'r: 's, 'd: 'r>(
    decoding: Decoding,
    reader: &'r mut (dyn Read + 'd),
    rolling: &mut io::stream::RollingBuffer,
    slot: &'s mut Option<DecodedStream<'r, 'd>>,
) -> std::io::Result<(&'s mut (dyn Read + 's), Option<Range<usize>>)> {
    let Some(first) = rolling.read_more(reader)? else {
        return Ok((reader, None));
    };
    match decoding.plan(rolling.window()) {
        Plan::AsIs => Ok((reader, Some(first))),
        Plan::SkipUtf8Bom => {
            rolling.forget_window();
            Ok((reader, None))
        }
        Plan::Transcode(encoding, mark) => {
            let head = std::io::Cursor::new(rolling.window()[mark..].to_vec());
            rolling.forget_window();
            let decoded = slot.insert(Transcoder::new(head.chain(reader), encoding));
            Ok((decoded, None))
        }
    }
}

/// Where a stream's output goes as it is searched: the bytes, and whether
/// the file's output opens with a line. It returns whether output can go
/// on: false (the output is closed) stops the search.
pub type WriteEarly<'w> = &'w mut dyn FnMut(&[u8], bool) -> bool;

/// A stream to search, and how.
struct Stream<'r, 'w> {
    reader: &'r mut dyn Read,
    sniff: Sniff,
    /// Hand output out as each window is searched.
    early: Option<WriteEarly<'w>>,
}

/// Whether a stream's first bytes are looked at for a byte order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniff {
    Yes,
    /// The stream is decoded text already.
    No,
}

/// Searches a stream window by window. Each window holds the lines kept for
/// before-context, the lines read since, and at most one partial line.
fn search_stream(
    config: &Config,
    stream: Stream<'_, '_>,
    rolling: &mut io::stream::RollingBuffer,
    mode: BinaryMode,
    path: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> std::io::Result<FileResult> {
    let Stream {
        reader,
        sniff,
        mut early,
    } = stream;
    rolling.reset();
    let policy = roll_policy(config);
    let mut sink = FileSink::new(config, out, path);
    let mut searcher = Searcher::new(&config.search, &config.matcher, 0);
    // Start of the lines not searched yet, in the window.
    let mut from = 0;
    let mut binary_reached = None;
    let mut seen_nul = None;
    // The output was closed while lines were handed out early.
    let mut output_closed = false;
    let mut transcoder = None;
    let mut pending = None;
    let input: &mut dyn Read = match sniff {
        Sniff::Yes => {
            let (input, first) = sniff_stream(config.decoding, reader, rolling, &mut transcoder)?;
            pending = first;
            input
        }
        Sniff::No => reader,
    };
    loop {
        let new = match pending.take() {
            Some(new) => new,
            None => match rolling.read_more(input)? {
                Some(new) => new,
                None => break,
            },
        };
        if mode != BinaryMode::AsText && seen_nul.is_none() {
            if let Some(i) = memchr::memchr(0, &rolling.window()[new.clone()]) {
                let nul_offset = rolling.base() + (new.start + i) as u64;
                seen_nul = Some(nul_offset);
                if mode == BinaryMode::Quit {
                    binary_reached = Some(nul_offset);
                    break;
                }
                sink.set_binary(BinaryNotice {
                    nul_offset,
                    searched_before: rolling.base() + from as u64,
                });
            }
        }
        if seen_nul.is_some() && mode == BinaryMode::Convert {
            for byte in &mut rolling.window_mut()[new.clone()] {
                if *byte == 0 {
                    *byte = lines::terminator();
                }
            }
        }
        let Some(last) = memchr::memrchr(lines::terminator(), &rolling.window()[new.clone()])
        else {
            continue; // No complete line yet: read more (the window grows).
        };
        let end = new.start + last + 1;
        if !searcher.search_window(&mut sink, rolling.window(), rolling.base(), from, end) {
            break;
        }
        if let Some(write) = early.as_mut() {
            let mut open = true;
            sink.write_early(&mut |bytes, opens_with_line| open = write(bytes, opens_with_line));
            if !open {
                // No one reads on: search no further.
                output_closed = true;
                break;
            }
        }
        // Keep what ripgrep keeps when it rolls its buffer, so the reads
        // (and so binary detection) fall where ripgrep's do.
        let visited = searcher.emitted_upto().saturating_sub(rolling.base()) as usize;
        let keep_from = policy.keep_from(rolling.window(), 0, end, visited.min(end));
        searcher.discard(rolling.window(), rolling.base(), keep_from);
        rolling.roll(keep_from);
        from = end - keep_from;
    }
    let window_end = if binary_reached.is_some() || searcher.is_stopped() || output_closed {
        from
    } else {
        // The end of the stream: whatever is left is the last line.
        let end = rolling.window().len();
        searcher.search_window(&mut sink, rolling.window(), rolling.base(), from, end);
        end
    };
    let stopped = searcher.is_stopped();
    let summary = searcher.finish(&mut sink, &rolling.window()[..window_end], rolling.base());
    // In quit mode the lines before the window that held the NUL.
    let bytes_searched = summary
        .stopped_at
        .unwrap_or(rolling.base() + window_end as u64);
    let reached = match (binary_reached, seen_nul) {
        (Some(nul), _) => Some(ReachedNul::Quit(nul)),
        (None, Some(nul)) if !stopped => Some(ReachedNul::Convert(nul)),
        _ => None,
    };
    Ok(sink.finish(reached, bytes_searched))
}
