//! One line (or nothing) per file: `-c`, `--count-matches`, `-l`,
//! `--files-without-match` and `-q`.

use super::{write_linked_path, FileLink, FileOutcome, PrinterConfig};
use crate::matcher::Matcher;
use crate::search::{Line, ReachedNul, Sink, SinkFinish};
use crate::stats::Stats;

/// Which summary the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryKind {
    Count,
    CountMatches,
    FilesWithMatches,
    FilesWithoutMatch,
    /// `-q`: nothing printed, a match is a success.
    Quiet,
    /// `-q --files-without-match`: nothing printed, a file without a
    /// match is a success.
    QuietWithoutMatch,
}

impl SummaryKind {
    /// Whether nothing is printed and the first success ends the run.
    pub fn is_quiet(self) -> bool {
        matches!(self, SummaryKind::Quiet | SummaryKind::QuietWithoutMatch)
    }

    /// Whether a file succeeds by having no match.
    pub fn wants_no_match(self) -> bool {
        matches!(
            self,
            SummaryKind::FilesWithoutMatch | SummaryKind::QuietWithoutMatch
        )
    }

    /// Whether the first match settles the file's result.
    pub fn stops_at_first_match(self) -> bool {
        matches!(self, SummaryKind::FilesWithMatches | SummaryKind::Quiet)
    }
}

/// Counts one file's matches and prints its summary at the end.
pub struct SummarySink<'a> {
    kind: SummaryKind,
    config: &'a PrinterConfig,
    matcher: &'a Matcher,
    out: &'a mut Vec<u8>,
    path: Option<&'a [u8]>,
    /// Keep counting past the first match (`--stats` wants every count).
    count_everything: bool,
    matched_lines: u64,
    matches: u64,
    /// Set by [`Sink::finish`]: the file counts as a success for the exit
    /// status.
    succeeded: bool,
    bytes_searched: u64,
    /// The file's hyperlink target, once resolved.
    link: FileLink,
}

impl<'a> SummarySink<'a> {
    /// A sink for one file's `kind` of summary; `path` is `None` when
    /// paths are not shown.
    pub fn new(
        kind: SummaryKind,
        config: &'a PrinterConfig,
        matcher: &'a Matcher,
        out: &'a mut Vec<u8>,
        path: Option<&'a [u8]>,
        count_everything: bool,
    ) -> SummarySink<'a> {
        SummarySink {
            kind,
            config,
            matcher,
            out,
            path,
            count_everything,
            matched_lines: 0,
            matches: 0,
            succeeded: false,
            bytes_searched: 0,
            link: FileLink::default(),
        }
    }

    /// What printing this file came to (after [`Sink::finish`]).
    pub fn outcome(&self) -> FileOutcome {
        FileOutcome {
            matched: self.succeeded,
            opens_with_line: true,
            stats: Stats {
                searches: 1,
                searches_with_match: u64::from(self.matched_lines > 0),
                bytes_searched: self.bytes_searched,
                matched_lines: self.matched_lines,
                matches: self.matches,
                ..Stats::default()
            },
        }
    }

    /// Writes the file's summary, and says whether it counts as a success
    /// for the exit status. A binary file whose NUL was reached in quit
    /// mode prints nothing and counts zero matches (ripgrep's rule, which
    /// makes it a success for `--files-without-match`).
    fn write_summary(&mut self, binary_reached: bool) -> bool {
        if binary_reached {
            return self.kind.wants_no_match();
        }
        let count = match self.kind {
            SummaryKind::CountMatches => self.matches,
            _ if self.matcher.is_multiline() => self.matches,
            _ => self.matched_lines,
        };
        let config = self.config;
        let out = &mut *self.out;
        let link = &mut self.link;
        match self.kind {
            SummaryKind::Count | SummaryKind::CountMatches if count > 0 || config.include_zero => {
                if let Some(path) = self.path {
                    write_linked_path(config, link, out, path);
                    out.push(if config.null { 0 } else { b':' });
                }
                out.extend_from_slice(count.to_string().as_bytes());
                out.extend_from_slice(config.line_term());
            }
            SummaryKind::FilesWithMatches if count > 0 => {
                write_path_line(config, link, out, self.path)
            }
            SummaryKind::FilesWithoutMatch if count == 0 => {
                write_path_line(config, link, out, self.path)
            }
            _ => {}
        }
        if self.kind.wants_no_match() {
            count == 0
        } else {
            count > 0
        }
    }
}

/// `-l`'s line (or `-0`'s NUL-ended path).
fn write_path_line(
    config: &PrinterConfig,
    link: &mut FileLink,
    out: &mut Vec<u8>,
    path: Option<&[u8]>,
) {
    if let Some(path) = path {
        write_linked_path(config, link, out, path);
        if config.null {
            out.push(0);
        } else {
            out.extend_from_slice(config.line_term());
        }
    }
}

impl Sink for SummarySink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        // A multi-line match selects a block of lines: ripgrep counts
        // its lines as matched lines, and its matches for -c.
        let multiline = self.matcher.is_multiline();
        self.matched_lines += if multiline {
            crate::lines::count_lines(line.bytes, self.config.terminator())
        } else {
            1
        };
        if self.kind == SummaryKind::CountMatches || self.count_everything || multiline {
            let mut in_line = 0;
            let (haystack, at, end) = line.search_area();
            match self.matcher {
                // A boolean query's block counts the matches that made it.
                Matcher::Bool(query) if multiline => {
                    in_line = query.count_in_block(haystack, at, end);
                }
                matcher => matcher.for_each_in(haystack, at, end, |_| {
                    in_line += 1;
                    true
                }),
            }
            self.matches += in_line.max(1);
        }
        self.count_everything || !self.kind.stops_at_first_match()
    }

    fn context(&mut self, _line: Line<'_>) -> bool {
        true
    }

    fn context_break(&mut self) -> bool {
        true
    }

    fn finish(&mut self, finish: SinkFinish) {
        self.bytes_searched = finish.bytes_searched;
        self.succeeded = self.write_summary(matches!(finish.binary, Some(ReachedNul::Quit(_))));
    }
}
