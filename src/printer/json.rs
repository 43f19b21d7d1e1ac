//! ripgrep's `--json` output: one JSON object per line. A file with output
//! opens with a `begin` message and closes with an `end` message carrying
//! its statistics; between them each selected line is a `match` and each
//! context line a `context`, with every match in it. The run ends with a
//! `summary` (see [`write_summary`]).
//!
//! Text is written as `{"text":"..."}` when it is valid UTF-8 and as
//! `{"bytes":"<base64>"}` otherwise, escaped exactly as ripgrep's
//! serializer escapes it, so the output is ripgrep's byte for byte but for
//! the elapsed times.

use std::time::{Duration, Instant};

use super::FileOutcome;
use crate::matcher::{Match, Matcher};
use crate::search::{BinaryNotice, Line, Sink, SinkFinish};
use crate::stats::Stats;

/// Renders one file's messages into `out`.
pub struct JsonSink<'a> {
    matcher: &'a Matcher,
    /// `-r`: each submatch also gives its replacement.
    replace: Option<&'a [u8]>,
    out: &'a mut Vec<u8>,
    path: &'a [u8],
    started: Instant,
    /// Where this file's messages start in `out`.
    first_byte: usize,
    /// Bytes of messages handed out already (see [`JsonSink::write_early`]).
    written_early: u64,
    begun: bool,
    matched_lines: u64,
    matches: u64,
    /// Offset of the first NUL, when the file turned out to be binary.
    binary_offset: Option<u64>,
    /// `-v`: context lines are the ones with matches, and ripgrep lists
    /// their submatches (otherwise it lists none for context).
    invert: bool,
    /// The file's figures, once [`Sink::finish`] has written `end`.
    stats: Stats,
    /// The line terminator, to count a multi-line block's lines.
    terminator: u8,
}

impl<'a> JsonSink<'a> {
    pub fn new(
        matcher: &'a Matcher,
        replace: Option<&'a [u8]>,
        out: &'a mut Vec<u8>,
        path: &'a [u8],
        invert: bool,
        terminator: u8,
    ) -> JsonSink<'a> {
        let first_byte = out.len();
        JsonSink {
            matcher,
            replace,
            out,
            path,
            started: Instant::now(),
            first_byte,
            written_early: 0,
            begun: false,
            matched_lines: 0,
            matches: 0,
            binary_offset: None,
            invert,
            stats: Stats::default(),
            terminator,
        }
    }

    /// What printing this file came to (after [`Sink::finish`]).
    pub fn outcome(&self) -> FileOutcome {
        FileOutcome {
            matched: self.matched_lines > 0,
            opens_with_line: true,
            stats: self.stats,
        }
    }

    /// Hands the messages rendered so far to `write` and forgets them.
    pub fn write_early(&mut self, write: &mut dyn FnMut(&[u8], bool)) {
        let fresh = &self.out[self.first_byte..];
        if !fresh.is_empty() {
            write(fresh, true);
            self.written_early += fresh.len() as u64;
            self.out.truncate(self.first_byte);
        }
    }

    /// Writes the `end` message (if the file had a `begin`) and keeps the
    /// file's figures.
    fn write_end(&mut self, bytes_searched: u64) {
        let bytes_printed = self.written_early + (self.out.len() - self.first_byte) as u64;
        self.stats = Stats {
            elapsed: self.started.elapsed(),
            searches: 1,
            searches_with_match: u64::from(self.matched_lines > 0),
            bytes_searched,
            bytes_printed,
            matched_lines: self.matched_lines,
            matches: self.matches,
        };
        if self.begun {
            let stats = self.stats;
            let out = &mut *self.out;
            open_message(out, "end", self.path);
            out.extend_from_slice(b",\"binary_offset\":");
            push_optional(out, self.binary_offset);
            out.extend_from_slice(b",\"stats\":{\"elapsed\":");
            write_elapsed(out, stats.elapsed);
            out.extend_from_slice(b",\"searches\":1,\"searches_with_match\":");
            push_number(out, stats.searches_with_match);
            let fields = [
                ("bytes_searched", stats.bytes_searched),
                ("bytes_printed", stats.bytes_printed),
                ("matched_lines", stats.matched_lines),
                ("matches", stats.matches),
            ];
            write_fields(out, &fields);
            out.extend_from_slice(b"}}}\n");
        }
    }

    /// One `match` or `context` message; returns how many matches the
    /// line holds.
    fn write_line(&mut self, kind: &str, line: &Line<'_>, submatches: bool) -> u64 {
        if !self.begun {
            self.begun = true;
            open_message(self.out, "begin", self.path);
            self.out.extend_from_slice(b"}}\n");
        }
        let out = &mut *self.out;
        open_message(out, kind, self.path);
        out.extend_from_slice(b",\"lines\":");
        write_data(out, line.bytes);
        out.extend_from_slice(b",\"line_number\":");
        push_optional(out, line.number);
        out.extend_from_slice(b",\"absolute_offset\":");
        push_number(out, line.offset);
        out.extend_from_slice(b",\"submatches\":[");
        let mut count = 0;
        let mut write_submatch = |m: Match, replaced: Option<&[u8]>| {
            if count > 0 {
                out.push(b',');
            }
            count += 1;
            out.extend_from_slice(b"{\"match\":");
            write_data(out, &line.with_lookahead[m.start..m.end]);
            if let Some(replaced) = replaced {
                out.extend_from_slice(b",\"replacement\":");
                write_data(out, replaced);
            }
            out.extend_from_slice(b",\"start\":");
            push_number(out, m.start as u64);
            out.extend_from_slice(b",\"end\":");
            push_number(out, m.end as u64);
            out.push(b'}');
        };
        let (haystack, end) = (line.with_lookahead, line.bytes.len());
        match self.replace {
            _ if !submatches => {}
            Some(replacement) => {
                self.matcher
                    .for_each_replaced_in(haystack, end, replacement, |m, with| {
                        write_submatch(m, Some(with));
                    });
            }
            None => self.matcher.for_each_in(haystack, end, |m| {
                write_submatch(m, None);
                true
            }),
        }
        out.extend_from_slice(b"]}}\n");
        count
    }
}

impl Sink for JsonSink<'_> {
    fn matched(&mut self, line: Line<'_>) -> bool {
        // A multi-line match's block counts each of its lines.
        self.matched_lines += if self.matcher.is_multiline() {
            crate::lines::count_lines(line.bytes, self.terminator)
        } else {
            1
        };
        self.matches += self.write_line("match", &line, true);
        true
    }

    fn context(&mut self, line: Line<'_>) -> bool {
        self.write_line("context", &line, self.invert);
        true
    }

    fn context_break(&mut self) -> bool {
        true
    }

    /// Records the file's first NUL for the `end` message. Unlike the
    /// standard printer, ripgrep's JSON printer prints on past it.
    fn binary_data(&mut self, notice: BinaryNotice) {
        self.binary_offset.get_or_insert(notice.nul_offset);
    }

    fn finish(&mut self, finish: SinkFinish) {
        if let Some(reached) = finish.binary {
            self.binary_offset.get_or_insert(reached.offset());
        }
        self.write_end(finish.bytes_searched);
    }
}

/// ripgrep's closing `summary` message for a run's `totals`, `elapsed_total`
/// after it started. Its keys are sorted (ripgrep builds it as a map),
/// unlike those of the other messages.
pub fn write_summary(out: &mut Vec<u8>, totals: &Stats, elapsed_total: Duration) {
    out.extend_from_slice(b"{\"data\":{\"elapsed_total\":");
    write_elapsed_sorted(out, elapsed_total);
    out.extend_from_slice(b",\"stats\":{\"bytes_printed\":");
    push_number(out, totals.bytes_printed);
    out.extend_from_slice(b",\"bytes_searched\":");
    push_number(out, totals.bytes_searched);
    out.extend_from_slice(b",\"elapsed\":");
    write_elapsed_sorted(out, totals.elapsed);
    let fields = [
        ("matched_lines", totals.matched_lines),
        ("matches", totals.matches),
        ("searches", totals.searches),
        ("searches_with_match", totals.searches_with_match),
    ];
    write_fields(out, &fields);
    out.extend_from_slice(b"}},\"type\":\"summary\"}\n");
}

/// `{"secs":S,"nanos":N,"human":"0.000123s"}`.
fn write_elapsed(out: &mut Vec<u8>, elapsed: Duration) {
    out.extend_from_slice(b"{\"secs\":");
    push_number(out, elapsed.as_secs());
    out.extend_from_slice(b",\"nanos\":");
    push_number(out, u64::from(elapsed.subsec_nanos()));
    out.extend_from_slice(b",\"human\":\"");
    out.extend_from_slice(human(elapsed).as_bytes());
    out.extend_from_slice(b"\"}");
}

/// The same fields in sorted order, as in the summary.
fn write_elapsed_sorted(out: &mut Vec<u8>, elapsed: Duration) {
    out.extend_from_slice(b"{\"human\":\"");
    out.extend_from_slice(human(elapsed).as_bytes());
    out.extend_from_slice(b"\",\"nanos\":");
    push_number(out, u64::from(elapsed.subsec_nanos()));
    out.extend_from_slice(b",\"secs\":");
    push_number(out, elapsed.as_secs());
    out.push(b'}');
}

fn human(elapsed: Duration) -> String {
    format!("{:0.6}s", elapsed.as_secs_f64())
}

/// `,"name":value` for each field.
fn write_fields(out: &mut Vec<u8>, fields: &[(&str, u64)]) {
    for &(name, value) in fields {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        push_number(out, value);
    }
}

/// `{"type":"KIND","data":{"path":PATH`: what every file message opens with.
fn open_message(out: &mut Vec<u8>, kind: &str, path: &[u8]) {
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"\",\"data\":{\"path\":");
    write_data(out, path);
}

/// A number, or `null`.
fn push_optional(out: &mut Vec<u8>, value: Option<u64>) {
    match value {
        Some(value) => push_number(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

fn push_number(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(value.to_string().as_bytes());
}

/// `{"text":"..."}` for valid UTF-8, else `{"bytes":"<base64>"}`.
fn write_data(out: &mut Vec<u8>, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            out.extend_from_slice(b"{\"text\":");
            write_string(out, text);
        }
        Err(_) => {
            out.extend_from_slice(b"{\"bytes\":\"");
            write_base64(out, bytes);
            out.push(b'"');
        }
    }
    out.push(b'}');
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the control
/// characters with a short escape where JSON has one and as `\u00XX`
/// otherwise, everything else (DEL and non-ASCII included) as it is.
fn write_string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[plain_from..i]);
        plain_from = i + 1;
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
    }
    out.extend_from_slice(&bytes[plain_from..]);
    out.push(b'"');
}

/// Standard base64, with padding.
fn write_base64(out: &mut Vec<u8>, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= group.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        write_data(&mut out, bytes);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_is_escaped_as_ripgrep_writes_it() {
        assert_eq!(
            data(b"a\tb\"c\\d\r\n\x00\x1b\x08\x0c\x7f\xc3\xa9/"),
            "{\"text\":\"a\\tb\\\"c\\\\d\\r\\n\\u0000\\u001b\\b\\f\x7f\u{e9}/\"}"
        );
    }

    proptest::proptest! {
        #[test]
        fn strings_read_as_serde_json_writes_them(text in "\\PC*|[\\x00-\\x7f]*") {
            let mut out = Vec::new();
            write_string(&mut out, &text);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn invalid_utf8_is_base64() {
        assert_eq!(data(b"x\xff foo\n"), "{\"bytes\":\"eP8gZm9vCg==\"}");
        assert_eq!(data(b"p\xff.txt"), "{\"bytes\":\"cP8udHh0\"}");
        assert_eq!(data(b"\xff\xfe"), "{\"bytes\":\"//4=\"}");
    }

    #[test]
    fn elapsed_reads_as_ripgreps() {
        let mut out = Vec::new();
        write_elapsed(&mut out, Duration::new(1, 2_600));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"secs\":1,\"nanos\":2600,\"human\":\"1.000003s\"}"
        );
    }
}
