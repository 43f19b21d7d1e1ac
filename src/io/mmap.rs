//! Mapped files, each registered with the SIGBUS guard for as long as it
//! is mapped.

use std::fs::File;
use std::io;

use memmap2::{Advice, Mmap};

use super::guard::{self, Registration};

/// A file mapped read-only and guarded against truncation.
#[derive(Debug)]
pub struct Mapping {
    // Field order matters: the registration is dropped (the slot freed)
    // before the mapping is unmapped.
    registration: Registration,
    map: Mmap,
}

impl Mapping {
    /// Maps `file`; `None` when the guard has no free slot (read instead).
    pub fn new(file: &File) -> io::Result<Option<Mapping>> {
        // SAFETY: the mapping is read-only and private to this process. If
        // another process changes the file while it is mapped the bytes we
        // see may change under us (we read them as they are, as ripgrep
        // does); if it shrinks the file, touching the lost pages raises
        // SIGBUS, which the guard registered below turns into zero pages.
        let map = unsafe { Mmap::map(file)? };
        let Some(registration) = guard::register(map.as_ptr(), map.len()) else {
            return Ok(None);
        };
        // Hints only: a failure changes speed, never results.
        let _ = map.advise(Advice::Sequential);
        let _ = map.advise_range(Advice::WillNeed, 0, map.len().min(4 << 20));
        Ok(Some(Mapping { registration, map }))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Offset of the first byte lost to truncation, if any was.
    pub fn truncated_at(&self) -> Option<usize> {
        self.registration.truncated_at()
    }
}
