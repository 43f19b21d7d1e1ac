//! The `io` stage: how are this file's bytes reached?
//!
//! [`open`] opens a haystack, looks at it once (`fstat` on the open
//! descriptor) and lets [`select::choose`] pick a strategy: map it, read it
//! whole into the worker's reused buffer, or stream it through a rolling
//! window. The searcher sees a byte slice in every case.

pub mod dirs;
pub mod guard;
pub mod mmap;
pub mod select;
pub mod stats;
pub mod stream;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

pub use select::{Choice, MmapPolicy, Reason, Strategy};

/// How the bytes of one opened haystack are reached.
pub enum Source<'b> {
    /// The whole file, read into the worker's buffer.
    Buffer(&'b [u8]),
    /// The whole file, mapped.
    Mapped(mmap::Mapping),
    /// A reader to stream through a rolling window.
    Stream(Box<dyn Read>),
}

/// An opened haystack: its bytes, what was chosen and why, and the file
/// itself (to re-check its size after a truncation).
pub struct Opened<'b> {
    pub source: Source<'b>,
    pub choice: Choice,
    pub file: Option<File>,
}

/// The I/O settings of a run.
#[derive(Clone, Copy, Debug)]
pub struct IoOptions {
    pub policy: MmapPolicy,
    pub mmap_threshold: u64,
}

impl Default for IoOptions {
    fn default() -> IoOptions {
        IoOptions {
            policy: MmapPolicy::Auto,
            mmap_threshold: test_hook::mmap_threshold().unwrap_or(select::DEFAULT_MMAP_THRESHOLD),
        }
    }
}

/// Opens standard input, which is always streamed. It is read through a
/// duplicate of descriptor 0, not std's `Stdin`: that one buffers 8 KiB
/// and would move the read boundaries away from ripgrep's.
pub fn open_stdin() -> io::Result<Opened<'static>> {
    use std::os::fd::AsFd;
    let stdin = File::from(io::stdin().as_fd().try_clone_to_owned()?);
    Ok(Opened {
        source: Source::Stream(Box::new(stdin)),
        choice: Choice {
            strategy: Strategy::Stream,
            reason: Reason::Stdin,
        },
        file: None,
    })
}

/// Opens the file at `path` and reaches its bytes the way the selector
/// chooses; `buffer` is the worker's reused read buffer. `walked` says the
/// walker found it (from its directory entry, a regular file): then it is
/// opened through `dirs`, and a small file is read whole before any fstat
/// (see [`read_small`]).
pub fn open_path<'b>(
    path: &Path,
    options: IoOptions,
    walked: Option<&mut dirs::DirHandles>,
    buffer: &'b mut Vec<u8>,
) -> io::Result<Opened<'b>> {
    let known_regular = walked.is_some();
    let mut file = match walked {
        Some(dirs) => dirs.open(path)?,
        None => File::open(path)?,
    };
    if known_regular && options.policy != MmapPolicy::Always {
        if let Some(size) = read_small(&file, buffer)? {
            return Ok(Opened {
                source: Source::Buffer(&buffer[..size]),
                choice: Choice {
                    strategy: Strategy::Read,
                    reason: Reason::ReadInOne { size: size as u64 },
                },
                file: None,
            });
        }
    }
    let metadata = file.metadata()?;
    let mut choice = select::choose(&metadata, options.policy, options.mmap_threshold);
    let source = match choice.strategy {
        Strategy::Stream => Source::Stream(Box::new(file)),
        Strategy::Mmap => match mmap::Mapping::new(&file)? {
            Some(mapping) => {
                test_hook::truncate_after_mapping(path);
                return Ok(Opened {
                    source: Source::Mapped(mapping),
                    choice,
                    file: Some(file),
                });
            }
            None => {
                choice = Choice {
                    strategy: Strategy::Read,
                    reason: Reason::NoGuardSlot(Box::new(choice.reason)),
                };
                Source::Buffer(read_whole(&mut file, metadata.len(), buffer)?)
            }
        },
        Strategy::Read => Source::Buffer(read_whole(&mut file, metadata.len(), buffer)?),
    };
    Ok(Opened {
        source,
        choice,
        file: None,
    })
}

/// Most files in a code tree are small: one `pread` at offset 0 asking for
/// one byte more than [`select::READ_WHOLE_MAX`] reads such a file whole,
/// and a short read of a regular file is its end, so neither an fstat nor
/// a second read is needed. Returns the size, or `None` when the file is
/// larger (the file position is untouched, so the caller starts over).
fn read_small(file: &File, buffer: &mut Vec<u8>) -> io::Result<Option<usize>> {
    use std::os::unix::fs::FileExt;
    let want = select::READ_WHOLE_MAX as usize + 1;
    if buffer.len() < want {
        buffer.resize(want, 0);
    }
    loop {
        match file.read_at(&mut buffer[..want], 0) {
            // As much as asked for: the file is larger.
            Ok(n) if n == want => return Ok(None),
            // A short read of a regular file: its end.
            Ok(n) => return Ok(Some(n)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Reads all of `file` (of `size` bytes by its fstat) into `buffer`. The
/// buffer only grows, so it is zeroed once, not per file. The first read
/// asks for one byte more than the size: a short read of a regular file
/// means its end, so most files cost exactly one read (std's read_to_end
/// would fstat and lseek again, then read once more to see EOF).
fn read_whole<'b>(file: &mut File, size: u64, buffer: &'b mut Vec<u8>) -> io::Result<&'b [u8]> {
    let size = size as usize;
    if buffer.len() < size + 1 {
        buffer.resize(size + 1, 0);
    }
    let mut filled = 0;
    loop {
        let want = buffer.len() - filled;
        let n = match file.read(&mut buffer[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        filled += n;
        if n == 0 || (n < want && filled >= size) {
            break;
        }
        if filled == buffer.len() {
            // The file grew since fstat: keep reading.
            let grown = buffer.len() * 2;
            buffer.resize(grown, 0);
        }
    }
    Ok(&buffer[..filled])
}

/// Hooks for the tests, each set by an environment variable and doing
/// nothing when it is unset: `LODE_TEST_TRUNCATE_MAPPED_TO=BYTES` shrinks a
/// file after lode has mapped it and before it reads past the new end;
/// `LODE_TEST_MMAP_THRESHOLD=BYTES` maps smaller files than by default, so
/// the tests reach the chunked search of large files with small ones.
mod test_hook {
    use std::path::Path;
    use std::sync::OnceLock;

    pub fn mmap_threshold() -> Option<u64> {
        std::env::var("LODE_TEST_MMAP_THRESHOLD").ok()?.parse().ok()
    }

    pub fn truncate_after_mapping(path: &Path) {
        static SIZE: OnceLock<Option<u64>> = OnceLock::new();
        let size = SIZE.get_or_init(|| {
            std::env::var("LODE_TEST_TRUNCATE_MAPPED_TO")
                .ok()?
                .parse()
                .ok()
        });
        if let Some(size) = *size {
            if let Ok(file) = std::fs::OpenOptions::new().write(true).open(path) {
                let _ = file.set_len(size);
            }
        }
    }
}
