//! The text of one line as the standard printer prints it: its matches
//! colored and the line highlighted, `-o` (each match on a line of its
//! own), `-r` replacements, `--trim`, and `-M`/`--max-columns-preview`
//! (omitting a long line or cutting it short).

use std::borrow::Cow;

use super::{Kind, StandardSink};
use crate::matcher::Match;
use crate::printer::color::Colors;
use crate::search::Line;

/// Which matches of a line are colored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Colored {
    None,
    All,
    One(Match),
}

impl Colored {
    /// Whether match `m` is one of those colored.
    fn includes(self, m: Match) -> bool {
        match self {
            Colored::None => false,
            Colored::All => true,
            Colored::One(own) => m == own,
        }
    }
}

/// A line's text as it is printed, and the spans in it to color.
struct ShownText<'t> {
    /// The line without its terminator, with `-r` its matches replaced.
    text: Cow<'t, [u8]>,
    spans: Vec<(usize, usize)>,
    /// Whether a match (even an empty one) is to be colored: ripgrep
    /// then highlights the line.
    any_wanted: bool,
}

impl StandardSink<'_> {
    /// The line's text with the matches `colored` colored (and with
    /// `-r`, every match replaced), then its terminator.
    pub(super) fn write_line_text(&mut self, bytes: &[u8], colored: Colored, kind: Kind) {
        let shows_matches = kind == Kind::Matched || self.config.invert;
        let replaces = self.config.replace.is_some() && shows_matches;
        let long = self.is_over_max_columns(bytes, colored, shows_matches);
        // ripgrep knows a long line's matches only when its printer looks
        // for them anyway.
        let matches = if long && self.finds_each_match() && shows_matches {
            self.matches_in_line(bytes)
        } else {
            Vec::new()
        };
        if long && !self.config.max_columns_preview {
            self.write_omitted_line(matches.len(), kind);
            return;
        }
        let colors = self
            .config
            .colors
            .as_ref()
            .filter(|_| colored != Colored::None);
        if colors.is_none() && !replaces && !long {
            self.write_plain_line(bytes);
            return;
        }
        let shown = self.shown_text(bytes, colored, shows_matches);
        // A colored --vimgrep line's preview counts only its own match,
        // as ripgrep's does.
        let noted = match colored {
            Colored::One(own) if colors.is_some() && !matches.is_empty() => vec![own],
            _ => matches,
        };
        let highlight = kind == Kind::Matched && shown.any_wanted;
        let long_with = long.then_some(&noted[..]);
        let (text, terminator) = self.cut_terminator(&shown.text, bytes, colors, shown.any_wanted);
        self.write_text_with_spans(text, &shown.spans, colors, highlight, long_with, terminator);
    }

    /// Whether the line is longer than --max-columns (counting the
    /// terminator, and as -r and --trim print it, as ripgrep does):
    /// omitted, or cut short with --max-columns-preview.
    fn is_over_max_columns(&self, bytes: &[u8], colored: Colored, shows_matches: bool) -> bool {
        self.config.max_columns.is_some_and(|max| {
            let mut printed = bytes.len();
            let replace = self.config.replace.as_ref().filter(|_| shows_matches);
            if let Some(replacement) = replace {
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
                self.trimmed_len(self.strip_terminator(bytes))
            };
            (printed - trimmed) as u64 > max
        })
    }

    /// Every match in the line.
    fn matches_in_line(&self, bytes: &[u8]) -> Vec<Match> {
        let mut found = Vec::new();
        self.matcher.for_each_in_line(bytes, |m| {
            found.push(m);
            true
        });
        found
    }

    /// What ripgrep prints in place of a line over --max-columns, with
    /// how many `matches` it knows of.
    fn write_omitted_line(&mut self, matches: usize, kind: Kind) {
        let message = match (matches, kind) {
            (0, Kind::Matched) => "[Omitted long matching line]".to_string(),
            (0, Kind::Context) => "[Omitted long context line]".to_string(),
            (n, _) => format!("[Omitted long line with {n} matches]"),
        };
        self.out.extend_from_slice(message.as_bytes());
        self.out.extend_from_slice(self.config.line_term());
    }

    /// A line printed as it is (but for --trim), with its own terminator.
    fn write_plain_line(&mut self, bytes: &[u8]) {
        let content = self.strip_terminator(bytes);
        let trimmed = self.trimmed_len(content);
        self.out.extend_from_slice(&content[trimmed..]);
        self.out.extend_from_slice(self.config.own_line_term(bytes));
    }

    /// The text of the line to print (with `-r`, if it shows its matches,
    /// each replaced) and the spans in it of the matches `colored` colors.
    fn shown_text<'t>(
        &self,
        bytes: &'t [u8],
        colored: Colored,
        shows_matches: bool,
    ) -> ShownText<'t> {
        let content = self.strip_terminator(bytes);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut any_wanted = false;
        let mut wanted = |m: Match| {
            let wanted = colored.includes(m);
            any_wanted |= wanted;
            wanted && m.start < m.end
        };
        let replace = self.config.replace.as_ref().filter(|_| shows_matches);
        let text = match replace {
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
                Cow::Owned(text)
            }
            None => {
                self.matcher.for_each_in_line(bytes, |m| {
                    if wanted(m) {
                        spans.push((m.start, m.end));
                    }
                    true
                });
                Cow::Borrowed(content)
            }
        };
        ShownText {
            text,
            spans,
            any_wanted,
        }
    }

    /// Writes one line's `text` (without its terminator) with `spans`
    /// colored (and the rest in the highlight color, if set, when
    /// `highlight`: a selected line), then a terminator. `--trim` drops
    /// its leading whitespace;
    /// `long_with` says it is longer than --max-columns, cut short (with
    /// --max-columns-preview) and followed by a note counting those
    /// matches that were not shown.
    pub(super) fn write_text_with_spans(
        &mut self,
        text: &[u8],
        spans: &[(usize, usize)],
        colors: Option<&Colors>,
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
        let shown = (trimmed, shown_end);
        let last = self.write_colored_spans(text, spans, shown, colors, highlight.is_some());
        self.out
            .extend_from_slice(&text[last.min(shown_end)..shown_end]);
        if let Some(colors) = highlight {
            colors.end_highlight(self.out);
        }
        if let Some(matches) = long_with {
            self.write_long_line_note(matches, shown_end);
        }
        self.out.extend_from_slice(terminator);
    }

    /// Writes the part of `text` in `(trimmed, shown_end)` up to the end
    /// of its last colored span, with `spans` colored (and the highlight
    /// color resumed after each, when `highlight`); returns where it
    /// stopped.
    fn write_colored_spans(
        &mut self,
        text: &[u8],
        spans: &[(usize, usize)],
        (trimmed, shown_end): (usize, usize),
        colors: Option<&Colors>,
        highlight: bool,
    ) -> usize {
        let mut last = trimmed;
        let mut write_span = |out: &mut Vec<u8>, (start, end): (usize, usize)| {
            if let Some(colors) = colors {
                out.extend_from_slice(&text[last..start]);
                colors.write_match(out, &text[start..end]);
                if highlight {
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
        last
    }

    /// The note after a line cut short at `shown_end`: how many of its
    /// `matches` were not shown.
    fn write_long_line_note(&mut self, matches: &[Match], shown_end: usize) {
        let more = matches.iter().filter(|m| m.start >= shown_end).count();
        let note = match (matches.len(), more) {
            (0, _) => " [... omitted end of long line]".to_string(),
            (_, 1) => " [... 1 more match]".to_string(),
            (_, n) => format!(" [... {n} more matches]"),
        };
        self.out.extend_from_slice(note.as_bytes());
    }

    /// The text of a line (`text`, from `bytes`, without its `\n`) as it
    /// is printed, and what ends it: the line's own terminator, except
    /// that with `--crlf` ripgrep cuts a line whose matches it colors
    /// before its `\r\n` and ends it with `\r\n`.
    pub(super) fn cut_terminator<'t>(
        &self,
        text: &'t [u8],
        bytes: &[u8],
        colors: Option<&Colors>,
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

    /// `-o` or `--vimgrep`: a line per match. `kind` is Context for a
    /// context line under -v (it holds the matches).
    pub(super) fn write_each_match(&mut self, line: &Line<'_>, kind: Kind) {
        let matches = self.matches_replaced(line.bytes);
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
                self.write_match_line(text);
            }
        }
    }

    /// Each match in the line, with what -r prints in its place.
    fn matches_replaced(&self, bytes: &[u8]) -> Vec<(Match, Option<Vec<u8>>)> {
        let mut matches: Vec<(Match, Option<Vec<u8>>)> = Vec::new();
        match &self.config.replace {
            Some(replacement) => {
                self.matcher
                    .for_each_replaced_in_line(bytes, replacement, |m, with| {
                        matches.push((m, Some(with.to_vec())));
                    });
            }
            None => self.matcher.for_each_in_line(bytes, |m| {
                matches.push((m, None));
                true
            }),
        }
        matches
    }

    /// `-o`: a match's `text` (or what replaces it) as a line of its own,
    /// trimmed, and omitted or cut short if over --max-columns.
    fn write_match_line(&mut self, text: &[u8]) {
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
                self.out.extend_from_slice(self.config.line_term());
            }
            _ => {
                // A match holding its line's terminator (-U)
                // ends with it, as ripgrep prints it.
                let colors = self.config.colors.as_ref();
                let (body, term) =
                    self.cut_terminator(self.strip_terminator(text), text, colors, true);
                self.write_match_alone(body);
                self.out.extend_from_slice(term);
            }
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

    /// How many bytes `--trim` drops from the start of `text`: ASCII
    /// whitespace, as ripgrep counts it, short of a line terminator.
    pub(super) fn trimmed_len(&self, text: &[u8]) -> usize {
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

    /// `bytes` without the line terminator it ends with, if it does.
    pub(super) fn strip_terminator<'t>(&self, bytes: &'t [u8]) -> &'t [u8] {
        bytes
            .strip_suffix(&[self.config.terminator()])
            .unwrap_or(bytes)
    }
}

/// The length in bytes of `text`'s first `chars` characters: UTF-8
/// sequences count as one, and each byte of anything else as one.
pub(super) fn chars_prefix_len(text: &[u8], chars: u64) -> usize {
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
