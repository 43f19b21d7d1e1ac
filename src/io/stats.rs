//! What the I/O layer did in one run, for `--stats-io`.

use std::sync::atomic::{AtomicU64, Ordering};

use super::Strategy;

/// Files and bytes per strategy, truncations survived (and how many of
/// those stopped the search early, leaving how many bytes unsearched),
/// and the long lines of mapped files searched in windows.
#[derive(Default)]
pub struct IoStats {
    files: [AtomicU64; 3],
    bytes: [AtomicU64; 3],
    truncations: AtomicU64,
    stopped_early: AtomicU64,
    unsearched: AtomicU64,
    decompressed: AtomicU64,
    members: AtomicU64,
    unpacked_bytes: AtomicU64,
    walk_threads: AtomicU64,
    cold_mappings: AtomicU64,
    probed: AtomicU64,
    probed_uncached: AtomicU64,
    /// Long lines: [searched in overlapping windows, searched whole].
    long_lines: [AtomicU64; 2],
    long_line_bytes: [AtomicU64; 2],
    long_line_windows: AtomicU64,
}

fn index(strategy: Strategy) -> usize {
    match strategy {
        Strategy::Mmap => 0,
        Strategy::Read => 1,
        Strategy::Stream => 2,
    }
}

impl IoStats {
    pub fn record(&self, strategy: Strategy, bytes: u64) {
        self.files[index(strategy)].fetch_add(1, Ordering::Relaxed);
        self.bytes[index(strategy)].fetch_add(bytes, Ordering::Relaxed);
    }

    /// Counts a mapped file that shrank while it was searched.
    pub fn record_truncation(&self) {
        self.truncations.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a truncation that stopped the search of the mapping early,
    /// with the bytes of the mapping it left unsearched.
    pub fn record_stopped_early(&self, unsearched: u64) {
        self.stopped_early.fetch_add(1, Ordering::Relaxed);
        self.unsearched.fetch_add(unsearched, Ordering::Relaxed);
    }

    /// Counts what `-z` unpacked in one file: the compressed streams it
    /// decoded, the archive members it searched and the bytes searched
    /// once unpacked.
    pub fn record_unpacked(&self, decompressed: u64, members: u64, bytes: u64) {
        self.decompressed.fetch_add(decompressed, Ordering::Relaxed);
        self.members.fetch_add(members, Ordering::Relaxed);
        self.unpacked_bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Records the threads a walk was given and what the probe of the
    /// page cache found (see [`super::cold`]).
    pub fn record_walk(&self, threads: usize, probe: super::cold::Probe) {
        self.walk_threads.store(threads as u64, Ordering::Relaxed);
        self.probed.store(probe.sampled as u64, Ordering::Relaxed);
        self.probed_uncached
            .store(probe.uncached as u64, Ordering::Relaxed);
    }

    /// Counts a named mapped file searched on one thread because it was
    /// mostly out of the page cache.
    pub fn record_cold_mapping(&self) {
        self.cold_mappings.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a line of a mapped file too long for a chunk, of `bytes`,
    /// whose end was looked for in `windows` windows on every thread;
    /// `split` says its matches were too, in windows overlapping by the
    /// longest a match can be (else it was searched whole, after).
    pub fn record_long_line(&self, bytes: u64, windows: u64, split: bool) {
        let i = usize::from(!split);
        self.long_lines[i].fetch_add(1, Ordering::Relaxed);
        self.long_line_bytes[i].fetch_add(bytes, Ordering::Relaxed);
        if split {
            self.long_line_windows.fetch_add(windows, Ordering::Relaxed);
        }
    }

    /// The lines `--stats-io` adds after ripgrep's summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for strategy in [Strategy::Mmap, Strategy::Read, Strategy::Stream] {
            let i = index(strategy);
            out.push_str(&format!(
                "{} files {} ({} bytes)\n",
                self.files[i].load(Ordering::Relaxed),
                match strategy {
                    Strategy::Mmap => "mapped",
                    Strategy::Read => "read",
                    Strategy::Stream => "streamed",
                },
                self.bytes[i].load(Ordering::Relaxed),
            ));
        }
        out.push_str(&format!(
            "{} truncations survived\n",
            self.truncations.load(Ordering::Relaxed)
        ));
        out.push_str(&format!(
            "{} truncations stopped early ({} bytes not searched)\n",
            self.stopped_early.load(Ordering::Relaxed),
            self.unsearched.load(Ordering::Relaxed)
        ));
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        out.push_str(&format!(
            "{} long lines searched in overlapping windows ({} bytes, {} windows)\n\
             {} long lines searched whole, their matches unbounded ({} bytes)\n",
            load(&self.long_lines[0]),
            load(&self.long_line_bytes[0]),
            load(&self.long_line_windows),
            load(&self.long_lines[1]),
            load(&self.long_line_bytes[1]),
        ));
        out.push_str(&format!(
            "{} compressed streams decoded, {} archive members searched ({} bytes unpacked)\n",
            self.decompressed.load(Ordering::Relaxed),
            self.members.load(Ordering::Relaxed),
            self.unpacked_bytes.load(Ordering::Relaxed)
        ));
        out.push_str(&format!(
            "{} search threads ({} of {} files probed were not in the page cache)\n",
            self.walk_threads.load(Ordering::Relaxed),
            self.probed_uncached.load(Ordering::Relaxed),
            self.probed.load(Ordering::Relaxed)
        ));
        out.push_str(&format!(
            "{} mapped files not in the page cache searched on one thread\n",
            self.cold_mappings.load(Ordering::Relaxed)
        ));
        match page_faults() {
            Some((minor, major)) => out.push_str(&format!(
                "{minor} minor page faults\n{major} major page faults\n"
            )),
            None => out.push_str("page faults unknown (/proc/self/stat unreadable)\n"),
        }
        match peak_resident_kib() {
            Some(kib) => out.push_str(&format!("{kib} KiB peak resident memory\n")),
            None => out.push_str("peak resident memory unknown (/proc/self/status unreadable)\n"),
        }
        out
    }
}

/// The process's (minor, major) page faults so far, from /proc/self/stat.
fn page_faults() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is field 3, minflt field 10, majflt field 12.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some((fields.get(7)?.parse().ok()?, fields.get(9)?.parse().ok()?))
}

/// This process's peak resident memory (VmHWM), in KiB.
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_faults_are_readable_and_grow() {
        let (before, _) = page_faults().unwrap();
        let touched: Vec<u8> = vec![1; 8 << 20];
        std::hint::black_box(&touched);
        let (after, _) = page_faults().unwrap();
        assert!(after > before, "{before} -> {after}");
    }

    #[test]
    fn peak_resident_memory_is_readable() {
        assert!(peak_resident_kib().unwrap() > 0);
    }

    #[test]
    fn render_lists_every_strategy() {
        let stats = IoStats::default();
        stats.record(Strategy::Mmap, 10);
        stats.record(Strategy::Mmap, 5);
        stats.record(Strategy::Stream, 7);
        stats.record_long_line(100, 3, true);
        stats.record_long_line(20, 2, true);
        stats.record_long_line(50, 4, false);
        let text = stats.render();
        assert!(text.starts_with("2 files mapped (15 bytes)\n0 files read (0 bytes)\n1 files streamed (7 bytes)\n0 truncations survived\n0 truncations stopped early (0 bytes not searched)\n\
            2 long lines searched in overlapping windows (120 bytes, 5 windows)\n\
            1 long lines searched whole, their matches unbounded (50 bytes)\n"), "{text}");
    }
}
