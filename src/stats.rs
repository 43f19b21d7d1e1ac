//! `--stats`: ripgrep's summary of a run, unchanged so scripts that parse
//! it keep working, and `--stats-io`'s additions from the I/O layer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::io::stats::IoStats;
use crate::printer::{write_json_summary, JsonTotals};
use crate::worker::FileResult;

/// Counters every worker adds to.
#[derive(Default)]
pub struct RunStats {
    pub io: IoStats,
    matches: AtomicU64,
    matched_lines: AtomicU64,
    files_with_matches: AtomicU64,
    files_searched: AtomicU64,
    bytes_printed: AtomicU64,
    bytes_searched: AtomicU64,
    search_nanos: AtomicU64,
}

impl RunStats {
    pub fn add_file(&self, file: &FileResult, bytes_printed: u64, elapsed: Duration) {
        self.matches.fetch_add(file.matches, Ordering::Relaxed);
        self.matched_lines
            .fetch_add(file.matched_lines, Ordering::Relaxed);
        if file.matched_lines > 0 {
            self.files_with_matches.fetch_add(1, Ordering::Relaxed);
        }
        self.files_searched.fetch_add(1, Ordering::Relaxed);
        self.bytes_printed
            .fetch_add(bytes_printed, Ordering::Relaxed);
        self.bytes_searched
            .fetch_add(file.bytes_searched, Ordering::Relaxed);
        self.search_nanos
            .fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
    }

    /// ripgrep's closing JSON `summary` message.
    pub fn render_json(&self, total: Duration) -> Vec<u8> {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let totals = JsonTotals {
            bytes_printed: get(&self.bytes_printed),
            bytes_searched: get(&self.bytes_searched),
            elapsed: Duration::from_nanos(get(&self.search_nanos)),
            elapsed_total: total,
            matched_lines: get(&self.matched_lines),
            matches: get(&self.matches),
            searches: get(&self.files_searched),
            searches_with_match: get(&self.files_with_matches),
        };
        let mut out = Vec::new();
        write_json_summary(&mut out, &totals);
        out
    }

    /// ripgrep's `--stats` block (with a leading blank line).
    pub fn render(&self, total: Duration) -> String {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        format!(
            "\n{} matches\n{} matched lines\n{} files contained matches\n{} files searched\n\
             {} bytes printed\n{} bytes searched\n{:.6} seconds spent searching\n{:.6} seconds total\n",
            get(&self.matches),
            get(&self.matched_lines),
            get(&self.files_with_matches),
            get(&self.files_searched),
            get(&self.bytes_printed),
            get(&self.bytes_searched),
            Duration::from_nanos(get(&self.search_nanos)).as_secs_f64(),
            total.as_secs_f64(),
        )
    }
}
