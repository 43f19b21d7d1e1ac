//! The `io` stage: how are this file's bytes reached?
//!
//! [`open`] opens a haystack, looks at it once (`fstat` on the open
//! descriptor) and lets [`select::choose`] pick a strategy: map it, read it
//! whole into the worker's reused buffer, or stream it through a rolling
//! window. The searcher sees a byte slice in every case.

pub mod cold;
pub mod decode;
pub mod dirs;
pub mod guard;
pub mod mmap;
pub mod preprocess;
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
    Stream(Box<dyn Read + 'b>),
}

/// An opened haystack: its bytes, what was chosen and why, and the file
/// itself (to re-check its size after a truncation).
pub struct Opened<'b> {
    /// How its bytes are reached.
    pub source: Source<'b>,
    /// The strategy chosen, and why.
    pub choice: Choice,
    /// The open file, kept for a mapped one only.
    pub file: Option<File>,
}

/// The I/O settings of a run.
#[derive(Clone, Copy, Debug)]
pub struct IoOptions {
    /// Whether files are mapped: by size, always (`--mmap`) or never
    /// (`--no-mmap`).
    pub policy: MmapPolicy,
    /// Under [`MmapPolicy::Auto`], regular files of at least this many
    /// bytes are mapped. A test hook lowers it (see
    /// [`IoOptions::with_test_hooks`]).
    pub mmap_threshold: u64,
    /// A test hook: right after mapping a file, cut it to this many bytes,
    /// before lode reads past the new end, so that the tests can shrink a
    /// file under a search. `None` (always, outside the tests) does
    /// nothing.
    pub truncate_mapped_to: Option<u64>,
}

impl Default for IoOptions {
    /// Mapped by size at the default threshold, with no test hook.
    fn default() -> IoOptions {
        IoOptions {
            policy: MmapPolicy::Auto,
            mmap_threshold: select::DEFAULT_MMAP_THRESHOLD,
            truncate_mapped_to: None,
        }
    }
}

impl IoOptions {
    /// The defaults, with the tests' environment variables applied once,
    /// when the run's config is built (the files opened later only look
    /// at the fields): `LODE_TEST_MMAP_THRESHOLD=BYTES` maps smaller files
    /// than by default, so the tests reach the chunked search of large
    /// files with small ones; `LODE_TEST_TRUNCATE_MAPPED_TO=BYTES` sets
    /// [`IoOptions::truncate_mapped_to`]. Each does nothing when it is
    /// unset or not a number.
    pub fn with_test_hooks() -> IoOptions {
        let bytes = |name: &str| std::env::var(name).ok()?.parse().ok();
        let default = IoOptions::default();
        IoOptions {
            mmap_threshold: bytes("LODE_TEST_MMAP_THRESHOLD").unwrap_or(default.mmap_threshold),
            truncate_mapped_to: bytes("LODE_TEST_TRUNCATE_MAPPED_TO"),
            ..default
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

impl Opened<'static> {
    /// What a command prints for a file (`--pre`, `-z`), streamed.
    pub fn preprocessed(stdout: preprocess::Output) -> Opened<'static> {
        Opened {
            source: Source::Stream(Box::new(stdout)),
            choice: Choice {
                strategy: Strategy::Stream,
                reason: Reason::Preprocessed,
            },
            file: None,
        }
    }
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
    // The head of a walked file too large to read in one go, already read.
    let mut head = 0;
    if known_regular && options.policy != MmapPolicy::Always {
        match read_small(&file, buffer)? {
            ReadSmall::Whole(size) => {
                return Ok(Opened {
                    source: Source::Buffer(&buffer[..size]),
                    choice: Choice {
                        strategy: Strategy::Read,
                        reason: Reason::ReadInOne { size: size as u64 },
                    },
                    file: None,
                });
            }
            ReadSmall::Head(size) => head = size,
        }
    }
    let metadata = file.metadata()?;
    let mut choice = select::choose(&metadata, options.policy, options.mmap_threshold);
    let source = match choice.strategy {
        // Only a regular file takes pread: a FIFO is read as it comes.
        Strategy::Stream if head == 0 => Source::Stream(Box::new(file)),
        Strategy::Stream => Source::Stream(Box::new(HeadThenFile {
            head: &buffer[..head],
            offset: 0,
            file,
        })),
        Strategy::Mmap => match mmap::Mapping::new(&file)? {
            Some(mapping) => {
                if let Some(size) = options.truncate_mapped_to {
                    truncate_for_test(path, size);
                }
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

/// What [`read_small`] read.
enum ReadSmall {
    /// The whole file, of this size.
    Whole(usize),
    /// The file's first bytes, this many: it is larger.
    Head(usize),
}

/// Most files in a code tree are small: one `pread` at offset 0 asking for
/// one byte more than [`select::READ_WHOLE_MAX`] reads such a file whole,
/// and a short read of a regular file is its end, so neither an fstat nor
/// a second read is needed. A larger file's head stays in `buffer` (the
/// file position is untouched), for a stream to start with.
fn read_small(file: &File, buffer: &mut Vec<u8>) -> io::Result<ReadSmall> {
    use std::os::unix::fs::FileExt;
    let want = select::READ_WHOLE_MAX as usize + 1;
    if buffer.len() < want {
        buffer.resize(want, 0);
    }
    loop {
        match file.read_at(&mut buffer[..want], 0) {
            // As much as asked for: the file is larger.
            Ok(n) if n == want => return Ok(ReadSmall::Head(n)),
            // A short read of a regular file: its end.
            Ok(n) => return Ok(ReadSmall::Whole(n)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A file streamed from its start whose first bytes were already read:
/// they are served from memory, the rest with `pread` from where they end.
/// Each read fills what it is asked for, as a plain read of a regular file
/// does short of its end, so the stream's windows fall where ripgrep's do.
struct HeadThenFile<'b> {
    head: &'b [u8],
    /// Offset in the file of the next byte to serve.
    offset: usize,
    file: File,
}

impl Read for HeadThenFile<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let from_head = self.head.get(self.offset..).unwrap_or_default();
        let copied = from_head.len().min(out.len());
        out[..copied].copy_from_slice(&from_head[..copied]);
        self.offset += copied;
        if copied == out.len() {
            return Ok(copied);
        }
        let read = match self.file.read_at(&mut out[copied..], self.offset as u64) {
            Ok(n) => n,
            // Bytes already served are not lost to an error after them:
            // the next read reports it.
            Err(_) if copied > 0 => 0,
            Err(e) => return Err(e),
        };
        self.offset += read;
        Ok(copied + read)
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

/// The test hook [`IoOptions::truncate_mapped_to`]: shrinks the file at
/// `path` to `size` bytes (failing quietly, as a test then sees).
fn truncate_for_test(path: &Path, size: u64) {
    if let Ok(file) = std::fs::OpenOptions::new().write(true).open(path) {
        let _ = file.set_len(size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_of(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    #[test]
    fn a_larger_file_keeps_its_head_and_a_small_one_is_read_whole() {
        let large: Vec<u8> = (0..select::READ_WHOLE_MAX + 10).map(|i| i as u8).collect();
        let mut buffer = Vec::new();
        let file = file_of(&large);
        match read_small(file.as_file(), &mut buffer).unwrap() {
            ReadSmall::Head(n) => assert_eq!(&buffer[..n], &large[..n]),
            ReadSmall::Whole(n) => panic!("read {n} bytes as the whole file"),
        }
        let file = file_of(b"small\n");
        match read_small(file.as_file(), &mut buffer).unwrap() {
            ReadSmall::Whole(n) => assert_eq!(&buffer[..n], b"small\n"),
            ReadSmall::Head(n) => panic!("read {n} bytes as a head"),
        }
    }

    #[test]
    fn a_stream_after_its_head_fills_each_read_across_the_joint() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let file = file_of(&bytes);
        let mut stream = HeadThenFile {
            head: &bytes[..100],
            offset: 0,
            file: File::open(file.path()).unwrap(),
        };
        let mut seen = Vec::new();
        // 3 and 90 from the head, 150 across the joint, the rest from the file.
        for want in [3, 90, 150, 1000] {
            let mut out = vec![0; want];
            let n = stream.read(&mut out).unwrap();
            assert_eq!(n, want.min(bytes.len() - seen.len()), "a read of {want}");
            seen.extend_from_slice(&out[..n]);
        }
        assert_eq!(stream.read(&mut [0; 8]).unwrap(), 0);
        assert_eq!(seen, bytes);
    }
}
