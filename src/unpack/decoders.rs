//! Each compression format's decoder, from the crate chosen for it, as one
//! `Read` of the decompressed bytes. Concatenated streams (`cat a.gz b.gz`,
//! multi-frame zstd and lz4) are read through to the end, as their command
//! line tools do.

use std::io::{self, Read};

use super::Compression;

/// The buffer the decoders that want one read their input through.
const INPUT_BUFFER: usize = 64 * 1024;

/// The most memory an xz or lzma stream may ask for (its dictionary):
/// `xz -9` needs 64 MiB; a header asking for gigabytes is an error, not an
/// allocation.
const LZMA_MEMORY_LIMIT_KIB: u32 = 256 * 1024;

/// The decompressed bytes of `input`, compressed in `compression`.
pub fn open<'r>(
    compression: Compression,
    input: Box<dyn Read + 'r>,
) -> io::Result<Box<dyn Read + 'r>> {
    Ok(match compression {
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(input)),
        Compression::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(
            io::BufReader::with_capacity(INPUT_BUFFER, input),
            true,
            LZMA_MEMORY_LIMIT_KIB,
        )),
        Compression::Lzma => Box::new(lzma_rust2::LzmaReader::new_mem_limit(
            io::BufReader::with_capacity(INPUT_BUFFER, input),
            LZMA_MEMORY_LIMIT_KIB,
            None,
        )?),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(input)?),
        Compression::Lz4 => Box::new(lz4_flex::frame::FrameDecoder::new(input)),
        Compression::Brotli => {
            Box::new(brotli_decompressor::Decompressor::new(input, INPUT_BUFFER))
        }
    })
}
