//! Searching one large slice in chunks, on several threads when it pays.
//!
//! The slice is cut at line boundaries into chunks. For each chunk a worker
//! looks for the first NUL byte and collects the matching lines; the
//! [`super::Searcher`] then replays those lines in file order, so context,
//! `-m`, `-v` and line numbers are exactly those of a one-thread search.
//! Scanning for NUL chunk by chunk, just before the regex reads the same
//! bytes, keeps the second pass in cache instead of reading RAM twice.

use std::ops::Range;

use rayon::prelude::*;

use super::lines;
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

/// Up to `count` chunks of about `size` bytes starting at `from`, each
/// ending just after a line terminator (or at the end of `haystack`).
pub fn chunk_ranges(haystack: &[u8], from: usize, size: usize, count: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::with_capacity(count.min(64));
    let mut start = from;
    while ranges.len() < count && start < haystack.len() {
        let target = start.saturating_add(size).min(haystack.len());
        let end = if target == haystack.len() {
            target
        } else {
            lines::line_end(haystack, target)
        };
        ranges.push(start..end);
        start = end;
    }
    ranges
}

/// Scans each chunk of `haystack` (in parallel when `parallel`), looking
/// for NUL as `nul_scan` says, and for matching lines; with
/// `count_terminators` it counts the chunk's lines while they are in cache,
/// so the in-order replay numbers lines without reading the chunks between
/// matches again (from RAM, or faulting released pages back in). `matchers` holds one
/// clone of the matcher per pool thread (at least one): a clone keeps its
/// own warm regex cache, so threads never contend for a shared one.
pub fn scan_chunks(
    matchers: &[Matcher],
    haystack: &[u8],
    chunks: &[Range<usize>],
    nul_scan: NulScan,
    count_terminators: bool,
    parallel: bool,
) -> Vec<ChunkScan> {
    // The regex reads the chunk first; the NUL scan then finds it in cache.
    let scan = |matcher: &Matcher, range: &Range<usize>| {
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
            lines::count_terminators(&haystack[range.clone()])
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
    matcher.matching_lines(&haystack[..range.end], range.start, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::MatcherOptions;

    #[test]
    fn chunks_end_on_line_boundaries_and_cover_everything() {
        let hay = b"aaaa\nbb\ncccccc\nd";
        let chunks = chunk_ranges(hay, 0, 3, 10);
        assert_eq!(chunks, vec![0..5, 5..15, 15..16]);
        assert_eq!(chunk_ranges(hay, 5, 3, 1), vec![5..15]);
        assert!(chunk_ranges(hay, 16, 3, 4).is_empty());
    }

    #[test]
    fn scans_find_lines_and_the_first_nul_per_chunk() {
        let matcher = Matcher::new(&["x".to_string()], &MatcherOptions::default()).unwrap();
        let hay = b"ax\nb\0\nx\nc\nxx\n";
        let chunks = chunk_ranges(hay, 0, 4, 8);
        let scans = scan_chunks(
            &[matcher.clone(), matcher],
            hay,
            &chunks,
            NulScan::Always,
            true,
            true,
        );
        let all: Vec<(usize, usize)> = scans.iter().flat_map(|s| s.lines.clone()).collect();
        assert_eq!(all, vec![(0, 3), (6, 8), (10, 13)]);
        assert_eq!(scans.iter().find_map(|s| s.nul), Some(4));
        let counts: Vec<u64> = scans.iter().map(|s| s.terminators).collect();
        assert_eq!(counts.iter().sum::<u64>(), 5);
        assert_eq!(counts[0], 2);
    }
}
