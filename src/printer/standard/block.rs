//! Blocks of lines selected by multi-line matches (`-U`): split into
//! lines, each with its prefix, its matches' parts colored, `-o` and
//! `--vimgrep` per line of a match, and `-M` applied line by line.

use super::line_text::chars_prefix_len;
use super::{Kind, StandardSink};
use crate::matcher::Match;
use crate::printer::color::write_spec;
use crate::search::Line;

/// A block of lines selected by multi-line matches (`-U`), as ripgrep
/// prints one: line by line, each numbered, with the matches' parts in
/// it. Under `-r` the replaced text is what is split into lines, counted
/// and measured, as in ripgrep.
impl StandardSink<'_> {
    /// Prints a selected block (or, under -v, a line).
    pub(super) fn write_block(&mut self, block: &Line<'_>) {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let replaced;
        let text: &[u8] = match &self.config.replace {
            Some(replacement) => {
                let mut text = Vec::with_capacity(block.bytes.len());
                let mut last = 0;
                let (haystack, at, end) = block.search_area();
                self.matcher
                    .for_each_replaced_in(haystack, at, end, replacement, |m, with| {
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
                let (haystack, at, end) = block.search_area();
                self.matcher.for_each_in(haystack, at, end, |m| {
                    spans.push((m.start, m.end.min(end)));
                    true
                });
                block.bytes
            }
        };
        let lines = block_lines(text, self.config.terminator());
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
            let column = spans
                .first()
                .map(|&(start, _)| start + 1)
                .filter(|_| self.wants_column());
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
            let content = self.strip_terminator(&text[start..end]);
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
                            let kept = chars_prefix_len(part, max);
                            write_spec(self.out, color, &part[..kept]);
                            // ripgrep counts the block's matches that start
                            // in what was cut off.
                            let cut = part_start + kept..part_end;
                            let left = spans.iter().filter(|(s, _)| cut.contains(s)).count();
                            let noun = if left == 1 { "match" } else { "matches" };
                            let more = format!(" [... {left} more {noun}]");
                            self.out.extend_from_slice(more.as_bytes());
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
                if self.is_long(self.strip_terminator(line_text)) {
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
            self.cut_terminator(self.strip_terminator(line), line, colors, highlight);
        let long_with = long.then_some(&matches[..]);
        self.write_text_with_spans(text, &spans, colors, highlight, long_with, terminator);
    }
}

/// The (start, end) of each line of `text`, terminators (`terminator`)
/// included.
fn block_lines(text: &[u8], terminator: u8) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
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
