//! A rolling window over a stream: stdin, pipes, FIFOs, sockets, devices,
//! and files that report size 0. Memory stays bounded by the longest line
//! plus one read, never by the length of the stream.

use std::io::{self, Read};
use std::ops::Range;

/// ripgrep's buffer capacity. The window reads the way ripgrep's line
/// buffer does (a first read of at most 3 bytes, where ripgrep peeks for a
/// BOM; then reads that fill the capacity; the capacity tripled when a line
/// does not fit), so binary detection sees the same chunks ripgrep sees.
pub const CAPACITY: usize = 64 * 1024;
const FIRST_READ: usize = 3;

/// The bytes of a stream not yet dropped: the window the searcher sees.
pub struct RollingBuffer {
    /// Zero-initialised once and only ever grown: reads go straight into
    /// it, with no per-read clearing.
    buffer: Vec<u8>,
    /// How many bytes of `buffer` hold the window.
    len: usize,
    /// Absolute offset in the stream of `buffer[0]`.
    base: u64,
    capacity: usize,
    first_read: bool,
}

impl RollingBuffer {
    pub fn new() -> RollingBuffer {
        RollingBuffer {
            buffer: Vec::new(),
            len: 0,
            base: 0,
            capacity: CAPACITY,
            first_read: true,
        }
    }

    /// Empties the window for a new stream, keeping the memory.
    pub fn reset(&mut self) {
        self.len = 0;
        self.base = 0;
        self.capacity = CAPACITY;
        self.first_read = true;
    }

    /// Reads once more at the end of the window, which grows to at most
    /// `max_len` bytes (the caller checks that it has room left); returns
    /// the new bytes' range in the window, or `None` at the end of the
    /// stream.
    pub fn read_more(
        &mut self,
        reader: &mut dyn Read,
        max_len: usize,
    ) -> io::Result<Option<Range<usize>>> {
        let old_len = self.len;
        if old_len >= self.capacity {
            self.capacity = self
                .capacity
                .saturating_mul(3)
                .min(max_len.max(old_len + 1));
        }
        let mut want = self.capacity - old_len;
        if self.first_read {
            want = want.min(FIRST_READ);
            self.first_read = false;
        }
        if self.buffer.len() < old_len + want {
            // Exactly: a window of gigabytes must not reserve twice that.
            self.buffer
                .reserve_exact(old_len + want - self.buffer.len());
            self.buffer.resize(old_len + want, 0);
        }
        let read = loop {
            match reader.read(&mut self.buffer[old_len..old_len + want]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.len = old_len + read;
        Ok((read > 0).then(|| old_len..old_len + read))
    }

    pub fn window(&self) -> &[u8] {
        &self.buffer[..self.len]
    }

    pub fn window_mut(&mut self) -> &mut [u8] {
        &mut self.buffer[..self.len]
    }

    /// Absolute offset of the window's first byte.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// Empties the window as if the stream never held its bytes: offsets
    /// stay where they were (for a byte order mark, which is not text).
    pub fn forget_window(&mut self) {
        self.len = 0;
    }

    /// Drops the window's bytes before `keep_from`.
    pub fn roll(&mut self, keep_from: usize) {
        self.buffer.copy_within(keep_from..self.len, 0);
        self.len -= keep_from;
        self.base += keep_from as u64;
    }
}

impl Default for RollingBuffer {
    fn default() -> RollingBuffer {
        RollingBuffer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_keeps_offsets_absolute() {
        let mut input: &[u8] = b"abc\ndef\n";
        let mut rolling = RollingBuffer::new();
        assert_eq!(
            rolling.read_more(&mut input, usize::MAX).unwrap(),
            Some(0..3)
        );
        assert_eq!(
            rolling.read_more(&mut input, usize::MAX).unwrap(),
            Some(3..8)
        );
        rolling.roll(4);
        assert_eq!(rolling.window(), b"def\n");
        assert_eq!(rolling.base(), 4);
        assert_eq!(rolling.read_more(&mut input, usize::MAX).unwrap(), None);
    }
}
