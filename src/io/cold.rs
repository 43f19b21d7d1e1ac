//! Whether a search starts on a cold page cache, and how many threads to
//! walk with then.
//!
//! Each walker thread reads its files one at a time, so with one thread
//! per core a tree that is not in the page cache (after a reboot, a
//! `git checkout`, or this machine after a minute idle) keeps only as many
//! reads in flight as there are cores, and the disk waits on them. Before
//! the walk, a few of the tree's files are asked whether their first page
//! is cached (a read that must not block, `RWF_NOWAIT`); when most are
//! not, the walk gets [`COLD_THREADS`] threads, most of them blocked in a
//! read at any time, keeping the disk's queue full. A warm tree keeps one
//! thread per core: there, more only share the same cores.

use std::fs::File;
use std::path::{Path, PathBuf};

/// The walker threads of a cold search: measured on the Linux tree with
/// the page cache dropped, 2 threads took 6.8 s, 8 took 3.6 s, 16 took
/// 3.0 s and 32 took 2.7 s (ripgrep: 7.4 s).
pub const COLD_THREADS: usize = 32;

/// How many files are asked, at most, and in how many directories.
const SAMPLE_FILES: usize = 16;
const SAMPLE_DIRS: usize = 8;

/// What the probe of the page cache found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Probe {
    /// Files asked.
    pub sampled: usize,
    /// Of those, the ones whose first page was not cached.
    pub uncached: usize,
}

impl Probe {
    /// Whether most of the files asked were not cached.
    pub fn is_cold(&self) -> bool {
        self.sampled > 0 && self.uncached * 2 > self.sampled
    }
}

/// Asks up to [`SAMPLE_FILES`] non-empty files under `paths` (breadth
/// first, hidden ones left out) whether they are cached.
pub fn probe(paths: &[PathBuf]) -> Probe {
    let mut probe = Probe::default();
    let mut dirs: std::collections::VecDeque<PathBuf> = paths.iter().cloned().collect();
    let mut dirs_read = 0;
    while let Some(dir) = dirs.pop_front() {
        if dirs_read == SAMPLE_DIRS || probe.sampled == SAMPLE_FILES {
            break;
        }
        dirs_read += 1;
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => dirs.push_back(entry.path()),
                Ok(kind) if kind.is_file() => {
                    if let Some(cached) = first_page_cached(&entry.path()) {
                        probe.sampled += 1;
                        probe.uncached += usize::from(!cached);
                    }
                }
                _ => {}
            }
            if probe.sampled == SAMPLE_FILES {
                break;
            }
        }
    }
    probe
}

/// Whether the first page of the file at `path` is in the page cache;
/// `None` for an empty file, one that cannot be opened so, or a kernel
/// that cannot say.
fn first_page_cached(path: &Path) -> Option<bool> {
    use std::os::unix::fs::OpenOptionsExt;
    // Without touching its access time, which --sort accessed reads
    // after the probe (allowed to the file's owner, and to root; another
    // user's file is not asked).
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOATIME)
        .open(path)
        .ok()?;
    cached_at(&file, 0)
}

/// Whether the page of `file` holding `offset` is in the page cache
/// (a one-byte read that may not block; a miss starts reading it in).
fn cached_at(file: &File, offset: u64) -> Option<bool> {
    use rustix::io::{preadv2, Errno, ReadWriteFlags};
    let mut byte = [0u8; 1];
    let mut bufs = [std::io::IoSliceMut::new(&mut byte)];
    match preadv2(file, &mut bufs, offset, ReadWriteFlags::NOWAIT) {
        Ok(1) => Some(true),
        Err(Errno::AGAIN) => Some(false),
        _ => None,
    }
}

/// Places asked in one large file.
const FILE_SAMPLES: u64 = 8;

/// Whether most of a mapped file of `len` bytes is out of the page cache,
/// from [`FILE_SAMPLES`] places spread over it. Such a file is searched on
/// one thread: chunks scanned by several threads fault at several places
/// at once, and the disk, read at all of them, delivers less than when it
/// is read front to back with the search's read-ahead (a 30 GB file on
/// this machine: 58 s on two threads, 23 s on one; `dd`, 51 s).
pub fn mostly_uncached(file: &File, len: u64) -> bool {
    let uncached = (0..FILE_SAMPLES)
        .filter(|i| cached_at(file, len / FILE_SAMPLES * i) == Some(false))
        .count() as u64;
    uncached * 2 > FILE_SAMPLES
}

/// The walker threads for a search of `paths`: `threads` when the user
/// chose them (`-j`), or when the probe finds the tree warm; else
/// [`COLD_THREADS`]. Returns the probe's result with them.
pub fn walk_threads(paths: &[PathBuf], threads: usize, chosen: bool) -> (usize, Probe) {
    if chosen {
        return (threads, Probe::default());
    }
    let probe = probe(paths);
    let threads = if probe.is_cold() {
        threads.max(COLD_THREADS)
    } else {
        threads
    };
    (threads, probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_just_written_is_cached() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "text\n").unwrap();
        std::fs::write(dir.path().join("empty"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "text\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b"), "text\n").unwrap();
        let probe = probe(&[dir.path().to_path_buf()]);
        assert_eq!(
            probe,
            Probe {
                sampled: 2,
                uncached: 0
            }
        );
        assert!(!probe.is_cold());
    }

    #[test]
    fn a_file_dropped_from_the_cache_is_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, vec![b'x'; 1 << 16]).unwrap();
        let file = File::open(&path).unwrap();
        file.sync_all().unwrap();
        let evict = || {
            rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
        };
        evict();
        let probed = probe(&[dir.path().to_path_buf()]);
        // The probe's miss starts reading the file in: once that is done,
        // drop it again (a few times: pages still being read stay) and ask
        // directly. A file system that keeps its
        // pages (tmpfs) says cached both times.
        for _ in 0..5 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            evict();
        }
        let cached = first_page_cached(&path).unwrap();
        assert_eq!(
            probed,
            Probe {
                sampled: 1,
                uncached: usize::from(!cached)
            }
        );
    }

    #[test]
    fn a_file_just_written_is_not_mostly_uncached() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &vec![b'x'; 1 << 20]).unwrap();
        assert!(!mostly_uncached(file.as_file(), 1 << 20));
    }

    #[test]
    fn the_chosen_thread_count_is_kept() {
        let (threads, probe) = walk_threads(&[PathBuf::from("/nonexistent")], 3, true);
        assert_eq!((threads, probe), (3, Probe::default()));
        let (threads, _) = walk_threads(&[PathBuf::from("/nonexistent")], 3, false);
        assert_eq!(threads, 3);
    }

    #[test]
    fn most_files_uncached_is_cold() {
        assert!(Probe {
            sampled: 3,
            uncached: 2
        }
        .is_cold());
        assert!(!Probe {
            sampled: 4,
            uncached: 2
        }
        .is_cold());
        assert!(!Probe::default().is_cold());
    }
}
