//! ripgrep's `--json` output: one JSON object per line. A file with output
//! opens with a `begin` message and closes with an `end` message carrying
//! its statistics; between them each selected line is a `match` and each
//! context line a `context`, with every match in it. The run ends with a
//! `summary` (see [`write_summary`]).
//!
//! Text is written as `{"text":"..."}` when it is valid UTF-8 and as
//! `{"bytes":"<base64>"}` otherwise. The messages are written with
//! serde_json, as ripgrep's are, so the output is ripgrep's byte for byte
//! but for the elapsed times.

use std::time::{Duration, Instant};

use super::FileOutcome;
use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

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
            let end = End {
                path: Data(self.path),
                binary_offset: self.binary_offset,
                stats: FileStats {
                    elapsed: Elapsed(stats.elapsed),
                    searches: 1,
                    searches_with_match: stats.searches_with_match,
                    bytes_searched: stats.bytes_searched,
                    bytes_printed: stats.bytes_printed,
                    matched_lines: stats.matched_lines,
                    matches: stats.matches,
                },
            };
            write_message(
                self.out,
                &Message {
                    kind: "end",
                    data: end,
                },
            );
        }
    }

    /// One `match` or `context` message; returns how many matches the
    /// line holds.
    fn write_line(&mut self, kind: &str, line: &Line<'_>, submatches: bool) -> u64 {
        if !self.begun {
            self.begun = true;
            let begin = Begin {
                path: Data(self.path),
            };
            write_message(
                self.out,
                &Message {
                    kind: "begin",
                    data: begin,
                },
            );
        }
        // The one message written for every line is laid out here, its
        // strings escaped by serde_json: serializing it as a struct
        // escaped each of its dozen keys again for every line, which cost
        // 8% of `--json` over big.txt.
        let out = &mut *self.out;
        out.extend_from_slice(b"{\"type\":\"");
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b"\",\"data\":{\"path\":");
        write_data(out, self.path);
        out.extend_from_slice(b",\"lines\":");
        write_data(out, line.bytes);
        out.extend_from_slice(b",\"line_number\":");
        write_json(out, &line.number);
        out.extend_from_slice(b",\"absolute_offset\":");
        write_json(out, &line.offset);
        out.extend_from_slice(b",\"submatches\":[");
        let count = if submatches {
            write_submatches(out, self.matcher, self.replace, line)
        } else {
            0
        };
        out.extend_from_slice(b"]}}\n");
        count
    }
}

/// A line's matches, found again as they are written: `{"match":..,
/// "replacement":..,"start":..,"end":..},...`, the replacement only with
/// `-r`. Returns how many were written.
fn write_submatches(
    out: &mut Vec<u8>,
    matcher: &Matcher,
    replace: Option<&[u8]>,
    line: &Line<'_>,
) -> u64 {
    let (haystack, at, end) = line.search_area();
    let mut count = 0;
    let mut write = |m: Match, replaced: Option<&[u8]>| {
        if count > 0 {
            out.push(b',');
        }
        count += 1;
        out.extend_from_slice(b"{\"match\":");
        write_data(out, &haystack[at + m.start..at + m.end]);
        if let Some(replaced) = replaced {
            out.extend_from_slice(b",\"replacement\":");
            write_data(out, replaced);
        }
        out.extend_from_slice(b",\"start\":");
        write_json(out, &m.start);
        out.extend_from_slice(b",\"end\":");
        write_json(out, &m.end);
        out.push(b'}');
    };
    match replace {
        Some(replacement) => {
            matcher.for_each_replaced_in(haystack, at, end, replacement, |m, with| {
                write(m, Some(with));
            });
        }
        None => matcher.for_each_in(haystack, at, end, |m| {
            write(m, None);
            true
        }),
    }
    count
}

/// [`Data`] written straight into `out`.
fn write_data(out: &mut Vec<u8>, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            out.extend_from_slice(b"{\"text\":");
            write_json(out, text);
        }
        Err(_) => {
            out.extend_from_slice(b"{\"bytes\":");
            write_json(out, &Base64(bytes));
        }
    }
    out.push(b'}');
}

/// One value as serde_json writes it (a string escaped, a number, `null`).
fn write_json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    // Writing into a Vec cannot fail, and no value here has a part whose
    // serialization can.
    serde_json::to_writer(&mut *out, value).expect("a JSON value serializes");
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
    let summary = Summary {
        data: SummaryData {
            elapsed_total: SortedElapsed(elapsed_total),
            stats: SummaryStats {
                bytes_printed: totals.bytes_printed,
                bytes_searched: totals.bytes_searched,
                elapsed: SortedElapsed(totals.elapsed),
                matched_lines: totals.matched_lines,
                matches: totals.matches,
                searches: totals.searches,
                searches_with_match: totals.searches_with_match,
            },
        },
        kind: "summary",
    };
    write_message(out, &summary);
}

/// Appends one message and the newline that ends it.
fn write_message(out: &mut Vec<u8>, message: &impl Serialize) {
    // Writing into a Vec cannot fail, and no message here has a part
    // whose serialization can.
    serde_json::to_writer(&mut *out, message).expect("a JSON message serializes");
    out.push(b'\n');
}

/// `{"type":KIND,"data":DATA}`: every message but the summary.
#[derive(Serialize)]
struct Message<'k, D> {
    #[serde(rename = "type")]
    kind: &'k str,
    data: D,
}

/// The data of a `begin` message.
#[derive(Serialize)]
struct Begin<'a> {
    path: Data<'a>,
}

/// The data of an `end` message.
#[derive(Serialize)]
struct End<'a> {
    path: Data<'a>,
    binary_offset: Option<u64>,
    stats: FileStats,
}

/// One file's `stats`, in ripgrep's order.
#[derive(Serialize)]
struct FileStats {
    elapsed: Elapsed,
    searches: u64,
    searches_with_match: u64,
    bytes_searched: u64,
    bytes_printed: u64,
    matched_lines: u64,
    matches: u64,
}

/// The `summary` message, its keys sorted at every level.
#[derive(Serialize)]
struct Summary {
    data: SummaryData,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct SummaryData {
    elapsed_total: SortedElapsed,
    stats: SummaryStats,
}

#[derive(Serialize)]
struct SummaryStats {
    bytes_printed: u64,
    bytes_searched: u64,
    elapsed: SortedElapsed,
    matched_lines: u64,
    matches: u64,
    searches: u64,
    searches_with_match: u64,
}

/// Bytes as ripgrep writes them: `{"text":"..."}` when they are valid
/// UTF-8, else `{"bytes":"<base64>"}`.
struct Data<'a>(&'a [u8]);

impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match std::str::from_utf8(self.0) {
            Ok(text) => map.serialize_entry("text", text)?,
            Err(_) => map.serialize_entry("bytes", &Base64(self.0))?,
        }
        map.end()
    }
}

/// Standard base64 with padding, encoded straight into the output.
struct Base64<'a>(&'a [u8]);

impl Serialize for Base64<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Base64Display::new(self.0, &STANDARD))
    }
}

/// `{"secs":S,"nanos":N,"human":"0.000123s"}`.
struct Elapsed(Duration);

impl Serialize for Elapsed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut elapsed = serializer.serialize_struct("Elapsed", 3)?;
        elapsed.serialize_field("secs", &self.0.as_secs())?;
        elapsed.serialize_field("nanos", &self.0.subsec_nanos())?;
        elapsed.serialize_field("human", &Human(self.0))?;
        elapsed.end()
    }
}

/// The same fields in sorted order, as in the summary.
struct SortedElapsed(Duration);

impl Serialize for SortedElapsed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut elapsed = serializer.serialize_struct("Elapsed", 3)?;
        elapsed.serialize_field("human", &Human(self.0))?;
        elapsed.serialize_field("nanos", &self.0.subsec_nanos())?;
        elapsed.serialize_field("secs", &self.0.as_secs())?;
        elapsed.end()
    }
}

/// A duration as ripgrep shows it: seconds, six decimals, `s`.
struct Human(Duration);

impl Serialize for Human {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:0.6}s", self.0.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl Serialize) -> String {
        serde_json::to_string(value).unwrap()
    }

    #[test]
    fn text_is_escaped_as_ripgrep_writes_it() {
        assert_eq!(
            json(&Data(b"a\tb\"c\\d\r\n\x00\x1b\x08\x0c\x7f\xc3\xa9/")),
            "{\"text\":\"a\\tb\\\"c\\\\d\\r\\n\\u0000\\u001b\\b\\f\x7f\u{e9}/\"}"
        );
    }

    #[test]
    fn invalid_utf8_is_base64() {
        assert_eq!(json(&Data(b"x\xff foo\n")), "{\"bytes\":\"eP8gZm9vCg==\"}");
        assert_eq!(json(&Data(b"p\xff.txt")), "{\"bytes\":\"cP8udHh0\"}");
        assert_eq!(json(&Data(b"\xff\xfe")), "{\"bytes\":\"//4=\"}");
    }

    #[test]
    fn elapsed_reads_as_ripgreps() {
        let elapsed = Duration::new(1, 2_600);
        assert_eq!(
            json(&Elapsed(elapsed)),
            "{\"secs\":1,\"nanos\":2600,\"human\":\"1.000003s\"}"
        );
        assert_eq!(
            json(&SortedElapsed(elapsed)),
            "{\"human\":\"1.000003s\",\"nanos\":2600,\"secs\":1}"
        );
    }

    #[test]
    fn the_summary_has_its_keys_sorted() {
        let totals = Stats {
            bytes_printed: 1,
            bytes_searched: 2,
            elapsed: Duration::new(0, 5),
            matched_lines: 4,
            matches: 5,
            searches: 6,
            searches_with_match: 7,
        };
        let mut out = Vec::new();
        write_summary(&mut out, &totals, Duration::new(3, 0));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"data":{"elapsed_total":{"human":"3.000000s","nanos":0,"secs":3},"#,
                r#""stats":{"bytes_printed":1,"bytes_searched":2,"#,
                r#""elapsed":{"human":"0.000000s","nanos":5,"secs":0},"#,
                r#""matched_lines":4,"matches":5,"searches":6,"searches_with_match":7}},"#,
                r#""type":"summary"}"#,
                "\n"
            )
        );
    }
}
