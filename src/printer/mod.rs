//! The `printer` stage: what does the user see?
//!
//! Every printer renders one file's results into a buffer owned by the
//! worker thread; [`crate::output`] writes that buffer to stdout in one
//! piece, so lines of different files never interleave. Printers are
//! [`crate::search::Sink`]s: the searcher pushes lines, they format them.

mod color;
mod hyperlink;
mod json;
mod standard;
mod summary;

pub use color::Colors;
pub use hyperlink::{
    alias_names as hyperlink_aliases, FileLink, HyperlinkEnv, HyperlinkFormat,
    HyperlinkFormatError, Hyperlinks,
};
pub use json::{write_summary as write_json_summary, JsonSink};
pub use standard::StandardSink;
pub use summary::{SummaryKind, SummarySink};

use crate::search::{BinaryNotice, Line, Sink, SinkFinish};
use crate::stats::Stats;

/// How results are laid out, resolved from the flags once per run.
#[derive(Clone, Debug)]
pub struct PrinterConfig {
    /// Print the file's path with its results.
    pub with_filename: bool,
    /// Print the path once above a file's lines rather than on each line.
    pub heading: bool,
    /// Print line numbers.
    pub line_number: bool,
    /// Print the 1-based byte column of the (first) match.
    pub column: bool,
    /// Print the byte offset of each line (or match, with `-o`).
    pub byte_offset: bool,
    /// Print each match on its own line (`-o`).
    pub only_matching: bool,
    /// One line per match, always `path:line:column:` (`--vimgrep`).
    pub vimgrep: bool,
    /// End paths with NUL instead of `:` or a newline (`-0`).
    pub null: bool,
    /// Escape sequences to color output with, if any.
    pub colors: Option<Colors>,
    /// Hyperlinks around printed paths (`--hyperlink-format`): only
    /// with `colors`, as in ripgrep.
    pub hyperlinks: Option<Hyperlinks>,
    /// After each field of a matching line's prefix (`:`).
    pub match_separator: Vec<u8>,
    /// After each field of a context line's prefix (`-`).
    pub context_field_separator: Vec<u8>,
    /// The line between two groups of context (`--`), if any.
    pub context_separator: Option<Vec<u8>>,
    /// Strip the ASCII whitespace a printed line starts with (`--trim`).
    pub trim: bool,
    /// `-c` and `--count-matches` print files without a match too.
    pub include_zero: bool,
    /// Printed in place of each match (`-r`), groups interpolated.
    pub replace: Option<Vec<u8>>,
    /// Lines longer than this many bytes are omitted (`-M`)...
    pub max_columns: Option<u64>,
    /// ...or cut to this many characters (`--max-columns-preview`).
    pub max_columns_preview: bool,
    /// Lines that do not match are selected (`-v`): context lines are the
    /// matching ones, and ripgrep shows their matches (color, column, -r).
    pub invert: bool,
    /// `--crlf`: what the printer ends a line with is `\r\n`.
    pub crlf: bool,
    /// `--null-data`: lines end with NUL.
    pub null_data: bool,
}

impl PrinterConfig {
    /// The byte that ends the lines the printer is handed: NUL with
    /// `--null-data`, else `\n`.
    pub fn terminator(&self) -> u8 {
        if self.null_data {
            b'\0'
        } else {
            b'\n'
        }
    }

    /// What ends a line the printer makes up (`-o`, `-c`, `-l`, a
    /// heading, a message): `\r\n` with `--crlf`, as in ripgrep.
    pub fn line_term(&self) -> &'static [u8] {
        if self.null_data {
            b"\0"
        } else if self.crlf {
            b"\r\n"
        } else {
            b"\n"
        }
    }

    /// What ends a printed line of the file: its own `\n` if it had one,
    /// else [`PrinterConfig::line_term`]. With `--crlf`, a line whose
    /// matches are colored is cut before its `\r\n` and ends in `\r\n`.
    pub fn own_line_term(&self, bytes: &[u8]) -> &'static [u8] {
        if bytes.ends_with(b"\n") && !self.null_data {
            b"\n"
        } else {
            self.line_term()
        }
    }
}

impl Default for PrinterConfig {
    fn default() -> PrinterConfig {
        PrinterConfig {
            with_filename: false,
            heading: false,
            line_number: false,
            column: false,
            byte_offset: false,
            only_matching: false,
            vimgrep: false,
            null: false,
            colors: None,
            hyperlinks: None,
            match_separator: b":".to_vec(),
            context_field_separator: b"-".to_vec(),
            context_separator: Some(b"--".to_vec()),
            trim: false,
            include_zero: false,
            replace: None,
            max_columns: None,
            max_columns_preview: false,
            invert: false,
            crlf: false,
            null_data: false,
        }
    }
}

/// Writes `path` in the path color, inside its hyperlink when the
/// config has them (headings, `-l`, `-c`, binary messages, `--files`).
pub fn write_linked_path(
    config: &PrinterConfig,
    link: &mut FileLink,
    out: &mut Vec<u8>,
    path: &[u8],
) {
    let opened = link.open(config.hyperlinks.as_ref(), out, path, None, None);
    color::write_spec(out, config.colors.as_ref().map(|c| &c.path), path);
    FileLink::close(opened, out);
}

/// What printing one file's results came to.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileOutcome {
    /// The file counts as a match for the exit status (with
    /// `--files-without-match`: it had none).
    pub matched: bool,
    /// The output opens with a line, which ripgrep separates from the
    /// previous file's output (a lone binary message it does not).
    pub opens_with_line: bool,
    /// The file's statistics, as its printer counted them (`elapsed` is
    /// the caller's to fill).
    pub stats: Stats,
}

/// The printer for one file: standard lines, a summary, or JSON messages.
pub enum Printer<'a> {
    Standard(StandardSink<'a>),
    Summary(SummarySink<'a>),
    Json(JsonSink<'a>),
}

impl Printer<'_> {
    /// Hands what was rendered so far to `write` (with whether the file's
    /// output opens with a line) and forgets it. Summaries are written
    /// whole, at the end.
    pub fn write_early(&mut self, write: &mut dyn FnMut(&[u8], bool)) {
        match self {
            Printer::Standard(sink) => sink.write_early(write),
            Printer::Json(sink) => sink.write_early(write),
            Printer::Summary(_) => {}
        }
    }

    /// What printing the file came to (after [`Sink::finish`]).
    pub fn outcome(&self) -> FileOutcome {
        match self {
            Printer::Standard(sink) => sink.outcome(),
            Printer::Summary(sink) => sink.outcome(),
            Printer::Json(sink) => sink.outcome(),
        }
    }

    fn sink(&mut self) -> &mut dyn Sink {
        match self {
            Printer::Standard(sink) => sink,
            Printer::Summary(sink) => sink,
            Printer::Json(sink) => sink,
        }
    }
}

impl Sink for Printer<'_> {
    #[inline]
    fn matched(&mut self, line: Line<'_>) -> bool {
        match self {
            Printer::Standard(sink) => sink.matched(line),
            Printer::Summary(sink) => sink.matched(line),
            Printer::Json(sink) => sink.matched(line),
        }
    }

    #[inline]
    fn context(&mut self, line: Line<'_>) -> bool {
        match self {
            Printer::Standard(sink) => sink.context(line),
            Printer::Summary(sink) => sink.context(line),
            Printer::Json(sink) => sink.context(line),
        }
    }

    fn context_break(&mut self) -> bool {
        self.sink().context_break()
    }

    fn binary_data(&mut self, notice: BinaryNotice) {
        self.sink().binary_data(notice)
    }

    fn finish(&mut self, finish: SinkFinish) {
        self.sink().finish(finish)
    }
}

/// The quoted form ripgrep gives the NUL byte in its binary messages.
pub(crate) const NUL_QUOTED: &str = "\"\\0\"";
