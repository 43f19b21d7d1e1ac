//! ripgrep's standard output: matching lines with their path, line number,
//! column and byte offset, context lines, `-o`, `--vimgrep`, headings and
//! the binary-file messages.

use super::color::write_spec;
use super::{BinaryNotice, PrinterConfig, NUL_QUOTED};
use crate::matcher::{Match, Matcher};
use crate::search::{Line, Sink};

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
        }
    }

    /// From here on, a match means "binary file matches" (convert mode).
    pub fn set_binary(&mut self, notice: BinaryNotice) {
        self.binary = Some(notice);
    }

    pub fn matched_lines(&self) -> u64 {
        self.matched_lines
    }

    /// Individual matches seen, when counting them was asked for.
    pub fn match_count(&self) -> u64 {
        self.match_count
    }

    /// Whether the output opens with a line, which ripgrep separates from
    /// the previous file's output (a lone binary message it does not).
    pub fn opens_with_line(&self) -> bool {
        self.line_written
    }

    /// Bytes rendered so far.
    pub fn bytes_written(&self) -> u64 {
        self.written_early + self.out.len() as u64
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
    pub fn has_match(&self) -> bool {
        self.matched_lines > 0
    }

    /// ripgrep's closing line for a file that turned out to be binary after
    /// some of its lines had been printed (directory search).
    pub fn write_binary_warning(&mut self, nul_offset: u64) {
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
    pub fn write_binary_match_once(&mut self, nul_offset: u64) {
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
            write_spec(self.out, self.path_color(), path);
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
            write_spec(self.out, self.path_color(), path);
            if self.config.null {
                self.out.push(0);
            } else {
                self.out.extend_from_slice(self.config.line_term());
            }
        }
    }

    /// The fields before a line's text, each followed by the separator
    /// of its kind of line.
    fn write_prefix(&mut self, kind: Kind, line: &Line<'_>, column: Option<usize>, offset: u64) {
        let config = self.config;
        let separator = match kind {
            Kind::Matched => &config.match_separator[..],
            Kind::Context => &config.context_field_separator[..],
        };
        if let Some(path) = self.path {
            if !config.heading || config.vimgrep {
                write_spec(self.out, self.path_color(), path);
                if config.null {
                    self.out.push(0);
                } else {
                    self.out.extend_from_slice(separator);
                }
            }
        }
        if let Some(number) = line.number.filter(|_| config.line_number) {
            let color = config.colors.as_ref().map(|c| &c.line);
            write_spec(self.out, color, number.to_string().as_bytes());
            self.out.extend_from_slice(separator);
        }
        let column_color = config.colors.as_ref().map(|c| &c.column);
        if let Some(column) = column.filter(|_| config.column) {
            write_spec(self.out, column_color, column.to_string().as_bytes());
            self.out.extend_from_slice(separator);
        }
        if config.byte_offset {
            write_spec(self.out, column_color, offset.to_string().as_bytes());
            self.out.extend_from_slice(separator);
        }
    }

    /// The line's text with the matches `colored` colored (and with
    /// `-r`, every match replaced), then its terminator.
    fn write_line_text(&mut self, bytes: &[u8], colored: Colored, kind: Kind) {
        let content = strip_terminator(bytes);
        let shows_matches = kind == Kind::Matched || self.config.invert;
        let replaces = self.config.replace.is_some() && shows_matches;
        // Longer than --max-columns (counting the terminator, and as -r
        // and --trim print it, as ripgrep does): omitted, or cut short
        // with --max-columns-preview.
        let long = self.config.max_columns.is_some_and(|max| {
            let mut printed = bytes.len();
            if let Some(replacement) = self.config.replace.as_ref().filter(|_| replaces) {
                self.matcher
                    .for_each_replaced_in_line(bytes, replacement, |m, with| {
                        printed = printed + with.len() - (m.end - m.start);
                    });
            }
            // ...and trimmed, unless ripgrep colors its matches: it
            // measures that line before trimming.
            let colored_matches = colored != Colored::None
                && shows_matches
                && self
                    .config
                    .colors
                    .as_ref()
                    .is_some_and(|c| !c.matched.is_none());
            let trimmed = if colored_matches {
                0
            } else {
                self.trimmed_len(content)
            };
            (printed - trimmed) as u64 > max
        });
        // ripgrep knows a long line's matches only when its printer looks
        // for them anyway.
        let matches = if long && self.finds_each_match() && shows_matches {
            let mut found = Vec::new();
            self.matcher.for_each_in_line(bytes, |m| {
                found.push(m);
                true
            });
            found
        } else {
            Vec::new()
        };
        if long && !self.config.max_columns_preview {
            let message = match (matches.len(), kind) {
                (0, Kind::Matched) => "[Omitted long matching line]".to_string(),
                (0, Kind::Context) => "[Omitted long context line]".to_string(),
                (n, _) => format!("[Omitted long line with {n} matches]"),
            };
            self.out.extend_from_slice(message.as_bytes());
            self.out.extend_from_slice(self.config.line_term());
            return;
        }
        let colors = self
            .config
            .colors
            .as_ref()
            .filter(|_| colored != Colored::None);
        if colors.is_none() && !replaces && !long {
            let trimmed = self.trimmed_len(content);
            self.out.extend_from_slice(&content[trimmed..]);
            self.out.extend_from_slice(self.config.own_line_term(bytes));
            return;
        }
        // The text to print, and the spans in it to color.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        // Whether a match (even an empty one) is to be colored: ripgrep
        // then highlights the line.
        let mut any_wanted = false;
        let mut wanted = |m: Match| {
            let wanted = match colored {
                Colored::None => false,
                Colored::All => true,
                Colored::One(own) => m == own,
            };
            any_wanted |= wanted;
            wanted && m.start < m.end
        };
        let replaced;
        let replace = self.config.replace.as_ref().filter(|_| shows_matches);
        let text: &[u8] = match replace {
            Some(replacement) => {
                let mut text = Vec::with_capacity(content.len());
                let mut last = 0;
                self.matcher
                    .for_each_replaced_in_line(bytes, replacement, |m, with| {
                        text.extend_from_slice(&content[last..m.start]);
                        if wanted(m) || (colored == Colored::All && !with.is_empty()) {
                            spans.push((text.len(), text.len() + with.len()));
                        }
                        text.extend_from_slice(with);
                        last = m.end;
                    });
                text.extend_from_slice(&content[last..]);
                replaced = text;
                &replaced
            }
            None => {
                self.matcher.for_each_in_line(bytes, |m| {
                    if wanted(m) {
                        spans.push((m.start, m.end));
                    }
                    true
                });
                content
            }
        };
        // A colored --vimgrep line's preview counts only its own match,
        // as ripgrep's does.
        let noted = match colored {
            Colored::One(own) if colors.is_some() && !matches.is_empty() => vec![own],
            _ => matches,
        };
        let highlight = kind == Kind::Matched && any_wanted;
        let long_with = long.then_some(&noted[..]);
        let (text, terminator) = self.cut_terminator(text, bytes, colors, any_wanted);
        self.write_text_with_spans(text, &spans, colors, highlight, long_with, terminator);
    }

    /// Writes one line's `text` (without its terminator) with `spans`
    /// colored (and the rest in the highlight color, if set, when
    /// `highlight`: a selected line), then a terminator. `--trim` drops
    /// its leading whitespace;
    /// `long_with` says it is longer than --max-columns, cut short (with
    /// --max-columns-preview) and followed by a note counting those
    /// matches that were not shown.
    fn write_text_with_spans(
        &mut self,
        text: &[u8],
        spans: &[(usize, usize)],
        colors: Option<&super::color::Colors>,
        highlight: bool,
        long_with: Option<&[Match]>,
        terminator: &[u8],
    ) {
        let long = long_with.is_some();
        // ripgrep trims what it would print, replacements included.
        let trimmed = self.trimmed_len(text);
        let shown_end = match self.config.max_columns {
            Some(max) if long => trimmed + chars_prefix_len(&text[trimmed..], max),
            _ => text.len(),
        };
        // With the match color cleared, ripgrep prints such lines plain.
        let colors = colors.filter(|c| !c.matched.is_none());
        let highlight = colors.filter(|c| highlight && c.highlights());
        if let Some(colors) = highlight {
            colors.start_highlight(self.out, true);
        }
        let mut last = trimmed;
        let mut write_span = |out: &mut Vec<u8>, (start, end): (usize, usize)| {
            if let Some(colors) = colors {
                out.extend_from_slice(&text[last..start]);
                colors.write_match(out, &text[start..end]);
                if highlight.is_some() {
                    colors.start_highlight(out, false);
                }
                last = end;
            }
        };
        // Spans that touch are colored as one, as ripgrep colors them; a
        // span in the trimmed whitespace shows only in part.
        let mut pending: Option<(usize, usize)> = None;
        for &(start, end) in spans {
            let start = start.max(trimmed);
            let end = end.min(shown_end);
            if start >= end {
                continue;
            }
            pending = match pending {
                Some((first, last_end)) if last_end == start => Some((first, end)),
                Some(done) => {
                    write_span(self.out, done);
                    Some((start, end))
                }
                None => Some((start, end)),
            };
        }
        if let Some(done) = pending {
            write_span(self.out, done);
        }
        self.out
            .extend_from_slice(&text[last.min(shown_end)..shown_end]);
        if let Some(colors) = highlight {
            colors.end_highlight(self.out);
        }
        if let Some(matches) = long_with {
            let more = matches.iter().filter(|m| m.start >= shown_end).count();
            let note = match (matches.len(), more) {
                (0, _) => " [... omitted end of long line]".to_string(),
                (_, 1) => " [... 1 more match]".to_string(),
                (_, n) => format!(" [... {n} more matches]"),
            };
            self.out.extend_from_slice(note.as_bytes());
        }
        self.out.extend_from_slice(terminator);
    }

    /// The text of a line (`text`, from `bytes`, without its `\n`) as it
    /// is printed, and what ends it: the line's own terminator, except
    /// that with `--crlf` ripgrep cuts a line whose matches it colors
    /// before its `\r\n` and ends it with `\r\n`.
    fn cut_terminator<'t>(
        &self,
        text: &'t [u8],
        bytes: &[u8],
        colors: Option<&super::color::Colors>,
        has_matches: bool,
    ) -> (&'t [u8], &'static [u8]) {
        let colored = has_matches && colors.is_some_and(|c| !c.matched.is_none());
        if self.config.crlf && colored {
            let text = if bytes.ends_with(b"\n") {
                text.strip_suffix(b"\r").unwrap_or(text)
            } else {
                text
            };
            (text, self.config.line_term())
        } else {
            (text, self.config.own_line_term(bytes))
        }
    }

    /// A match printed on its own (`-o`): colored, and highlighted, as
    /// ripgrep colors a line that is all match.
    fn write_match_alone(&mut self, text: &[u8]) {
        match self.config.colors.as_ref() {
            // An empty match is printed as nothing, not as an empty color.
            Some(colors) if text.is_empty() && !colors.matched.is_none() => {
                if colors.highlights() {
                    colors.start_highlight(self.out, true);
                    colors.end_highlight(self.out);
                }
            }
            Some(colors) if colors.highlights() && !colors.matched.is_none() => {
                colors.start_highlight(self.out, true);
                colors.write_match(self.out, text);
                colors.start_highlight(self.out, false);
                colors.end_highlight(self.out);
            }
            Some(colors) => colors.write_match(self.out, text),
            None => self.out.extend_from_slice(text),
        }
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

    /// How many bytes `--trim` drops from the start of `text`: ASCII
    /// whitespace, as ripgrep counts it, short of a line terminator.
    fn trimmed_len(&self, text: &[u8]) -> usize {
        if !self.config.trim {
            return 0;
        }
        // ASCII space, but what ends a line: `\r` with --crlf, `\n`
        // unless --null-data.
        let terminator = self.config.line_term();
        text.iter()
            .take_while(|&b| {
                matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
                    && !terminator.contains(b)
            })
            .count()
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

    /// `-o` or `--vimgrep`: a line per match. `kind` is Context for a
    /// context line under -v (it holds the matches).
    fn write_each_match(&mut self, line: &Line<'_>, kind: Kind) {
        // Each match, with what -r prints in its place.
        let mut matches: Vec<(Match, Option<Vec<u8>>)> = Vec::new();
        match &self.config.replace {
            Some(replacement) => {
                self.matcher
                    .for_each_replaced_in_line(line.bytes, replacement, |m, with| {
                        matches.push((m, Some(with.to_vec())));
                    });
            }
            None => self.matcher.for_each_in_line(line.bytes, |m| {
                matches.push((m, None));
                true
            }),
        }
        if matches.is_empty() {
            // A line selected by -v has no match: ripgrep prints it whole,
            // without a column.
            self.write_prefix(kind, line, None, line.offset);
            self.write_line_text(line.bytes, Colored::None, kind);
            return;
        }
        // With -r, columns and offsets are those of the replaced line.
        let mut shown_start = 0;
        let mut last_end = 0;
        for (m, replaced) in matches {
            shown_start += m.start - last_end;
            last_end = m.end;
            let column = Some(shown_start + 1);
            let offset = line.offset + shown_start as u64;
            shown_start += replaced.as_ref().map_or(m.end - m.start, Vec::len);
            self.write_prefix(kind, line, column, offset);
            if self.config.vimgrep && !self.config.only_matching {
                // Each line of --vimgrep colors its own match.
                self.write_line_text(line.bytes, Colored::One(m), kind);
            } else {
                let text = replaced.as_deref().unwrap_or(&line.bytes[m.start..m.end]);
                let text = &text[self.trimmed_len(text)..];
                match self.config.max_columns {
                    // The match and its terminator, as a line of its own.
                    Some(max) if text.len() as u64 + 1 > max => {
                        if self.config.max_columns_preview {
                            self.write_match_alone(&text[..chars_prefix_len(text, max)]);
                            self.out
                                .extend_from_slice(b" [... omitted end of long line]");
                        } else {
                            self.out.extend_from_slice(b"[Omitted long matching line]");
                        }
                    }
                    _ => {
                        // A match holding its line's terminator (-U)
                        // ends with it, as ripgrep prints it.
                        let colors = self.config.colors.as_ref();
                        let (body, term) =
                            self.cut_terminator(strip_terminator(text), text, colors, true);
                        self.write_match_alone(body);
                        self.out.extend_from_slice(term);
                        continue;
                    }
                }
                self.out.extend_from_slice(self.config.line_term());
            }
        }
    }
}

/// A block of lines selected by multi-line matches (`-U`), as ripgrep
/// prints one: line by line, each numbered, with the matches' parts in
/// it. Under `-r` the replaced text is what is split into lines, counted
/// and measured, as in ripgrep.
impl StandardSink<'_> {
    /// Prints a selected block (or, under -v, a line).
    fn write_block(&mut self, block: &Line<'_>) {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let replaced;
        let text: &[u8] = match &self.config.replace {
            Some(replacement) => {
                let mut text = Vec::with_capacity(block.bytes.len());
                let mut last = 0;
                let (haystack, end) = (block.with_lookahead, block.bytes.len());
                self.matcher
                    .for_each_replaced_in(haystack, end, replacement, |m, with| {
                        text.extend_from_slice(&block.bytes[last.min(end)..m.start]);
                        spans.push((text.len(), text.len() + with.len()));
                        text.extend_from_slice(with);
                        last = m.end;
                    });
                text.extend_from_slice(&block.bytes[last.min(end)..]);
                replaced = text;
                &replaced
            }
            None => {
                let (haystack, end) = (block.with_lookahead, block.bytes.len());
                self.matcher.for_each_in(haystack, end, |m| {
                    spans.push((m.start, m.end.min(end)));
                    true
                });
                block.bytes
            }
        };
        let lines = block_lines(text);
        if spans.is_empty() {
            // Lines selected by -v: printed whole, without a column.
            for (i, &(start, end)) in lines.iter().enumerate() {
                let line = block_line(block, text, start, end, i);
                self.write_prefix(Kind::Matched, &line, None, line.offset);
                self.write_block_line(&text[start..end], &[], 0);
            }
        } else if self.config.only_matching {
            self.write_block_matches(block, text, &lines, &spans);
        } else if self.config.vimgrep {
            self.write_block_match_lines(block, text, &lines, &spans);
        } else {
            let column = spans.first().map(|&(start, _)| start + 1);
            for (i, &(start, end)) in lines.iter().enumerate() {
                let line = block_line(block, text, start, end, i);
                self.write_prefix(Kind::Matched, &line, column, line.offset);
                let in_line = spans_in(&spans, start, end);
                self.write_block_line(&text[start..end], &in_line, spans.len());
            }
        }
    }

    /// `-o`: each match's part of each line, numbered by its line, its
    /// column and offset those of the whole match in the block.
    fn write_block_matches(
        &mut self,
        block: &Line<'_>,
        text: &[u8],
        lines: &[(usize, usize)],
        spans: &[(usize, usize)],
    ) {
        let color = self.config.colors.as_ref().map(|c| &c.matched);
        for (i, &(start, end)) in lines.iter().enumerate() {
            let content = strip_terminator(&text[start..end]);
            let from = start + self.trimmed_len(content);
            let to = start + content.len();
            for &(m_start, m_end) in spans {
                let (part_start, part_end) = (m_start.max(from), m_end.min(to));
                if part_start >= part_end {
                    continue;
                }
                let line = block_line(block, text, start, end, i);
                let offset = block.offset + m_start as u64;
                self.write_prefix(Kind::Matched, &line, Some(m_start + 1), offset);
                let part = &text[part_start..part_end];
                match self.config.max_columns {
                    Some(max) if part.len() as u64 > max => {
                        if self.config.max_columns_preview {
                            write_spec(self.out, color, &part[..chars_prefix_len(part, max)]);
                            self.out
                                .extend_from_slice(b" [... omitted end of long line]");
                        } else {
                            self.out.extend_from_slice(b"[Omitted long matching line]");
                        }
                    }
                    _ => write_spec(self.out, color, part),
                }
                self.out.extend_from_slice(self.config.line_term());
            }
        }
    }

    /// `--vimgrep`: for each match, the line it starts on, with its
    /// column in that line (an empty match at a line's start shows no
    /// line, as in ripgrep).
    fn write_block_match_lines(
        &mut self,
        block: &Line<'_>,
        text: &[u8],
        lines: &[(usize, usize)],
        spans: &[(usize, usize)],
    ) {
        for &(m_start, m_end) in spans {
            let Some(first) = lines.iter().position(|&(_, end)| m_start < end) else {
                continue;
            };
            // A line over --max-columns does not count as the one line
            // shown: ripgrep goes on to the match's next line.
            for (i, &(start, end)) in lines.iter().enumerate().skip(first) {
                if start >= m_end {
                    break;
                }
                let line = block_line(block, text, start, end, i);
                let column = m_start.saturating_sub(start) + 1;
                self.write_prefix(Kind::Matched, &line, Some(column), line.offset);
                let own = if m_start < m_end {
                    spans_in(&[(m_start, m_end)], start, end)
                } else {
                    Vec::new()
                };
                // (Measured without its terminator, unlike other lines.)
                let line_text = &text[start..end];
                if self.is_long(strip_terminator(line_text)) {
                    let message = if self.finds_each_match() {
                        format!("[Omitted long line with {} matches]", spans.len())
                    } else {
                        "[Omitted long matching line]".to_string()
                    };
                    if self.config.max_columns_preview {
                        self.write_block_line(line_text, &own, spans.len());
                    } else {
                        self.out.extend_from_slice(message.as_bytes());
                        self.out.extend_from_slice(self.config.line_term());
                    }
                    continue;
                }
                self.write_block_line_fits(line_text, &own, spans.len());
                break;
            }
        }
    }

    /// Whether a line of a block is over --max-columns.
    fn is_long(&self, line: &[u8]) -> bool {
        self.config
            .max_columns
            .is_some_and(|max| (line.len() - self.trimmed_len(line)) as u64 > max)
    }

    /// One line of a block with `spans` (in it) colored; a line over
    /// --max-columns is omitted (saying how many matches its block has,
    /// `in_block`) or cut short, as ripgrep's printer does.
    fn write_block_line(&mut self, line: &[u8], spans: &[(usize, usize)], in_block: usize) {
        let long = self.is_long(line);
        self.write_block_line_as(line, spans, in_block, long);
    }

    /// [`Self::write_block_line`] for a line known to fit.
    fn write_block_line_fits(&mut self, line: &[u8], spans: &[(usize, usize)], in_block: usize) {
        self.write_block_line_as(line, spans, in_block, false);
    }

    fn write_block_line_as(
        &mut self,
        line: &[u8],
        spans: &[(usize, usize)],
        in_block: usize,
        long: bool,
    ) {
        let colors = self.config.colors.as_ref();
        let matches: Vec<Match> = if self.finds_each_match() {
            spans
                .iter()
                .map(|&(start, end)| Match { start, end })
                .collect()
        } else {
            Vec::new()
        };
        if long && !self.config.max_columns_preview {
            let known = if self.finds_each_match() { in_block } else { 0 };
            let message = match known {
                0 => "[Omitted long matching line]".to_string(),
                n => format!("[Omitted long line with {n} matches]"),
            };
            self.out.extend_from_slice(message.as_bytes());
            self.out.extend_from_slice(self.config.line_term());
            return;
        }
        let spans: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|&(start, end)| start < end)
            .collect();
        let highlight = in_block > 0;
        let (text, terminator) =
            self.cut_terminator(strip_terminator(line), line, colors, highlight);
        let long_with = long.then_some(&matches[..]);
        self.write_text_with_spans(text, &spans, colors, highlight, long_with, terminator);
    }
}

/// The (start, end) of each line of `text`, terminators included.
fn block_lines(text: &[u8]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let terminator = crate::search::lines::terminator();
        let end = memchr::memchr(terminator, &text[start..]).map_or(text.len(), |i| start + i + 1);
        lines.push((start, end));
        start = end;
    }
    lines
}

/// Line `index` of a block, at `text[start..end]`, numbered on from the
/// block's first line.
fn block_line<'t>(
    block: &Line<'_>,
    text: &'t [u8],
    start: usize,
    end: usize,
    index: usize,
) -> Line<'t> {
    Line::new(
        &text[start..end],
        block.number.map(|n| n + index as u64),
        block.offset + start as u64,
    )
}

/// The parts of `spans` inside `[start, end)`, relative to `start`.
fn spans_in(spans: &[(usize, usize)], start: usize, end: usize) -> Vec<(usize, usize)> {
    spans
        .iter()
        .filter_map(|&(s, e)| {
            let (s, e) = (s.max(start), e.min(end));
            (s < e).then(|| (s - start, e - start))
        })
        .collect()
}

impl Sink for StandardSink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        // ripgrep prints whatever a multi-line matcher selects as a block.
        let block = self.matcher.is_multiline();
        self.matched_lines += if block {
            crate::search::lines::count_lines(line.bytes)
        } else {
            1
        };
        if self.count_matches {
            let mut in_line = 0;
            let (haystack, end) = (line.with_lookahead, line.bytes.len());
            self.matcher.for_each_in(haystack, end, |_| {
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
            let column = if self.config.column {
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
        let column = if self.config.column && shows_matches {
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
}

/// Which matches of a line are colored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Colored {
    None,
    All,
    One(Match),
}

/// Which kind of line a prefix is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Matched,
    Context,
}

/// The length in bytes of `text`'s first `chars` characters: UTF-8
/// sequences count as one, and each byte of anything else as one.
fn chars_prefix_len(text: &[u8], chars: u64) -> usize {
    let mut end = 0;
    for _ in 0..chars {
        let Some(&lead) = text.get(end) else {
            break;
        };
        let width = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        let whole = text
            .get(end..end + width)
            .is_some_and(|seq| std::str::from_utf8(seq).is_ok());
        end += if whole { width } else { 1 };
    }
    end
}

fn strip_terminator(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_suffix(&[crate::search::lines::terminator()])
        .unwrap_or(bytes)
}
