//! `-z`: searching a compressed file or an archive that the
//! [`unpack`](crate::unpack) stage recognised.
//!
//! A compressed file is decompressed as a stream and searched under its
//! own name, as ripgrep searches a decompressor's output. An archive's
//! members are searched one by one, each under `ARCHIVE{MEMBER}` (and a
//! member of an archive inside it under `ARCHIVE{INNER:MEMBER}`, as ugrep
//! prints them), and their outputs joined as the outputs of separate files
//! are. Damage ends the part it is in: what was found before it is kept,
//! and the error names the member it was found in.

use std::io::{self, Cursor, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::{printed_path, FileSearch, Report, Target};
use crate::config::OutputKind;
use crate::io::mmap::Mapping;
use crate::io::{Choice, Opened, Reason, Source, Strategy};
use crate::output::{file_separator, Shown};
use crate::printer::FileOutcome;
use crate::unpack::members::{self, Flow, Member, Visit};
use crate::unpack::{self, decoders, Compression, Container, Damage, DamageSlot, Layout};

/// How many archives deep members are searched: an archive, and the
/// archives among its members. An archive deeper than that is searched as
/// bytes, like any member: each level multiplies the work a small file can
/// ask for, and one level covers the common cases (a `.jar` in a `.zip`, a
/// `.tar.gz` in a release bundle).
const MAX_ARCHIVE_DEPTH: usize = 2;

/// A zip inside another archive is read from its end, so it must be held
/// in memory: larger ones are searched as bytes.
const NESTED_ZIP_LIMIT: u64 = 128 << 20;

/// How the file at `path` is packed, if it is, from its name and first
/// bytes. A streamed source's first bytes are read and put back in front
/// of the rest. A file whose name claims a compression its bytes deny is
/// searched as it is, and reported: ripgrep's decompressor would fail on
/// it, and a script may rely on hearing of that.
pub(super) fn sniff(
    path: &Path,
    source: &mut Source<'_>,
    shown: Shown<'_>,
    report: &dyn Report,
) -> io::Result<Option<Layout>> {
    let name = path.file_name().unwrap_or(path.as_os_str()).as_bytes();
    let judge = |head: &[u8]| {
        if let Some(claimed) = unpack::misnamed(name, head) {
            let claimed = claimed.name();
            report.error(format!(
                "{shown}: not {claimed} data, though its name says so: searched as it is"
            ));
        }
        unpack::detect(name, head)
    };
    let head = match source {
        Source::Buffer(bytes) => &bytes[..bytes.len().min(unpack::HEAD_LEN)],
        Source::Mapped(mapping) => {
            let bytes = mapping.bytes();
            &bytes[..bytes.len().min(unpack::HEAD_LEN)]
        }
        Source::Stream(reader) => {
            let head = unpack::read_head(reader)?;
            let layout = judge(&head);
            let rest = std::mem::replace(reader, Box::new(io::empty()));
            *reader = Box::new(Cursor::new(head).chain(rest));
            return Ok(layout);
        }
    };
    Ok(judge(head))
}

/// One thing being unpacked or searched: how messages and the printer
/// name it, and how many archives deep it is.
struct Place {
    shown: Vec<u8>,
    printed: Option<Vec<u8>>,
    /// What its members' names start with (`ARCHIVE{`, `ARCHIVE{INNER:`).
    prefix: Vec<u8>,
    depth: usize,
}

impl Place {
    /// The place of a member called `name` of the archive at `self`.
    fn member(&self, config: &crate::config::Config, name: &[u8]) -> Place {
        let mut shown = self.prefix.clone();
        shown.extend_from_slice(name);
        let mut prefix = shown.clone();
        prefix.push(b':');
        shown.push(b'}');
        let printed = printed_path(config, &shown)
            .or(config.unpack.member_names.then_some(&shown[..]))
            .map(<[u8]>::to_vec);
        Place {
            shown,
            printed,
            prefix,
            depth: self.depth + 1,
        }
    }
}

/// What the parts of one packed file add up to: their outputs in order,
/// with the separator ripgrep puts between files, and their outcomes.
struct Assembly {
    out: Vec<u8>,
    outcome: FileOutcome,
    wrote_any: bool,
    separator: Option<Vec<u8>>,
    /// `-q` and the like: the first match is the answer.
    stops_at_match: bool,
    members: u64,
    decompressed: u64,
}

impl Assembly {
    fn add(&mut self, part: &[u8], outcome: FileOutcome) {
        if !part.is_empty() {
            if !self.wrote_any {
                self.outcome.opens_with_line = outcome.opens_with_line;
            } else if outcome.opens_with_line {
                self.out
                    .extend_from_slice(self.separator.as_deref().unwrap_or_default());
            }
            self.wrote_any = true;
            self.out.extend_from_slice(part);
        }
        self.outcome.matched |= outcome.matched;
        self.outcome.stats += &outcome.stats;
    }

    fn is_done(&self) -> bool {
        self.stops_at_match && self.outcome.matched
    }
}

impl FileSearch<'_, '_> {
    /// Searches what `source` holds once unpacked as `layout` says; `None`
    /// when nothing in it could be searched (the error is reported).
    pub(super) fn search_unpacked(
        &mut self,
        source: Source<'_>,
        layout: Layout,
        target: &Target<'_>,
        report: &dyn Report,
    ) -> Option<FileOutcome> {
        let config = self.config;
        let named = config.printer.with_filename || config.unpack.member_names;
        let quiet = matches!(config.output_kind, OutputKind::Summary(k) if k.is_quiet());
        let mut unpacker = Unpacker {
            search: self,
            report,
            target,
            assembly: Assembly {
                out: Vec::new(),
                outcome: FileOutcome::default(),
                wrote_any: false,
                separator: file_separator(config, named),
                stops_at_match: quiet,
                members: 0,
                decompressed: 0,
            },
        };
        let top = Place {
            shown: target.shown.0.to_vec(),
            printed: target.path.map(<[u8]>::to_vec),
            prefix: [target.shown.0, b"{"].concat(),
            depth: 0,
        };
        let searched = match source {
            Source::Buffer(bytes) => unpacker.packed_bytes(bytes, layout, &top),
            Source::Mapped(mapping) => unpacker.packed_mapped(&mapping, layout, &top),
            Source::Stream(reader) => unpacker.packed_stream(reader, layout, &top),
        };
        let assembly = unpacker.assembly;
        let io = &self.stats.io;
        let bytes = assembly.outcome.stats.bytes_searched;
        io.record_unpacked(assembly.decompressed, assembly.members, bytes);
        *self.rendered = assembly.out;
        searched.then_some(assembly.outcome)
    }
}

/// One packed file's search in progress.
struct Unpacker<'u, 'w, 'c> {
    search: &'u mut FileSearch<'w, 'c>,
    report: &'u dyn Report,
    /// The file's binary rule and whether it was named.
    target: &'u Target<'u>,
    assembly: Assembly,
}

impl Unpacker<'_, '_, '_> {
    /// Unpacks a file whose bytes are all in memory (a zip is read in
    /// place); whether any of it was searched.
    fn packed_bytes(&mut self, bytes: &[u8], layout: Layout, place: &Place) -> bool {
        let zip_only = layout.compression.is_none() && layout.container == Some(Container::Zip);
        if zip_only && place.depth < MAX_ARCHIVE_DEPTH {
            return self.zip(Cursor::new(bytes), place);
        }
        self.packed_stream(Box::new(bytes), layout, place)
    }

    /// Unpacks a mapped file: a zip in place, anything else read front to
    /// back with its pages given back behind the read.
    fn packed_mapped(&mut self, mapping: &Mapping, layout: Layout, place: &Place) -> bool {
        if layout.compression.is_none() && layout.container == Some(Container::Zip) {
            return self.packed_bytes(mapping.bytes(), layout, place);
        }
        let reader = ReleasingReader {
            mapping,
            position: 0,
            released: 0,
        };
        self.packed_stream(Box::new(reader), layout, place)
    }

    /// Decompresses `input` as `layout` says and searches what is inside:
    /// an archive's members, or the decompressed bytes as one file.
    fn packed_stream(&mut self, input: Box<dyn Read + '_>, layout: Layout, place: &Place) -> bool {
        let slot = DamageSlot::default();
        let decoded = match layout.compression {
            None => input,
            Some(compression) => match decoders::open(compression, input) {
                Ok(decoded) => {
                    self.assembly.decompressed += 1;
                    decoded
                }
                Err(err) => {
                    self.error(&place.shown, &damaged(compression, &err));
                    return false;
                }
            },
        };
        let mut reader = Damage::new(decoded, &slot);
        // A Damage reader never fails: a read error ends it.
        let head = unpack::read_head(&mut reader).unwrap_or_default();
        let container = match layout.compression {
            Some(_) => unpack::container_inside(layout, &head),
            None => layout.container,
        };
        let mut whole = Cursor::new(head).chain(reader);
        let opens = container.filter(|_| place.depth < MAX_ARCHIVE_DEPTH);
        let outer = layout.compression.map(|c| (&slot, c));
        let searched = match opens {
            Some(Container::Tar) => {
                let mut visit = MemberVisit {
                    unpacker: self,
                    place,
                    outer,
                };
                let walked = members::tar_members(&mut whole, &mut visit);
                match walked {
                    Err(message) if !slot.is_damaged() => self.error(&place.shown, &message),
                    _ => {}
                }
                true
            }
            Some(Container::Zip) => self.nested_zip(&mut whole, place),
            None => self.search_part(&mut whole, place),
        };
        if let (Some(err), Some(compression)) = (slot.take_error(), layout.compression) {
            self.error(&place.shown, &damaged(compression, &err));
        }
        searched
    }

    /// Searches the members of a zip archive read in place.
    fn zip(&mut self, input: Cursor<&[u8]>, place: &Place) -> bool {
        let mut visit = MemberVisit {
            unpacker: self,
            place,
            outer: None,
        };
        match members::zip_members(input, &mut visit) {
            Ok(()) => true,
            Err(message) => {
                self.error(&place.shown, &message);
                false
            }
        }
    }

    /// A zip inside another archive: read into memory and searched by
    /// members, or searched as bytes when it is too large for that.
    fn nested_zip(&mut self, input: &mut dyn Read, place: &Place) -> bool {
        let mut bytes = Vec::new();
        // Reading from a Damage reader cannot fail.
        let _ = input.take(NESTED_ZIP_LIMIT + 1).read_to_end(&mut bytes);
        if bytes.len() as u64 > NESTED_ZIP_LIMIT {
            let mut rest = Cursor::new(bytes).chain(input);
            return self.search_part(&mut rest, place);
        }
        self.zip(Cursor::new(&bytes), place)
    }

    /// Searches one part (a decompressed file, a member) as a stream into
    /// its own printer, and adds its output to the file's.
    fn search_part(&mut self, reader: &mut dyn Read, place: &Place) -> bool {
        let mut out = Vec::new();
        let mut wrote_early = false;
        let search = &mut *self.search;
        let mut part = FileSearch {
            config: search.config,
            stats: search.stats,
            rendered: &mut out,
            rolling: &mut *search.rolling,
            wrote_early: &mut wrote_early,
        };
        let target = Target {
            shown: Shown(&place.shown),
            path: place.printed.as_deref(),
            rule: self.target.rule,
            explicit: self.target.explicit,
        };
        let opened = Opened {
            source: Source::Stream(Box::new(reader)),
            choice: Choice {
                strategy: Strategy::Stream,
                reason: Reason::Preprocessed,
            },
            file: None,
        };
        let Some(outcome) = part.search_opened(opened, &target, self.report, None) else {
            return false;
        };
        if place.depth > 0 {
            self.assembly.members += 1;
        }
        self.assembly.add(&out, outcome);
        true
    }

    fn error(&self, shown: &[u8], message: &str) {
        let message = one_line(message);
        self.report.error(format!("{}: {message}", Shown(shown)));
    }
}

/// `message` on one line: a decoder's message may quote the damaged
/// bytes, newlines and all.
fn one_line(message: &str) -> String {
    let mut line = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// Searches each member of one archive.
struct MemberVisit<'v, 'u, 'w, 'c> {
    unpacker: &'v mut Unpacker<'u, 'w, 'c>,
    /// The archive.
    place: &'v Place,
    /// The compressed stream the archive is read from, whose damage ends
    /// the archive in the member being read.
    outer: Option<(&'v DamageSlot, Compression)>,
}

impl Visit for MemberVisit<'_, '_, '_, '_> {
    fn member(&mut self, member: Member<'_>) -> Flow {
        let config = self.unpacker.search.config;
        if config
            .unpack
            .max_member_size
            .is_some_and(|max| member.size > max)
        {
            return Flow::Continue;
        }
        let place = self.place.member(config, member.name);
        let slot = DamageSlot::default();
        let mut reader = Damage::new(member.reader, &slot);
        let head = unpack::read_head(&mut reader).unwrap_or_default();
        let layout = unpack::detect(member.name, &head);
        let mut whole = Cursor::new(head).chain(reader);
        match layout {
            Some(layout) => self
                .unpacker
                .packed_stream(Box::new(&mut whole), layout, &place),
            None => self.unpacker.search_part(&mut whole, &place),
        };
        if let Some(err) = slot.take_error() {
            self.unpacker
                .error(&place.shown, &format!("damaged member: {err}"));
        }
        if let Some((outer, compression)) = self.outer {
            if let Some(err) = outer.take_error() {
                let message = damaged(compression, &err);
                self.unpacker.error(&place.shown, &message);
                return Flow::Stop;
            }
        }
        if self.unpacker.assembly.is_done() {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }

    fn unreadable(&mut self, name: &[u8], why: String) {
        let place = self.place.member(self.unpacker.search.config, name);
        self.unpacker.error(&place.shown, &why);
    }
}

/// A mapped file read front to back, giving its pages back as it passes
/// them, so that a large compressed file does not stay resident while it
/// is decompressed. A truncation of the file is a read error.
struct ReleasingReader<'m> {
    mapping: &'m Mapping,
    position: usize,
    released: usize,
}

impl ReleasingReader<'_> {
    /// How much is read between two releases.
    const STEP: usize = 8 << 20;
}

impl Read for ReleasingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(size) = self.mapping.truncated_at() {
            if self.position >= size {
                let message = format!("the file shrank to {size} bytes while it was read");
                return Err(io::Error::other(message));
            }
        }
        let rest = &self.mapping.bytes()[self.position..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.position += n;
        if self.position - self.released >= Self::STEP {
            self.mapping.release(self.released..self.position);
            self.released = self.position;
        }
        Ok(n)
    }
}

/// The message for a compressed stream that could not be decoded.
fn damaged(compression: Compression, err: &io::Error) -> String {
    let name = compression.name();
    match err.kind() {
        io::ErrorKind::UnexpectedEof => format!("damaged {name} data: it ends too early"),
        _ => format!("damaged {name} data: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn control_characters_in_a_message_are_escaped() {
        assert_eq!(
            one_line("bad field: eedle\n7\0 x"),
            "bad field: eedle\\n7\\u{0} x"
        );
        assert_eq!(one_line("plain é"), "plain é");
    }
}
