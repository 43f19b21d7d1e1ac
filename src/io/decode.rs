//! How a file's bytes become the text searched, as ripgrep decides it
//! (`-E/--encoding`): a byte order mark names the encoding; a UTF-8 one is
//! dropped, UTF-16 is transcoded to UTF-8; `-E` names the encoding of
//! files without a mark. Offsets count in the text, not in the file.

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// The `-E` setting of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Decoding {
    /// ripgrep's default: sniff for a byte order mark, else the bytes as
    /// they are.
    #[default]
    Auto,
    /// `-E none`: the bytes as they are, marks and all.
    None,
    /// `-E LABEL`: files without a byte order mark are in this encoding.
    Forced(&'static Encoding),
}

/// What to do with one file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Search them as they are.
    AsIs,
    /// Search what follows the UTF-8 byte order mark they start with.
    SkipUtf8Bom,
    /// Search them transcoded to UTF-8 from this encoding, after the byte
    /// order mark they start with, this many bytes long.
    Transcode(&'static Encoding, usize),
}

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Decoding {
    /// Parses a `-E` value: `auto`, `none`, or an encoding label.
    pub fn from_label(label: &str) -> Result<Decoding, String> {
        match label {
            "auto" => Ok(Decoding::Auto),
            "none" => Ok(Decoding::None),
            _ => Encoding::for_label(label.as_bytes())
                .map(Decoding::Forced)
                .ok_or_else(|| {
                    format!("error parsing flag -E: grep config error: unknown encoding: {label}")
                }),
        }
    }

    /// Whether ripgrep reads a file under `plan` through its decoder, and
    /// so by its read rule for binary files even where it maps.
    pub fn reads_through_decoder(self, plan: Plan) -> bool {
        plan != Plan::AsIs || matches!(self, Decoding::Forced(_))
    }

    /// The plan for a file whose first bytes are `head` (its first three,
    /// or all of it if shorter).
    pub fn plan(self, head: &[u8]) -> Plan {
        let marked = if head.starts_with(UTF8_BOM) {
            Some(UTF_8)
        } else if head.starts_with(b"\xFF\xFE") {
            Some(UTF_16LE)
        } else if head.starts_with(b"\xFE\xFF") {
            Some(UTF_16BE)
        } else {
            None
        };
        // As ripgrep has it: a UTF-16 mark names the encoding, even over
        // -E; a UTF-8 one is only dropped, the rest decoded as -E says.
        match (self, marked) {
            (Decoding::None, _) => Plan::AsIs,
            (_, Some(encoding)) if encoding != UTF_8 => Plan::Transcode(encoding, 2),
            (Decoding::Auto, Some(_)) => Plan::SkipUtf8Bom,
            (Decoding::Auto, None) => Plan::AsIs,
            // Valid UTF-8 passes through, invalid bytes included.
            (Decoding::Forced(encoding), Some(_)) if encoding == UTF_8 => Plan::SkipUtf8Bom,
            (Decoding::Forced(encoding), None) if encoding == UTF_8 => Plan::AsIs,
            (Decoding::Forced(encoding), Some(_)) => Plan::Transcode(encoding, UTF8_BOM.len()),
            (Decoding::Forced(encoding), None) => Plan::Transcode(encoding, 0),
        }
    }
}

/// Raw bytes read from the source at a time.
const RAW_CHUNK: usize = 8 << 10;
/// Room for what one raw chunk decodes to (3 bytes of UTF-8 per byte at
/// most, for a single-byte encoding; a chunk that does not fit is decoded
/// in more than one step).
const DECODED_ROOM: usize = 3 * RAW_CHUNK;

/// A reader of UTF-8 text decoded from `inner`. Malformed input becomes
/// U+FFFD, as in ripgrep.
pub struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    raw: Box<[u8]>,
    raw_at: usize,
    raw_end: usize,
    inner_ended: bool,
    decoded: Box<[u8]>,
    decoded_at: usize,
    decoded_end: usize,
    /// The decoder has flushed its last bytes.
    finished: bool,
}

impl<R: Read> Transcoder<R> {
    /// Decodes `inner` as `encoding`; a byte order mark is not looked for
    /// (the [`Plan`] has dealt with it).
    pub fn new(inner: R, encoding: &'static Encoding) -> Transcoder<R> {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; RAW_CHUNK].into_boxed_slice(),
            raw_at: 0,
            raw_end: 0,
            inner_ended: false,
            decoded: vec![0; DECODED_ROOM].into_boxed_slice(),
            decoded_at: 0,
            decoded_end: 0,
            finished: false,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.decoded_at < self.decoded_end {
                let ready = &self.decoded[self.decoded_at..self.decoded_end];
                let n = ready.len().min(out.len());
                out[..n].copy_from_slice(&ready[..n]);
                self.decoded_at += n;
                return Ok(n);
            }
            if self.finished || out.is_empty() {
                return Ok(0);
            }
            if self.raw_at == self.raw_end && !self.inner_ended {
                let n = self.inner.read(&mut self.raw)?;
                self.raw_at = 0;
                self.raw_end = n;
                self.inner_ended = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.raw[self.raw_at..self.raw_end],
                &mut self.decoded,
                self.inner_ended,
            );
            self.raw_at += read;
            self.decoded_at = 0;
            self.decoded_end = written;
            self.finished = self.inner_ended && result == CoderResult::InputEmpty;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcode(bytes: &[u8], encoding: &'static Encoding, read_size: usize) -> Vec<u8> {
        let mut reader = Transcoder::new(bytes, encoding);
        let mut text = Vec::new();
        let mut buffer = vec![0; read_size];
        loop {
            let n = reader.read(&mut buffer).unwrap();
            if n == 0 {
                return text;
            }
            text.extend_from_slice(&buffer[..n]);
        }
    }

    #[test]
    fn marks_name_the_encoding_and_e_the_rest() {
        let auto = Decoding::Auto;
        assert_eq!(auto.plan(b"\xEF\xBB\xBFx"), Plan::SkipUtf8Bom);
        assert_eq!(auto.plan(b"\xFF\xFEx"), Plan::Transcode(UTF_16LE, 2));
        assert_eq!(auto.plan(b"\xFE\xFFx"), Plan::Transcode(UTF_16BE, 2));
        assert_eq!(auto.plan(b"abc"), Plan::AsIs);
        assert_eq!(Decoding::None.plan(b"\xFF\xFEx"), Plan::AsIs);
        let latin1 = Decoding::from_label("latin1").unwrap();
        assert_eq!(
            latin1.plan(b"abc"),
            Plan::Transcode(encoding_rs::WINDOWS_1252, 0)
        );
        // A UTF-8 mark is dropped and the rest decoded as -E says; a UTF-16
        // mark wins over -E.
        assert_eq!(
            latin1.plan(b"\xEF\xBB\xBFx"),
            Plan::Transcode(encoding_rs::WINDOWS_1252, 3)
        );
        assert_eq!(latin1.plan(b"\xFF\xFEx"), Plan::Transcode(UTF_16LE, 2));
        assert_eq!(
            Decoding::from_label("utf-8").unwrap().plan(b"a\xFF"),
            Plan::AsIs
        );
        assert_eq!(
            Decoding::from_label("bogus"),
            Err("error parsing flag -E: grep config error: unknown encoding: bogus".to_string())
        );
    }

    #[test]
    fn utf16_becomes_utf8_whatever_the_read_sizes() {
        let mut utf16 = b"\xFF\xFE".to_vec();
        let text = "caf\u{e9} \u{1F600} foo\n".repeat(3000);
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        for read_size in [1, 3, 4096, 65536] {
            assert_eq!(transcode(&utf16[2..], UTF_16LE, read_size), text.as_bytes());
        }
        // A lone surrogate and a dangling byte become U+FFFD.
        let broken = b"\x00\xD8a\x00b";
        assert_eq!(
            transcode(broken, UTF_16LE, 64),
            "\u{FFFD}a\u{FFFD}".as_bytes()
        );
    }
}
