//! Line arithmetic over a byte slice: where lines start and end, and how
//! many there are, for a given line terminator (`\n`, or NUL with
//! `--null-data`). Shared by the matcher (which confines its work to
//! candidate lines), the searcher and the printers; it holds no state, and
//! everything here is memchr-based: nothing walks bytes one at a time.

/// The offset at which the line containing `at` starts.
#[inline]
pub fn line_start(haystack: &[u8], at: usize, terminator: u8) -> usize {
    memchr::memrchr(terminator, &haystack[..at]).map_or(0, |i| i + 1)
}

/// The offset just past the terminator of the line containing `at` (or the
/// end of the haystack when its last line has no terminator).
#[inline]
pub fn line_end(haystack: &[u8], at: usize, terminator: u8) -> usize {
    memchr::memchr(terminator, &haystack[at..]).map_or(haystack.len(), |i| at + i + 1)
}

/// How many line terminators `bytes` holds (vectorised by memchr).
#[inline]
pub fn count_terminators(bytes: &[u8], terminator: u8) -> u64 {
    memchr::memchr_iter(terminator, bytes).count() as u64
}

/// How many lines `bytes` (whole lines) holds: one per terminator, and one
/// more for a last line without one.
pub fn count_lines(bytes: &[u8], terminator: u8) -> u64 {
    count_terminators(bytes, terminator) + u64::from(bytes.last().is_some_and(|&b| b != terminator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_middle_and_last_lines() {
        let hay = b"ab\ncd\nef";
        assert_eq!(line_start(hay, 4, b'\n'), 3);
        assert_eq!(line_end(hay, 4, b'\n'), 6);
        assert_eq!(line_start(hay, 7, b'\n'), 6);
        assert_eq!(line_end(hay, 7, b'\n'), 8);
        assert_eq!(line_start(hay, 0, b'\n'), 0);
    }

    #[test]
    fn another_terminator_makes_other_lines() {
        let hay = b"a\nb\0c\n";
        assert_eq!(line_end(hay, 0, 0), 4);
        assert_eq!(line_start(hay, 5, 0), 4);
        assert_eq!(count_lines(hay, 0), 2);
        assert_eq!(count_lines(hay, b'\n'), 2);
    }

    #[test]
    fn counts_terminators_and_lines() {
        assert_eq!(count_terminators(b"a\nb\n\n", b'\n'), 3);
        assert_eq!(count_terminators(b"", b'\n'), 0);
        assert_eq!(count_lines(b"a\nb", b'\n'), 2);
        assert_eq!(count_lines(b"a\nb\n", b'\n'), 2);
    }
}
