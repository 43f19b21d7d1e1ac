//! The `io` stage: how are this file's bytes reached?
//!
//! [`open`] opens a haystack, looks at it once (`fstat` on the open
//! descriptor) and lets [`select::choose`] pick a strategy: map it, read it
//! whole into the worker's reused buffer, or stream it through a rolling
//! window. The searcher sees a byte slice in every case.

pub mod guard;
pub mod mmap;
pub mod select;
pub mod stats;
pub mod stream;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

pub use select::{Choice, MmapPolicy, Strategy};

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
            mmap_threshold: select::DEFAULT_MMAP_THRESHOLD,
        }
    }
}

/// Opens standard input, which is always streamed.
pub fn open_stdin() -> Opened<'static> {
    Opened {
        source: Source::Stream(Box::new(io::stdin())),
        choice: Choice {
            strategy: Strategy::Stream,
            reason: "standard input".to_string(),
        },
        file: None,
    }
}

/// Opens the file at `path` and reaches its bytes the way the selector
/// chooses; `buffer` is the worker's reused read buffer.
pub fn open_path<'b>(
    path: &Path,
    options: IoOptions,
    buffer: &'b mut Vec<u8>,
) -> io::Result<Opened<'b>> {
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    let mut choice = select::choose(&metadata, options.policy, options.mmap_threshold);
    let source = match choice.strategy {
        Strategy::Stream => Source::Stream(Box::new(file.try_clone()?)),
        Strategy::Mmap => match mmap::Mapping::new(&file)? {
            Some(mapping) => {
                test_hook::truncate_after_mapping(path);
                Source::Mapped(mapping)
            }
            None => {
                choice = Choice {
                    strategy: Strategy::Read,
                    reason: format!("{}; no free SIGBUS guard slot", choice.reason),
                };
                Source::Buffer(read_whole(&mut file, metadata.len(), buffer)?)
            }
        },
        Strategy::Read => Source::Buffer(read_whole(&mut file, metadata.len(), buffer)?),
    };
    Ok(Opened {
        source,
        choice,
        file: Some(file),
    })
}

/// Reads all of `file` into `buffer`, asking for one byte more than its
/// size so the end is seen without a second read in the common case.
fn read_whole<'b>(file: &mut File, size: u64, buffer: &'b mut Vec<u8>) -> io::Result<&'b [u8]> {
    buffer.clear();
    buffer.reserve((size as usize).saturating_add(1));
    file.read_to_end(buffer)?;
    Ok(buffer.as_slice())
}

/// A deterministic way for the tests to shrink a file after lode has mapped
/// it and before it reads past the new end: set
/// `LODE_TEST_TRUNCATE_MAPPED_TO=BYTES`. Unset, this does nothing.
mod test_hook {
    use std::path::Path;
    use std::sync::OnceLock;

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
