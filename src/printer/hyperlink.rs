//! ripgrep's hyperlinks (`--hyperlink-format`): OSC 8 escape sequences
//! around the paths the printers write, pointing at the file (and, with
//! `{line}` and `{column}`, at the match).
//!
//! The format and the machine's values are resolved once per run into
//! [`Hyperlinks`]; each file's absolute, percent-encoded path once per
//! file, the first time it is printed ([`FileLink`]). A printer asks for
//! hyperlinks only when it colors its output, as ripgrep's does.

mod env;
mod format;

use std::io::Write;
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

pub use env::HyperlinkEnv;
use format::Part;
pub use format::{alias_names, HyperlinkFormat, HyperlinkFormatError};

/// Opens an OSC 8 hyperlink; the URI and [`LINK_END`] follow.
const LINK_START: &[u8] = b"\x1b]8;;";
/// Ends the sequence that opens or closes a hyperlink.
const LINK_END: &[u8] = b"\x1b\\";

/// A format and the machine's values for it, for a run that writes
/// hyperlinks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hyperlinks {
    format: HyperlinkFormat,
    env: HyperlinkEnv,
}

impl Hyperlinks {
    /// Hyperlinks in `format` (none for an empty one).
    pub fn new(format: HyperlinkFormat, env: HyperlinkEnv) -> Option<Hyperlinks> {
        (!format.is_empty()).then_some(Hyperlinks { format, env })
    }

    /// Whether a link depends on the line: under a heading, ripgrep then
    /// links each line's prefix too.
    pub fn is_line_dependent(&self) -> bool {
        self.format.has_line()
    }

    /// Whether a link shows the match's column.
    pub fn uses_column(&self) -> bool {
        self.format.has_column()
    }

    /// Writes the sequence that opens a link to `path`; `line` and
    /// `column` stand in for `{line}` and `{column}` (1 when unknown).
    pub fn open(&self, out: &mut Vec<u8>, path: &LinkPath, line: Option<u64>, column: Option<u64>) {
        out.extend_from_slice(LINK_START);
        for part in self.format.parts() {
            match part {
                Part::Text(text) => out.extend_from_slice(text),
                Part::Host => {
                    out.extend_from_slice(self.env.host.as_deref().unwrap_or("").as_bytes())
                }
                Part::WslPrefix => {
                    let prefix = self.env.wsl_prefix.as_deref().unwrap_or("");
                    out.extend_from_slice(prefix.as_bytes());
                }
                Part::Path => out.extend_from_slice(&path.0),
                // Writing into a Vec cannot fail.
                Part::Line => {
                    let _ = write!(out, "{}", line.unwrap_or(1));
                }
                Part::Column => {
                    let _ = write!(out, "{}", column.unwrap_or(1));
                }
            }
        }
        out.extend_from_slice(LINK_END);
    }

    /// Writes the sequence that closes a link.
    pub fn close(out: &mut Vec<u8>) {
        out.extend_from_slice(LINK_START);
        out.extend_from_slice(LINK_END);
    }
}

/// What ripgrep leaves as it is in a path: the unreserved characters of
/// RFC 3986 (letters, digits, `-`, `.`, `_`, `~`) and `/` and `:`.
/// Bytes that are not ASCII are kept too (see [`LinkPath::encode`]).
const PATH_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b':');

/// A file's path as `{path}`: absolute, without `.`, `..` or symbolic
/// links, percent-encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkPath(Vec<u8>);

impl LinkPath {
    /// The link path of the file printed as `path` (relative to the
    /// current directory), if it can be made absolute: not for a file
    /// that is gone, nor for `<stdin>`.
    pub fn resolve(path: &[u8]) -> Option<LinkPath> {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(path));
        let absolute = path.canonicalize().ok()?;
        let bytes = absolute.as_os_str().as_bytes();
        bytes.starts_with(b"/").then(|| LinkPath::encode(bytes))
    }

    /// Percent-encodes `path`'s ASCII bytes outside [`PATH_KEPT`] and
    /// leaves other bytes as they are, as ripgrep does (editors read
    /// UTF-8 in a `file://` URI).
    fn encode(path: &[u8]) -> LinkPath {
        let mut out = Vec::with_capacity(path.len());
        for run in path.chunk_by(|a, b| a.is_ascii() == b.is_ascii()) {
            if run[0].is_ascii() {
                for piece in percent_encoding::percent_encode(run, PATH_KEPT) {
                    out.extend_from_slice(piece.as_bytes());
                }
            } else {
                out.extend_from_slice(run);
            }
        }
        LinkPath(out)
    }
}

/// One file's link target, resolved the first time a link is written.
#[derive(Debug, Default)]
pub struct FileLink {
    target: Option<Option<LinkPath>>,
}

impl FileLink {
    /// Opens a link to the file printed as `path`, when `links` are on
    /// and the path resolves; whether it did (so [`FileLink::close`] is
    /// to follow).
    pub fn open(
        &mut self,
        links: Option<&Hyperlinks>,
        out: &mut Vec<u8>,
        path: &[u8],
        line: Option<u64>,
        column: Option<u64>,
    ) -> bool {
        let Some(links) = links else {
            return false;
        };
        let target = self.target.get_or_insert_with(|| LinkPath::resolve(path));
        match target {
            Some(target) => {
                links.open(out, target, line, column);
                true
            }
            None => false,
        }
    }

    /// Closes the link [`FileLink::open`] opened, if it did.
    pub fn close(opened: bool, out: &mut Vec<u8>) {
        if opened {
            Hyperlinks::close(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use termcolor::{Ansi, HyperlinkSpec, WriteColor};

    #[test]
    fn paths_are_percent_encoded_as_ripgrep_does() {
        let encoded = LinkPath::encode("/a b/c#d%e/é~_-.:x?".as_bytes());
        assert_eq!(encoded.0, "/a%20b/c%23d%25e/é~_-.:x%3F".as_bytes());
        assert_eq!(LinkPath::encode(b"/\xff\x01").0, b"/\xff%01");
    }

    #[test]
    fn links_are_termcolors_osc_8_sequences() {
        let format = HyperlinkFormat::parse("x://{host}{wslprefix}{path}:{line}:{column}").unwrap();
        let env = HyperlinkEnv {
            host: Some("box".into()),
            wsl_prefix: None,
        };
        let links = Hyperlinks::new(format, env).unwrap();
        let mut ours = Vec::new();
        links.open(&mut ours, &LinkPath(b"/f".to_vec()), Some(3), None);
        Hyperlinks::close(&mut ours);
        let mut theirs = Vec::new();
        let mut ansi = Ansi::new(&mut theirs);
        ansi.set_hyperlink(&HyperlinkSpec::open(b"x://box/f:3:1"))
            .unwrap();
        ansi.set_hyperlink(&HyperlinkSpec::close()).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn an_empty_format_or_a_missing_file_makes_no_link() {
        assert!(Hyperlinks::new(HyperlinkFormat::default(), HyperlinkEnv::default()).is_none());
        assert_eq!(LinkPath::resolve(b"<stdin>"), None);
        let links = Hyperlinks::new(
            HyperlinkFormat::parse("default").unwrap(),
            HyperlinkEnv::default(),
        );
        let mut out = Vec::new();
        let mut link = FileLink::default();
        assert!(!link.open(links.as_ref(), &mut out, b"/nonexistent/x", None, None));
        assert!(out.is_empty());
    }
}
