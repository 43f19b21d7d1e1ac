//! ripgrep's standard output: matching lines with their path, line number,
//! column and byte offset, context lines, `-o`, `--vimgrep`, headings and
//! the binary-file messages.
//!
//! This file holds [`StandardSink`]'s state, the prefixes, headings and
//! binary messages, and its [`Sink`] impl; how one line's text is printed
//! is in [`line_text`], and blocks of lines (`-U`) in [`block`].

mod block;
mod line_text;

use super::color::write_spec;
use super::{write_linked_path, FileLink, FileOutcome, PrinterConfig, NUL_QUOTED};
use crate::matcher::Matcher;
use crate::search::{BinaryNotice, Line, ReachedNul, Sink, SinkFinish};
use crate::stats::Stats;
use line_text::Colored;

/// Renders one file's lines into `out`.
pub struct StandardSink<'a> {
    config: &'a PrinterConfig,
    matcher: &'a Matcher,
    out: &'a mut Vec<u8>,
    path: Option<&'a [u8]>,
    /// In convert mode: where ripgrep would have seen the NUL.
    binary: Option<BinaryNotice>,
    heading_written: bool,
    /// A line (or heading, or `--`) was written: the output does not
    /// start with a binary message.
    line_written: bool,
    binary_match_written: bool,
    matched_lines: u64,
    /// Bytes rendered and handed out already (see [`StandardSink::write_early`]).
    written_early: u64,
    /// Count individual matches too (`--stats`).
    count_matches: bool,
    match_count: u64,
    /// What [`Sink::finish`] said was searched.
    bytes_searched: u64,
    /// The file's hyperlink target, once resolved.
    link: FileLink,
    /// A line's hyperlink shows its first match's column, which this
    /// printer then finds where it otherwise would not (ripgrep knows
    /// it whenever it looks for each match).
    link_columns: bool,
}

impl<'a> StandardSink<'a> {
    /// A sink for one file; `path` is `None` when paths are not shown.
    pub fn new(
        config: &'a PrinterConfig,
        matcher: &'a Matcher,
        out: &'a mut Vec<u8>,
        path: Option<&'a [u8]>,
        count_matches: bool,
    ) -> StandardSink<'a> {
        StandardSink {
            config,
            matcher,
            out,
            path,
            binary: None,
            heading_written: false,
            line_written: false,
            binary_match_written: false,
            matched_lines: 0,
            written_early: 0,
            count_matches,
            match_count: 0,
            bytes_searched: 0,
            link: FileLink::default(),
            link_columns: links_columns(config, path.is_some(), count_matches),
        }
    }

    /// What printing this file came to (after [`Sink::finish`]).
    pub fn outcome(&self) -> FileOutcome {
        FileOutcome {
            matched: self.has_match(),
            opens_with_line: self.line_written,
            stats: Stats {
                searches: 1,
                searches_with_match: u64::from(self.has_match()),
                bytes_searched: self.bytes_searched,
                bytes_printed: self.written_early + self.out.len() as u64,
                matched_lines: self.matched_lines,
                matches: self.match_count,
                ..Stats::default()
            },
        }
    }

    /// Hands what was rendered so far to `write` (with whether the file's
    /// output opens with a line) and forgets it.
    pub fn write_early(&mut self, write: &mut dyn FnMut(&[u8], bool)) {
        if !self.out.is_empty() {
            write(self.out, self.line_written);
            self.written_early += self.out.len() as u64;
            self.out.clear();
        }
    }

    /// Whether anything in this file counted as a match.
    fn has_match(&self) -> bool {
        self.matched_lines > 0
    }

    /// ripgrep's closing line for a file that turned out to be binary after
    /// some of its lines had been printed (directory search).
    fn write_binary_warning(&mut self, nul_offset: u64) {
        if !self.has_match() {
            return;
        }
        self.write_path_label();
        let message = format!(
            "WARNING: stopped searching binary file after match (found {NUL_QUOTED} byte around offset {nul_offset})\n"
        );
        self.out.extend_from_slice(message.as_bytes());
    }

    /// ripgrep's closing line for a file named on the command line whose
    /// NUL was read after lines had matched (unless a match past the NUL
    /// already wrote it).
    fn write_binary_match_once(&mut self, nul_offset: u64) {
        if self.has_match() && !self.binary_match_written {
            self.write_binary_match(nul_offset);
        }
    }

    fn write_binary_match(&mut self, nul_offset: u64) {
        self.binary_match_written = true;
        self.write_path_label();
        let message =
            format!("binary file matches (found {NUL_QUOTED} byte around offset {nul_offset})\n");
        self.out.extend_from_slice(message.as_bytes());
    }

    /// `path: ` before a binary message, when paths are shown.
    fn write_path_label(&mut self) {
        if let Some(path) = self.path {
            write_linked_path(self.config, &mut self.link, self.out, path);
            self.out.extend_from_slice(b": ");
        }
    }

    fn path_color(&self) -> Option<&'a termcolor::ColorSpec> {
        self.config.colors.as_ref().map(|c| &c.path)
    }

    fn write_heading_once(&mut self) {
        if self.heading_written || !self.config.heading || self.config.vimgrep {
            return;
        }
        self.heading_written = true;
        if let Some(path) = self.path {
            write_linked_path(self.config, &mut self.link, self.out, path);
            if self.config.null {
                self.out.push(0);
            } else {
                self.out.extend_from_slice(self.config.line_term());
            }
        }
    }

    /// The fields before a line's text, each followed by the separator
    /// of its kind of line. With hyperlinks, the fields are the link's
    /// text: it ends before the last separator, as in ripgrep. `column`
    /// is the first match's, when known (shown with `--column`).
    fn write_prefix(&mut self, kind: Kind, line: &Line<'_>, column: Option<usize>, offset: u64) {
        let config = self.config;
        let separator = match kind {
            Kind::Matched => &config.match_separator[..],
            Kind::Context => &config.context_field_separator[..],
        };
        let number = line.number.filter(|_| config.line_number);
        let path_on_line = !config.heading || config.vimgrep;
        let linked = self.open_line_link(path_on_line, number, column);
        // Each separator is written once the next field (or the link's
        // end) is.
        let mut pending: &[u8] = b"";
        if let Some(path) = self.path.filter(|_| path_on_line) {
            write_spec(self.out, self.path_color(), path);
            pending = if config.null { b"\0" } else { separator };
        }
        if let Some(number) = number {
            self.out.extend_from_slice(pending);
            let color = config.colors.as_ref().map(|c| &c.line);
            write_spec(self.out, color, number.to_string().as_bytes());
            pending = separator;
        }
        let column_color = config.colors.as_ref().map(|c| &c.column);
        if let Some(column) = column.filter(|_| config.column) {
            self.out.extend_from_slice(pending);
            write_spec(self.out, column_color, column.to_string().as_bytes());
            pending = separator;
        }
        if config.byte_offset {
            self.out.extend_from_slice(pending);
            write_spec(self.out, column_color, offset.to_string().as_bytes());
            pending = separator;
        }
        FileLink::close(linked, self.out);
        self.out.extend_from_slice(pending);
    }

    /// Opens a line's hyperlink, if there are hyperlinks and a path: on
    /// a line that shows the path, or under a heading when the link
    /// points at the line. Whether it did.
    fn open_line_link(
        &mut self,
        path_on_line: bool,
        number: Option<u64>,
        column: Option<usize>,
    ) -> bool {
        let (Some(links), Some(path)) = (self.config.hyperlinks.as_ref(), self.path) else {
            return false;
        };
        if !path_on_line && !links.is_line_dependent() {
            return false;
        }
        let column = column.map(|c| c as u64);
        self.link.open(Some(links), self.out, path, number, column)
    }

    /// Whether the first match's column is wanted: shown, or in a link.
    fn wants_column(&self) -> bool {
        self.config.column || self.link_columns
    }

    /// Whether this printer finds each match of a line (to color it, place
    /// a column, replace it, print it alone or count it), as ripgrep's then
    /// does for long lines too.
    fn finds_each_match(&self) -> bool {
        let config = self.config;
        config.colors.is_some()
            || config.column
            || config.replace.is_some()
            || config.vimgrep
            || config.only_matching
            || self.count_matches
    }

    /// The column of the first match; none for a line selected by `-v`.
    fn first_match_column(&self, bytes: &[u8]) -> Option<usize> {
        let mut column = None;
        self.matcher.for_each_in_line(bytes, |m| {
            column = Some(m.start + 1);
            false
        });
        column
    }
}

impl Sink for StandardSink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        // ripgrep prints whatever a multi-line matcher selects as a block.
        let block = self.matcher.is_multiline();
        self.matched_lines += if block {
            crate::lines::count_lines(line.bytes, self.config.terminator())
        } else {
            1
        };
        if self.count_matches {
            let mut in_line = 0;
            let (haystack, at, end) = line.search_area();
            self.matcher.for_each_in(haystack, at, end, |_| {
                in_line += 1;
                true
            });
            self.match_count += in_line.max(1);
        }
        if let Some(binary) = self.binary {
            if line.offset >= binary.searched_before {
                self.write_binary_match(binary.nul_offset);
                return false;
            }
        }
        self.write_heading_once();
        self.line_written = true;
        if block {
            self.write_block(&line);
        } else if self.config.only_matching || self.config.vimgrep {
            self.write_each_match(&line, Kind::Matched);
        } else {
            let column = if self.wants_column() {
                self.first_match_column(line.bytes)
            } else {
                None
            };
            self.write_prefix(Kind::Matched, &line, column, line.offset);
            self.write_line_text(line.bytes, Colored::All, Kind::Matched);
        }
        true
    }

    fn context(&mut self, line: Line<'_>) -> bool {
        // ripgrep's printer, once it knows of binary data, prints no more
        // context: it stops the search instead (and says why, if there
        // were matches before).
        if let Some(binary) = self.binary {
            if line.offset >= binary.searched_before {
                self.write_binary_match_once(binary.nul_offset);
                return false;
            }
        }
        self.write_heading_once();
        self.line_written = true;
        // ripgrep looks for a context line's matches only with -v (it then
        // holds some): for its column, colors and replacements, and to
        // print each with -o or --vimgrep.
        let shows_matches = self.config.invert;
        if shows_matches && (self.config.only_matching || self.config.vimgrep) {
            self.write_each_match(&line, Kind::Context);
            return true;
        }
        let column = if self.wants_column() && shows_matches {
            self.first_match_column(line.bytes)
        } else {
            None
        };
        self.write_prefix(Kind::Context, &line, column, line.offset);
        let colored = if shows_matches {
            Colored::All
        } else {
            Colored::None
        };
        self.write_line_text(line.bytes, colored, Kind::Context);
        true
    }

    fn context_break(&mut self) -> bool {
        if let Some(separator) = &self.config.context_separator {
            self.out.extend_from_slice(separator);
            self.out.extend_from_slice(self.config.line_term());
        }
        true
    }

    /// From here on, a match means "binary file matches" (convert mode).
    fn binary_data(&mut self, notice: BinaryNotice) {
        self.binary = Some(notice);
    }

    /// ripgrep's closing binary line, if the search read the NUL.
    fn finish(&mut self, finish: SinkFinish) {
        match finish.binary {
            Some(ReachedNul::Quit(nul)) => self.write_binary_warning(nul),
            Some(ReachedNul::Convert(nul)) => self.write_binary_match_once(nul),
            None => {}
        }
        self.bytes_searched = finish.bytes_searched;
    }
}

/// Whether a line's hyperlink needs its first match's column where the
/// line's prefix does not show it: when the link has `{column}` and
/// ripgrep's printer finds each match (to color it, replace it, count
/// it); `-o` and `--vimgrep` always know it.
fn links_columns(config: &PrinterConfig, has_path: bool, count_matches: bool) -> bool {
    let colors_matches = config.colors.as_ref().is_some_and(|c| !c.matched.is_none());
    config.hyperlinks.as_ref().is_some_and(|l| l.uses_column())
        && has_path
        && (colors_matches || config.replace.is_some() || count_matches)
}

/// Which kind of line a prefix is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Matched,
    Context,
}
