//! Lines of matches: a match expanded to the line (or, under `-U`, the
//! lines) it is in, and the lines before a line for its before-context.
//! The byte arithmetic itself is [`crate::lines`]'s.

pub use crate::lines::{count_lines, count_terminators, line_end, line_start};

use crate::matcher::{Match, Matcher};

/// The start of the line `count` lines before the line that starts at
/// `line_start`, never going below `floor`.
pub fn preceding_lines_start(
    haystack: &[u8],
    line_start: usize,
    count: usize,
    floor: usize,
    terminator: u8,
) -> usize {
    let mut start = line_start;
    for _ in 0..count {
        if start <= floor {
            break;
        }
        start = self::line_start(haystack, start - 1, terminator);
    }
    start.max(floor)
}

/// The (start, end) of the first line at or after `from` that holds a
/// match. An empty match just after the final terminator is not a line.
#[inline]
pub fn next_matching_line(
    matcher: &Matcher,
    haystack: &[u8],
    from: usize,
) -> Option<(usize, usize)> {
    // A match holds no terminator, so its end lies in its line (on the
    // terminator itself when the match runs to the line's end).
    let end = matcher.match_end_at(haystack, from)?;
    let terminator = matcher.line_terminator();
    let start = line_start(haystack, end, terminator);
    if start >= haystack.len() {
        return None;
    }
    Some((start, line_end(haystack, end, terminator)))
}

/// The lines a match of a multi-line pattern spans, as (start, end): from
/// the start of the line its first byte is in to the end of the line its
/// last byte is in (a match ending in a terminator ends its line there).
pub fn lines_of_match(haystack: &[u8], m: Match, terminator: u8) -> (usize, usize) {
    let start = line_start(haystack, m.start, terminator);
    let end = if m.end > start && haystack[m.end - 1] == terminator {
        m.end
    } else {
        line_end(haystack, m.end, terminator)
    };
    (start, end)
}

/// Lines selected by multi-line matches: the lines spanned by one match,
/// or by several that follow on from each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    /// How many matches the block holds.
    pub matches: u64,
}

/// With a multi-line matcher, the lines of the first match at or after
/// `from` (or of `first`, when the caller already found it). With `merge`,
/// as ripgrep groups them, the block grows by every next match that starts
/// on or right after its last line, until it holds `max_matches`; what
/// the search found after the block is returned with it. An empty match
/// just after the final terminator is not a line.
///
/// Each search starts as ripgrep's multi-line search does, on the bytes
/// from its start on: look-behind (`\b`, `\A`) sees no byte before it.
pub fn next_match_block(
    matcher: &Matcher,
    haystack: &[u8],
    from: usize,
    first: Option<Match>,
    merge: bool,
    max_matches: u64,
) -> Option<(Block, AfterBlock)> {
    let first = first.or_else(|| find_from(matcher, haystack, from))?;
    let (start, mut end) = lines_of_match(haystack, first, matcher.line_terminator());
    if start >= haystack.len() {
        return None;
    }
    let mut matches = 1;
    let mut pos = past_match(first);
    let mut after = AfterBlock::NotLooked;
    while merge && matches < max_matches {
        if pos >= haystack.len() {
            after = AfterBlock::Nothing;
            break;
        }
        let Some(next) = find_from(matcher, haystack, pos) else {
            after = AfterBlock::Nothing;
            break;
        };
        let (next_start, next_end) = lines_of_match(haystack, next, matcher.line_terminator());
        if next_start > end || next_start >= haystack.len() {
            after = AfterBlock::Match(next);
            break;
        }
        end = end.max(next_end);
        matches += 1;
        pos = past_match(next);
    }
    let block = Block {
        start,
        end,
        matches,
    };
    Some((block, after))
}

/// What the search for a block's last match found after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AfterBlock {
    /// It did not look (no merging, or the block reached its limit).
    #[default]
    NotLooked,
    /// No match: the search is over.
    Nothing,
    /// The match the next block starts with.
    Match(Match),
}

/// The first match in `haystack[from..]`, placed in `haystack`.
fn find_from(matcher: &Matcher, haystack: &[u8], from: usize) -> Option<Match> {
    let m = matcher.find_at(&haystack[from..], 0)?;
    Some(Match {
        start: from + m.start,
        end: from + m.end,
    })
}

/// Where the search for the next match starts: past an empty match by one
/// byte, so it cannot be found again.
fn past_match(m: Match) -> usize {
    if m.start == m.end {
        m.end + 1
    } else {
        m.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preceding_lines_stop_at_the_floor() {
        let hay = b"a\nb\nc\nd\n";
        assert_eq!(preceding_lines_start(hay, 6, 2, 0, b'\n'), 2);
        assert_eq!(preceding_lines_start(hay, 6, 9, 0, b'\n'), 0);
        assert_eq!(preceding_lines_start(hay, 6, 9, 4, b'\n'), 4);
        assert_eq!(preceding_lines_start(hay, 6, 0, 0, b'\n'), 6);
    }

    fn multiline(pattern: &str) -> Matcher {
        let options = crate::matcher::MatcherOptions {
            multiline: true,
            ..Default::default()
        };
        Matcher::new(&[pattern.to_string()], &options).unwrap()
    }

    #[test]
    fn a_match_ending_in_a_terminator_ends_its_lines_there() {
        let hay = b"ab\ncd\nef\n";
        assert_eq!(
            lines_of_match(hay, Match { start: 1, end: 3 }, b'\n'),
            (0, 3)
        );
        assert_eq!(
            lines_of_match(hay, Match { start: 1, end: 4 }, b'\n'),
            (0, 6)
        );
        assert_eq!(
            lines_of_match(hay, Match { start: 3, end: 3 }, b'\n'),
            (3, 6)
        );
    }

    #[test]
    fn blocks_grow_by_matches_on_or_right_after_their_last_line() {
        let m = multiline(r"b\nc|e");
        let hay = b"ab\ncd\ne\n\nxe\n";
        let (block, after) = next_match_block(&m, hay, 0, None, true, u64::MAX).unwrap();
        assert_eq!((block.start, block.end, block.matches), (0, 8, 2));
        assert!(matches!(after, AfterBlock::Match(found) if found.start == 10));
        // Without merging, or up to one match, the block is one match's.
        let (alone, _) = next_match_block(&m, hay, 0, None, false, u64::MAX).unwrap();
        assert_eq!((alone.start, alone.end), (0, 6));
        let (limited, after) = next_match_block(&m, hay, 0, None, true, 1).unwrap();
        assert_eq!((limited.end, after), (6, AfterBlock::NotLooked));
        assert_eq!(count_lines(&hay[..block.end], b'\n'), 3);
        assert_eq!(count_lines(b"a\nb", b'\n'), 2);
    }
}
