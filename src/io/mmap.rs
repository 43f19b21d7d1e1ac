//! Mapped files, each registered with the SIGBUS guard for as long as it
//! is mapped.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use memmap2::{Advice, Mmap, UncheckedAdvice};

use super::guard::{self, Registration};

/// A file mapped read-only and guarded against truncation.
#[derive(Debug)]
pub struct Mapping {
    // Field order matters: the registration is dropped (the slot freed)
    // before the mapping is unmapped.
    registration: Registration,
    map: Mmap,
    /// How far the kernel has been asked to read the file in.
    requested_to: AtomicUsize,
    /// Whether most of the file was out of the page cache when mapped:
    /// then it is read ahead of the search, and searched on one thread.
    cold: bool,
}

/// How far ahead of the search a mapped file is asked to be read in
/// (`MADV_WILLNEED`). The kernel's own read-ahead on page faults keeps too
/// few reads in flight to reach the disk's speed on a file that is not in
/// the page cache (one larger than RAM never is); asking ahead as the
/// search moves keeps the disk busy while the search stays on memory.
const READ_AHEAD: usize = 64 << 20;

/// What is asked for first, before the search has begun.
const FIRST_READ_AHEAD: usize = 4 << 20;

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
        let len = map.len();
        let first = len.min(FIRST_READ_AHEAD);
        let _ = map.advise_range(Advice::WillNeed, 0, first);
        Ok(Some(Mapping {
            registration,
            map,
            requested_to: AtomicUsize::new(first),
            // What fits in the first request is not worth asking about.
            cold: len > FIRST_READ_AHEAD && super::cold::mostly_uncached(file, len as u64),
        }))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Drops the mapped pages wholly inside `range` from this process's
    /// memory: they stay in the page cache, and touching them again maps
    /// them again. Keeps a large file's resident size bounded while it is
    /// searched front to back.
    ///
    /// The range is widened down to its first huge page (what lies before
    /// it was released already), and a range of several huge pages is
    /// narrowed down to its last: the kernel maps a large file's page cache
    /// in huge pages where it can, and dropping part of one splits it, after
    /// which the rest of it faults back in 4 KiB pages at a time. The part
    /// of a huge page left mapped is dropped by the next call, whose range
    /// starts where this one ended. A smaller range (a walked file's, read
    /// on one thread in small steps) ends at its last whole page, keeping
    /// resident memory low.
    pub fn release(&self, range: Range<usize>) {
        // Asking for pages already cached costs a walk of the page cache:
        // only a cold file is read ahead.
        if self.cold {
            self.read_ahead_of(range.end);
        }
        self.drop_pages(range);
    }

    /// Whether most of the file was out of the page cache when it was
    /// mapped (see [`super::cold::mostly_uncached`]).
    pub fn is_cold(&self) -> bool {
        self.cold
    }

    /// Asks the kernel to read in the file up to [`READ_AHEAD`] bytes past
    /// `searched_to`, from where the last request ended: one request per
    /// call at most, whichever thread makes it.
    fn read_ahead_of(&self, searched_to: usize) {
        let len = self.map.len();
        let want = searched_to.saturating_add(READ_AHEAD).min(len);
        let from = self.requested_to.fetch_max(want, Ordering::Relaxed);
        if want > from {
            // A hint only: a failure changes speed, never results.
            let _ = self.map.advise_range(Advice::WillNeed, from, want - from);
        }
    }

    /// [`Mapping::release`]'s dropping of the pages in `range`.
    fn drop_pages(&self, range: Range<usize>) {
        let page = page_size();
        let base = self.map.as_ptr() as usize;
        let huge_floor = |offset: usize| ((base + offset) & !(HUGE_PAGE - 1)).saturating_sub(base);
        let start = huge_floor(range.start).div_ceil(page) * page;
        let end = range.end.min(self.map.len());
        let end = if end.saturating_sub(range.start) >= 4 * HUGE_PAGE {
            huge_floor(end)
        } else {
            end / page * page
        };
        if end <= start {
            return;
        }
        // SAFETY: MADV_DONTNEED on a private, read-only, file-backed
        // mapping only drops our page-table entries; a later read faults
        // the file's bytes back in (or, where the SIGBUS guard put zero
        // pages, zeros again). No memory is freed under a live reference:
        // the mapping itself stays, so every slice into it stays valid.
        let _ = unsafe {
            self.map
                .unchecked_advise_range(UncheckedAdvice::DontNeed, start, end - start)
        };
    }

    /// Offset of the first byte lost to truncation, if any was.
    pub fn truncated_at(&self) -> Option<usize> {
        self.registration.truncated_at()
    }
}

/// The size of the huge pages a mapping's page tables may use (x86-64's
/// and arm64's 2 MiB; only an alignment here, so a machine without them
/// just releases in coarser steps).
const HUGE_PAGE: usize = 2 << 20;

fn page_size() -> usize {
    use std::sync::OnceLock;
    static PAGE: OnceLock<usize> = OnceLock::new();
    *PAGE.get_or_init(|| {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if page > 0 {
            page as usize
        } else {
            4096
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn released_pages_read_back_the_same_bytes() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let text: Vec<u8> = (0..(4u32 << 20)).map(|i| (i % 251) as u8).collect();
        file.write_all(&text).unwrap();
        let mapping = Mapping::new(file.as_file()).unwrap().unwrap();
        assert_eq!(mapping.bytes(), &text[..]);
        mapping.release(1000..(3 << 20));
        assert_eq!(mapping.bytes(), &text[..]);
    }

    #[test]
    fn each_release_asks_for_the_file_ahead_once() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&vec![b'x'; 8 << 20]).unwrap();
        let mut mapping = Mapping::new(file.as_file()).unwrap().unwrap();
        let requested = |m: &Mapping| m.requested_to.load(Ordering::Relaxed);
        assert_eq!(requested(&mapping), FIRST_READ_AHEAD);
        // Just written, it is cached: nothing more is asked for.
        assert!(!mapping.is_cold());
        mapping.release(0..(1 << 20));
        assert_eq!(requested(&mapping), FIRST_READ_AHEAD);
        mapping.cold = true;
        // Up to the end of the file, never past it, never back.
        mapping.release(0..(1 << 20));
        assert_eq!(mapping.requested_to.load(Ordering::Relaxed), 8 << 20);
        mapping.release(0..(2 << 20));
        assert_eq!(mapping.requested_to.load(Ordering::Relaxed), 8 << 20);
    }
}
