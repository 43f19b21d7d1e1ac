//! The `io` stage: how are this file's bytes reached?
//!
//! Every strategy ends in the same thing for the searcher: one byte slice.
//! For now every file is read whole into a buffer that the worker thread
//! reuses from file to file; the size comes from one `fstat` of the open
//! file, and the read asks for one byte more so EOF is seen without a
//! second call in the common case.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Reads the file at `path` into `buffer` (cleared first) and returns it.
pub fn read_path<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> io::Result<&'b [u8]> {
    let mut file = File::open(path)?;
    let size_hint = file.metadata().map_or(0, |m| m.len() as usize);
    read_all(&mut file, size_hint, buffer)
}

/// Reads all of standard input into `buffer` (cleared first).
pub fn read_stdin(buffer: &mut Vec<u8>) -> io::Result<&[u8]> {
    let stdin = io::stdin();
    let mut lock = stdin.lock();
    read_all(&mut lock, 0, buffer)
}

fn read_all<'b, R: Read>(
    reader: &mut R,
    size_hint: usize,
    buffer: &'b mut Vec<u8>,
) -> io::Result<&'b [u8]> {
    buffer.clear();
    buffer.reserve(size_hint.saturating_add(1));
    reader.read_to_end(buffer)?;
    Ok(buffer.as_slice())
}
