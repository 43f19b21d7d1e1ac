//! Statistics: ripgrep's, of one search and of a run (`--stats`, the JSON
//! `end` and `summary` messages), unchanged so scripts that parse them
//! keep working; and `--stats-io`'s additions from the I/O layer.

use std::ops::AddAssign;
use std::sync::Mutex;
use std::time::Duration;

use crate::io::stats::IoStats;
use crate::printer::write_json_summary;

/// ripgrep's statistics of searches: of one file (what its printer
/// counted), or added up over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Time spent searching.
    pub elapsed: Duration,
    /// Files searched.
    pub searches: u64,
    /// Files with at least one matched line.
    pub searches_with_match: u64,
    pub bytes_searched: u64,
    /// Bytes of output, as ripgrep counts them.
    pub bytes_printed: u64,
    pub matched_lines: u64,
    /// Individual matches (counted only where `--stats` or the printer
    /// needs them).
    pub matches: u64,
}

impl AddAssign<&Stats> for Stats {
    fn add_assign(&mut self, other: &Stats) {
        self.elapsed += other.elapsed;
        self.searches += other.searches;
        self.searches_with_match += other.searches_with_match;
        self.bytes_searched += other.bytes_searched;
        self.bytes_printed += other.bytes_printed;
        self.matched_lines += other.matched_lines;
        self.matches += other.matches;
    }
}

/// The run's statistics, which every worker adds its files' to.
#[derive(Default)]
pub struct RunStats {
    pub io: IoStats,
    totals: Mutex<Stats>,
}

impl RunStats {
    /// Adds one file's statistics.
    pub fn add(&self, file: &Stats) {
        *self.totals.lock().unwrap_or_else(|e| e.into_inner()) += file;
    }

    /// What the workers added up to so far.
    pub fn totals(&self) -> Stats {
        *self.totals.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// ripgrep's closing JSON `summary` message.
    pub fn render_json(&self, total: Duration) -> Vec<u8> {
        let mut out = Vec::new();
        write_json_summary(&mut out, &self.totals(), total);
        out
    }

    /// ripgrep's `--stats` block (with a leading blank line).
    pub fn render(&self, total: Duration) -> String {
        let totals = self.totals();
        format!(
            "\n{} matches\n{} matched lines\n{} files contained matches\n{} files searched\n\
             {} bytes printed\n{} bytes searched\n{:.6} seconds spent searching\n{:.6} seconds total\n",
            totals.matches,
            totals.matched_lines,
            totals.searches_with_match,
            totals.searches,
            totals.bytes_printed,
            totals.bytes_searched,
            totals.elapsed.as_secs_f64(),
            total.as_secs_f64(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_add_up_field_by_field() {
        let run = RunStats::default();
        let file = Stats {
            elapsed: Duration::from_millis(2),
            searches: 1,
            searches_with_match: 1,
            bytes_searched: 10,
            bytes_printed: 4,
            matched_lines: 2,
            matches: 3,
        };
        run.add(&file);
        run.add(&file);
        let totals = run.totals();
        assert_eq!(totals.searches, 2);
        assert_eq!(totals.matches, 6);
        assert_eq!(totals.elapsed, Duration::from_millis(4));
        assert!(run.render(Duration::ZERO).starts_with("\n6 matches\n4 matched lines\n2 files contained matches\n2 files searched\n8 bytes printed\n20 bytes searched\n0.004000 seconds"));
    }
}
