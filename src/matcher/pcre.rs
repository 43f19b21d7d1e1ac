//! The PCRE2 engine (`-P`, `--engine pcre2`, and `--engine auto` for the
//! patterns the default engine refuses): the library ripgrep uses, with its
//! JIT, configured as ripgrep configures it, so look-around,
//! backreferences, `\K` and atomic groups mean what they mean to `rg -P`.
//!
//! Unlike the default engine, a PCRE2 pattern may match a line terminator
//! (`\s`, `[^a]`), so outside `-U` each line is searched on its own,
//! without its terminator, as ripgrep's searcher does for this engine; with
//! `-U` the whole buffer is searched and a match may span lines.

use std::cell::RefCell;
use std::collections::HashMap;

use pcre2::bytes::{CaptureLocations, Regex, RegexBuilder};
use regex_automata::util::interpolate;

use super::{CaseMode, Match, MatcherOptions};
use crate::lines;

/// Patterns compiled by PCRE2.
#[derive(Clone, Debug)]
pub struct PcreMatcher {
    regex: Regex,
    /// Capture group names and their indices, for `-r`'s `${name}`.
    names: HashMap<String, usize>,
    /// `-U`: the buffer is searched whole, matches may span lines.
    multiline: bool,
    /// The byte lines end with.
    terminator: u8,
    /// `--crlf`: a line's `\r\n` is its terminator.
    crlf: bool,
}

thread_local! {
    /// The first error PCRE2 gave while matching (a match or depth limit
    /// hit by a pattern that backtracks too much), on this thread, since
    /// [`PcreMatcher::take_error`]. Once one is set every search answers
    /// "no match", so the file's search ends where ripgrep's does, and
    /// the worker that searched the file reports it.
    static MATCH_ERROR: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A pattern that matches nothing, for an empty pattern list (an empty
/// `-f` file), as ripgrep writes it.
const MATCH_NOTHING: &str = r"[^\S\s]";

impl PcreMatcher {
    /// Compiles `patterns` as `rg -P` does; the error text is PCRE2's, as
    /// ripgrep prints it.
    pub fn new(patterns: &[String], options: &MatcherOptions) -> Result<PcreMatcher, String> {
        let joined = join_patterns(patterns, options.fixed_strings);
        let caseless = match options.case {
            CaseMode::Sensitive => false,
            CaseMode::Insensitive => true,
            CaseMode::Smart => !has_uppercase_literal(&joined),
        };
        let pattern = if options.line {
            format!(r"(?m:^)(?:{joined})(?m:$)")
        } else if options.word {
            format!(r"(?<!\w)(?:{joined})(?!\w)")
        } else {
            joined
        };
        let mut builder = RegexBuilder::new();
        builder
            .multi_line(true)
            .caseless(caseless)
            // ripgrep's JIT settings: PCRE2's default stack of 32 KiB is
            // too small for some patterns; 10 MiB is plenty.
            .jit_if_available(true)
            .max_jit_stack_size(Some(10 << 20));
        if !options.ascii_only {
            builder.utf(true).ucp(true);
        }
        if options.multiline {
            builder.dotall(options.multiline_dotall);
        }
        if options.crlf {
            builder.crlf(true);
        }
        let regex = builder.build(&pattern).map_err(|e| e.to_string())?;
        let names = regex
            .capture_names()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| Some((name.clone()?, i)))
            .collect();
        Ok(PcreMatcher {
            regex,
            names,
            multiline: options.multiline,
            terminator: options.terminator(),
            crlf: options.crlf,
        })
    }

    /// PCRE2's version and whether its JIT is there, as `--pcre2-version`
    /// prints it.
    pub fn version() -> String {
        let (major, minor) = pcre2::version();
        let jit = if pcre2::is_jit_available() {
            "available"
        } else {
            "unavailable"
        };
        format!("PCRE2 {major}.{minor} is available (JIT is {jit})")
    }

    /// Where the first match ends in the first line at or after the line
    /// start `start` that holds one (each line searched alone); with `-U`,
    /// the end of the first match at or after `start`.
    pub fn match_end_at(&self, haystack: &[u8], start: usize) -> Option<usize> {
        if self.multiline {
            return self.find_at(haystack, start).map(|m| m.end);
        }
        let mut pos = start;
        while pos < haystack.len() && !has_error() {
            let end = lines::line_end(haystack, pos, self.terminator);
            let content = self.content(&haystack[pos..end]);
            if let Some(m) = keep_error(self.regex.find(content)) {
                return Some(pos + m.end());
            }
            pos = end;
        }
        None
    }

    /// The first match in `haystack` starting at or after `start`.
    pub fn find_at(&self, haystack: &[u8], start: usize) -> Option<Match> {
        if has_error() {
            return None;
        }
        let m = keep_error(self.regex.find_at(haystack, start))?;
        Some(Match {
            start: m.start(),
            end: m.end(),
        })
    }

    /// The error PCRE2 gave while matching on this thread since the last
    /// call, as ripgrep prints it (`PCRE2: error matching: match limit
    /// exceeded`), and forgets it.
    pub fn take_error() -> Option<String> {
        MATCH_ERROR.with(|slot| slot.borrow_mut().take())
    }

    /// Whether `-U` lets a match span lines.
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The byte lines end with.
    pub fn line_terminator(&self) -> u8 {
        self.terminator
    }

    /// Whether one line (with or without its terminator) holds a match.
    pub fn is_match_line(&self, line: &[u8]) -> bool {
        !has_error()
            && keep_error(self.regex.is_match(self.content(line)).map(Some)).unwrap_or(false)
    }

    /// Calls `visit` with every match that starts in the line
    /// `haystack[at..at + end]`, placed in the line, in order, until it
    /// says stop. Outside `-U` the line is searched alone without its
    /// terminator, as ripgrep's printer does; with `-U` the bytes around
    /// it are seen too (look-behind, and a match may run past it).
    pub fn for_each_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        mut visit: impl FnMut(Match) -> bool,
    ) {
        let (haystack, at) = self.searched_part(haystack, at, end);
        let mut locations = self.regex.capture_locations();
        self.each_match(haystack, at, end, &mut locations, |m, _| visit(m));
    }

    /// [`PcreMatcher::for_each_in`], with each match's replacement: the
    /// groups of `replacement` (`$1`, `${name}`, `$$`) interpolated.
    pub fn for_each_replaced_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        replacement: &[u8],
        mut visit: impl FnMut(Match, &[u8]),
    ) {
        let (haystack, at) = self.searched_part(haystack, at, end);
        let mut locations = self.regex.capture_locations();
        let mut replaced = Vec::new();
        self.each_match(haystack, at, end, &mut locations, |m, groups| {
            replaced.clear();
            interpolate::bytes(
                replacement,
                |i, dst| {
                    if let Some((start, end)) = groups.get(i) {
                        dst.extend_from_slice(&haystack[start..end]);
                    }
                },
                |name| self.names.get(name).copied(),
                &mut replaced,
            );
            visit(m, &replaced);
            true
        });
    }

    /// Finds match after match from `at` (with its groups in `locations`)
    /// as PCRE2's own iterator does: past an empty match by one byte, and
    /// no empty match right where the last one ended. Stops at the first
    /// that starts `end` bytes past `at` or later, an error, or when
    /// `visit` says so.
    fn each_match(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        locations: &mut CaptureLocations,
        mut visit: impl FnMut(Match, &CaptureLocations) -> bool,
    ) {
        let mut from = at;
        let mut last_end = None;
        while from <= haystack.len() {
            let Some(m) = keep_error(self.regex.captures_read_at(locations, haystack, from)) else {
                break;
            };
            let (start, stop) = (m.start(), m.end());
            from = if start == stop { stop + 1 } else { stop };
            if start == stop && last_end == Some(stop) {
                continue;
            }
            last_end = Some(stop);
            // (\K can place a match's start before where the search began.)
            let placed = Match {
                start: start.saturating_sub(at),
                end: stop.saturating_sub(at),
            };
            if placed.start >= end {
                break;
            }
            if !visit(placed, locations) {
                break;
            }
        }
    }

    /// What the printer's search of a line sees, and where the line starts
    /// in it: the line alone without its terminator, or with `-U`
    /// everything it was handed.
    fn searched_part<'h>(&self, haystack: &'h [u8], at: usize, end: usize) -> (&'h [u8], usize) {
        if self.multiline {
            (haystack, at)
        } else {
            let line_end = (at + end).min(haystack.len());
            (self.content(&haystack[at..line_end]), 0)
        }
    }

    /// A line without its terminator (`\r\n` too, with `--crlf`).
    fn content<'l>(&self, line: &'l [u8]) -> &'l [u8] {
        if self.crlf {
            if let Some(content) = line.strip_suffix(b"\r\n") {
                return content;
            }
        }
        line.strip_suffix(&[self.terminator]).unwrap_or(line)
    }
}

/// Whether a match error was kept on this thread (see [`MATCH_ERROR`]).
fn has_error() -> bool {
    MATCH_ERROR.with(|slot| slot.borrow().is_some())
}

/// A search's answer, an error kept (the first one) and read as "none".
fn keep_error<T>(result: Result<Option<T>, pcre2::Error>) -> Option<T> {
    result.unwrap_or_else(|err| {
        MATCH_ERROR.with(|slot| {
            slot.borrow_mut().get_or_insert_with(|| err.to_string());
        });
        None
    })
}

/// The patterns as one, each a group, `-F` ones escaped.
fn join_patterns(patterns: &[String], fixed_strings: bool) -> String {
    if patterns.is_empty() {
        return MATCH_NOTHING.to_string();
    }
    let groups: Vec<String> = patterns
        .iter()
        .map(|p| {
            if fixed_strings {
                format!("(?:{})", pcre2::escape(p))
            } else {
                format!("(?:{p})")
            }
        })
        .collect();
    groups.join("|")
}

/// `patterns` joined as one pattern that means alone what they mean
/// together under `case` (and `-F`, if `fixed_strings`): under smart case,
/// made caseless inline when smart case would make them so. `None` when a
/// pattern refers to its groups by number or name, or uses a verb, which
/// joined with others would then mean something else.
pub(super) fn with_own_case(
    patterns: &[String],
    fixed_strings: bool,
    case: CaseMode,
) -> Option<String> {
    if !fixed_strings && patterns.iter().any(|p| refers_to_groups(p)) {
        return None;
    }
    let joined = join_patterns(patterns, fixed_strings);
    Some(match case {
        CaseMode::Smart if !has_uppercase_literal(&joined) => format!("(?i:{joined})"),
        _ => joined,
    })
}

/// Whether a pattern may refer to its groups (back-references,
/// subroutine calls, conditions) or use a verb: anything that would
/// change meaning inside a larger pattern. Errs towards yes.
fn refers_to_groups(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    bytes.windows(2).enumerate().any(|(i, pair)| match pair {
        [b'\\', b'1'..=b'9' | b'g' | b'k'] | [b'(', b'*'] => true,
        [b'(', b'?'] => matches!(
            bytes.get(i + 2),
            Some(b'0'..=b'9' | b'+' | b'-' | b'&' | b'R' | b'(' | b'P')
        ),
        _ => false,
    })
}

/// Whether the pattern has an uppercase character outside an escape,
/// which turns smart case off (ripgrep's rule for PCRE2, which has no
/// parser to ask).
fn has_uppercase_literal(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_that_refer_to_groups_are_not_joined() {
        for refers in [
            r"(a)\1",
            r"(?<n>a)\k<n>",
            r"(a)\g{-1}",
            "(?1)",
            "(?&n)",
            "(?R)",
            "(*UCP)a",
            "(?(1)a|b)",
            "(?P=n)",
        ] {
            assert!(refers_to_groups(refers), "{refers}");
            assert_eq!(
                with_own_case(&[refers.to_string()], false, CaseMode::Smart),
                None
            );
        }
        // Under -F nothing is a reference.
        let fixed = with_own_case(&[r"(a)\1".to_string()], true, CaseMode::Sensitive);
        assert_eq!(fixed, Some(r"(?:\(a\)\\1)".to_string()));
        let smart = |p: &str| with_own_case(&[p.to_string()], false, CaseMode::Smart);
        assert_eq!(smart(r"a\w+"), Some(r"(?i:(?:a\w+))".to_string()));
        assert_eq!(smart(r"A\w+"), Some(r"(?:A\w+)".to_string()));
    }

    fn pcre(pattern: &str, options: MatcherOptions) -> PcreMatcher {
        PcreMatcher::new(&[pattern.to_string()], &options).unwrap()
    }

    fn all_in_line(m: &PcreMatcher, line: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        m.for_each_in(line, 0, line.len(), |m| {
            found.push((m.start, m.end));
            true
        });
        found
    }

    #[test]
    fn look_around_and_backreferences_work() {
        let m = pcre(r"(?<=foo)bar", MatcherOptions::default());
        assert_eq!(all_in_line(&m, b"bar foobar\n"), [(7, 10)]);
        let m = pcre(r"(\w)\1", MatcherOptions::default());
        assert!(m.is_match_line(b"hello\n"));
        assert!(!m.is_match_line(b"helo\n"));
    }

    #[test]
    fn each_line_is_searched_without_its_terminator() {
        // \s could reach the next line if the buffer were searched whole.
        let m = pcre(r"a\sb", MatcherOptions::default());
        assert_eq!(m.match_end_at(b"a\nb\na b\n", 0), Some(7));
        let m = pcre(r"a$", MatcherOptions::default());
        assert_eq!(m.match_end_at(b"xa\n", 0), Some(2));
        assert!(m.is_match_line(b"a\n"));
    }

    #[test]
    fn words_lines_and_fixed_strings_are_wrapped_as_ripgrep_wraps_them() {
        let word = MatcherOptions {
            word: true,
            ..Default::default()
        };
        assert!(!pcre("foo", word.clone()).is_match_line(b"foobar\n"));
        assert!(pcre("-2", word).is_match_line(b"abc -2 foo\n"));
        let line = MatcherOptions {
            line: true,
            ..Default::default()
        };
        assert!(pcre("a|b", line.clone()).is_match_line(b"b\n"));
        assert!(!pcre("a|b", line).is_match_line(b"ab\n"));
        let fixed = MatcherOptions {
            fixed_strings: true,
            ..Default::default()
        };
        assert!(pcre("a.c", fixed.clone()).is_match_line(b"xa.c\n"));
        assert!(!pcre("a.c", fixed).is_match_line(b"abc\n"));
    }

    #[test]
    fn smart_case_ignores_escaped_letters() {
        let smart = MatcherOptions {
            case: CaseMode::Smart,
            ..Default::default()
        };
        assert!(pcre(r"\Sfoo", smart.clone()).is_match_line(b"xFOO\n"));
        assert!(!pcre("Foo", smart).is_match_line(b"foo\n"));
    }

    #[test]
    fn replacements_interpolate_numbered_and_named_groups() {
        let m = pcre(r"(?<word>\w+)=(\d+)", MatcherOptions::default());
        let mut out = Vec::new();
        m.for_each_replaced_in(b"a=1 b=2\n", 0, 8, b"${word}:$2$$", |_, with| {
            out.push(String::from_utf8(with.to_vec()).unwrap())
        });
        assert_eq!(out, ["a:1$", "b:2$"]);
    }

    #[test]
    fn errors_read_as_ripgreps() {
        let err = PcreMatcher::new(&["a(".to_string()], &MatcherOptions::default()).unwrap_err();
        assert_eq!(
            err,
            "PCRE2: error compiling pattern at offset 6: missing closing parenthesis"
        );
    }

    #[test]
    fn no_patterns_match_nothing() {
        let m = PcreMatcher::new(&[], &MatcherOptions::default()).unwrap();
        assert!(!m.is_match_line(b"\n"));
        assert!(!m.is_match_line(b"anything\n"));
    }
}
