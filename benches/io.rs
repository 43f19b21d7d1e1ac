//! Read versus mmap: where does mapping start to pay?
//!
//! Each iteration opens a file, reaches all its bytes one way (one `read`
//! into a buffer reused across iterations, or `mmap` + madvise), touches
//! every byte (a memchr newline count, as a search would), and lets go
//! (munmap for a mapping). Sizes run from 4 KiB to 1 GiB, with the page
//! cache warm on one thread, warm with every core doing the same at once
//! (munmap's TLB shootdowns cost more then), and cold-ish (the file dropped
//! from the page cache before each iteration, up to 64 MiB).
//!
//! `cargo bench --bench io`; the crossover chooses lode's mmap threshold
//! (src/io/select.rs) and the table is in README.md.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const SIZES: &[u64] = &[
    4 << 10,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    16 << 20,
    64 << 20,
    256 << 20,
    1 << 30,
];
const COLD_MAX: u64 = 64 << 20;

fn make_file(dir: &Path, size: u64) -> PathBuf {
    let path = dir.join(format!("f{size}"));
    let line = b"static int example_function(struct device *dev, unsigned long flags);\n";
    let mut file = std::io::BufWriter::new(File::create(&path).unwrap());
    let mut written = 0;
    while written < size {
        let n = line.len().min((size - written) as usize);
        file.write_all(&line[..n]).unwrap();
        written += n as u64;
    }
    file.flush().unwrap();
    path
}

fn touch_all(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

fn by_read(path: &Path, buffer: &mut Vec<u8>) -> usize {
    let mut file = File::open(path).unwrap();
    let size = file.metadata().unwrap().len() as usize;
    buffer.clear();
    buffer.reserve(size + 1);
    file.read_to_end(buffer).unwrap();
    touch_all(buffer)
}

fn by_mmap(path: &Path) -> usize {
    let file = File::open(path).unwrap();
    // SAFETY: the benchmark's files are private and never modified while mapped.
    let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
    let _ = map.advise(memmap2::Advice::Sequential);
    let _ = map.advise_range(memmap2::Advice::WillNeed, 0, map.len().min(4 << 20));
    touch_all(&map)
}

fn drop_from_cache(path: &Path) {
    let file = File::open(path).unwrap();
    // SAFETY: fadvise only reads its arguments; the descriptor is open.
    unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `op` on every core at once, `iters` times each; the time of the slowest.
fn busy(iters: u64, op: impl Fn(&mut Vec<u8>) + Sync) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads() {
            scope.spawn(|| {
                let mut buffer = Vec::new();
                for _ in 0..iters {
                    op(&mut buffer);
                }
            });
        }
    });
    start.elapsed()
}

fn read_vs_mmap(c: &mut Criterion) {
    let dir =
        tempfile::tempdir_in(std::env::var_os("LODE_BENCH_DIR").unwrap_or_else(|| ".".into()))
            .unwrap();
    let mut group = c.benchmark_group("io");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for &size in SIZES {
        let path = make_file(dir.path(), size);
        group.throughput(Throughput::Bytes(size));
        let mut buffer = Vec::new();
        group.bench_with_input(BenchmarkId::new("warm/read", size), &path, |b, p| {
            b.iter(|| by_read(p, &mut buffer))
        });
        group.bench_with_input(BenchmarkId::new("warm/mmap", size), &path, |b, p| {
            b.iter(|| by_mmap(p))
        });
        group.bench_with_input(BenchmarkId::new("busy/read", size), &path, |b, p| {
            b.iter_custom(|iters| {
                busy(iters, |buf| {
                    std::hint::black_box(by_read(p, buf));
                })
            })
        });
        group.bench_with_input(BenchmarkId::new("busy/mmap", size), &path, |b, p| {
            b.iter_custom(|iters| {
                busy(iters, |_| {
                    std::hint::black_box(by_mmap(p));
                })
            })
        });
        if size <= COLD_MAX {
            group.bench_with_input(BenchmarkId::new("cold/read", size), &path, |b, p| {
                b.iter_batched(
                    || drop_from_cache(p),
                    |()| by_read(p, &mut buffer),
                    criterion::BatchSize::PerIteration,
                )
            });
            group.bench_with_input(BenchmarkId::new("cold/mmap", size), &path, |b, p| {
                b.iter_batched(
                    || drop_from_cache(p),
                    |()| by_mmap(p),
                    criterion::BatchSize::PerIteration,
                )
            });
        }
        std::fs::remove_file(&path).unwrap();
    }
    group.finish();
}

criterion_group!(benches, read_vs_mmap);
criterion_main!(benches);
