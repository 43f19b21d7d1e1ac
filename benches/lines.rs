//! Finding a buffer's matching lines for a pattern with no literal, where
//! the regex reads every byte: the meta regex one match at a time (what
//! ripgrep does) against lode's two interleaved lazy-DFA scans
//! (`Matcher::matching_lines`). One thread, 32 MiB of C source.
//!
//! `cargo bench --bench lines` reads the first 32 MiB of
//! `$BENCH_DIR/big.txt` (../shared/bench/corpus.sh; default
//! ~/.cache/grep-bench), or builds C-like text if it is missing.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lode::matcher::{Matcher, MatcherOptions};
use lode::search::lines;

const SIZE: usize = 32 << 20;
const PATTERN: &str = r"\w{5}\s+\w{5}\s+\w{5}\s+\w{5}\s+\w{5}";

fn haystack() -> Vec<u8> {
    let dir = std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/grep-bench")));
    if let Some(mut bytes) = dir.and_then(|d| std::fs::read(d.join("big.txt")).ok()) {
        bytes.truncate(lines::line_end(&bytes, SIZE.min(bytes.len() - 1), b'\n'));
        return bytes;
    }
    let text = b"static int example_function(struct device *dev, unsigned long flags)\n\
        {\n\treturn device_register_state(dev, flags & MASK);\n}\n";
    text.iter().copied().cycle().take(SIZE).collect()
}

fn find_lines(c: &mut Criterion) {
    let haystack = haystack();
    let matcher = Matcher::new(&[PATTERN.to_string()], &MatcherOptions::default()).unwrap();
    assert!(matcher.finds_lines_in_batches());
    let mut group = c.benchmark_group("literal-free lines");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(haystack.len() as u64));
    group.bench_function("regex, one match at a time", |b| {
        b.iter(|| {
            let mut count = 0;
            let mut pos = 0;
            while let Some((_, end)) = lines::next_matching_line(&matcher, &haystack, pos) {
                count += 1;
                pos = end;
            }
            count
        })
    });
    group.bench_function("two interleaved DFA scans", |b| {
        let mut found = Vec::new();
        b.iter(|| {
            found.clear();
            matcher.matching_lines(&haystack, 0, &mut found);
            found.len()
        })
    });
    group.finish();
}

criterion_group!(benches, find_lines);
criterion_main!(benches);
