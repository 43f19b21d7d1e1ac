//! The default engine: regex-automata's meta regex, with the shortcuts
//! that make a line search fast (candidate lines found by memchr or by
//! literal windows, two interleaved lazy-DFA scans for literal-free
//! patterns, skipping ASCII lines for patterns that need other bytes).
//!
//! All patterns given by the user are joined into one regex the way ripgrep
//! joins them (`(?:p1)|(?:p2)`), so error messages point at the same text a
//! ripgrep user sees. The regex is then rewritten so that it can never match
//! a line terminator: that lets the searcher run it over a whole buffer at
//! once and still report whole lines, the way DESIGN.md asks.

use super::{interleaved, windows, CaseMode, Match, MatcherOptions};
use crate::lines;

use regex_automata::meta::Regex;
use regex_automata::Input;
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{self, Class, Hir, HirKind, Look};

/// A compiled set of patterns, ready to search haystacks from many threads.
#[derive(Clone, Debug)]
pub struct AutomataMatcher {
    regex: Regex,
    /// Every match holds a byte >= 0x80 (`\p{Greek}`, `é`): lines of
    /// pure ASCII, most of a code tree, can be skipped without the regex.
    needs_non_ascii: bool,
    /// The pattern uses `^`/`$` (or `-x`): turning a NUL into a line end
    /// could then create a match where the unconverted line had none.
    line_anchored: bool,
    /// For patterns without a literal: a lazy DFA that finds a buffer's
    /// matching lines faster than the regex by scanning two halves at once.
    interleaved: Option<interleaved::InterleavedDfa>,
    /// For case-insensitive literal alternations: windows one of which
    /// every match holds, found faster than the regex finds its prefixes.
    windows: Option<windows::Windows>,
    /// `-U` and a pattern that can match `\n`: a match may span lines, so
    /// none of the line-at-a-time shortcuts above apply.
    multiline: bool,
    /// `--null-data`: each NUL-ended line is searched on its own, as
    /// ripgrep does: `^` and `$` hold at its ends and around a `\n` in it.
    null_data: bool,
    /// The byte lines end with, which no match holds (but under `-U`).
    terminator: u8,
    /// See [`AutomataMatcher::longest_match`].
    longest_match: Option<usize>,
}

/// How large ripgrep lets a lazy DFA's cache grow.
const HYBRID_CACHE_CAPACITY: usize = 1000 << 20;

/// Joins `patterns` as ripgrep does and parses them with its syntax
/// settings: the case mode, `-U`'s dotall, `--crlf`, `--no-unicode`.
fn parse_patterns(patterns: &[String], options: &MatcherOptions) -> Result<Hir, String> {
    let joined = join_patterns(patterns, options.fixed_strings);
    let case_insensitive = match options.case {
        CaseMode::Sensitive => false,
        CaseMode::Insensitive => true,
        CaseMode::Smart => is_all_lowercase(&joined),
    };
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .multi_line(true)
        .dot_matches_new_line(options.multiline && options.multiline_dotall)
        .crlf(options.crlf)
        .unicode(!options.ascii_only)
        .utf8(false)
        .build()
        .parse(&joined)
        .map_err(|e| e.to_string())
}

/// `parsed`, rewritten so it cannot match a line terminator unless `-U`
/// lets it match one.
fn confine_to_lines(parsed: Hir, options: &MatcherOptions) -> Result<Hir, String> {
    // Under -U a pattern that cannot match a line terminator is
    // searched line by line all the same, as ripgrep does.
    let terminator = options.terminator();
    if options.multiline && may_match_byte(&parsed, terminator) {
        Ok(parsed)
    } else {
        let banned: &[u8] = match (options.null_data, options.crlf) {
            (true, _) => b"\0",
            (false, true) => b"\n\r",
            (false, false) => b"\n",
        };
        without_line_terminator(parsed, banned)
    }
}

/// `-x` or `-w`: `hir` between the assertions that make it match whole
/// lines or whole words.
fn anchor_line_or_word(hir: Hir, options: &MatcherOptions) -> Hir {
    if options.line {
        let (start, end) = if options.crlf {
            (Look::StartCRLF, Look::EndCRLF)
        } else {
            (Look::StartLF, Look::EndLF)
        };
        Hir::concat(vec![Hir::look(start), hir, Hir::look(end)])
    } else if options.word {
        let (start, end) = if options.ascii_only {
            (Look::WordStartHalfAscii, Look::WordEndHalfAscii)
        } else {
            (Look::WordStartHalfUnicode, Look::WordEndHalfUnicode)
        };
        Hir::concat(vec![Hir::look(start), hir, Hir::look(end)])
    } else {
        hir
    }
}

/// Compiles `hir` into the meta regex, within `--regex-size-limit`
/// (`size_limit`) and with lazy DFA caches of `cache_capacity` bytes.
fn build_regex(
    hir: &Hir,
    size_limit: Option<usize>,
    cache_capacity: usize,
) -> Result<Regex, String> {
    // ripgrep's engine settings but one: no full DFA. ripgrep builds
    // one for NFAs of up to 1,000 states; its construction cost lode
    // 4.9 ms of start-up for \w+_init\( (7.4 -> 2.5 ms on a one-line
    // file), and on big.txt the lazy DFA was faster still: 0.87x
    // (\w+_init\(), 0.90x (-w [A-Z]+_SUSPEND), 0.94x (-i and
    // 5-literal cases) the time, against 1.00x-1.01x on the tree.
    let size_limit = size_limit.unwrap_or(100 << 20);
    let config = Regex::config()
        .utf8_empty(false)
        .nfa_size_limit(Some(size_limit))
        .onepass_size_limit(Some(10 * (1 << 20)))
        .dfa(false)
        .hybrid_cache_capacity(cache_capacity);
    Regex::builder()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => format!("compiled regex exceeds size limit of {limit}"),
            None => e.to_string(),
        })
}

/// Whether `hir` uses `^`/`$` (or `-x`'s assertions).
fn has_line_anchor(hir: &Hir) -> bool {
    let looks = hir.properties().look_set();
    [
        Look::Start,
        Look::End,
        Look::StartLF,
        Look::EndLF,
        Look::StartCRLF,
        Look::EndCRLF,
    ]
    .into_iter()
    .any(|look| looks.contains(look))
}

impl AutomataMatcher {
    /// Compiles `patterns` as ripgrep would; the error text is ripgrep's.
    pub fn new(patterns: &[String], options: &MatcherOptions) -> Result<AutomataMatcher, String> {
        let hir = if patterns.is_empty() {
            // No pattern at all (an empty -f file) matches nothing.
            Hir::fail()
        } else {
            let parsed = parse_patterns(patterns, options)?;
            if options.ban_nul && must_match_byte(&parsed, 0) {
                return Err(NUL_BANNED.to_string());
            }
            anchor_line_or_word(confine_to_lines(parsed, options)?, options)
        };
        let cache_capacity = options.dfa_size_limit.unwrap_or(HYBRID_CACHE_CAPACITY);
        let regex = build_regex(&hir, options.size_limit, cache_capacity)?;
        let multiline = may_match_byte(&hir, options.terminator());
        let needs_non_ascii = !multiline && !can_match_ascii_only(&hir);
        // The lazy DFA and window shortcuts know only `\n` as a line end.
        let line_shortcuts = !multiline && !needs_non_ascii && !options.null_data;
        Ok(AutomataMatcher {
            regex,
            multiline,
            null_data: options.null_data && !multiline,
            terminator: options.terminator(),
            windows: if line_shortcuts {
                windows::Windows::for_hir(&hir)
            } else {
                None
            },
            needs_non_ascii,
            interleaved: if line_shortcuts {
                interleaved::InterleavedDfa::for_literal_free(&hir, cache_capacity)
            } else {
                None
            },
            line_anchored: has_line_anchor(&hir),
            longest_match: hir
                .properties()
                .maximum_len()
                .filter(|_| !multiline && !options.null_data),
        })
    }

    /// The most bytes a match can take, if bounded and if searching part of
    /// a line finds just its matches (not under `-U` or `--null-data`).
    pub fn longest_match(&self) -> Option<usize> {
        self.longest_match
    }

    /// Where the first match in `haystack[start..end]` ends; look-around
    /// sees the bytes on either side.
    pub fn match_end_within(&self, haystack: &[u8], start: usize, end: usize) -> Option<usize> {
        self.match_end_in(haystack, start, end)
    }

    /// Where the first match in `haystack` at or after `start` ends;
    /// look-around assertions see the bytes before `start`. The end alone
    /// places the match in its line (no match crosses one), and the regex
    /// skips the work that would find the start.
    #[inline]
    pub fn match_end_at(&self, haystack: &[u8], start: usize) -> Option<usize> {
        if self.null_data {
            return self.match_end_in_own_lines(haystack, start);
        }
        if self.needs_non_ascii {
            let next_non_ascii = |pos: usize| first_non_ascii(&haystack[pos..]).map(|i| pos + i);
            return self.match_end_in_candidate_lines(haystack, start, next_non_ascii);
        }
        if let Some(windows) = &self.windows {
            let next_window = |pos: usize| windows.find(haystack, pos);
            return self.match_end_in_candidate_lines(haystack, start, next_window);
        }
        self.match_end_in(haystack, start, haystack.len())
    }

    /// `--null-data`: the end of the first line at or after the line start
    /// `start` that holds a match, each line searched alone (without its
    /// NUL).
    fn match_end_in_own_lines(&self, haystack: &[u8], start: usize) -> Option<usize> {
        let mut pos = start;
        while pos < haystack.len() {
            let end = lines::line_end(haystack, pos, self.terminator);
            let content = own_line(&haystack[pos..end], true);
            if self.regex.is_match(content) {
                return Some(pos + content.len());
            }
            pos = end;
        }
        None
    }

    /// Whether [`AutomataMatcher::matching_lines`] finds a buffer's matching lines
    /// all at once, faster than one match at a time.
    pub fn finds_lines_in_batches(&self) -> bool {
        self.interleaved.is_some()
    }

    /// For a pattern that [`AutomataMatcher::finds_lines_in_batches`], appends to
    /// `found` the (start, end) of every line of `haystack` at or after the
    /// line start `from` that holds a match, in order, and returns true;
    /// any other pattern returns false and leaves the lines to the caller.
    pub fn matching_lines(
        &self,
        haystack: &[u8],
        from: usize,
        found: &mut Vec<(usize, usize)>,
    ) -> bool {
        let Some(dfa) = &self.interleaved else {
            return false;
        };
        let by_regex =
            |range: std::ops::Range<usize>| self.match_end_in(haystack, range.start, range.end);
        dfa.matching_lines(haystack, from, found, &by_regex);
        true
    }

    /// The byte that ends a line for this matcher: `\n`, or NUL with
    /// `--null-data`. No match holds it, unless [`AutomataMatcher::is_multiline`].
    pub fn line_terminator(&self) -> u8 {
        self.terminator
    }

    /// Whether a match may span lines (`-U` with a pattern that can match
    /// `\n`): then a file is searched whole, and a selected "line" handed
    /// to a sink may be several lines.
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The first match in `haystack` starting at or after `start`;
    /// look-around assertions see the bytes before `start`.
    pub fn find_at(&self, haystack: &[u8], start: usize) -> Option<Match> {
        let input = Input::new(haystack).range(start..);
        self.regex.search(&input).map(|m| Match {
            start: m.start(),
            end: m.end(),
        })
    }

    /// Whether the pattern has line (or text) anchors.
    pub fn is_line_anchored(&self) -> bool {
        self.line_anchored
    }

    fn match_end_in(&self, haystack: &[u8], start: usize, end: usize) -> Option<usize> {
        let input = Input::new(haystack).range(start..end);
        self.regex.search_half(&input).map(|half| half.offset())
    }

    /// `match_end_at` for a pattern whose every match holds a byte that
    /// `next_candidate` finds (the first at or after an offset): a non-ASCII
    /// byte, or a window. Matches never cross a line, so the first match
    /// after `start` lies in the line of the first candidate after `start`,
    /// or later: the regex runs only on lines that have one.
    fn match_end_in_candidate_lines(
        &self,
        haystack: &[u8],
        start: usize,
        next_candidate: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        let mut pos = start;
        loop {
            let found = next_candidate(pos)?;
            let line_start = lines::line_start(haystack, found, self.terminator).max(pos);
            let line_end = lines::line_end(haystack, found, self.terminator);
            if let Some(end) = self.match_end_in(haystack, line_start, line_end) {
                return Some(end);
            }
            pos = line_end;
        }
    }

    /// Whether one line (with or without its terminator) holds a match.
    /// The terminator is left out: `^$` must not match the empty position
    /// after it.
    #[inline]
    pub fn is_match_line(&self, line: &[u8]) -> bool {
        self.regex
            .is_match(line.strip_suffix(&[self.terminator]).unwrap_or(line))
    }

    /// Calls `visit` with every match in one line (as
    /// [`AutomataMatcher::for_each_in_line`] finds them) and `replacement` with
    /// the match's groups interpolated (`$1`, `${name}`, `$$`), as `-r`
    /// prints it.
    pub fn for_each_replaced_in_line(
        &self,
        line: &[u8],
        replacement: &[u8],
        visit: impl FnMut(Match, &[u8]),
    ) {
        self.for_each_replaced_in(line, 0, line.len(), replacement, visit);
    }

    /// [`AutomataMatcher::for_each_replaced_in_line`] for the line
    /// `haystack[at..at + end]`, the bytes around it seen by the regex;
    /// the matches are placed in the line.
    pub fn for_each_replaced_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        replacement: &[u8],
        mut visit: impl FnMut(Match, &[u8]),
    ) {
        let mut replaced = Vec::new();
        let haystack = own_line(haystack, self.null_data);
        for captures in self.regex.captures_iter(Input::new(haystack).range(at..)) {
            let Some(m) = captures.get_match() else {
                continue;
            };
            if m.start() - at >= end {
                break;
            }
            replaced.clear();
            captures.interpolate_bytes_into(haystack, replacement, &mut replaced);
            let found = Match {
                start: m.start() - at,
                end: m.end() - at,
            };
            visit(found, &replaced);
        }
    }

    /// Calls `visit` with every match in one line, in order, as ripgrep's
    /// printer reports them: those that start before the line's end, its
    /// terminator included (an empty match just before a terminator
    /// counts; one at the end of a last line without one does not). Stops
    /// when `visit` says so.
    pub fn for_each_in_line(&self, line: &[u8], visit: impl FnMut(Match) -> bool) {
        self.for_each_in(line, 0, line.len(), visit);
    }

    /// [`AutomataMatcher::for_each_in_line`] for the line
    /// `haystack[at..at + end]`, the bytes around it seen by the regex;
    /// the matches are placed in the line.
    pub fn for_each_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        mut visit: impl FnMut(Match) -> bool,
    ) {
        let haystack = own_line(haystack, self.null_data);
        for m in self.regex.find_iter(Input::new(haystack).range(at..)) {
            if m.start() - at >= end {
                break;
            }
            if !visit(Match {
                start: m.start() - at,
                end: m.end() - at,
            }) {
                break;
            }
        }
    }
}

/// ripgrep's error for a pattern with a NUL under binary detection, which
/// stops at (or converts) every NUL, so the pattern could never match.
const NUL_BANNED: &str = "pattern contains \"\\0\" but it is impossible to match\n\n\
Consider enabling text mode with the --text flag (or -a for short). Otherwise,\n\
binary detection is enabled and matching a NUL byte is impossible.";

/// Whether `hir` holds `byte` as a literal or as a class of that byte
/// alone, anywhere (ripgrep's test for a banned byte: `\x00?` counts).
fn must_match_byte(hir: &Hir, byte: u8) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(hir::Literal(bytes)) => bytes.contains(&byte),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            ranges.len() == 1
                && ranges[0].start() == char::from(byte)
                && ranges[0].end() == char::from(byte)
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class.ranges();
            ranges.len() == 1 && ranges[0].start() == byte && ranges[0].end() == byte
        }
        HirKind::Repetition(rep) => must_match_byte(&rep.sub, byte),
        HirKind::Capture(cap) => must_match_byte(&cap.sub, byte),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|sub| must_match_byte(sub, byte))
        }
    }
}

/// Whether `hir` can match some string made only of ASCII bytes. (A yes
/// may be too generous, which only costs speed; a no must be right.)
fn can_match_ascii_only(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(hir::Literal(bytes)) => bytes.is_ascii(),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| r.start() <= '\x7F'),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| r.start() <= 0x7F),
        HirKind::Repetition(rep) => rep.min == 0 || can_match_ascii_only(&rep.sub),
        HirKind::Capture(cap) => can_match_ascii_only(&cap.sub),
        HirKind::Concat(subs) => subs.iter().all(can_match_ascii_only),
        HirKind::Alternation(subs) => subs.iter().any(can_match_ascii_only),
    }
}

/// A line as `--null-data` searches it: without its NUL.
fn own_line(line: &[u8], null_data: bool) -> &[u8] {
    if null_data {
        line.strip_suffix(b"\0").unwrap_or(line)
    } else {
        line
    }
}

/// Whether `hir` may match the byte `byte` (a line terminator; a yes may
/// be too generous: it only costs the line-at-a-time shortcuts; a no must
/// be right).
fn may_match_byte(hir: &Hir, byte: u8) -> bool {
    let as_char = char::from(byte);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(hir::Literal(bytes)) => bytes.contains(&byte),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= as_char && as_char <= r.end()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= byte && byte <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && may_match_byte(&rep.sub, byte),
        HirKind::Capture(cap) => may_match_byte(&cap.sub, byte),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|sub| may_match_byte(sub, byte))
        }
    }
}

/// The offset of the first byte >= 0x80, eight bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(32);
    let mut offset = 0;
    for block in &mut words {
        let word = |i: usize| u64::from_ne_bytes(block[i..i + 8].try_into().unwrap());
        if (word(0) | word(8) | word(16) | word(24)) & HIGH != 0 {
            break;
        }
        offset += 32;
    }
    bytes[offset..]
        .iter()
        .position(|&b| b >= 0x80)
        .map(|i| offset + i)
}

/// Joins patterns into one regex the way ripgrep does, so its errors match.
fn join_patterns(patterns: &[String], fixed_strings: bool) -> String {
    let mut joined = String::new();
    for (i, pattern) in patterns.iter().enumerate() {
        if i > 0 {
            joined.push('|');
        }
        joined.push_str("(?:");
        if fixed_strings {
            joined.push_str(&regex_syntax::escape(pattern));
        } else {
            joined.push_str(pattern);
        }
        joined.push(')');
    }
    joined
}

/// `patterns` joined as one regex that means alone what they mean together
/// under `-S` (and `-F`, if `fixed_strings`): escaped, and made
/// case-insensitive inline when smart case would make them so. Alternated
/// with others so made, each keeps its own case, which `-S` on all of them
/// joined would not.
pub(super) fn with_own_smart_case(patterns: &[String], fixed_strings: bool) -> String {
    let joined = join_patterns(patterns, fixed_strings);
    if is_all_lowercase(&joined) {
        format!("(?i:{joined})")
    } else {
        joined
    }
}

/// Smart case: insensitive only when the pattern has a literal and none of
/// its literals is uppercase (ripgrep's rule). A pattern that does not parse
/// is left case-sensitive; the real parse reports the error.
fn is_all_lowercase(pattern: &str) -> bool {
    let Ok(ast) = ast::parse::Parser::new().parse(pattern) else {
        return false;
    };
    ast::visit(&ast, CaseScan::default()).unwrap_or(false)
}

#[derive(Default)]
struct CaseScan {
    any_literal: bool,
    any_uppercase: bool,
}

impl CaseScan {
    fn saw_char(&mut self, c: char) {
        self.any_literal = true;
        self.any_uppercase |= c.is_uppercase();
    }
}

impl ast::Visitor for CaseScan {
    type Output = bool;
    type Err = ();

    fn finish(self) -> Result<bool, ()> {
        Ok(self.any_literal && !self.any_uppercase)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
        if let Ast::Literal(lit) = ast {
            self.saw_char(lit.c);
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ast::ClassSetItem) -> Result<(), ()> {
        match item {
            ast::ClassSetItem::Literal(lit) => self.saw_char(lit.c),
            ast::ClassSetItem::Range(range) => {
                self.saw_char(range.start.c);
                self.saw_char(range.end.c);
            }
            _ => {}
        }
        Ok(())
    }
}

/// The message ripgrep prints when a pattern needs to match a line
/// terminator byte (`\n`, or with `--crlf` also `\r`).
fn terminator_literal_error(byte: u8) -> String {
    let shown = match byte {
        b'\r' => "\\r",
        b'\0' => "\\0",
        _ => "\\n",
    };
    format!(
        "the literal \"{shown}\" is not allowed in a regex\n\n\
         Consider enabling multiline mode with the --multiline flag (or -U for short).\n\
         When multiline mode is enabled, new line characters can be matched."
    )
}

/// Rewrites `hir` so it can never match a `banned` byte (the line
/// terminator, and `\r` with `--crlf`): classes lose them, and a literal
/// one is an error, exactly as in ripgrep's line-oriented mode.
fn without_line_terminator(hir: Hir, banned: &[u8]) -> Result<Hir, String> {
    let recurse = |sub: Hir| without_line_terminator(sub, banned);
    Ok(match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) => {
            if let Some(&byte) = banned.iter().find(|&&b| bytes.contains(&b)) {
                return Err(terminator_literal_error(byte));
            }
            Hir::literal(bytes)
        }
        HirKind::Class(Class::Unicode(mut class)) => {
            let ranges = banned
                .iter()
                .map(|&b| hir::ClassUnicodeRange::new(char::from(b), char::from(b)));
            class.difference(&hir::ClassUnicode::new(ranges));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(mut class)) => {
            let ranges = banned.iter().map(|&b| hir::ClassBytesRange::new(b, b));
            class.difference(&hir::ClassBytes::new(ranges));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(mut rep) => {
            rep.sub = Box::new(recurse(*rep.sub)?);
            Hir::repetition(rep)
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(recurse(*cap.sub)?);
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(recurse).collect::<Result<_, _>>()?)
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(recurse).collect::<Result<_, _>>()?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(patterns: &[&str], options: MatcherOptions) -> AutomataMatcher {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        AutomataMatcher::new(&patterns, &options).unwrap()
    }

    fn all_in_line(m: &AutomataMatcher, line: &[u8]) -> Vec<(usize, usize)> {
        let mut found = vec![];
        m.for_each_in_line(line, |x| {
            found.push((x.start, x.end));
            true
        });
        found
    }

    #[test]
    fn whitespace_class_never_crosses_a_line() {
        let m = matcher(&[r"a\sb"], MatcherOptions::default());
        assert_eq!(m.match_end_at(b"a\nb a b", 0), Some(7));
    }

    #[test]
    fn negated_class_never_matches_newline() {
        let m = matcher(&["x[^y]z"], MatcherOptions::default());
        assert!(m.match_end_at(b"x\nz", 0).is_none());
    }

    #[test]
    fn literal_newline_is_rejected_with_ripgrep_text() {
        let err = AutomataMatcher::new(&["a\\nb".into()], &MatcherOptions::default()).unwrap_err();
        assert!(err.starts_with("the literal \"\\n\" is not allowed in a regex"));
    }

    #[test]
    fn syntax_error_shows_the_joined_pattern() {
        let err = AutomataMatcher::new(&["foo(".into()], &MatcherOptions::default()).unwrap_err();
        assert_eq!(
            err,
            "regex parse error:\n    (?:foo()\n    ^\nerror: unclosed group"
        );
    }

    #[test]
    fn anchors_are_per_line() {
        let m = matcher(&["^b$"], MatcherOptions::default());
        assert_eq!(m.match_end_at(b"a\nb\nc", 0), Some(3));
    }

    #[test]
    fn fixed_strings_escape_metacharacters() {
        let options = MatcherOptions {
            fixed_strings: true,
            ..Default::default()
        };
        let m = matcher(&["a.b(", "x+"], options);
        assert!(m.is_match_line(b"za.b(z"));
        assert!(!m.is_match_line(b"axb("));
        assert!(m.is_match_line(b"x+"));
    }

    #[test]
    fn smart_case_is_insensitive_only_for_lowercase_literals() {
        let smart = MatcherOptions {
            case: CaseMode::Smart,
            ..Default::default()
        };
        assert!(matcher(&["foo"], smart.clone()).is_match_line(b"FOO"));
        assert!(!matcher(&["Foo"], smart.clone()).is_match_line(b"FOO"));
        assert!(!matcher(&[r"\w+"], smart.clone()).is_match_line(b"!"));
        assert!(!matcher(&["[A-Z]x"], smart).is_match_line(b"ax"));
    }

    #[test]
    fn word_mode_uses_half_boundaries() {
        let word = MatcherOptions {
            word: true,
            ..Default::default()
        };
        let m = matcher(&["foo"], word.clone());
        assert!(m.is_match_line(b"a foo b"));
        assert!(!m.is_match_line(b"afoo"));
        // A pattern that starts with a non-word character still matches
        // after a space, which \b(?:...)\b would refuse.
        assert!(matcher(&["-x"], word).is_match_line(b"a -x"));
    }

    #[test]
    fn line_mode_matches_whole_lines_only() {
        let line = MatcherOptions {
            line: true,
            ..Default::default()
        };
        let m = matcher(&["foo|bar"], line);
        assert_eq!(m.match_end_at(b"foox\nbar\n", 0), Some(8));
    }

    #[test]
    fn empty_matches_in_a_line_stop_at_its_terminator() {
        let m = matcher(&["a*"], MatcherOptions::default());
        assert_eq!(all_in_line(&m, b"bab\n"), vec![(0, 0), (1, 2), (3, 3)]);
        // A last line without a terminator: none at its very end (ripgrep
        // prints two empty matches for `rg -o 'x*'` on a final "cd").
        assert_eq!(all_in_line(&m, b"b"), vec![(0, 0)]);
    }

    #[test]
    fn a_line_match_ignores_the_terminator() {
        let m = matcher(&["^$"], MatcherOptions::default());
        // On the raw bytes `^$` matches after the terminator...
        assert_eq!(m.match_end_at(b"a\n", 0), Some(2));
        // ...but not in the line.
        assert!(!m.is_match_line(b"a\n"));
        assert!(m.is_match_line(b"\n"));
    }

    #[test]
    fn patterns_that_need_non_ascii_bytes_are_recognised() {
        let needs = |p: &str| matcher(&[p], MatcherOptions::default()).needs_non_ascii;
        assert!(needs(r"\p{Greek}"));
        assert!(needs("é"));
        assert!(needs(r"a\p{Greek}+b"));
        assert!(!needs(r"\p{Greek}|a"));
        assert!(!needs(r"\p{Greek}*"));
        assert!(!needs(r"\w"));
        assert!(!needs("foo"));
    }

    #[test]
    fn non_ascii_skipping_finds_the_same_matches() {
        let m = matcher(&[r"\p{Greek}+"], MatcherOptions::default());
        let hay = "plain\nα here\nnone\nx β γ\n".as_bytes();
        assert_eq!(m.match_end_at(hay, 0), Some(8));
        // "plain\n" 0..6, "α here\n" 6..14, "none\n" 14..19, "x β γ\n" 19..27
        assert_eq!(m.match_end_at(hay, 8), Some(23));
        assert_eq!(m.match_end_at(hay, 23), Some(26));
        assert_eq!(m.match_end_at(hay, 26), None);
        assert_eq!(first_non_ascii(&[b'a'; 100]), None);
        let mut late = vec![b'a'; 100];
        late[77] = 0xCE;
        assert_eq!(first_non_ascii(&late), Some(77));
    }

    #[test]
    fn line_anchors_are_noticed() {
        assert!(matcher(&["^a"], MatcherOptions::default()).is_line_anchored());
        assert!(matcher(&["a$"], MatcherOptions::default()).is_line_anchored());
        let line = MatcherOptions {
            line: true,
            ..Default::default()
        };
        assert!(matcher(&["a"], line).is_line_anchored());
        assert!(!matcher(&[r"\ba\b"], MatcherOptions::default()).is_line_anchored());
    }

    #[test]
    fn no_patterns_match_nothing() {
        let m = AutomataMatcher::new(&[], &MatcherOptions::default()).unwrap();
        assert!(!m.is_match_line(b""));
        assert!(!m.is_match_line(b"anything\n"));
    }
}
