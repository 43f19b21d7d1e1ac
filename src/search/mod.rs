//! The `search` stage: which lines (and context lines) match, with numbers?
//!
//! A [`SearcherBuilder`] takes the search options (the line logic's, the
//! binary modes, the decoding, the threads a large file may use) and
//! freezes them into a [`Searcher`], shared by every worker. It has one
//! entry point per kind of source, each pushing lines and events into a
//! [`Sink`]:
//!
//! - [`Searcher::search_slice`]: a whole file in memory, read or mapped
//!   (slice.rs);
//! - [`Searcher::search_stream`]: a reader, one window at a time
//!   (stream.rs);
//! - [`Searcher::search_mapped`]: a large mapped file cut into chunks that
//!   are scanned on every thread and replayed in order (parallel.rs), a
//!   line too long for a chunk searched in windows (long_line.rs), and the
//!   NUL scan put off while nothing matches (unscanned.rs).
//!
//! Under each, [`LineSearch`] (line_search.rs) runs the matcher over a whole
//! window, expands each match to its line and decides what is selected and
//! what is context; it never runs the regex line by line, and counts
//! newlines only when line numbers are wanted. binary.rs holds ripgrep's
//! binary-file rules.

pub mod binary;
mod line_search;
pub mod lines;
pub mod long_line;
pub mod parallel;
mod slice;
mod stream;
mod unscanned;

pub use binary::{BinaryMode, BinaryNotice, BinaryRule, NulCheck, ReachedNul};
pub use line_search::{search_lines, LineSearch, SearchSummary};
pub use parallel::{Chunked, Mapped};
pub use stream::{AfterWindow, Sniff, Stream, StreamEnd, DEFAULT_LINE_LIMIT};

use crate::io::decode::Decoding;

/// What the line logic needs to know; frozen before any search starts.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// Report lines that do not match (`-v`).
    pub invert: bool,
    /// Compute line numbers for reported lines.
    pub line_numbers: bool,
    /// Lines of context before each reported line (`-B`).
    pub before: usize,
    /// Lines of context after each reported line (`-A`).
    pub after: usize,
    /// Stop after this many reported lines (`-m`).
    pub max_count: Option<u64>,
    /// The first selected line settles the file (`-l`, `-q`): finding the
    /// others would be wasted work.
    pub stop_at_first_match: bool,
    /// Every line is printed, those not selected as context
    /// (`--passthru`): after-context without end, owed from the start.
    pub passthru: bool,
    /// The first line not selected after a selected one ends the search
    /// (`--stop-on-nonmatch`); it is still printed as owed after-context.
    pub stop_on_nonmatch: bool,
    /// The byte lines end with: `\n`, or NUL with `--null-data`.
    pub terminator: u8,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            invert: false,
            line_numbers: false,
            before: 0,
            after: 0,
            max_count: None,
            stop_at_first_match: false,
            passthru: false,
            stop_on_nonmatch: false,
            terminator: b'\n',
        }
    }
}

impl SearchOptions {
    /// Whether any context is printed, which also enables `--` breaks.
    pub fn has_context(&self) -> bool {
        self.before > 0 || self.after > 0
    }
}

/// One line handed to a sink: its bytes (with terminator, if it had one),
/// its 1-based number when numbers are on, and its absolute byte offset.
/// With a multi-line matcher, a selected "line" is a block of lines.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    pub bytes: &'a [u8],
    pub number: Option<u64>,
    pub offset: u64,
    /// `bytes` in what surrounds them: with a multi-line matcher, the
    /// text before the block and up to [`LOOK_AHEAD`] bytes after it, so a
    /// printer finding the block's matches again sees around them as
    /// ripgrep's does (look-behind, `\b` or `$` at its ends); otherwise
    /// `bytes` alone.
    pub context: &'a [u8],
    /// Where `bytes` starts in `context`.
    pub context_start: usize,
}

/// How far past a block of lines a printer looks for the end of its
/// matches (ripgrep's printer caps it the same).
pub const LOOK_AHEAD: usize = 128;

impl<'a> Line<'a> {
    /// A line with nothing after it to look at.
    pub fn new(bytes: &'a [u8], number: Option<u64>, offset: u64) -> Line<'a> {
        Line {
            bytes,
            number,
            offset,
            context: bytes,
            context_start: 0,
        }
    }

    /// What a printer searches for this line's matches: the context, where
    /// the line starts in it, and the line's length.
    pub fn search_area(&self) -> (&'a [u8], usize, usize) {
        (self.context, self.context_start, self.bytes.len())
    }
}

/// Receives what the searcher finds in one file. Each line call returns
/// whether to go on (`false` stops the search quietly, as `-l` needs).
pub trait Sink {
    /// A selected line: one that matches (or with `-v`, one that does not).
    fn matched(&mut self, line: Line<'_>) -> bool;
    /// A context line around a selected one.
    fn context(&mut self, line: Line<'_>) -> bool;
    /// A gap between two groups of context (`--`).
    fn context_break(&mut self) -> bool;
    /// The file holds binary data and is searched on with NULs read as
    /// line ends (convert mode): a match from `notice` on is ripgrep's
    /// "binary file matches". Comes at most once, before the lines it
    /// concerns.
    fn binary_data(&mut self, _notice: BinaryNotice) {}
    /// The search of the file is over: how it ended. Comes once, last.
    fn finish(&mut self, _finish: SinkFinish) {}
}

/// How the search of one file ended, for [`Sink::finish`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SinkFinish {
    /// The search read the buffer holding the file's first NUL, and in
    /// which mode: ripgrep's closing binary message, or a file hidden.
    pub binary: Option<ReachedNul>,
    /// Bytes searched, as ripgrep counts them.
    pub bytes_searched: u64,
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn matched(&mut self, line: Line<'_>) -> bool {
        (**self).matched(line)
    }
    fn context(&mut self, line: Line<'_>) -> bool {
        (**self).context(line)
    }
    fn context_break(&mut self) -> bool {
        (**self).context_break()
    }
    fn binary_data(&mut self, notice: BinaryNotice) {
        (**self).binary_data(notice)
    }
    fn finish(&mut self, finish: SinkFinish) {
        (**self).finish(finish)
    }
}

/// Where a file came from, which decides ripgrep's binary rule for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// A file named on the command line.
    Explicit,
    /// A file found by walking a directory.
    Walked,
    /// What a command printed for a file (`--pre`, `-z`); `explicit` says
    /// whether the file was named on the command line.
    Command { explicit: bool },
}

/// The settings of a [`Searcher`], set one by one, then frozen by
/// [`SearcherBuilder::build`].
#[derive(Clone, Debug)]
pub struct SearcherBuilder {
    searcher: Searcher,
}

impl Default for SearcherBuilder {
    fn default() -> SearcherBuilder {
        SearcherBuilder::new()
    }
}

impl SearcherBuilder {
    /// ripgrep's defaults: no context, quit at a NUL in walked files and
    /// convert in named ones, automatic decoding, one thread.
    pub fn new() -> SearcherBuilder {
        SearcherBuilder {
            searcher: Searcher {
                options: SearchOptions::default(),
                binary_walked: BinaryMode::Quit,
                binary_explicit: BinaryMode::Convert,
                maps_explicit: false,
                maps_walked: false,
                decoding: Decoding::Auto,
                multiline: false,
                nul_decides_verdict: false,
                line_windows: long_line::LineWindows::default(),
                stream_line_limit: stream::DEFAULT_LINE_LIMIT,
            },
        }
    }

    /// The line logic's options (`-v`, `-n`, context, `-m`, ...).
    pub fn options(&mut self, options: SearchOptions) -> &mut SearcherBuilder {
        self.searcher.options = options;
        self
    }

    /// Binary handling for walked files, and for stdin and named files.
    pub fn binary_modes(&mut self, walked: BinaryMode, explicit: BinaryMode) -> &mut Self {
        self.searcher.binary_walked = walked;
        self.searcher.binary_explicit = explicit;
        self
    }

    /// Whether ripgrep would memory-map named files, and walked ones: it
    /// then looks for NUL only in a file's first 64 KiB and in the lines
    /// it prints, instead of in every buffer it reads.
    pub fn ripgrep_maps(&mut self, explicit: bool, walked: bool) -> &mut Self {
        self.searcher.maps_explicit = explicit;
        self.searcher.maps_walked = walked;
        self
    }

    /// How files' bytes are decoded into text (`-E`, byte order marks).
    pub fn decoding(&mut self, decoding: Decoding) -> &mut Self {
        self.searcher.decoding = decoding;
        self
    }

    /// A match may span lines (`-U`): files are searched whole.
    pub fn multiline(&mut self, multiline: bool) -> &mut Self {
        self.searcher.multiline = multiline;
        self
    }

    /// A NUL in quit mode changes a file's verdict even where nothing
    /// matched (`--files-without-match` hides such a file), so a large
    /// file must be scanned for one to its end.
    pub fn nul_decides_verdict(&mut self, yes: bool) -> &mut Self {
        self.searcher.nul_decides_verdict = yes;
        self
    }

    /// The windows one long line of a mapped file is searched in.
    pub fn line_windows(&mut self, windows: long_line::LineWindows) -> &mut Self {
        self.searcher.line_windows = windows;
        self
    }

    /// The longest line a stream may hold in memory
    /// (`--stream-line-limit`): a longer one ends the search of the
    /// stream with an error.
    pub fn stream_line_limit(&mut self, bytes: u64) -> &mut Self {
        self.searcher.stream_line_limit = bytes;
        self
    }

    /// The frozen searcher.
    pub fn build(&self) -> Searcher {
        self.searcher.clone()
    }
}

/// Searches one file's bytes with one matcher into one sink, by ripgrep's
/// rules; immutable, shared by every worker thread.
#[derive(Clone, Debug)]
pub struct Searcher {
    options: SearchOptions,
    binary_walked: BinaryMode,
    binary_explicit: BinaryMode,
    maps_explicit: bool,
    maps_walked: bool,
    decoding: Decoding,
    multiline: bool,
    nul_decides_verdict: bool,
    line_windows: long_line::LineWindows,
    stream_line_limit: u64,
}

impl Searcher {
    /// The line logic's options.
    pub fn options(&self) -> &SearchOptions {
        &self.options
    }

    /// How files' bytes are decoded into text.
    pub fn decoding(&self) -> Decoding {
        self.decoding
    }

    /// The most bytes of one line a stream may hold (see
    /// [`SearcherBuilder::stream_line_limit`]).
    pub fn stream_line_limit(&self) -> u64 {
        self.stream_line_limit
    }

    /// The binary rule for a file from `origin`.
    pub fn binary_rule(&self, origin: Origin) -> BinaryRule {
        let mode = match origin {
            Origin::Walked | Origin::Command { explicit: false } => self.binary_walked,
            Origin::Stdin | Origin::Explicit | Origin::Command { explicit: true } => {
                self.binary_explicit
            }
        };
        // A multi-line pattern needs each file whole, and ripgrep then
        // looks for NUL as in a file it maps.
        let as_mapped = self.multiline
            || match origin {
                Origin::Stdin | Origin::Command { .. } => false,
                Origin::Explicit => self.maps_explicit,
                Origin::Walked => self.maps_walked,
            };
        BinaryRule {
            mode,
            whole: self.multiline,
            as_mapped,
        }
    }

    /// How ripgrep rolls its read buffer under these options.
    fn roll_policy(&self) -> binary::RollPolicy {
        binary::RollPolicy {
            before: self.options.before,
            max_context: self.options.before.max(self.options.after),
            terminator: self.options.terminator,
        }
    }
}
