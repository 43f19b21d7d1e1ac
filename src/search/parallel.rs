//! Searching one large slice (a mapped file) in chunks, on several threads
//! when it pays.
//!
//! The slice is cut at line boundaries into chunks. For each chunk a worker
//! looks for the first NUL byte and collects the matching lines; one
//! [`LineSearch`] then replays those lines in file order, so context, `-m`,
//! `-v` and line numbers are exactly those of a one-thread search. Scanning
//! for NUL chunk by chunk, just before the regex reads the same bytes,
//! keeps the second pass in cache instead of reading RAM twice. Batches of
//! chunks are scanned while the batch before is replayed, and what was
//! searched is released from memory as the search moves on.

use std::ops::Range;

use rayon::prelude::*;

use super::binary::{self, BinaryMode, BinaryRule, NulCheck, ReachedNul};
use super::long_line::{LineWindows, LongLines};
use super::stream::StreamEnd;
use super::unscanned::Unscanned;
use super::{lines, LineSearch, Searcher, Sink, SinkFinish};
use crate::io::decode::Plan;
use crate::matcher::Matcher;

/// What a look at one chunk found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChunkScan {
    /// Whether the chunk was scanned for NUL bytes at all.
    pub nul_scanned: bool,
    /// Offset of the chunk's first NUL byte, if scanned and present.
    pub nul: Option<usize>,
    /// (start, end) of every line in the chunk holding a match.
    pub lines: Vec<(usize, usize)>,
    /// With [`NulScan::MatchingLines`]: one of those lines holds a NUL.
    pub nul_in_lines: bool,
    /// Line terminators in the chunk, when counted (for line numbers).
    pub terminators: u64,
}

/// Which chunks to scan for NUL bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NulScan {
    /// None (`-a`).
    Never,
    /// Every chunk.
    Always,
    /// Only chunks with a matching line; the caller scans the others when
    /// it turns out to matter.
    WhereMatched,
    /// Only the matching lines (ripgrep's rule for a file it maps), while
    /// they are still in cache.
    MatchingLines,
}

impl NulScan {
    /// Whether whole chunks are scanned (at once or later).
    pub fn scans_chunks(self) -> bool {
        matches!(self, NulScan::Always | NulScan::WhereMatched)
    }
}

/// Chunks cut by [`chunk_ranges`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cut {
    pub chunks: Vec<Range<usize>>,
    /// The chunks stop before a long line starting here.
    pub long_line_at: Option<usize>,
}

/// Up to `count` chunks of about `size` bytes starting at `from`, each
/// ending just after a `terminator` (or at the end of `haystack`). A line
/// that does not end within `probe` bytes past a cut is long: the chunks
/// stop before it, for [`LongLines`] to search.
pub fn chunk_ranges(
    haystack: &[u8],
    from: usize,
    size: usize,
    count: usize,
    terminator: u8,
    probe: usize,
) -> Cut {
    let mut cut = Cut {
        chunks: Vec::with_capacity(count.min(64)),
        long_line_at: None,
    };
    let mut start = from;
    while cut.chunks.len() < count && start < haystack.len() {
        let target = start.saturating_add(size).min(haystack.len());
        let reach = target.saturating_add(probe).min(haystack.len());
        let end = match memchr::memchr(terminator, &haystack[target..reach]) {
            Some(i) => target + i + 1,
            None if reach == haystack.len() => reach,
            None => {
                let line_start = lines::line_start(&haystack[start..], target - start, terminator);
                if line_start > 0 {
                    cut.chunks.push(start..start + line_start);
                }
                cut.long_line_at = Some(start + line_start);
                break;
            }
        };
        cut.chunks.push(start..end);
        start = end;
    }
    cut
}

/// Scans each chunk of `haystack` (in parallel when `parallel`), looking
/// for NUL as `nul_scan` says, and for matching lines; with
/// `count_terminators` it counts the chunk's lines (ended by the matcher's
/// terminator) while they are in cache,
/// so the in-order replay numbers lines without reading the chunks between
/// matches again (from RAM, or faulting released pages back in). `matchers` holds one
/// clone of the matcher per pool thread (at least one): a clone keeps its
/// own warm regex cache, so threads never contend for a shared one.
///
/// A chunk is skipped (its scan left empty) once `abandon` says to stop:
/// then the results are void anyway.
pub fn scan_chunks(
    matchers: &[Matcher],
    haystack: &[u8],
    chunks: &[Range<usize>],
    nul_scan: NulScan,
    count_terminators: bool,
    parallel: bool,
    abandon: &(dyn Fn() -> bool + Sync),
) -> Vec<ChunkScan> {
    // The regex reads the chunk first; the NUL scan then finds it in cache.
    let scan = |matcher: &Matcher, range: &Range<usize>| {
        if abandon() {
            return ChunkScan::default();
        }
        let lines = find_lines(matcher, haystack, range.clone());
        let nul_scanned = match nul_scan {
            NulScan::Never | NulScan::MatchingLines => false,
            NulScan::Always => true,
            NulScan::WhereMatched => !lines.is_empty(),
        };
        let nul = nul_scanned
            .then(|| first_nul(haystack, range.clone()))
            .flatten();
        let nul_in_lines = nul_scan == NulScan::MatchingLines
            && lines
                .iter()
                .any(|&(start, end)| super::binary::has_nul(&haystack[start..end]));
        let terminators = if count_terminators {
            lines::count_terminators(&haystack[range.clone()], matcher.line_terminator())
        } else {
            0
        };
        ChunkScan {
            nul_scanned,
            nul,
            lines,
            nul_in_lines,
            terminators,
        }
    };
    if parallel && chunks.len() > 1 {
        chunks
            .par_iter()
            .map(|range| {
                let thread = rayon::current_thread_index().unwrap_or(0);
                scan(&matchers[thread % matchers.len()], range)
            })
            .collect()
    } else {
        chunks
            .iter()
            .map(|range| scan(&matchers[0], range))
            .collect()
    }
}

/// Offset of the first NUL byte in `haystack[range]`.
pub fn first_nul(haystack: &[u8], range: Range<usize>) -> Option<usize> {
    memchr::memchr(0, &haystack[range.clone()]).map(|i| range.start + i)
}

/// Every line of `range` (a whole number of lines) holding a match.
pub fn find_lines(matcher: &Matcher, haystack: &[u8], range: Range<usize>) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let haystack = &haystack[..range.end];
    if !matcher.matching_lines(haystack, range.start, &mut found) {
        let mut pos = range.start;
        while let Some((start, end)) = lines::next_matching_line(matcher, haystack, pos) {
            found.push((start, end));
            pos = end;
        }
    }
    found
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
/// Slices shorter than this are searched whole: chunks would not pay.
const MIN_CHUNKED: usize = 16 * CHUNK;

/// How a mapped file may be searched in chunks.
pub struct Chunked<'a> {
    /// Threads to scan the chunks on (1: this one alone). More than one
    /// runs them on the current rayon pool, first starting rayon's global
    /// pool of that size if none was started yet (a run that never needs
    /// it never pays for its threads).
    pub threads: usize,
    /// Drops a range of the file that was searched from memory.
    pub release: &'a (dyn Fn(Range<usize>) + Sync),
    /// Asked between chunks (and between batches of one long line's
    /// windows): true says the search is void and should stop, because
    /// the file shrank under the mapping. Once true, it must stay true.
    pub abandon: &'a (dyn Fn() -> bool + Sync),
    /// Told of each search from a long line on, in windows (for
    /// `--stats-io`): the bytes it covered, the windows it looked at, and
    /// whether the pattern was looked for in them (see
    /// [`super::long_line::LongLine`]).
    pub long_line: &'a (dyn Fn(u64, u64, bool) + Sync),
}

/// How [`Searcher::search_mapped`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapped {
    /// The sink has the file's results, finished.
    Searched,
    /// A NUL turned up that only the exact search handles: what the sink
    /// received is void, and the file must be searched again with
    /// [`Searcher::search_slice`] into a fresh sink.
    Exact,
    /// The file was decoded, and a line of its text grew past the stream
    /// line limit: the sink has the results of the lines before it,
    /// finished; the rest was not searched.
    LineTooLong {
        /// The limit it passed.
        limit: u64,
    },
    /// [`Chunked::abandon`] said to stop: what the sink received is void
    /// (and it was not finished). Nothing from byte `unsearched_from` of
    /// the slice on was searched for lines.
    Abandoned {
        /// Offset in the slice where the replayed part ends.
        unsearched_from: usize,
    },
}

impl Searcher {
    /// Searches a mapped file into `sink`, a large one chunk by chunk (see
    /// the module's doc), ending with [`Sink::finish`], and says how it
    /// ended (see [`Mapped`]: the sink's results may be void).
    pub fn search_mapped<S: Sink + Send>(
        &self,
        matcher: &Matcher,
        bytes: &[u8],
        rule: BinaryRule,
        chunked: &Chunked<'_>,
        sink: &mut S,
    ) -> Mapped {
        let plan = self.decoding.plan(bytes);
        if let Plan::Transcode(..) = plan {
            return match self.search_slice(matcher, bytes, rule, sink) {
                StreamEnd::Searched => Mapped::Searched,
                StreamEnd::LineTooLong { limit } => Mapped::LineTooLong { limit },
            };
        }
        let (rule, text) = self.text_of(plan, rule, bytes);
        let skipped = bytes.len() - text.len();
        let release = |range: Range<usize>| {
            (chunked.release)(range.start + skipped..range.end + skipped);
        };
        let as_mapped = rule.checks_as_mapped();
        if text.len() < MIN_CHUNKED
            || rule.whole
            || (as_mapped && binary::first_nul_in_head(text).is_some())
        {
            self.search_text(matcher, text, rule, sink);
            return Mapped::Searched;
        }
        let parallel = chunked.threads > 1 && matcher.searches_a_file_in_parallel();
        if parallel {
            // An error means the pool exists already, which is all we need.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(chunked.threads)
                .build_global();
        }
        let ways = Ways {
            parallel,
            release: &release,
            abandon: chunked.abandon,
            long_line: chunked.long_line,
        };
        match Replay::new(self, matcher, text, rule, ways).run(sink) {
            Mapped::Abandoned { unsearched_from } => Mapped::Abandoned {
                unsearched_from: unsearched_from + skipped,
            },
            ended => ended,
        }
    }

    /// How a large file's chunks are scanned for NUL. Lazily (only chunks
    /// with a match, the rest when it turns out to matter) when a NUL
    /// elsewhere cannot change which lines are printed: no -v (every line
    /// may print), no context (lines of match-less chunks print), and in
    /// convert mode no line anchors (a NUL read as a line end could make
    /// `^`/`$` match). A file ripgrep maps needs no NUL scan: its printed
    /// lines are checked on their way to the printer.
    fn nul_scan_policy(&self, matcher: &Matcher, rule: BinaryRule) -> NulScan {
        let mode = rule.mode;
        let lazy = !self.options.invert
            && !self.options.has_context()
            && (mode == BinaryMode::Quit || !matcher.is_line_anchored());
        match mode {
            _ if rule.checks_as_mapped() => NulScan::MatchingLines,
            BinaryMode::AsText => NulScan::Never,
            _ if lazy => NulScan::WhereMatched,
            _ => NulScan::Always,
        }
    }
}

/// One large file's chunked search: batches of chunks scanned (in
/// parallel when asked) for NUL bytes and matching lines, each batch's
/// lines replayed through one [`LineSearch`] in file order while the pool
/// already scans the next batch.
struct Replay<'a> {
    searcher: &'a Searcher,
    bytes: &'a [u8],
    mode: BinaryMode,
    as_mapped: bool,
    parallel: bool,
    release: &'a (dyn Fn(Range<usize>) + Sync),
    abandon: &'a (dyn Fn() -> bool + Sync),
    long_line: &'a (dyn Fn(u64, u64, bool) + Sync),
    windows: LineWindows,
    /// One regex per pool thread for the whole file: each keeps its own
    /// warm cache instead of contending for one shared pool.
    matchers: Vec<Matcher>,
    per_batch: usize,
    nul_scan: NulScan,
    /// With -v the selected lines are not the matching ones the scan
    /// checked.
    scan_checked_lines: bool,
    lines: LineSearch<'a>,
    /// Lines before the next chunk to replay, from the scans' counts.
    lines_before: u64,
    /// Everything before this offset was released from memory.
    released_to: usize,
    replayed_to: usize,
    /// Chunks not scanned for NUL yet (lazy scanning).
    unscanned: Unscanned<'a>,
}

/// How replaying the batches ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replayed {
    /// Every line was replayed: go on.
    Finished,
    /// The line search stopped (the sink, or `-m`).
    Stopped,
    /// A NUL was found: redo the file with exact binary handling.
    Binary,
    /// [`Chunked::abandon`] said to stop.
    Abandoned,
}

/// How one large file's chunks are searched: on the pool or not, and what
/// [`Chunked`] passes on.
struct Ways<'a> {
    parallel: bool,
    release: &'a (dyn Fn(Range<usize>) + Sync),
    abandon: &'a (dyn Fn() -> bool + Sync),
    long_line: &'a (dyn Fn(u64, u64, bool) + Sync),
}

/// The chunks scanned (or to scan) together; a long line comes alone,
/// scanned already.
#[derive(Default)]
struct Batch {
    chunks: Vec<Range<usize>>,
    scanned: Option<Vec<ChunkScan>>,
}

impl<'a> Replay<'a> {
    fn new(
        searcher: &'a Searcher,
        matcher: &'a Matcher,
        bytes: &'a [u8],
        rule: BinaryRule,
        ways: Ways<'a>,
    ) -> Replay<'a> {
        let Ways {
            parallel,
            release,
            abandon,
            long_line,
        } = ways;
        let (threads, per_batch) = if parallel {
            let threads = rayon::current_num_threads();
            (threads, threads * CHUNKS_PER_THREAD)
        } else {
            // One thread: small batches keep little of the file resident.
            (1, 2)
        };
        let nul_scan = searcher.nul_scan_policy(matcher, rule);
        Replay {
            searcher,
            bytes,
            mode: rule.mode,
            as_mapped: rule.checks_as_mapped(),
            parallel,
            release,
            abandon,
            long_line,
            windows: searcher.line_windows,
            matchers: (0..threads).map(|_| matcher.clone()).collect(),
            per_batch,
            nul_scan,
            scan_checked_lines: nul_scan == NulScan::MatchingLines && !searcher.options.invert,
            lines: LineSearch::new(&searcher.options, matcher, 0),
            lines_before: 0,
            released_to: 0,
            replayed_to: 0,
            unscanned: Unscanned {
                bytes,
                parallel,
                release,
                abandon,
                ranges: Vec::new(),
            },
        }
    }

    /// Replays every batch into `sink` and finishes it, unless a NUL sends
    /// the file back to the exact search or the search is abandoned.
    fn run<S: Sink + Send>(mut self, sink: &mut S) -> Mapped {
        let mut sink = NulCheck::new(sink);
        if self.as_mapped {
            sink.check_lines_for_nul(self.mode);
        }
        let outcome = self.replay_all(&mut sink);
        // A NUL anywhere after a match adds ripgrep's closing binary line
        // (or, in quit mode, squashes the count), and in quit mode hides a
        // file from --files-without-match: then the rest must be scanned
        // too.
        let must_scan_rest = self.lines.selected_lines() > 0
            || (self.mode == BinaryMode::Quit && self.searcher.nul_decides_verdict);
        let exact = outcome == Replayed::Binary
            || (outcome == Replayed::Finished
                && self.nul_scan.scans_chunks()
                && must_scan_rest
                && !self.unscanned.scan_all(self.released_to));
        // A scan skipped or cut short leaves void results, whatever the
        // outcome says.
        if outcome == Replayed::Abandoned || (self.abandon)() {
            return Mapped::Abandoned {
                unsearched_from: self.replayed_to,
            };
        }
        if exact {
            return Mapped::Exact;
        }
        let summary = self.lines.finish(&mut sink, self.bytes, 0);
        let reached = sink.nul_found_in_lines();
        let searched = summary.stopped_at.unwrap_or(self.replayed_to as u64);
        sink.finish(SinkFinish {
            binary: reached,
            bytes_searched: reached.map_or(searched, ReachedNul::offset),
        });
        Mapped::Searched
    }

    /// Scans and replays batch after batch, each next batch scanned while
    /// the last is replayed.
    fn replay_all<S: Sink + Send>(&mut self, sink: &mut NulCheck<S>) -> Replayed {
        let mut next = self.batch_from(0);
        let mut scans = self.scan(&mut next);
        loop {
            let chunks = std::mem::take(&mut next.chunks);
            // Checked first: an abandoned cut leaves the batch short or
            // empty.
            if (self.abandon)() {
                return Replayed::Abandoned;
            }
            if chunks.is_empty() {
                return Replayed::Finished;
            }
            if self.nul_scan.scans_chunks()
                && !self
                    .unscanned
                    .settle_batch(&chunks, &scans, self.released_to)
            {
                return Replayed::Binary;
            }
            // Lazy NUL scanning pays only while nothing matches (a file
            // with no match needs no scan at all); after the first match
            // every chunk is scanned in cache again, or the catch-up scans
            // would read the gaps between matches from RAM.
            if scans.iter().any(|scan| !scan.lines.is_empty())
                && self.nul_scan == NulScan::WhereMatched
            {
                self.nul_scan = NulScan::Always;
            }
            next = self.batch_from(chunks[chunks.len() - 1].end);
            let (outcome, next_scans) = if self.parallel {
                let (replay, scan) = self.split_for_join();
                let next = &mut next;
                rayon::join(|| replay.batch(sink, &chunks, &scans), || scan(next))
            } else {
                let outcome = self.replay_mut().batch(sink, &chunks, &scans);
                let next_scans = match outcome {
                    Replayed::Finished => self.scan(&mut next),
                    _ => Vec::new(),
                };
                (outcome, next_scans)
            };
            self.replayed_to = chunks[chunks.len() - 1].end;
            if outcome != Replayed::Finished {
                return outcome;
            }
            scans = next_scans;
        }
    }

    /// The next batch of chunks, from `from`: the chunks up to a long
    /// line, or from that line to the end of the first line with a match,
    /// searched in windows right away (empty when that was abandoned).
    fn batch_from(&self, from: usize) -> Batch {
        let terminator = self.searcher.options.terminator;
        let probe = self.windows.probe();
        let cut = chunk_ranges(self.bytes, from, CHUNK, self.per_batch, terminator, probe);
        let Some(at) = cut.long_line_at.filter(|_| cut.chunks.is_empty()) else {
            return Batch {
                chunks: cut.chunks,
                scanned: None,
            };
        };
        let lines = LongLines {
            matchers: &self.matchers,
            haystack: self.bytes,
            windows: self.windows,
            nul_scan: self.nul_scan,
            count_terminators: self.searcher.options.line_numbers,
            parallel: self.parallel,
            abandon: self.abandon,
            release: self.release,
        };
        // Run from a pool thread, which then scans windows too, rather
        // than from this one, woken after every batch: 0.92x to 0.99x the
        // time on the one-line big.txt (`-c`, paired runs; the less the
        // other core was free, the smaller the gain).
        let found = if self.parallel {
            rayon::scope(|_| lines.search(at))
        } else {
            lines.search(at)
        };
        let Some(line) = found else {
            return Batch::default();
        };
        (self.long_line)(line.range.len() as u64, line.windows, line.split);
        let (chunks, scans) = line.chunks.into_iter().unzip();
        Batch {
            chunks,
            scanned: Some(scans),
        }
    }

    /// Scans `batch` as the NUL policy now says (unless it was).
    fn scan(&self, batch: &mut Batch) -> Vec<ChunkScan> {
        if let Some(scans) = batch.scanned.take() {
            return scans;
        }
        let count_lines = self.searcher.options.line_numbers;
        scan_chunks(
            &self.matchers,
            self.bytes,
            &batch.chunks,
            self.nul_scan,
            count_lines,
            self.parallel,
            self.abandon,
        )
    }

    /// The replaying half and the scanning half, to run side by side.
    fn split_for_join(
        &mut self,
    ) -> (
        BatchReplay<'_, 'a>,
        impl FnOnce(&mut Batch) -> Vec<ChunkScan> + '_,
    ) {
        let (matchers, bytes, nul_scan, parallel) =
            (&self.matchers, self.bytes, self.nul_scan, self.parallel);
        let (count_lines, abandon) = (self.searcher.options.line_numbers, self.abandon);
        let scan = move |batch: &mut Batch| {
            if let Some(scans) = batch.scanned.take() {
                return scans;
            }
            scan_chunks(
                matchers,
                bytes,
                &batch.chunks,
                nul_scan,
                count_lines,
                parallel,
                abandon,
            )
        };
        let replay = BatchReplay {
            lines: &mut self.lines,
            bytes,
            scan_checked_lines: self.scan_checked_lines,
            lines_before: &mut self.lines_before,
            released_to: &mut self.released_to,
            release: self.release,
        };
        (replay, scan)
    }

    /// The replaying half alone.
    fn replay_mut(&mut self) -> BatchReplay<'_, 'a> {
        BatchReplay {
            lines: &mut self.lines,
            bytes: self.bytes,
            scan_checked_lines: self.scan_checked_lines,
            lines_before: &mut self.lines_before,
            released_to: &mut self.released_to,
            release: self.release,
        }
    }
}

/// What replaying one batch needs, apart from what the next scan reads.
struct BatchReplay<'r, 'a> {
    lines: &'r mut LineSearch<'a>,
    bytes: &'a [u8],
    scan_checked_lines: bool,
    lines_before: &'r mut u64,
    released_to: &'r mut usize,
    release: &'a (dyn Fn(Range<usize>) + Sync),
}

impl BatchReplay<'_, '_> {
    /// Replays the matching lines found in `chunks` through the line
    /// search, then releases what was searched but a margin for the next
    /// lines' before-context (a released page read again is only mapped in
    /// again: results never depend on it).
    fn batch<S: Sink>(
        self,
        sink: &mut NulCheck<S>,
        chunks: &[Range<usize>],
        scans: &[ChunkScan],
    ) -> Replayed {
        let mut outcome = Replayed::Finished;
        for (range, scan) in chunks.iter().zip(scans) {
            // The scan counted each chunk's lines (when numbers are
            // printed).
            self.lines
                .skip_counting_to(range.start as u64, 1 + *self.lines_before);
            *self.lines_before += scan.terminators;
            // Selected lines of this chunk were checked for NUL by the
            // scan (when it was asked to), in cache; context lines are
            // checked here.
            sink.selected_lines_clean = self.scan_checked_lines && !scan.nul_in_lines;
            let go_on = self.lines.search_window_with(
                &mut *sink,
                self.bytes,
                0,
                range.start,
                range.end,
                Some(&scan.lines),
            );
            sink.selected_lines_clean = false;
            if !go_on {
                outcome = Replayed::Stopped;
                break;
            }
        }
        let end = chunks[chunks.len() - 1].end;
        let keep_from = end.saturating_sub(RESIDENT_MARGIN).max(*self.released_to);
        (self.release)(*self.released_to..keep_from);
        *self.released_to = keep_from;
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::MatcherOptions;

    #[test]
    fn chunks_end_on_line_boundaries_and_cover_everything() {
        let hay = b"aaaa\nbb\ncccccc\nd";
        let chunks = |from, count| chunk_ranges(hay, from, 3, count, b'\n', 64).chunks;
        assert_eq!(chunks(0, 10), vec![0..5, 5..15, 15..16]);
        assert_eq!(chunks(5, 1), vec![5..15]);
        assert!(chunks(16, 4).is_empty());
    }

    #[test]
    fn the_chunks_stop_before_a_line_longer_than_the_probe() {
        let hay = b"ab\ncd\nxxxxxxxxxxxxxxxx\nef\n";
        // Cut at 4: "cd\n" ends there; cut at 7 + 2: no end within 3.
        let cut = chunk_ranges(hay, 0, 4, 10, b'\n', 3);
        assert_eq!(cut.chunks, vec![0..6]);
        assert_eq!(cut.long_line_at, Some(6));
        let cut = chunk_ranges(hay, 6, 4, 10, b'\n', 3);
        assert_eq!((cut.chunks, cut.long_line_at), (vec![], Some(6)));
        // A probe reaching the end of the file ends the line there.
        let cut = chunk_ranges(b"ab\nxxxxxxxxx", 0, 4, 10, b'\n', 9);
        assert_eq!((cut.chunks.len(), cut.chunks[0].end), (1, 12));
        assert_eq!(cut.long_line_at, None);
        let cut = chunk_ranges(hay, 0, 4, 10, b'\n', 100);
        assert_eq!(cut.chunks, vec![0..6, 6..23, 23..26]);
    }

    #[test]
    fn abandoned_scans_are_left_empty() {
        let matcher = Matcher::new(&["x".to_string()], &MatcherOptions::default()).unwrap();
        let hay = b"ax\nb\0\nx\n";
        let chunks = chunk_ranges(hay, 0, 4, 8, b'\n', 64).chunks;
        let always = || true;
        let scans = scan_chunks(
            &[matcher],
            hay,
            &chunks,
            NulScan::Always,
            true,
            false,
            &always,
        );
        assert!(scans.iter().all(|scan| *scan == ChunkScan::default()));
    }

    #[test]
    fn scans_find_lines_and_the_first_nul_per_chunk() {
        let matcher = Matcher::new(&["x".to_string()], &MatcherOptions::default()).unwrap();
        let hay = b"ax\nb\0\nx\nc\nxx\n";
        let chunks = chunk_ranges(hay, 0, 4, 8, b'\n', 64).chunks;
        let scans = scan_chunks(
            &[matcher.clone(), matcher],
            hay,
            &chunks,
            NulScan::Always,
            true,
            true,
            &|| false,
        );
        let all: Vec<(usize, usize)> = scans.iter().flat_map(|s| s.lines.clone()).collect();
        assert_eq!(all, vec![(0, 3), (6, 8), (10, 13)]);
        assert_eq!(scans.iter().find_map(|s| s.nul), Some(4));
        let counts: Vec<u64> = scans.iter().map(|s| s.terminators).collect();
        assert_eq!(counts.iter().sum::<u64>(), 5);
        assert_eq!(counts[0], 2);
    }
}
