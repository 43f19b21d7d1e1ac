//! Searching a stream (stdin, a pipe, a command's output, decoded text)
//! one window at a time: memory stays bounded by the context kept and the
//! longest line, never by the stream. The window rolls where ripgrep's read
//! buffer rolls, so binary detection falls where ripgrep's does.

use std::io::{self, Read};
use std::ops::Range;

use super::binary::{self, BinaryMode, BinaryNotice, ReachedNul};
use super::{LineSearch, Searcher, Sink, SinkFinish};
use crate::io::decode::{Decoding, Plan, Transcoder};
use crate::io::stream::RollingBuffer;
use crate::matcher::Matcher;

/// Called with the sink after each window is searched (to hand what it
/// rendered out early: `tail -f log | lode error` prints as lines come);
/// false (no one reads on) ends the search there.
pub type AfterWindow<'w, S> = &'w mut dyn FnMut(&mut S) -> bool;

/// A stream to search, and how.
pub struct Stream<'r, 'w, S> {
    pub reader: &'r mut dyn Read,
    pub sniff: Sniff,
    pub after_window: Option<AfterWindow<'w, S>>,
    /// The most bytes of one line the window may hold before its end is
    /// read: a longer line ends the search there (see
    /// [`StreamEnd::LineTooLong`]), where holding it could exhaust memory.
    pub line_limit: u64,
}

/// `--stream-line-limit`'s default: 4 GiB, so that a line longer than the
/// memory (a stream with no newline at all) ends in an error, not in the
/// kernel killing lode; two threads holding such lines still fit in 16
/// GiB of RAM.
pub const DEFAULT_LINE_LIMIT: u64 = 4 << 30;

/// How the search of a stream ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamEnd {
    /// At the end of the stream (or where the sink, `-m` or a NUL in quit
    /// mode stopped it).
    Searched,
    /// A line grew past [`Stream::line_limit`] bytes: the lines before it
    /// were searched (and the sink finished), the rest of the stream not.
    LineTooLong {
        /// The limit it passed.
        limit: u64,
    },
}

impl StreamEnd {
    /// The error to report for the stream, if it was not searched to its
    /// end for want of memory.
    pub fn error(self) -> Option<String> {
        match self {
            StreamEnd::Searched => None,
            StreamEnd::LineTooLong { limit } => Some(format!(
                "line longer than {limit} bytes, not searched further \
                 (raise with --stream-line-limit)"
            )),
        }
    }
}

/// Whether a stream's first bytes are looked at for a byte order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniff {
    Yes,
    /// The stream is decoded text already.
    No,
}

/// A stream read through a decoder from its first bytes on.
type DecodedStream<'r, 'd> = Transcoder<io::Chain<io::Cursor<Vec<u8>>, &'r mut (dyn Read + 'd)>>;

impl Searcher {
    /// Searches a stream window by window into `sink`, ending with
    /// [`Sink::finish`]. Each window holds the lines kept for
    /// before-context, the lines read since, and at most one partial line.
    /// A read error ends the search (without `finish`).
    pub fn search_stream<S: Sink>(
        &self,
        matcher: &Matcher,
        stream: Stream<'_, '_, S>,
        rolling: &mut RollingBuffer,
        mode: BinaryMode,
        sink: &mut S,
    ) -> io::Result<StreamEnd> {
        let Stream {
            reader,
            sniff,
            mut after_window,
            line_limit,
        } = stream;
        let limit = usize::try_from(line_limit).unwrap_or(usize::MAX);
        let mut ended = StreamEnd::Searched;
        rolling.reset();
        let mut transcoder = None;
        let mut pending = None;
        let input: &mut dyn Read = match sniff {
            Sniff::Yes => {
                let (input, first) = sniff_stream(self.decoding, reader, rolling, &mut transcoder)?;
                pending = first;
                input
            }
            Sniff::No => reader,
        };
        let mut state = Windows {
            searcher: self,
            lines: LineSearch::new(&self.options, matcher, 0),
            mode,
            from: 0,
            quit_at_nul: None,
            seen_nul: None,
            abandoned: false,
        };
        loop {
            // The window holds the partial line from `from` on.
            let line_room = state.from.saturating_add(limit).saturating_add(1);
            let new = match pending.take() {
                Some(new) => new,
                None if rolling.window().len() >= line_room => {
                    ended = StreamEnd::LineTooLong { limit: line_limit };
                    state.abandoned = true;
                    break;
                }
                None => match rolling.read_more(input, line_room)? {
                    Some(new) => new,
                    None => break,
                },
            };
            if !state.search_new_bytes(rolling, new, sink) {
                break;
            }
            if let Some(after) = after_window.as_mut() {
                if !after(sink) {
                    state.abandoned = true;
                    break;
                }
            }
        }
        state.finish(rolling, sink);
        Ok(ended)
    }
}

/// How much of a stream [`Searcher::read_whole`] reads at a time at
/// most: the bytes past the last line end are checked against the line
/// limit after each read.
const WHOLE_READ_STEP: u64 = 8 << 20;

impl Searcher {
    /// Reads the rest of `reader` onto `whole`, for a search that needs a
    /// stream whole (`-U`, `--scope file`), bounded as a windowed search
    /// is by [`Searcher::stream_line_limit`]: once a line grows past it,
    /// the reading stops and `whole` ends after the lines before that one
    /// (which are all that is searched), and [`StreamEnd::LineTooLong`]
    /// says so.
    pub fn read_whole(&self, reader: &mut dyn Read, whole: &mut Vec<u8>) -> io::Result<StreamEnd> {
        let limit = self.stream_line_limit;
        let terminator = self.options.terminator;
        let mut line_start = whole.len();
        loop {
            let partial = (whole.len() - line_start) as u64;
            // One byte past the limit shows the line is longer than it.
            let step = WHOLE_READ_STEP.min(limit.saturating_sub(partial).saturating_add(1));
            let before = whole.len();
            let read = Read::take(&mut *reader, step).read_to_end(whole)? as u64;
            if let Some(at) = memchr::memrchr(terminator, &whole[before..]) {
                line_start = before + at + 1;
            }
            if (whole.len() - line_start) as u64 > limit {
                whole.truncate(line_start);
                return Ok(StreamEnd::LineTooLong { limit });
            }
            if read < step {
                return Ok(StreamEnd::Searched);
            }
        }
    }
}

/// The state of a stream's search between two windows.
struct Windows<'s> {
    searcher: &'s Searcher,
    lines: LineSearch<'s>,
    mode: BinaryMode,
    /// Start of the lines not searched yet, in the window.
    from: usize,
    /// Quit mode met a NUL at this offset: the search is over.
    quit_at_nul: Option<u64>,
    /// The first NUL seen (convert mode reads on past it).
    seen_nul: Option<u64>,
    /// The search stopped after a window: its output closed, or a line
    /// too long to hold, which is left unsearched.
    abandoned: bool,
}

impl Windows<'_> {
    /// Looks at the bytes `new` just read into the window for NUL, and
    /// searches the complete lines the window now holds; false once the
    /// search is over.
    fn search_new_bytes<S: Sink>(
        &mut self,
        rolling: &mut RollingBuffer,
        new: Range<usize>,
        sink: &mut S,
    ) -> bool {
        let terminator = self.searcher.options.terminator;
        if self.mode != BinaryMode::AsText && self.seen_nul.is_none() {
            if let Some(i) = memchr::memchr(0, &rolling.window()[new.clone()]) {
                let nul_offset = rolling.base() + (new.start + i) as u64;
                self.seen_nul = Some(nul_offset);
                if self.mode == BinaryMode::Quit {
                    self.quit_at_nul = Some(nul_offset);
                    return false;
                }
                sink.binary_data(BinaryNotice {
                    nul_offset,
                    searched_before: rolling.base() + self.from as u64,
                });
            }
        }
        if self.seen_nul.is_some() && self.mode == BinaryMode::Convert {
            binary::convert_nuls_in_place(&mut rolling.window_mut()[new.clone()], terminator);
        }
        let Some(last) = memchr::memrchr(terminator, &rolling.window()[new.clone()]) else {
            return true; // No complete line yet: read more (the window grows).
        };
        let end = new.start + last + 1;
        let window = rolling.window();
        if !self
            .lines
            .search_window(sink, window, rolling.base(), self.from, end)
        {
            return false;
        }
        // Keep what ripgrep keeps when it rolls its buffer, so the reads
        // (and so binary detection) fall where ripgrep's do.
        let visited = self.lines.emitted_upto().saturating_sub(rolling.base()) as usize;
        let policy = self.searcher.roll_policy();
        let keep_from = policy.keep_from(window, 0, end, visited.min(end));
        self.lines.discard(window, rolling.base(), keep_from);
        rolling.roll(keep_from);
        self.from = end - keep_from;
        true
    }

    /// Searches what is left at the end of the stream (its last line) and
    /// tells the sink how the search ended.
    fn finish<S: Sink>(mut self, rolling: &RollingBuffer, sink: &mut S) {
        let window_end = if self.quit_at_nul.is_some() || self.lines.is_stopped() || self.abandoned
        {
            self.from
        } else {
            let end = rolling.window().len();
            let window = rolling.window();
            self.lines
                .search_window(sink, window, rolling.base(), self.from, end);
            end
        };
        let stopped = self.lines.is_stopped();
        let summary = self
            .lines
            .finish(sink, &rolling.window()[..window_end], rolling.base());
        // In quit mode the lines before the window that held the NUL.
        let bytes_searched = summary
            .stopped_at
            .unwrap_or(rolling.base() + window_end as u64);
        let binary = match (self.quit_at_nul, self.seen_nul) {
            (Some(nul), _) => Some(ReachedNul::Quit(nul)),
            (None, Some(nul)) if !stopped => Some(ReachedNul::Convert(nul)),
            _ => None,
        };
        sink.finish(SinkFinish {
            binary,
            bytes_searched,
        });
    }
}

/// ripgrep's first read of a stream is of three bytes, to look for a byte
/// order mark: a UTF-8 one is dropped; otherwise the stream is decoded
/// from there when the mark or `-E` say so (the decoder then lives in
/// `slot`). Returns the reader to go on with, and the range of the window
/// that holds text read already.
fn sniff_stream<'s, 'r: 's, 'd: 'r>(
    decoding: Decoding,
    reader: &'r mut (dyn Read + 'd),
    rolling: &mut RollingBuffer,
    slot: &'s mut Option<DecodedStream<'r, 'd>>,
) -> io::Result<(&'s mut (dyn Read + 's), Option<Range<usize>>)> {
    let Some(first) = rolling.read_more(reader, usize::MAX)? else {
        return Ok((reader, None));
    };
    match decoding.plan(rolling.window()) {
        Plan::AsIs => Ok((reader, Some(first))),
        Plan::SkipUtf8Bom => {
            rolling.forget_window();
            Ok((reader, None))
        }
        Plan::Transcode(encoding, mark) => {
            let head = io::Cursor::new(rolling.window()[mark..].to_vec());
            rolling.forget_window();
            let decoded = slot.insert(Transcoder::new(head.chain(reader), encoding));
            Ok((decoded, None))
        }
    }
}
