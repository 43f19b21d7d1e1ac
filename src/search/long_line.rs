//! A line too long for a chunk (a minified bundle, a JSON dump, a log with
//! no newline), searched on every core, in one pass over its bytes.
//!
//! The chunked search cuts a large file at line ends; a line of a gigabyte
//! would be one chunk, its end found by one thread reading all of it, then
//! the regex reading all of it again. Instead, from the start of the long
//! line on, the bytes are cut into windows, searched in parallel batches.
//! A pattern whose matches are at most [`Matcher::longest_match`] bytes
//! long is looked for in each window, the search reaching that far into
//! the next: every match starts in one window and ends within its reach,
//! and no match holds a terminator, so a window finds a match exactly when
//! one starts in it, whatever the lines. Where lines end does not matter
//! until the first match: the bytes before the line holding it are whole
//! lines without one. Only then are that line's ends looked for, backward
//! and forward, and the chunked search goes on after it. A file with no
//! match is read once, as by the regex alone.
//!
//! Any other pattern (`\w+`, PCRE2, a boolean query) needs the line whole:
//! windows find its end, and the line is then searched in one piece.

use std::ops::Range;

use rayon::prelude::*;

use super::parallel::{ChunkScan, NulScan};
use crate::lines;
use crate::matcher::Matcher;

/// Window sizes for long lines, and from what length a line counts as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineWindows {
    /// Bytes per window.
    pub size: usize,
}

/// A window of a chunk's size (half this machine's per-core L2 and more):
/// a second look at its bytes (the regex after a line count) finds them
/// in cache.
const WINDOW: usize = 256 << 10;
/// Windows per thread in the first batch from a long line; each next
/// batch has twice as many, up to [`MOST_PER_THREAD`]: a line just past
/// the probe costs little more than its own bytes, a long one few
/// barriers.
const FIRST_PER_THREAD: usize = 2;
/// Windows per thread in a batch, at most: 32 MiB a thread. Against 16
/// MiB, `-c zqzqzqzq` on the one-line big.txt took 0.90x to 0.96x the
/// time (fewer barriers, each a wait for the slowest thread when another
/// process holds a core), for a peak of 71 MiB resident instead of 39.
const MOST_PER_THREAD: usize = 128;
/// Bytes kept mapped behind the part searched.
const RESIDENT_MARGIN: usize = 64 << 10;

impl Default for LineWindows {
    fn default() -> LineWindows {
        LineWindows { size: WINDOW }
    }
}

impl LineWindows {
    /// The default, or with the tests' hook `LODE_TEST_LINE_WINDOW=BYTES`
    /// windows of that size (and the probe with them), so that the tests
    /// reach the windowed search of long lines with small files. Read once,
    /// when the run's config is built; unset or not a number, it does
    /// nothing.
    pub fn with_test_hook() -> LineWindows {
        std::env::var("LODE_TEST_LINE_WINDOW")
            .ok()
            .and_then(|text| text.parse().ok())
            .filter(|&size| size > 0)
            .map_or_else(LineWindows::default, |size| LineWindows { size })
    }

    /// How far past a chunk's cut the end of its last line is looked for:
    /// a line that does not end within this is searched in windows.
    pub fn probe(self) -> usize {
        self.size.saturating_mul(4)
    }
}

/// What the search from the start of a long line found: the whole lines
/// up to the end of the first line with a match (or of the file), as one
/// or two chunks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongLine {
    /// The bytes searched, from the long line's start: whole lines.
    pub range: Range<usize>,
    /// The lines without a match, then the line with one (either may be
    /// missing), each as a chunk's scan reports it.
    pub chunks: Vec<(Range<usize>, ChunkScan)>,
    /// Windows looked at.
    pub windows: u64,
    /// The pattern was looked for in windows, not in the line whole.
    pub split: bool,
}

/// How the long lines of one file are searched.
pub struct LongLines<'a> {
    /// One matcher per pool thread (at least one).
    pub matchers: &'a [Matcher],
    pub haystack: &'a [u8],
    pub windows: LineWindows,
    pub nul_scan: NulScan,
    /// Line terminators are counted (for line numbers).
    pub count_terminators: bool,
    /// Windows are searched on the rayon pool.
    pub parallel: bool,
    /// Asked between batches: true voids the search.
    pub abandon: &'a (dyn Fn() -> bool + Sync),
    /// Drops bytes searched from memory.
    pub release: &'a (dyn Fn(Range<usize>) + Sync),
}

/// What one window of lines without a match found.
#[derive(Clone, Copy, Debug, Default)]
struct RegionScan {
    terminators: u64,
    nul: Option<usize>,
    matched: bool,
}

/// Lines without a match, as found so far.
#[derive(Clone, Copy, Debug, Default)]
struct Region {
    terminators: u64,
    nul: Option<usize>,
}

impl LongLines<'_> {
    /// Searches from `at`, the start of a long line (one that holds no
    /// terminator for a while); `None` when [`LongLines::abandon`] said to
    /// stop.
    pub fn search(&self, at: usize) -> Option<LongLine> {
        let reach = self.matchers[0]
            .longest_match()
            .filter(|&longest| longest <= self.windows.size);
        let mut windows = 0;
        let found = match reach {
            Some(reach) => self.search_split(at, reach, &mut windows)?,
            None => self.search_whole(at, &mut windows)?,
        };
        Some(LongLine {
            range: at..found.last().map_or(at, |(range, _)| range.end),
            chunks: found,
            windows,
            split: reach.is_some(),
        })
    }

    /// Searches windows for the first match, then its line's ends.
    fn search_split(
        &self,
        at: usize,
        reach: usize,
        windows: &mut u64,
    ) -> Option<Vec<(Range<usize>, ChunkScan)>> {
        let haystack = self.haystack;
        let (matcher, terminator) = (&self.matchers[0], self.terminator());
        let mut region = Region::default();
        let always = self.nul_scan == NulScan::Always;
        let scan = |matcher: &Matcher, window: Range<usize>| {
            // Counts and NUL first: the regex then reads from cache.
            let bytes = &haystack[window.clone()];
            RegionScan {
                terminators: if self.count_terminators {
                    lines::count_terminators(bytes, terminator)
                } else {
                    0
                },
                nul: always
                    .then(|| memchr::memchr(0, bytes).map(|i| window.start + i))
                    .flatten(),
                matched: matcher
                    .match_end_within(haystack, window.start, reach_end(haystack, &window, reach))
                    .is_some(),
            }
        };
        let mut first = None;
        self.each_batch(
            at,
            (true, windows),
            |batch| {
                for (window, found) in batch {
                    if found.matched {
                        first = Some(window);
                        return true;
                    }
                    region.terminators += found.terminators;
                    region.nul = region.nul.or(found.nul);
                }
                false
            },
            scan,
        )?;
        let Some(window) = first else {
            return Some(vec![(at..haystack.len(), self.region_scan(region))]);
        };
        let Some(end) =
            matcher.match_end_within(haystack, window.start, reach_end(haystack, &window, reach))
        else {
            // The regex found a match there a moment ago.
            return self.search_whole(at, windows);
        };
        let line_start = self
            .last_terminator(at..end, windows)?
            .map_or(at, |t| t + 1);
        if line_start > window.start {
            let rest = &haystack[window.start..line_start];
            if self.count_terminators {
                region.terminators += lines::count_terminators(rest, terminator);
            }
            if always && region.nul.is_none() {
                region.nul = memchr::memchr(0, rest).map(|i| window.start + i);
            }
        }
        if line_start >= haystack.len() {
            // An empty match after the last terminator is not a line's.
            return Some(vec![(at..haystack.len(), self.region_scan(region))]);
        }
        region.nul = region.nul.filter(|&nul| nul < line_start);
        let mut found = Vec::with_capacity(2);
        if line_start > at {
            found.push((at..line_start, self.region_scan(region)));
        }
        found.push(self.matched_line(line_start, end, windows)?);
        Some(found)
    }

    /// A line no window could be searched in alone: its end found in
    /// windows, the line then searched whole.
    fn search_whole(&self, at: usize, windows: &mut u64) -> Option<Vec<(Range<usize>, ChunkScan)>> {
        // Kept in memory: the line is read again right after.
        let (end, _) = self.line_end(at, false, false, windows)?;
        // Searched as the one line it is: the search ends there, and a
        // match past the line's terminator (empty, at the end) is none.
        let line = &self.haystack[..end];
        let matched = self.matchers[0]
            .match_end_at(line, at)
            .is_some_and(|match_end| match_end < end || line[end - 1] != self.terminator());
        let nul = if self.wants_nul(matched) {
            if (self.abandon)() {
                return None;
            }
            self.first_nul(at..end)
        } else {
            None
        };
        Some(vec![(at..end, self.line_scan(at..end, matched, nul))])
    }

    /// The line from `start` that holds a match ending at `match_end`, to
    /// its terminator, with the NUL scan its policy asks for.
    fn matched_line(
        &self,
        start: usize,
        match_end: usize,
        windows: &mut u64,
    ) -> Option<(Range<usize>, ChunkScan)> {
        let wants_nul = self.wants_nul(true);
        let (end, tail_nul) = self.line_end(match_end, wants_nul, true, windows)?;
        let nul = if wants_nul {
            if (self.abandon)() {
                return None;
            }
            self.first_nul(start..match_end).or(tail_nul)
        } else {
            None
        };
        Some((start..end, self.line_scan(start..end, true, nul)))
    }

    /// Whether a line's NUL bytes are looked for, as the policy says.
    fn wants_nul(&self, matched: bool) -> bool {
        match self.nul_scan {
            NulScan::Never => false,
            NulScan::Always => true,
            NulScan::WhereMatched | NulScan::MatchingLines => matched,
        }
    }

    /// Lines without a match as a chunk's scan reports them.
    fn region_scan(&self, region: Region) -> ChunkScan {
        let nul_scanned = self.nul_scan == NulScan::Always;
        ChunkScan {
            nul_scanned,
            nul: region.nul.filter(|_| nul_scanned),
            lines: Vec::new(),
            nul_in_lines: false,
            terminators: region.terminators,
        }
    }

    /// One line as a chunk's scan reports it; `nul` is its first NUL,
    /// when it was looked for.
    fn line_scan(&self, line: Range<usize>, matched: bool, nul: Option<usize>) -> ChunkScan {
        let nul_scanned = match self.nul_scan {
            NulScan::Never | NulScan::MatchingLines => false,
            NulScan::Always => true,
            NulScan::WhereMatched => matched,
        };
        let ended = self.haystack[line.end - 1] == self.terminator();
        ChunkScan {
            nul_scanned,
            nul: nul.filter(|_| nul_scanned),
            lines: if matched {
                vec![(line.start, line.end)]
            } else {
                Vec::new()
            },
            nul_in_lines: self.nul_scan == NulScan::MatchingLines && matched && nul.is_some(),
            terminators: u64::from(self.count_terminators && ended),
        }
    }

    fn terminator(&self) -> u8 {
        self.matchers[0].line_terminator()
    }

    /// The end of the line holding `from` (past its terminator, or the end
    /// of the file), and with `nul` the first NUL before it from `from`;
    /// with `release`, what was scanned is released behind.
    fn line_end(
        &self,
        from: usize,
        nul: bool,
        release: bool,
        windows: &mut u64,
    ) -> Option<(usize, Option<usize>)> {
        let haystack = self.haystack;
        let terminator = self.terminator();
        // Under --null-data the terminator is the NUL.
        let nul = nul && terminator != 0;
        let scan = |_: &Matcher, window: Range<usize>| {
            let bytes = &haystack[window.clone()];
            let at = |i: usize| window.start + i;
            if !nul {
                return (memchr::memchr(terminator, bytes).map(at), None);
            }
            match memchr::memchr2(terminator, 0, bytes) {
                Some(i) if bytes[i] == 0 => {
                    let end = memchr::memchr(terminator, &bytes[i..]).map(|j| at(i + j));
                    (end, Some(at(i)))
                }
                found => (found.map(at), None),
            }
        };
        let mut end = None;
        let mut first_nul = None;
        self.each_batch(
            from,
            (release, windows),
            |batch| {
                for (_, (found, nul)) in batch {
                    first_nul = first_nul.or(nul);
                    if let Some(terminator) = found {
                        end = Some(terminator + 1);
                        return true;
                    }
                }
                false
            },
            scan,
        )?;
        Some((end.unwrap_or(haystack.len()), first_nul))
    }

    /// The last terminator in `range`, looked for backward a window at a
    /// time (the line holding a match may start far back).
    fn last_terminator(&self, range: Range<usize>, windows: &mut u64) -> Option<Option<usize>> {
        let terminator = self.terminator();
        let size = self.windows.size.max(1);
        // Within the first window back, a plain memrchr.
        let near = range.end.saturating_sub(size).max(range.start);
        if let Some(i) = memchr::memrchr(terminator, &self.haystack[near..range.end]) {
            return Some(Some(near + i));
        }
        let mut end = near;
        let mut per_thread = FIRST_PER_THREAD;
        while end > range.start {
            if (self.abandon)() {
                return None;
            }
            let span = self.threads() * per_thread * size;
            let batch = end.saturating_sub(span).max(range.start)..end;
            let found = self
                .map_windows(batch.clone(), |_, window| {
                    memchr::memrchr(terminator, &self.haystack[window.clone()])
                        .map(|i| window.start + i)
                })
                .into_iter()
                .filter_map(|(_, found)| found)
                .max();
            *windows += window_count(&batch, size);
            if found.is_some() {
                return Some(found);
            }
            end = batch.start;
            per_thread = (per_thread * 2).min(MOST_PER_THREAD);
        }
        Some(None)
    }

    /// Scans batches of windows from `from` with `scan`, each batch
    /// handed to `take` in order until it says it is done (or the file
    /// ends), counting them in `windows`, and with `release` releasing
    /// what lies behind. `None` when abandoned.
    fn each_batch<T: Send>(
        &self,
        from: usize,
        (release, windows): (bool, &mut u64),
        mut take: impl FnMut(Vec<(Range<usize>, T)>) -> bool,
        scan: impl Fn(&Matcher, Range<usize>) -> T + Sync,
    ) -> Option<()> {
        let length = self.haystack.len();
        let size = self.windows.size.max(1);
        let mut pos = from;
        let mut released = from;
        let mut per_thread = FIRST_PER_THREAD;
        while pos < length {
            if (self.abandon)() {
                return None;
            }
            let span = self.threads() * per_thread * size;
            let batch = pos..pos.saturating_add(span).min(length);
            let scans = self.map_windows(batch.clone(), &scan);
            *windows += scans.len() as u64;
            if take(scans) {
                break;
            }
            if release {
                let keep_from = batch.end.saturating_sub(RESIDENT_MARGIN);
                (self.release)(released..keep_from);
                released = keep_from;
            }
            pos = batch.end;
            per_thread = (per_thread * 2).min(MOST_PER_THREAD);
        }
        Some(())
    }

    /// `scan` of each window of `range`, in order (in parallel when asked).
    fn map_windows<T: Send>(
        &self,
        range: Range<usize>,
        scan: impl Fn(&Matcher, Range<usize>) -> T + Sync,
    ) -> Vec<(Range<usize>, T)> {
        let size = self.windows.size.max(1);
        let windows: Vec<Range<usize>> = (range.start..range.end)
            .step_by(size)
            .map(|start| start..(start + size).min(range.end))
            .collect();
        let run = |matcher: &Matcher, window: &Range<usize>| {
            (window.clone(), scan(matcher, window.clone()))
        };
        if self.parallel && windows.len() > 1 {
            windows
                .par_iter()
                .map(|window| {
                    let thread = rayon::current_thread_index().unwrap_or(0);
                    run(&self.matchers[thread % self.matchers.len()], window)
                })
                .collect()
        } else {
            windows
                .iter()
                .map(|window| run(&self.matchers[0], window))
                .collect()
        }
    }

    /// The first NUL in `range`, looked for window by window.
    fn first_nul(&self, range: Range<usize>) -> Option<usize> {
        let haystack = self.haystack;
        self.map_windows(range, |_, window| {
            memchr::memchr(0, &haystack[window.clone()]).map(|i| window.start + i)
        })
        .into_iter()
        .find_map(|(_, nul)| nul)
    }

    fn threads(&self) -> usize {
        if self.parallel {
            rayon::current_num_threads().max(1)
        } else {
            1
        }
    }
}

/// Where the search for a match starting in `window` may end: a match
/// holds no terminator, so one found is some line's, whatever the lines.
fn reach_end(haystack: &[u8], window: &Range<usize>, reach: usize) -> usize {
    window.end.saturating_add(reach).min(haystack.len())
}

/// How many windows of `size` cover `range`.
fn window_count(range: &Range<usize>, size: usize) -> u64 {
    range.len().div_ceil(size) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::MatcherOptions;

    fn lines_with(pattern: &str, size: usize, nul_scan: NulScan, hay: &[u8]) -> LongLine {
        let matcher = Matcher::new(&[pattern.to_string()], &MatcherOptions::default()).unwrap();
        let lines = LongLines {
            matchers: &[matcher.clone(), matcher],
            haystack: hay,
            windows: LineWindows { size },
            nul_scan,
            count_terminators: true,
            parallel: true,
            abandon: &|| false,
            release: &|_| {},
        };
        lines.search(0).unwrap()
    }

    /// A chunk's range, matching lines and terminators.
    type Chunk = (Range<usize>, Vec<(usize, usize)>, u64);

    fn chunks(line: &LongLine) -> Vec<Chunk> {
        line.chunks
            .iter()
            .map(|(range, scan)| (range.clone(), scan.lines.clone(), scan.terminators))
            .collect()
    }

    #[test]
    fn a_match_across_two_windows_is_found_in_its_line() {
        let hay = b"xxxxxxabcdxxxxxxxx\nabcd\n";
        for size in 1..24 {
            let line = lines_with("abcd", size, NulScan::Never, hay);
            assert_eq!(chunks(&line), vec![(0..19, vec![(0, 19)], 1)], "{size}");
            // Windows narrower than a match would mostly overlap.
            assert_eq!(line.split, size >= 4);
        }
    }

    #[test]
    fn lines_before_the_first_match_are_one_chunk_without_one() {
        let hay = b"xxxxxxxxab\ncdxx\nxxxxxxx\nyy abcd zz\nabcd";
        for size in 4..40 {
            let line = lines_with("abcd|bcd", size, NulScan::Never, hay);
            let expected = vec![(0..24, vec![], 3), (24..35, vec![(24, 35)], 1)];
            assert_eq!(chunks(&line), expected, "{size}");
            assert_eq!(line.range, 0..35);
        }
    }

    #[test]
    fn without_a_match_the_search_runs_to_the_end_of_the_file() {
        let hay = b"xxxxxxxxab\ncdxx\nxxxxxxx\nyy";
        for size in 4..40 {
            let line = lines_with("abcd|qq", size, NulScan::Never, hay);
            assert_eq!(chunks(&line), vec![(0..26, vec![], 3)], "{size}");
        }
        // Searched whole, only the long line is.
        let line = lines_with("abcd|qq", 3, NulScan::Never, hay);
        assert_eq!(chunks(&line), vec![(0..11, vec![], 1)]);
    }

    #[test]
    fn look_around_sees_past_the_window() {
        let hay = b"xx abc abcd abc\n";
        let found = |pattern: &str, size: usize| {
            let line = lines_with(pattern, size, NulScan::Never, hay);
            line.chunks.iter().any(|(_, scan)| !scan.lines.is_empty())
        };
        for size in 4..17 {
            assert!(found(r"\babcd\b", size), "{size}");
            assert!(!found(r"\babc\b d", size), "{size}");
            assert!(found("^xx", size), "{size}");
            assert!(!found("^abc", size), "{size}");
            assert!(found("abc$", size), "{size}");
        }
    }

    #[test]
    fn unbounded_patterns_search_the_line_whole() {
        let hay = b"aaaaaaaaaaaaaaaaaab\nc";
        let line = lines_with("a+b", 4, NulScan::Never, hay);
        assert!(!line.split);
        assert_eq!(chunks(&line), vec![(0..20, vec![(0, 20)], 1)]);
        let last = lines_with("c", 1, NulScan::Never, &hay[20..]);
        assert_eq!(chunks(&last), vec![(0..1, vec![(0, 1)], 0)]);
    }

    #[test]
    fn nul_bytes_are_found_where_the_policy_asks() {
        let hay = b"xx\0xxxxxxxxxxxxxxxxxxxxhit\0xxxxxxx\nx\0";
        let nul_of = |pattern: &str, policy: NulScan, hay: &[u8]| {
            let line = lines_with(pattern, 4, policy, hay);
            let (_, scan) = line.chunks.last().unwrap().clone();
            (scan.nul_scanned, scan.nul, scan.nul_in_lines)
        };
        assert_eq!(nul_of("hit", NulScan::Always, hay), (true, Some(2), false));
        assert_eq!(
            nul_of("hit", NulScan::WhereMatched, hay),
            (true, Some(2), false)
        );
        assert_eq!(
            nul_of("zzz", NulScan::WhereMatched, hay),
            (false, None, false)
        );
        assert_eq!(
            nul_of("hit", NulScan::MatchingLines, hay),
            (false, None, true)
        );
        assert_eq!(
            nul_of("hit", NulScan::MatchingLines, &hay[3..]),
            (false, None, true)
        );
        let clean = b"xxxxhitxxxx\n\0";
        assert_eq!(
            nul_of("hit", NulScan::MatchingLines, clean),
            (false, None, false)
        );
        // Lines before the match: theirs, not the match line's.
        let before = b"x\0xxxxxxx\nxxxxhit\n";
        let line = lines_with("hit", 3, NulScan::Always, before);
        let nuls: Vec<Option<usize>> = line.chunks.iter().map(|(_, scan)| scan.nul).collect();
        assert_eq!(nuls, vec![Some(1), None]);
    }

    #[test]
    fn an_abandoned_search_finds_nothing() {
        let matcher = Matcher::new(&["x".to_string()], &MatcherOptions::default()).unwrap();
        let lines = LongLines {
            matchers: &[matcher],
            haystack: b"aaaa",
            windows: LineWindows { size: 1 },
            nul_scan: NulScan::Never,
            count_terminators: false,
            parallel: false,
            abandon: &|| true,
            release: &|_| {},
        };
        assert!(lines.search(0).is_none());
    }
}
