//! The `unpack` stage (`-z/--search-zip`): compressed files and archives
//! opened in-process, between the I/O stage and the searcher.
//!
//! [`detect`] tells from a file's name and first bytes how it is packed;
//! [`decoders`] turns a compressed stream into its decompressed bytes, and
//! [`members`] walks the members of a tar or zip archive. What comes out
//! is searched as a stream through the searcher's window, so memory stays
//! bounded whatever the expansion ratio.

pub mod decoders;
pub mod members;

use std::cell::RefCell;
use std::io::{self, Read};

/// What `-z` does in a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct UnpackOptions {
    /// `-z`: decompress and unpack in-process.
    pub enabled: bool,
    /// `--max-filesize`, applied to each archive member's size.
    pub max_member_size: Option<u64>,
    /// Whether members are printed under their names (all but `-I`).
    pub member_names: bool,
}

/// A compression format lode decodes itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Bzip2,
    Xz,
    Lzma,
    Zstd,
    Lz4,
    Brotli,
}

impl Compression {
    /// The format's name, as messages print it.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
            Compression::Lzma => "lzma",
            Compression::Zstd => "zstd",
            Compression::Lz4 => "lz4",
            Compression::Brotli => "brotli",
        }
    }

    /// The format whose magic bytes `head` starts with (lzma and brotli
    /// have none).
    fn by_magic(head: &[u8]) -> Option<Compression> {
        const MAGICS: [(&[u8], Compression); 5] = [
            (&[0x1f, 0x8b], Compression::Gzip),
            (&[0xfd, b'7', b'z', b'X', b'Z', 0], Compression::Xz),
            (&[0x28, 0xb5, 0x2f, 0xfd], Compression::Zstd),
            (&[0x04, 0x22, 0x4d, 0x18], Compression::Lz4),
            (b"BZh", Compression::Bzip2),
        ];
        let (_, format) = MAGICS.iter().find(|(magic, _)| head.starts_with(magic))?;
        // bzip2's "BZh" is followed by its block size, '1' to '9'.
        if *format == Compression::Bzip2 && !matches!(head.get(3), Some(b'1'..=b'9')) {
            return None;
        }
        Some(*format)
    }

    /// Whether the format is known by its first bytes.
    fn has_magic(self) -> bool {
        !matches!(self, Compression::Lzma | Compression::Brotli)
    }
}

/// An archive format whose members lode searches one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Tar,
    Zip,
}

impl Container {
    /// The archive format `head` (a file's first bytes) is in.
    fn by_magic(head: &[u8]) -> Option<Container> {
        if head.len() >= 262 && &head[257..262] == b"ustar" {
            return Some(Container::Tar);
        }
        let zip = [b"PK\x03\x04", b"PK\x05\x06"];
        zip.iter()
            .any(|magic| head.starts_with(*magic))
            .then_some(Container::Zip)
    }
}

/// How a file is packed: compressed, an archive, or a compressed archive
/// (whose archive part is known only once it is decompressed, unless its
/// name says so).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub compression: Option<Compression>,
    pub container: Option<Container>,
}

/// What the extension of `name` says (ripgrep's list, plus the archive
/// extensions).
fn by_name(name: &[u8]) -> Option<Layout> {
    use Compression::*;
    let extension = &name[name.iter().rposition(|&b| b == b'.')? + 1..];
    let (compression, container) = match extension {
        b"gz" => (Some(Gzip), None),
        b"tgz" => (Some(Gzip), Some(Container::Tar)),
        b"bz2" => (Some(Bzip2), None),
        b"tbz2" | b"tbz" => (Some(Bzip2), Some(Container::Tar)),
        b"xz" => (Some(Xz), None),
        b"txz" => (Some(Xz), Some(Container::Tar)),
        b"lzma" => (Some(Lzma), None),
        b"lz4" => (Some(Lz4), None),
        b"br" => (Some(Brotli), None),
        b"zst" | b"zstd" => (Some(Zstd), None),
        b"tzst" => (Some(Zstd), Some(Container::Tar)),
        b"tar" => (None, Some(Container::Tar)),
        b"zip" | b"jar" => (None, Some(Container::Zip)),
        _ => return None,
    };
    Some(Layout {
        compression,
        container,
    })
}

/// How the file called `name` (its last path component, or a member's
/// name) whose first bytes are `head` is packed, or `None` when it is to
/// be searched as it is.
///
/// The bytes win over the name: a `.gz` file in bzip2 is read as bzip2, a
/// gzip file with no extension as gzip, and a `.gz` file that starts with
/// no compressed format's magic is searched as it is (its name lies). Only
/// lzma and brotli, which have no magic bytes, are known by name alone.
pub fn detect(name: &[u8], head: &[u8]) -> Option<Layout> {
    let named = by_name(name);
    if let Some(compression) = Compression::by_magic(head) {
        // A compressed archive's name may say what is inside.
        let container = named
            .filter(|n| n.compression == Some(compression))
            .and_then(|n| n.container);
        return Some(Layout {
            compression: Some(compression),
            container,
        });
    }
    if let Some(container) = Container::by_magic(head) {
        return Some(Layout {
            compression: None,
            container: Some(container),
        });
    }
    match named? {
        Layout {
            compression: Some(compression),
            container,
        } if !compression.has_magic() => Some(Layout {
            compression: Some(compression),
            container,
        }),
        // An old tar without the "ustar" magic, known by its name.
        layout @ Layout {
            compression: None,
            container: Some(Container::Tar),
        } => Some(layout),
        _ => None,
    }
}

/// The compression the name `name` claims when `head` shows no packed
/// format at all (a `.gz` file holding text): [`detect`] searches such a
/// file as it is, and this says what to warn about.
pub fn misnamed(name: &[u8], head: &[u8]) -> Option<Compression> {
    let claimed = by_name(name)?.compression.filter(|c| c.has_magic())?;
    let unpacked = Compression::by_magic(head).is_none() && Container::by_magic(head).is_none();
    unpacked.then_some(claimed)
}

/// The archive inside a decompressed stream whose first bytes are `head`:
/// by its magic, or by what the file's name said.
pub fn container_inside(layout: Layout, head: &[u8]) -> Option<Container> {
    match Container::by_magic(head) {
        Some(Container::Tar) => Some(Container::Tar),
        // A zip needs to seek: inside a compressed stream it is searched
        // as bytes.
        Some(Container::Zip) => None,
        None => layout.container.filter(|c| *c == Container::Tar),
    }
}

/// How many first bytes [`detect`] and [`container_inside`] look at: a tar
/// header's magic ends at byte 262.
pub const HEAD_LEN: usize = 512;

/// Reads up to [`HEAD_LEN`] first bytes of `reader` (fewer only at its
/// end), to look at before the whole is searched.
pub fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    reader.take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Where a [`Damage`] reader keeps the error that ended it, for whoever
/// reports it (the reader itself may be deep inside an archive walk).
#[derive(Default)]
pub struct DamageSlot(RefCell<DamageState>);

#[derive(Default)]
enum DamageState {
    #[default]
    Sound,
    Damaged(io::Error),
    /// Damaged, and the error was taken to be reported.
    Reported,
}

impl DamageSlot {
    /// Whether a read error ended the reader.
    pub fn is_damaged(&self) -> bool {
        !matches!(*self.0.borrow(), DamageState::Sound)
    }

    /// The error that ended the reader, the first time it is asked for:
    /// it is reported once. The reader stays ended.
    pub fn take_error(&self) -> Option<io::Error> {
        let mut state = self.0.borrow_mut();
        if !matches!(*state, DamageState::Damaged(_)) {
            return None;
        }
        match std::mem::replace(&mut *state, DamageState::Reported) {
            DamageState::Damaged(err) => Some(err),
            _ => None,
        }
    }

    fn record(&self, err: io::Error) {
        *self.0.borrow_mut() = DamageState::Damaged(err);
    }
}

/// A reader whose first read error ends it: the error is kept in its slot
/// for the caller to report, and the reader then looks ended, so that what
/// was found before the damage is printed as for a whole file.
pub struct Damage<'s, R> {
    inner: R,
    slot: &'s DamageSlot,
}

impl<'s, R: Read> Damage<'s, R> {
    pub fn new(inner: R, slot: &'s DamageSlot) -> Damage<'s, R> {
        Damage { inner, slot }
    }
}

impl<R: Read> Read for Damage<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.slot.is_damaged() {
            return Ok(0);
        }
        loop {
            match self.inner.read(buf) {
                Ok(n) => return Ok(n),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.slot.record(err);
                    return Ok(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(compression: Option<Compression>, container: Option<Container>) -> Option<Layout> {
        Some(Layout {
            compression,
            container,
        })
    }

    #[test]
    fn magic_wins_over_the_name() {
        let bzip2 = b"BZh91AY&SY";
        assert_eq!(
            detect(b"x.gz", bzip2),
            layout(Some(Compression::Bzip2), None)
        );
        assert_eq!(
            detect(b"noext", &[0x1f, 0x8b, 8, 0]),
            layout(Some(Compression::Gzip), None)
        );
        assert_eq!(detect(b"plain.gz", b"hello\n"), None);
        assert_eq!(detect(b"plain.txt", b"hello\n"), None);
    }

    #[test]
    fn a_name_without_the_bytes_is_misnamed() {
        assert_eq!(misnamed(b"a.gz", b"plain text\n"), Some(Compression::Gzip));
        assert_eq!(misnamed(b"a.tar.zst", b""), Some(Compression::Zstd));
        assert_eq!(misnamed(b"a.gz", &[0x28, 0xb5, 0x2f, 0xfd]), None);
        assert_eq!(misnamed(b"a.br", b"anything"), None);
        assert_eq!(misnamed(b"a.txt", b"plain"), None);
    }

    #[test]
    fn names_say_what_magic_cannot() {
        assert_eq!(
            detect(b"a.br", b"\x8b\x02\x80"),
            layout(Some(Compression::Brotli), None)
        );
        assert_eq!(
            detect(b"a.lzma", b"\x5d\0\0\x80\0"),
            layout(Some(Compression::Lzma), None)
        );
        assert_eq!(
            detect(b"a.tgz", &[0x1f, 0x8b]),
            layout(Some(Compression::Gzip), Some(Container::Tar))
        );
        // A bzip2 file named .tgz: the name's tar is not trusted.
        assert_eq!(
            detect(b"a.tgz", b"BZh9"),
            layout(Some(Compression::Bzip2), None)
        );
        assert_eq!(detect(b"BZh", b"BZhx"), None);
    }

    #[test]
    fn archives_by_magic() {
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(detect(b"x", &tar), layout(None, Some(Container::Tar)));
        assert_eq!(
            detect(b"x.docx", b"PK\x03\x04rest"),
            layout(None, Some(Container::Zip))
        );
        assert_eq!(
            detect(b"old.tar", b"no magic"),
            layout(None, Some(Container::Tar))
        );
        let gzip = layout(Some(Compression::Gzip), None).unwrap();
        assert_eq!(container_inside(gzip, &tar), Some(Container::Tar));
        assert_eq!(container_inside(gzip, b"PK\x03\x04"), None);
    }

    #[test]
    fn damage_keeps_the_first_error_and_ends_the_reader() {
        struct Failing(u8);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 += 1;
                if self.0 == 1 {
                    buf[0] = b'a';
                    Ok(1)
                } else {
                    Err(io::Error::new(io::ErrorKind::InvalidData, "broken"))
                }
            }
        }
        let slot = DamageSlot::default();
        let mut reader = Damage::new(Failing(0), &slot);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"a");
        assert_eq!(reader.read(&mut [0; 4]).unwrap(), 0);
        assert_eq!(slot.take_error().unwrap().to_string(), "broken");
        assert!(slot.take_error().is_none());
        assert_eq!(reader.read(&mut [0; 4]).unwrap(), 0);
    }
}
