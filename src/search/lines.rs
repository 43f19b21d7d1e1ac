//! Line arithmetic over a byte slice: where lines start and end, and how
//! many there are. Everything here is memchr-based; nothing walks bytes one
//! at a time.

/// The line terminator lode searches with.
pub const TERMINATOR: u8 = b'\n';

/// The offset at which the line containing `at` starts.
#[inline]
pub fn line_start(haystack: &[u8], at: usize) -> usize {
    memchr::memrchr(TERMINATOR, &haystack[..at]).map_or(0, |i| i + 1)
}

/// The offset just past the terminator of the line containing `at` (or the
/// end of the haystack when its last line has no terminator).
#[inline]
pub fn line_end(haystack: &[u8], at: usize) -> usize {
    memchr::memchr(TERMINATOR, &haystack[at..]).map_or(haystack.len(), |i| at + i + 1)
}

/// The start of the line `count` lines before the line that starts at
/// `line_start`, never going below `floor`.
pub fn preceding_lines_start(
    haystack: &[u8],
    line_start: usize,
    count: usize,
    floor: usize,
) -> usize {
    let mut start = line_start;
    for _ in 0..count {
        if start <= floor {
            break;
        }
        start = self::line_start(haystack, start - 1);
    }
    start.max(floor)
}

/// The (start, end) of the first line at or after `from` that holds a
/// match. An empty match just after the final terminator is not a line.
#[inline]
pub fn next_matching_line(
    matcher: &crate::matcher::Matcher,
    haystack: &[u8],
    from: usize,
) -> Option<(usize, usize)> {
    // A match holds no terminator, so its end lies in its line (on the
    // terminator itself when the match runs to the line's end).
    let end = matcher.match_end_at(haystack, from)?;
    let start = line_start(haystack, end);
    if start >= haystack.len() {
        return None;
    }
    Some((start, line_end(haystack, end)))
}

/// How many line terminators `bytes` holds (vectorised by memchr).
#[inline]
pub fn count_terminators(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(TERMINATOR, bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_middle_and_last_lines() {
        let hay = b"ab\ncd\nef";
        assert_eq!(line_start(hay, 4), 3);
        assert_eq!(line_end(hay, 4), 6);
        assert_eq!(line_start(hay, 7), 6);
        assert_eq!(line_end(hay, 7), 8);
        assert_eq!(line_start(hay, 0), 0);
    }

    #[test]
    fn preceding_lines_stop_at_the_floor() {
        let hay = b"a\nb\nc\nd\n";
        assert_eq!(preceding_lines_start(hay, 6, 2, 0), 2);
        assert_eq!(preceding_lines_start(hay, 6, 9, 0), 0);
        assert_eq!(preceding_lines_start(hay, 6, 9, 4), 4);
        assert_eq!(preceding_lines_start(hay, 6, 0, 0), 6);
    }

    #[test]
    fn counts_terminators() {
        assert_eq!(count_terminators(b"a\nb\n\n"), 3);
        assert_eq!(count_terminators(b""), 0);
    }
}
