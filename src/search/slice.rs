//! Searching a whole file held in memory (read, or mapped): decoded as
//! ripgrep decodes it, and with ripgrep's binary rules for a file it reads
//! (a NUL anywhere counts) or maps (a NUL in the first 64 KiB, or in a
//! line handed to the printer).

use encoding_rs::Encoding;

use super::binary::{self, BinaryMode, BinaryNotice, BinaryRule, NulCheck, ReachedNul};
use super::stream::{Sniff, Stream, StreamEnd};
use super::{lines, search_lines, SearchOptions, Searcher, Sink, SinkFinish};
use crate::io::decode::{Plan, Transcoder, UTF8_BOM};
use crate::io::stream::RollingBuffer;
use crate::matcher::Matcher;

impl Searcher {
    /// Searches a whole file held in memory (read or mapped) into `sink`,
    /// ending with [`Sink::finish`].
    pub fn search_slice<S: Sink>(
        &self,
        matcher: &Matcher,
        bytes: &[u8],
        rule: BinaryRule,
        sink: &mut S,
    ) -> StreamEnd {
        match self.decoding.plan(bytes) {
            Plan::Transcode(encoding, mark) => {
                self.search_transcoded(matcher, &bytes[mark..], encoding, rule, sink)
            }
            plan => {
                let (rule, text) = self.text_of(plan, rule, bytes);
                self.search_text(matcher, text, rule, sink);
                StreamEnd::Searched
            }
        }
    }

    /// The text ripgrep searches in a file's `bytes` under a `plan` that
    /// does not transcode them, and the rule for it. ripgrep drops a UTF-8
    /// byte order mark (offsets count from after it), and reads a file
    /// through its decoder, even one it would map, when the file starts
    /// with a byte order mark or `-E` names an encoding.
    pub(super) fn text_of<'b>(
        &self,
        plan: Plan,
        rule: BinaryRule,
        bytes: &'b [u8],
    ) -> (BinaryRule, &'b [u8]) {
        let rule = BinaryRule {
            as_mapped: rule.as_mapped && (rule.whole || !self.decoding.reads_through_decoder(plan)),
            ..rule
        };
        let text = match plan {
            Plan::SkipUtf8Bom => &bytes[UTF8_BOM.len()..],
            Plan::AsIs | Plan::Transcode(..) => bytes,
        };
        (rule, text)
    }

    /// Searches a file held in memory through a decoder, as a stream (or,
    /// for a multi-line pattern, decoded whole first). The decoded text
    /// is new memory, so its lines are held to the stream line limit.
    fn search_transcoded<S: Sink>(
        &self,
        matcher: &Matcher,
        bytes: &[u8],
        encoding: &'static Encoding,
        rule: BinaryRule,
        sink: &mut S,
    ) -> StreamEnd {
        let mut text = Transcoder::new(bytes, encoding);
        // Bytes in memory cannot fail to read.
        if rule.whole {
            let mut decoded = Vec::new();
            let ended = self.read_whole(&mut text, &mut decoded);
            self.search_text(matcher, &decoded, rule, sink);
            return ended.unwrap_or(StreamEnd::Searched);
        }
        let mut rolling = RollingBuffer::new();
        let stream = Stream {
            reader: &mut text,
            sniff: Sniff::No,
            after_window: None,
            line_limit: self.stream_line_limit,
        };
        self.search_stream(matcher, stream, &mut rolling, rule.mode, sink)
            .unwrap_or(StreamEnd::Searched)
    }

    /// Searches a whole file's text (see [`Searcher::text_of`]).
    pub(super) fn search_text<S: Sink>(
        &self,
        matcher: &Matcher,
        bytes: &[u8],
        rule: BinaryRule,
        sink: &mut S,
    ) {
        if rule.checks_as_mapped() {
            return self.search_as_mapped(matcher, bytes, rule.mode, sink);
        }
        let mode = rule.mode;
        let nul = match mode {
            BinaryMode::AsText => None,
            BinaryMode::Quit | BinaryMode::Convert => memchr::memchr(0, bytes),
        };
        let converted;
        let (haystack, at_nul) = match (mode, nul) {
            (BinaryMode::Quit, Some(nul)) => {
                let searched = self.searched_before_nul(matcher, bytes, nul);
                (&bytes[..searched], Some(ReachedNul::Quit(nul as u64)))
            }
            (BinaryMode::Convert, Some(nul)) => {
                converted = binary::convert_nuls(bytes, self.options.terminator);
                sink.binary_data(BinaryNotice {
                    nul_offset: nul as u64,
                    searched_before: self.searched_before_nul(matcher, bytes, nul) as u64,
                });
                (converted.as_slice(), Some(ReachedNul::Convert(nul as u64)))
            }
            _ => (bytes, None),
        };
        let summary = search_lines(&self.options, matcher, haystack, 0, &mut *sink);
        // A search stopped early (-m, -l, -q, or the binary match itself)
        // never read the buffer holding the NUL.
        let reached = at_nul.filter(|_| !summary.stopped_early);
        // In quit mode ripgrep counts the lines it searched before the buffer
        // holding the NUL: the haystack.
        let searched = summary.stopped_at.unwrap_or(haystack.len() as u64);
        sink.finish(SinkFinish {
            binary: reached,
            bytes_searched: searched,
        });
    }

    /// Searches a file the way ripgrep searches one it maps: a NUL in the
    /// first 64 KiB is found before the search; past that, only in the lines
    /// handed to the printer. No NUL is read as a line end.
    fn search_as_mapped<S: Sink>(
        &self,
        matcher: &Matcher,
        bytes: &[u8],
        mode: BinaryMode,
        sink: &mut S,
    ) {
        let mut sink = NulCheck::new(sink);
        let reached = match binary::first_nul_in_head(bytes) {
            Some(nul) if mode == BinaryMode::Quit => {
                return sink.finish(SinkFinish {
                    binary: Some(ReachedNul::Quit(nul as u64)),
                    bytes_searched: 0,
                });
            }
            Some(nul) => {
                let nul_offset = nul as u64;
                sink.binary_data(BinaryNotice {
                    nul_offset,
                    searched_before: 0,
                });
                Some(ReachedNul::Convert(nul_offset))
            }
            None => {
                sink.check_lines_for_nul(mode);
                None
            }
        };
        let summary = search_lines(&self.options, matcher, bytes, 0, &mut sink);
        let reached = reached.or(sink.nul_found_in_lines());
        let searched = summary.stopped_at.unwrap_or(bytes.len() as u64);
        sink.finish(SinkFinish {
            binary: reached,
            bytes_searched: reached.map_or(searched, ReachedNul::offset),
        });
    }

    /// Where ripgrep's read loop stopped searching a file whose first NUL is
    /// at `nul`. With context that depends on which lines were emitted
    /// before it, so a first pass (no printing) records them.
    fn searched_before_nul(&self, matcher: &Matcher, bytes: &[u8], nul: usize) -> usize {
        let policy = self.roll_policy();
        let mut emitted = binary::EmittedEnds::default();
        if policy.max_context > 0 {
            let options = SearchOptions {
                line_numbers: false,
                ..self.options.clone()
            };
            let before_nul = &bytes[..lines::line_start(bytes, nul, self.options.terminator)];
            search_lines(&options, matcher, before_nul, 0, &mut emitted);
        }
        binary::searched_before_nul(bytes, nul, policy, &emitted.0)
    }
}
