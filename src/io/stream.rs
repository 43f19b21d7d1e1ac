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
    buffer: Vec<u8>,
    /// Absolute offset in the stream of `buffer[0]`.
    base: u64,
    capacity: usize,
    first_read: bool,
}

impl RollingBuffer {
    pub fn new() -> RollingBuffer {
        RollingBuffer {
            buffer: Vec::with_capacity(CAPACITY),
            base: 0,
            capacity: CAPACITY,
            first_read: true,
        }
    }

    /// Reads once more at the end of the window; returns the new bytes'
    /// range in the window, or `None` at the end of the stream.
    pub fn read_more(&mut self, reader: &mut dyn Read) -> io::Result<Option<Range<usize>>> {
        let old_len = self.buffer.len();
        if old_len >= self.capacity {
            self.capacity *= 3;
        }
        let mut want = self.capacity - old_len;
        if self.first_read {
            want = want.min(FIRST_READ);
            self.first_read = false;
        }
        self.buffer.resize(old_len + want, 0);
        let read = loop {
            match reader.read(&mut self.buffer[old_len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buffer.truncate(old_len);
                    return Err(e);
                }
            }
        };
        self.buffer.truncate(old_len + read);
        Ok((read > 0).then(|| old_len..old_len + read))
    }

    pub fn window(&self) -> &[u8] {
        &self.buffer
    }

    pub fn window_mut(&mut self) -> &mut [u8] {
        &mut self.buffer
    }

    /// Absolute offset of the window's first byte.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// Drops the window's bytes before `keep_from`.
    pub fn roll(&mut self, keep_from: usize) {
        self.buffer.drain(..keep_from);
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
        assert_eq!(rolling.read_more(&mut input).unwrap(), Some(0..3));
        assert_eq!(rolling.read_more(&mut input).unwrap(), Some(3..8));
        rolling.roll(4);
        assert_eq!(rolling.window(), b"def\n");
        assert_eq!(rolling.base(), 4);
        assert_eq!(rolling.read_more(&mut input).unwrap(), None);
    }
}
