//! The strategy selector: one look at the open file's metadata decides how
//! its bytes are reached. The decision and its reason are what `--debug`
//! prints.

use std::fs::Metadata;

/// How a file's bytes are reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Memory-mapped: no copy out of the page cache, demand-paged.
    Mmap,
    /// One read into a buffer the worker thread reuses.
    Read,
    /// Reads through a rolling window; memory bounded by the longest line.
    Stream,
}

impl Strategy {
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Mmap => "mmap",
            Strategy::Read => "read",
            Strategy::Stream => "stream",
        }
    }
}

/// `--mmap`, `--no-mmap`, or neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MmapPolicy {
    /// Map regular files at or over the threshold.
    #[default]
    Auto,
    /// Map every regular file that has bytes.
    Always,
    /// Never map.
    Never,
}

/// Regular files this large or larger are mapped by default. Measured by
/// `cargo bench --bench io` (table in README.md, "Reading files"): with
/// every core busy, as in a tree search, one read into a reused buffer
/// beats mmap + page faults + munmap up to 4 MiB (mmap/read 1.13) and
/// loses from 16 MiB (0.71); with one thread mmap wins from 1 MiB.
pub const DEFAULT_MMAP_THRESHOLD: u64 = 16 << 20;

/// Regular files under this size are read whole into the worker's buffer;
/// larger ones (below the mmap threshold, or with `--no-mmap`) are streamed
/// through a window that stays in the CPU cache. Copying a multi-MiB file
/// into RAM and scanning it twice (NUL check, regex) cost lode 3.7x the
/// kernel copy time ripgrep spends on the Linux tree (perf, _copy_to_iter);
/// 256 KiB is half of this machine's per-core L2.
pub const READ_WHOLE_MAX: u64 = 64 << 10;

/// What the selector chose and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub strategy: Strategy,
    pub reason: Reason,
}

/// Why a strategy was chosen, as `--debug` words it. Kept as data and
/// only formatted when printed: a tree search chooses for every file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Stdin,
    NotRegular(&'static str),
    SizeZero,
    /// A walked file read whole by one `pread`, before any fstat.
    ReadInOne {
        size: u64,
    },
    /// The size decided, by `rule`; `streamed` when too large to read
    /// whole.
    Size {
        size: u64,
        rule: SizeRule,
        streamed: bool,
    },
    /// Mapping was chosen for `0`, but the guard had no free slot.
    NoGuardSlot(Box<Reason>),
    /// What a command (`--pre`, `-z`) prints for the file.
    Preprocessed,
}

/// Which rule compared the size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeRule {
    NoMmap,
    Mmap,
    AtLeastThreshold(u64),
    BelowThreshold(u64),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Stdin => write!(f, "standard input"),
            Reason::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            Reason::SizeZero => write!(
                f,
                "regular file reporting size 0 (it may still have content, like /proc files)"
            ),
            Reason::ReadInOne { size } => {
                write!(f, "{size} bytes, < {READ_WHOLE_MAX} read whole in one read")
            }
            Reason::Size {
                size,
                rule,
                streamed,
            } => {
                match rule {
                    SizeRule::NoMmap => write!(f, "{size} bytes, --no-mmap")?,
                    SizeRule::Mmap => write!(f, "{size} bytes, --mmap")?,
                    SizeRule::AtLeastThreshold(threshold) => {
                        write!(f, "{size} bytes >= mmap threshold {threshold}")?
                    }
                    SizeRule::BelowThreshold(threshold) => {
                        write!(f, "{size} bytes < mmap threshold {threshold}")?
                    }
                }
                if *streamed {
                    write!(f, ", >= {READ_WHOLE_MAX} to read whole")?;
                }
                Ok(())
            }
            Reason::NoGuardSlot(chosen) => write!(f, "{chosen}; no free SIGBUS guard slot"),
            Reason::Preprocessed => write!(f, "the output of a command (--pre or -z)"),
        }
    }
}

/// Chooses how to reach the bytes of a file with `metadata`.
pub fn choose(metadata: &Metadata, policy: MmapPolicy, threshold: u64) -> Choice {
    let size = metadata.len();
    let (strategy, reason) = if !metadata.file_type().is_file() {
        (Strategy::Stream, Reason::NotRegular(kind_name(metadata)))
    } else if size == 0 {
        (Strategy::Stream, Reason::SizeZero)
    } else {
        let unmapped = |rule| {
            let streamed = size >= READ_WHOLE_MAX;
            let strategy = if streamed {
                Strategy::Stream
            } else {
                Strategy::Read
            };
            let reason = Reason::Size {
                size,
                rule,
                streamed,
            };
            (strategy, reason)
        };
        let mapped = |rule| {
            let reason = Reason::Size {
                size,
                rule,
                streamed: false,
            };
            (Strategy::Mmap, reason)
        };
        match policy {
            MmapPolicy::Never => unmapped(SizeRule::NoMmap),
            MmapPolicy::Always => mapped(SizeRule::Mmap),
            MmapPolicy::Auto if size >= threshold => mapped(SizeRule::AtLeastThreshold(threshold)),
            MmapPolicy::Auto => unmapped(SizeRule::BelowThreshold(threshold)),
        }
    };
    Choice { strategy, reason }
}

fn kind_name(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_fifo() {
        "fifo"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else {
        "special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata_of_size(bytes: usize) -> (tempfile::NamedTempFile, Metadata) {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), vec![b'a'; bytes]).unwrap();
        let metadata = std::fs::metadata(file.path()).unwrap();
        (file, metadata)
    }

    #[test]
    fn size_against_threshold_decides_in_auto() {
        let (_f, small) = metadata_of_size(100);
        let (_g, large) = metadata_of_size(5000);
        assert_eq!(
            choose(&small, MmapPolicy::Auto, 4096).strategy,
            Strategy::Read
        );
        assert_eq!(
            choose(&large, MmapPolicy::Auto, 4096).strategy,
            Strategy::Mmap
        );
        assert_eq!(
            choose(&large, MmapPolicy::Auto, 5000).strategy,
            Strategy::Mmap
        );
    }

    #[test]
    fn flags_override_the_threshold() {
        let (_f, small) = metadata_of_size(100);
        let (_g, large) = metadata_of_size(5000);
        assert_eq!(
            choose(&small, MmapPolicy::Always, 4096).strategy,
            Strategy::Mmap
        );
        assert_eq!(
            choose(&large, MmapPolicy::Never, 4096).strategy,
            Strategy::Read
        );
    }

    #[test]
    fn empty_regular_files_and_devices_stream() {
        let (_f, empty) = metadata_of_size(0);
        assert_eq!(
            choose(&empty, MmapPolicy::Always, 1).strategy,
            Strategy::Stream
        );
        let null = std::fs::metadata("/dev/null").unwrap();
        let choice = choose(&null, MmapPolicy::Always, 1);
        assert_eq!(choice.strategy, Strategy::Stream);
        assert_eq!(
            choice.reason.to_string(),
            "not a regular file (character device)"
        );
    }
}
