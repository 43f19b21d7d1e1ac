//! One line (or nothing) per file: `-c`, `--count-matches`, `-l`,
//! `--files-without-match` and `-q`.

use super::color::write_spec;
use super::PrinterConfig;
use crate::matcher::Matcher;
use crate::search::{Line, Sink};

/// Which summary the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryKind {
    Count,
    CountMatches,
    FilesWithMatches,
    FilesWithoutMatch,
    Quiet,
}

impl SummaryKind {
    /// Whether the first match settles the file's result.
    pub fn stops_at_first_match(self) -> bool {
        matches!(self, SummaryKind::FilesWithMatches | SummaryKind::Quiet)
    }
}

/// Counts one file's matches and prints its summary at the end.
pub struct SummarySink<'a> {
    kind: SummaryKind,
    matcher: &'a Matcher,
    count: u64,
}

impl<'a> SummarySink<'a> {
    pub fn new(kind: SummaryKind, matcher: &'a Matcher) -> SummarySink<'a> {
        SummarySink {
            kind,
            matcher,
            count: 0,
        }
    }

    /// Writes the file's summary and says whether the file counts as a
    /// success for the exit status. A binary file whose NUL was reached in
    /// quit mode prints nothing and counts zero matches (ripgrep's rule,
    /// which makes it a success for `--files-without-match`).
    pub fn finish(
        mut self,
        config: &PrinterConfig,
        out: &mut Vec<u8>,
        path: Option<&[u8]>,
        binary_reached: bool,
    ) -> bool {
        if binary_reached {
            self.count = 0;
            return self.kind == SummaryKind::FilesWithoutMatch;
        }
        let path_color = config.colors.as_ref().map(|c| &c.path);
        match self.kind {
            SummaryKind::Count | SummaryKind::CountMatches if self.count > 0 => {
                if let Some(path) = path {
                    write_spec(out, path_color, path);
                    out.push(if config.null { 0 } else { b':' });
                }
                out.extend_from_slice(self.count.to_string().as_bytes());
                out.push(b'\n');
            }
            SummaryKind::FilesWithMatches if self.count > 0 => write_path_line(config, out, path),
            SummaryKind::FilesWithoutMatch if self.count == 0 => write_path_line(config, out, path),
            _ => {}
        }
        match self.kind {
            SummaryKind::FilesWithoutMatch => self.count == 0,
            _ => self.count > 0,
        }
    }
}

fn write_path_line(config: &PrinterConfig, out: &mut Vec<u8>, path: Option<&[u8]>) {
    if let Some(path) = path {
        write_spec(out, config.colors.as_ref().map(|c| &c.path), path);
        out.push(if config.null { 0 } else { b'\n' });
    }
}

impl Sink for SummarySink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        if self.kind == SummaryKind::CountMatches {
            let mut in_line = 0;
            self.matcher.for_each_in_line(line.bytes, |_| {
                in_line += 1;
                true
            });
            self.count += in_line.max(1);
        } else {
            self.count += 1;
        }
        !self.kind.stops_at_first_match()
    }

    fn context(&mut self, _line: Line<'_>) -> bool {
        true
    }

    fn context_break(&mut self) -> bool {
        true
    }
}
