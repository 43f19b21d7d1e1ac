//! A rolling window over a stream: stdin, pipes, FIFOs, sockets, devices,
//! and files that report size 0. Memory stays bounded by the longest line
//! plus one read, never by the length of the stream.

use std::io::{self, Read};
use std::ops::Range;

/// Bytes asked for per read (ripgrep's buffer size, so binary detection
/// sees the same chunks).
pub const READ_SIZE: usize = 64 * 1024;

/// The bytes of a stream not yet dropped: the window the searcher sees.
pub struct RollingBuffer {
    buffer: Vec<u8>,
    /// Absolute offset in the stream of `buffer[0]`.
    base: u64,
}

impl RollingBuffer {
    pub fn new() -> RollingBuffer {
        RollingBuffer {
            buffer: Vec::with_capacity(2 * READ_SIZE),
            base: 0,
        }
    }

    /// Reads once more at the end of the window; returns the new bytes'
    /// range in the window, or `None` at the end of the stream.
    pub fn read_more(&mut self, reader: &mut dyn Read) -> io::Result<Option<Range<usize>>> {
        let old_len = self.buffer.len();
        self.buffer.resize(old_len + READ_SIZE, 0);
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
        assert_eq!(rolling.read_more(&mut input).unwrap(), Some(0..8));
        rolling.roll(4);
        assert_eq!(rolling.window(), b"def\n");
        assert_eq!(rolling.base(), 4);
        assert_eq!(rolling.read_more(&mut input).unwrap(), None);
    }
}
