//! The memory-scan limit: how fast can any tool look at every byte of a
//! large mapped file? `memchr::memmem` for a needle that never occurs, over
//! the mapped bytes, on one thread and on every core (the file split in
//! equal parts). lode's no-match search (`big_nomatch` in compare.sh) is
//! measured against this.
//!
//! `cargo bench --bench scan` maps `$BENCH_DIR/big.txt` (the corpus built
//! by ../shared/bench/corpus.sh; default ~/.cache/grep-bench) or, if it is
//! missing, a 1 GiB file it writes in the current directory first.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const NEEDLE: &[u8] = b"zqzqzqzq";

fn corpus() -> (PathBuf, Option<tempfile::TempDir>) {
    let dir = std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/grep-bench")));
    if let Some(big) = dir.map(|d| d.join("big.txt")).filter(|p| p.is_file()) {
        return (big, None);
    }
    let temp = tempfile::tempdir_in(".").unwrap();
    let path = temp.path().join("big.txt");
    let mut file = std::io::BufWriter::new(File::create(&path).unwrap());
    let line = b"static int example_function(struct device *dev, unsigned long flags);\n";
    for _ in 0..(1usize << 30) / line.len() {
        file.write_all(line).unwrap();
    }
    file.flush().unwrap();
    (path, Some(temp))
}

fn scan(c: &mut Criterion) {
    let (path, _temp) = corpus();
    let file = File::open(&path).unwrap();
    // SAFETY: the benchmark only reads the corpus, which nothing modifies.
    let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
    let _ = map.advise(memmap2::Advice::Sequential);
    let bytes: &[u8] = &map;
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("scan");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("memmem/1-thread", |b| b.iter(|| finder.find(bytes)));
    group.bench_function(format!("memmem/{threads}-threads"), |b| {
        b.iter(|| {
            let part = bytes.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let finder = &finder;
                let handles: Vec<_> = bytes
                    .chunks(part)
                    .map(|chunk| scope.spawn(move || finder.find(chunk)))
                    .collect();
                handles.into_iter().filter_map(|h| h.join().unwrap()).min()
            })
        })
    });
    // What one process pays: a fresh mapping each time, so every page is
    // faulted in (plain), or populated by each thread for its own part
    // first (MADV_POPULATE_READ, one call instead of a fault per 64 KiB).
    for populate in [false, true] {
        let name = if populate {
            "fresh-map+populate"
        } else {
            "fresh-map"
        };
        group.bench_function(format!("{name}/{threads}-threads"), |b| {
            b.iter(|| {
                // SAFETY: as above.
                let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
                let bytes: &[u8] = &map;
                let part = bytes.len().div_ceil(threads);
                std::thread::scope(|scope| {
                    let (finder, map) = (&finder, &map);
                    let handles: Vec<_> = (0..threads)
                        .map(|i| {
                            scope.spawn(move || {
                                let start = (i * part).min(bytes.len());
                                let end = ((i + 1) * part).min(bytes.len());
                                if populate {
                                    let page_start = start & !4095;
                                    let _ = map.advise_range(
                                        memmap2::Advice::PopulateRead,
                                        page_start,
                                        end - page_start,
                                    );
                                }
                                finder.find(&bytes[start..end])
                            })
                        })
                        .collect();
                    handles.into_iter().filter_map(|h| h.join().unwrap()).min()
                })
            })
        });
    }
    group.finish();
}

/// The prefilter limit of compare.sh's regex-bound big-file cases: lode's
/// matcher alone finding every matching line of the mapped file, split in
/// equal parts over every core, with no NUL scan, printing or replay.
/// Whatever lode adds to this is its own overhead.
fn regex_limit(c: &mut Criterion) {
    use lode::matcher::{Matcher, MatcherOptions};
    let (path, _temp) = corpus();
    let file = File::open(&path).unwrap();
    // SAFETY: the benchmark only reads the corpus, which nothing modifies.
    let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
    let bytes: &[u8] = &map;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let part = bytes.len().div_ceil(threads);
    let mut cuts = vec![0];
    for i in 1..threads {
        cuts.push(lode::lines::line_end(
            bytes,
            (i * part).min(bytes.len() - 1),
            b'\n',
        ));
    }
    cuts.push(bytes.len());
    let cases: [(&str, &str, MatcherOptions); 4] = [
        (
            "big_word_suspend",
            "[A-Z]+_SUSPEND",
            MatcherOptions {
                word: true,
                ..Default::default()
            },
        ),
        ("big_re_init", r"\w+_init\(", MatcherOptions::default()),
        (
            "big_alternates5",
            "copy_from_user|spin_lock_irqsave|EXPORT_SYMBOL_GPL|MODULE_AUTHOR|of_device_id",
            MatcherOptions::default(),
        ),
        (
            "big_literal_casei",
            "EXPORT_SYMBOL_GPL",
            MatcherOptions {
                case: lode::matcher::CaseMode::Insensitive,
                ..Default::default()
            },
        ),
    ];
    let mut group = c.benchmark_group("regex-limit");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    for (name, pattern, options) in cases {
        let matcher = Matcher::new(&[pattern.to_string()], &options).unwrap();
        group.bench_function(format!("{name}/{threads}-threads"), |b| {
            b.iter(|| {
                std::thread::scope(|scope| {
                    let handles: Vec<_> = cuts
                        .windows(2)
                        .map(|w| {
                            let matcher = matcher.clone();
                            let (start, end) = (w[0], w[1]);
                            scope.spawn(move || {
                                let mut found = Vec::new();
                                matcher.matching_lines(&bytes[..end], start, &mut found);
                                found.len()
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap())
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scan, regex_limit);
criterion_main!(benches);
