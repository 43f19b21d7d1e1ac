//! Binary files: a NUL byte means binary, and ripgrep's answer to "which of
//! this file's lines were searched before it noticed?" is kept exactly.
//!
//! ripgrep reads a file (in a directory search) through a 64 KiB line
//! buffer; when a read brings in a NUL it stops *before* searching that
//! buffer. So the lines it reports are the complete lines of the buffers
//! filled before the one holding the first NUL. lode searches whole slices
//! (mapped or read), so it recomputes where those buffer boundaries fell;
//! that keeps one behaviour for every I/O strategy.

use super::{lines, Line, Sink, SinkFinish};

/// What to do with a file that contains a NUL byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryMode {
    /// Search every byte as text (`-a/--text`).
    AsText,
    /// Stop at the buffer holding the first NUL; report only what came
    /// before (files found while walking a directory).
    Quit,
    /// Keep searching with NULs read as line ends; the first match past the
    /// binary data is reported as "binary file matches" (files named on the
    /// command line, stdin, and `--binary`).
    Convert,
}

/// ripgrep's read buffer capacity; also how much of a mapped file it
/// checks for NUL before searching it.
const BUFFER_CAPACITY: usize = 64 * 1024;
/// ripgrep's first read of a file peeks at most this many bytes for a BOM.
const BOM_PEEK: usize = 3;

/// The first NUL among the bytes ripgrep checks before searching a file it
/// maps: the first 64 KiB.
pub fn first_nul_in_head(haystack: &[u8]) -> Option<usize> {
    memchr::memchr(0, &haystack[..haystack.len().min(BUFFER_CAPACITY)])
}

/// Whether `bytes` holds a NUL. Made for lines, most of them short: eight
/// bytes at a time in registers, where memchr's set-up for each call cost
/// a third more time on `-c static` over big.txt (589,221 lines).
pub fn has_nul(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    if bytes.len() >= 256 {
        return memchr::memchr(0, bytes).is_some();
    }
    let mut words = bytes.chunks_exact(8);
    let mut zero_bytes = 0;
    for word in &mut words {
        let word = u64::from_ne_bytes(word.try_into().unwrap());
        // Exactly the words with a zero byte leave a high bit set here.
        zero_bytes |= word.wrapping_sub(ONES) & !word & HIGHS;
    }
    zero_bytes != 0 || words.remainder().contains(&0)
}

/// How ripgrep's line buffer decides what to keep when it rolls: nothing
/// without context; otherwise from the later of (the line `before` lines
/// above the buffer's last line) and (the end of the last line it emitted
/// in this buffer).
#[derive(Clone, Copy, Debug)]
pub struct RollPolicy {
    pub before: usize,
    pub max_context: usize,
    /// The byte lines end with.
    pub terminator: u8,
}

impl RollPolicy {
    /// Where the kept bytes start, for a buffer `[start, end)` of complete
    /// lines in which the last emitted line ended at `visited` (or `start`).
    pub fn keep_from(self, haystack: &[u8], start: usize, end: usize, visited: usize) -> usize {
        if self.max_context == 0 {
            return end;
        }
        let context_start =
            lines::preceding_lines_start(haystack, end, self.before + 1, start, self.terminator);
        context_start.max(visited)
    }
}

/// The offset before which ripgrep's read loop searched lines, for a file
/// whose first NUL byte is at `nul`. `emitted_ends` are the (sorted) end
/// offsets of every line a search before the NUL emits (needed only with
/// context: they decide what ripgrep keeps when it rolls its buffer).
pub fn searched_before_nul(
    haystack: &[u8],
    nul: usize,
    policy: RollPolicy,
    emitted_ends: &[usize],
) -> usize {
    debug_assert!(nul < haystack.len());
    let mut capacity = BUFFER_CAPACITY;
    let mut start = 0; // first byte held in the buffer
    let mut end = 0; // end of the bytes read so far
    let mut first_read = true;
    loop {
        // One fill: read until the new bytes hold a line terminator.
        let searched_end = loop {
            if end - start == capacity {
                capacity *= 3; // ripgrep grows by twice the current length
            }
            let mut want = capacity - (end - start);
            if first_read {
                want = want.min(BOM_PEEK);
                first_read = false;
            }
            let read_end = (end + want).min(haystack.len());
            let new = end..read_end;
            end = read_end;
            if nul < end {
                return start;
            }
            if let Some(i) = memchr::memrchr(policy.terminator, &haystack[new.clone()]) {
                break new.start + i + 1;
            }
        };
        let last_emitted = emitted_ends.partition_point(|&e| e <= searched_end);
        let visited = match last_emitted.checked_sub(1).map(|i| emitted_ends[i]) {
            Some(e) if e > start => e,
            _ => start,
        };
        start = policy.keep_from(haystack, start, searched_end, visited);
    }
}

/// How a NUL found in a file is to be reported once the search is done
/// (convert mode): the event [`Sink::binary_data`] carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BinaryNotice {
    /// Offset of the first NUL byte in the file.
    pub nul_offset: u64,
    /// Lines at or past this offset were in ripgrep's binary buffer.
    pub searched_before: u64,
}

/// The search read the buffer holding a file's first NUL (at this offset):
/// what [`SinkFinish::binary`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReachedNul {
    /// In quit mode: ripgrep stops there.
    Quit(u64),
    /// In convert mode: ripgrep read on, NULs as line ends.
    Convert(u64),
}

impl ReachedNul {
    /// The NUL's offset, where ripgrep counts the bytes it searched to.
    pub fn offset(self) -> u64 {
        match self {
            ReachedNul::Quit(nul) | ReachedNul::Convert(nul) => nul,
        }
    }
}

/// How one file's NUL bytes are handled: chosen per file by where it came
/// from (see [`super::Searcher::binary_rule`]).
#[derive(Clone, Copy, Debug)]
pub struct BinaryRule {
    pub mode: BinaryMode,
    /// The file is searched whole, as one slice (a multi-line pattern):
    /// ripgrep then checks for NUL as in a mapped file, even in text it
    /// decoded.
    pub whole: bool,
    /// ripgrep would map the file, and so looks for NUL only in its first
    /// 64 KiB and in the lines it hands to its printer.
    pub as_mapped: bool,
}

impl BinaryRule {
    /// Whether NUL bytes count only in the first 64 KiB and in the lines
    /// handed to the printer.
    pub fn checks_as_mapped(self) -> bool {
        self.as_mapped && self.mode != BinaryMode::AsText
    }
}

/// Wraps any sink with the check ripgrep makes of each line it hands to
/// its printer from a file it maps: in quit mode the line holding a NUL
/// ends the search unprinted; in convert mode the sink is told of binary
/// data there.
pub struct NulCheck<S> {
    inner: S,
    /// Look for NUL in each line handed on, in this mode.
    line_check: Option<BinaryMode>,
    /// The first NUL that check found.
    nul_in_line: Option<u64>,
    /// The selected lines handed on now were checked already (while the
    /// chunk they are in was scanned) and hold no NUL.
    pub(super) selected_lines_clean: bool,
}

impl<S: Sink> NulCheck<S> {
    /// A wrapper that checks nothing until [`NulCheck::check_lines_for_nul`].
    pub fn new(inner: S) -> NulCheck<S> {
        NulCheck {
            inner,
            line_check: None,
            nul_in_line: None,
            selected_lines_clean: false,
        }
    }

    /// The wrapped sink.
    pub fn inner_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// From now on look for NUL in every line handed on, in `mode`.
    pub fn check_lines_for_nul(&mut self, mode: BinaryMode) {
        self.line_check = Some(mode).filter(|&mode| mode != BinaryMode::AsText);
    }

    /// The NUL found by [`NulCheck::check_lines_for_nul`], as the search's
    /// end sees it.
    pub fn nul_found_in_lines(&self) -> Option<ReachedNul> {
        let nul = self.nul_in_line?;
        Some(match self.line_check? {
            BinaryMode::Quit => ReachedNul::Quit(nul),
            _ => ReachedNul::Convert(nul),
        })
    }

    /// Whether `line` (a selected one, or context) may be handed on.
    fn check_line(&mut self, line: &Line<'_>, selected: bool) -> bool {
        let Some(mode) = self.line_check else {
            return true;
        };
        if self.nul_in_line.is_some() || (selected && self.selected_lines_clean) {
            return true;
        }
        if !has_nul(line.bytes) {
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
        self.inner.binary_data(BinaryNotice {
            nul_offset,
            searched_before: line.offset,
        });
        true
    }
}

impl<S: Sink> Sink for NulCheck<S> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        self.check_line(&line, true) && self.inner.matched(line)
    }

    fn context(&mut self, line: Line<'_>) -> bool {
        self.check_line(&line, false) && self.inner.context(line)
    }

    fn context_break(&mut self) -> bool {
        self.inner.context_break()
    }

    fn binary_data(&mut self, notice: BinaryNotice) {
        self.inner.binary_data(notice);
    }

    fn finish(&mut self, finish: SinkFinish) {
        self.inner.finish(finish);
    }
}

/// A sink that only records where each emitted line ends, for
/// [`searched_before_nul`].
#[derive(Default)]
pub struct EmittedEnds(pub Vec<usize>);

impl Sink for EmittedEnds {
    fn matched(&mut self, line: Line<'_>) -> bool {
        self.0.push(line.offset as usize + line.bytes.len());
        true
    }
    fn context(&mut self, line: Line<'_>) -> bool {
        self.0.push(line.offset as usize + line.bytes.len());
        true
    }
    fn context_break(&mut self) -> bool {
        true
    }
}

/// Replaces every NUL with the line terminator, as ripgrep's convert mode
/// does, returning the converted copy.
pub fn convert_nuls(haystack: &[u8], terminator: u8) -> Vec<u8> {
    let mut converted = haystack.to_vec();
    convert_nuls_in_place(&mut converted, terminator);
    converted
}

/// [`convert_nuls`] on bytes the caller owns (a stream's window).
pub fn convert_nuls_in_place(bytes: &mut [u8], terminator: u8) {
    for byte in bytes.iter_mut() {
        if *byte == 0 {
            *byte = terminator;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_CONTEXT: RollPolicy = RollPolicy {
        before: 0,
        max_context: 0,
        terminator: b'\n',
    };

    fn searched_before_nul(haystack: &[u8], nul: usize, _context: usize) -> usize {
        super::searched_before_nul(haystack, nul, NO_CONTEXT, &[])
    }

    #[test]
    fn rolling_with_context_keeps_the_later_of_context_and_last_emitted() {
        let policy = RollPolicy {
            before: 1,
            max_context: 3,
            terminator: b'\n',
        };
        let hay = b"a\nb\nc\nd\n";
        // No line emitted: keep `before` + 1 lines.
        assert_eq!(policy.keep_from(hay, 0, 8, 0), 4);
        // The last emitted line ended at the buffer's end: keep nothing.
        assert_eq!(policy.keep_from(hay, 0, 8, 8), 8);
        assert_eq!(NO_CONTEXT.keep_from(hay, 0, 8, 0), 8);
    }

    #[test]
    fn nul_in_the_first_buffer_searches_nothing() {
        let hay = b"foo\nbar\0baz\nfoo\n";
        assert_eq!(searched_before_nul(hay, 7, 0), 0);
    }

    #[test]
    fn bom_peek_can_complete_a_short_first_line() {
        // The first read is three bytes, "x\nf", which completes line one.
        assert_eq!(searched_before_nul(b"x\nfoo\n\0", 6, 0), 2);
        assert_eq!(searched_before_nul(b"xy\nfoo\n\0", 7, 0), 3);
        assert_eq!(searched_before_nul(b"xyz\nfoo\n\0", 8, 0), 0);
    }

    #[test]
    fn nul_in_a_later_buffer_keeps_the_earlier_complete_lines() {
        // 20,000 lines of 5 bytes, then a NUL: the first buffer ends at 65,536
        // bytes, the last complete line in it ends at 65,535.
        let mut hay = b"line\n".repeat(20_000);
        hay.push(0);
        let nul = hay.len() - 1;
        let searched = searched_before_nul(&hay, nul, 0);
        assert_eq!(searched, 65_535);
    }

    #[test]
    fn finds_a_nul_anywhere_in_a_line() {
        assert!(!has_nul(b""));
        assert!(!has_nul(
            b"\x01\x7f\x80\xff plain text of no particular length\n"
        ));
        for len in [1, 7, 8, 9, 31, 255, 256, 1000] {
            for at in 0..len {
                let mut line = vec![b'\x01'; len];
                line[at] = 0;
                assert!(has_nul(&line), "len {len}, NUL at {at}");
            }
            assert!(!has_nul(&vec![0x80; len]), "len {len}");
        }
    }

    #[test]
    fn the_head_ripgrep_checks_is_64_kib() {
        let mut hay = vec![b'a'; 70_000];
        hay[65_536] = 0;
        assert_eq!(first_nul_in_head(&hay), None);
        hay[65_535] = 0;
        assert_eq!(first_nul_in_head(&hay), Some(65_535));
        assert_eq!(first_nul_in_head(b"ab\0"), Some(2));
    }

    #[test]
    fn converts_every_nul() {
        assert_eq!(convert_nuls(b"a\0\0b\0", b'\n'), b"a\n\nb\n");
    }
}
