//! A boolean query per line (`--and`, `--not`): a matcher made of
//! matchers. A line is selected when the main patterns match in it, every
//! `--and` pattern matches in it and no `--not` pattern does; each pattern
//! is its own matcher, compiled with the same options by the same engine.
//!
//! The main matcher finds the candidate lines (with all its shortcuts);
//! each candidate is then checked alone, without its terminator, by the
//! other matchers. What the printers see as a line's matches (`-o`,
//! colors, JSON submatches, `-r`) are the positive patterns' matches: the
//! main ones and the `--and` ones, merged in order.

use super::{CaseMode, EngineChoice, Match, Matcher, MatcherOptions};
use crate::lines;

/// The main matcher, with the matchers every selected line must match
/// (`--and`) and those it must not (`--not`); or, for `--scope file`, an
/// alternation: a line is selected when the main patterns or any `--and`
/// pattern match in it.
#[derive(Clone, Debug)]
pub struct BoolMatcher {
    main: Matcher,
    all: Vec<Matcher>,
    none: Vec<Matcher>,
    /// For an alternation: one matcher of all the positive patterns that
    /// finds the candidate lines in one pass.
    any: Option<Finder>,
    /// `-U` with a pattern that can match a line terminator: a match's
    /// lines, not one line, are what the conditions look at.
    multiline: bool,
}

/// The candidate finder of an alternation.
#[derive(Clone, Debug)]
struct Finder {
    matcher: Matcher,
    /// Whether each line it finds is selected; else (PCRE2, which finds
    /// every line) each is checked again by each pattern alone.
    exact: bool,
}

impl BoolMatcher {
    /// Wraps `main` (compiled from the main patterns with `options`) with
    /// one matcher for each `--and` pattern in `all` and each `--not`
    /// pattern in `none`, compiled with the engine `main` uses. Each
    /// pattern is compiled alone, so `-S` looks at that pattern's case.
    pub fn new(
        main: Matcher,
        all: &[String],
        none: &[String],
        options: &MatcherOptions,
    ) -> Result<BoolMatcher, String> {
        let mut options = options.clone();
        options.engine = match main {
            Matcher::Pcre2(_) => EngineChoice::Pcre2,
            _ => EngineChoice::Default,
        };
        let compile = |pattern: &String| Matcher::new(std::slice::from_ref(pattern), &options);
        Ok(BoolMatcher {
            all: all.iter().map(compile).collect::<Result<_, _>>()?,
            none: none.iter().map(compile).collect::<Result<_, _>>()?,
            multiline: main.is_multiline(),
            main,
            any: None,
        })
    }

    /// The alternation of `main` (compiled from the main `patterns`) and
    /// one matcher for each pattern in `all`, for `--scope file`: a line is
    /// selected when any of them matches in it. Also returns the `--and`
    /// matchers, for the file's verdict.
    pub fn alternation(
        main: Matcher,
        patterns: &[String],
        all: &[String],
        options: &MatcherOptions,
    ) -> Result<(BoolMatcher, Vec<Matcher>), String> {
        let mut matcher = BoolMatcher::new(main, all, &[], options)?;
        let mut options = options.clone();
        options.engine = match matcher.main {
            Matcher::Pcre2(_) => EngineChoice::Pcre2,
            _ => EngineChoice::Default,
        };
        // The main patterns are one unit (ripgrep's smart case looks at
        // them together) and each --and pattern another; a unit spelled
        // out with its own case and -F escaping, the units joined need
        // neither.
        let units = std::iter::once(patterns).chain(all.iter().map(std::slice::from_ref));
        let spelled_out = MatcherOptions {
            case: match options.case {
                CaseMode::Smart => CaseMode::Sensitive,
                case => case,
            },
            fixed_strings: false,
            ..options.clone()
        };
        let mut exact = true;
        let finder = if matches!(matcher.main, Matcher::Pcre2(_)) {
            // PCRE2 numbers groups across a whole pattern: joined, `(a)\1`
            // and `(b)\1` would not mean what each means alone. Such
            // patterns (and any the joint pattern does not compile for)
            // make every line a candidate instead, checked by each pattern
            // alone (PCRE2 searches line by line anyway).
            let fixed = options.fixed_strings;
            let joint: Option<Vec<String>> = units
                .map(|unit| super::pcre::with_own_case(unit, fixed, options.case))
                .collect();
            match joint.and_then(|joint| Matcher::new(&joint, &spelled_out).ok()) {
                Some(joint) => joint,
                None => {
                    exact = false;
                    let every_line = MatcherOptions {
                        null_data: options.null_data,
                        ..MatcherOptions::default()
                    };
                    Matcher::new(&[String::new()], &every_line)?
                }
            }
        } else if options.case == CaseMode::Smart {
            let fixed = options.fixed_strings;
            let joint: Vec<String> = units
                .map(|unit| super::automata::with_own_smart_case(unit, fixed))
                .collect();
            Matcher::new(&joint, &spelled_out)?
        } else {
            let joint: Vec<String> = patterns.iter().chain(all).cloned().collect();
            Matcher::new(&joint, &options)?
        };
        let ands = matcher.all.clone();
        // Any positive pattern's match may then span lines.
        matcher.multiline |= finder.is_multiline() || ands.iter().any(Matcher::is_multiline);
        matcher.any = Some(Finder {
            matcher: finder,
            exact,
        });
        Ok((matcher, ands))
    }

    /// The `--and` matchers, each compiled alone with the main engine.
    pub fn into_conditions(self) -> Vec<Matcher> {
        self.all
    }

    /// Whether a selected match may span lines (see
    /// [`Matcher::is_multiline`]).
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The main matcher, whose engine the others share.
    pub fn main(&self) -> &Matcher {
        &self.main
    }

    /// Whether the line (without its terminator) meets the `--and` and
    /// `--not` conditions; the main patterns are not looked at.
    fn meets_conditions(&self, content: &[u8]) -> bool {
        if self.any.is_some() {
            return self.positives().any(|m| m.is_match_line(content));
        }
        self.all.iter().all(|m| m.is_match_line(content))
            && !self.none.iter().any(|m| m.is_match_line(content))
    }

    /// The line without its terminator.
    fn content<'a>(&self, line: &'a [u8]) -> &'a [u8] {
        let terminator = self.main.line_terminator();
        line.strip_suffix(&[terminator]).unwrap_or(line)
    }

    /// Where a match ends in the first line at or after `start` that the
    /// main patterns match and that meets the conditions (for an
    /// alternation: that any positive pattern matches).
    pub fn match_end_at(&self, haystack: &[u8], start: usize) -> Option<usize> {
        if self.multiline {
            return self.find_spanning(haystack, start).map(|m| m.end);
        }
        let terminator = self.main.line_terminator();
        let finder = self.any.as_ref().map_or(&self.main, |any| &any.matcher);
        if self.any.as_ref().is_some_and(|any| any.exact) {
            return finder.match_end_at(haystack, start);
        }
        let mut pos = start;
        loop {
            let end = finder.match_end_at(haystack, pos)?;
            let line_start = lines::line_start(haystack, end, terminator);
            if line_start >= haystack.len() {
                // An empty match after the final terminator is no line.
                return None;
            }
            let line_end = lines::line_end(haystack, end, terminator);
            if self.meets_conditions(self.content(&haystack[line_start..line_end])) {
                return Some(end);
            }
            if line_end >= haystack.len() {
                return None;
            }
            pos = line_end;
        }
    }

    /// The first positive match in a selected line, starting at or after
    /// `start`.
    pub fn find_at(&self, haystack: &[u8], start: usize) -> Option<Match> {
        if self.multiline {
            return self.find_spanning(haystack, start);
        }
        let terminator = self.main.line_terminator();
        let mut pos = start;
        loop {
            let end = self.match_end_at(haystack, pos)?;
            let line_start = lines::line_start(haystack, end, terminator);
            let line_end = lines::line_end(haystack, end, terminator);
            let mut first = None;
            self.for_each_in(haystack, line_start, line_end - line_start, &mut |m| {
                let placed = Match {
                    start: line_start + m.start,
                    end: line_start + m.end,
                };
                if placed.start >= start {
                    first = Some(placed);
                }
                first.is_none()
            });
            if first.is_some() || line_end >= haystack.len() {
                return first;
            }
            pos = line_end;
        }
    }

    /// With `-U`: the first match at or after `start` of the main
    /// patterns whose lines meet the conditions; for an alternation, the
    /// leftmost match of any positive pattern (the first pattern's on a
    /// tie, as one alternation would find).
    fn find_spanning(&self, haystack: &[u8], start: usize) -> Option<Match> {
        if let Some(any) = &self.any {
            if any.exact {
                return any.matcher.find_at(haystack, start);
            }
            return self
                .positives()
                .filter_map(|m| m.find_at(haystack, start))
                .min_by_key(|m| m.start);
        }
        let terminator = self.main.line_terminator();
        let mut pos = start;
        while pos <= haystack.len() {
            let found = self.main.find_at(haystack, pos)?;
            let (lines_start, lines_end) =
                crate::search::lines::lines_of_match(haystack, found, terminator);
            let lines = &haystack[lines_start..lines_end];
            let lines = lines.strip_suffix(&[terminator]).unwrap_or(lines);
            let holds = |m: &Matcher| m.find_at(lines, 0).is_some();
            if self.all.iter().all(holds) && !self.none.iter().any(holds) {
                return Some(found);
            }
            pos = found.end + usize::from(found.start == found.end);
        }
        None
    }

    /// With `-U`, how many matches the block `haystack[at..at + end]`
    /// counts for `-c`: the main patterns' matches that meet the
    /// conditions (for an alternation, every positive match).
    pub fn count_in_block(&self, haystack: &[u8], at: usize, end: usize) -> u64 {
        let mut count = 0;
        if self.any.is_some() {
            self.for_each_in(haystack, at, end, &mut |_| {
                count += 1;
                true
            });
            return count;
        }
        let block = &haystack[..at + end];
        let mut pos = at;
        while let Some(found) = self.find_spanning(block, pos) {
            count += 1;
            pos = found.end + usize::from(found.start == found.end);
        }
        count
    }

    /// Whether one line (with or without its terminator) is selected.
    pub fn is_match_line(&self, line: &[u8]) -> bool {
        let content = self.content(line);
        if self.any.is_some() {
            return self.meets_conditions(content);
        }
        self.main.is_match_line(content) && self.meets_conditions(content)
    }

    /// The main matcher, then each `--and` matcher.
    fn positives(&self) -> impl Iterator<Item = &Matcher> {
        std::iter::once(&self.main).chain(&self.all)
    }

    /// Calls `visit` with the positive patterns' matches in the line
    /// `haystack[at..at + end]` (as [`Matcher::for_each_in`] finds each
    /// pattern's), merged in order of start; of two that overlap the
    /// earlier is kept (on a tie, the main patterns' or the first
    /// `--and`'s), as one leftmost-first alternation would.
    pub fn for_each_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        visit: &mut dyn FnMut(Match) -> bool,
    ) {
        let mut found = Vec::new();
        for matcher in self.positives() {
            matcher.for_each_in(haystack, at, end, |m| {
                found.push((m, ()));
                true
            });
        }
        for (m, ()) in merged(found) {
            if !visit(m) {
                break;
            }
        }
    }

    /// [`BoolMatcher::for_each_in`], with each match's replacement: the
    /// groups of `replacement` interpolated from the pattern that matched.
    pub fn for_each_replaced_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        replacement: &[u8],
        visit: &mut dyn FnMut(Match, &[u8]),
    ) {
        let mut found = Vec::new();
        for matcher in self.positives() {
            matcher.for_each_replaced_in(haystack, at, end, replacement, |m, with| {
                found.push((m, with.to_vec()));
            });
        }
        for (m, with) in merged(found) {
            visit(m, &with);
        }
    }
}

/// The matches in `found` (each pattern's in order, pattern after
/// pattern) sorted by start, the earlier pattern's first on a tie, without
/// those that overlap one kept before them or are empty where it ended.
fn merged<T>(mut found: Vec<(Match, T)>) -> Vec<(Match, T)> {
    // A stable sort keeps the patterns' order on a tie.
    found.sort_by_key(|(m, _)| m.start);
    let mut kept: Vec<(Match, T)> = Vec::with_capacity(found.len());
    for (m, extra) in found {
        if let Some((last, _)) = kept.last() {
            let overlaps = m.start < last.end;
            let empty_at_end = m.start == m.end && m.start == last.end;
            if overlaps || empty_at_end || m.start == last.start {
                continue;
            }
        }
        kept.push((m, extra));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(start: usize, end: usize) -> (Match, ()) {
        (Match { start, end }, ())
    }

    #[test]
    fn merging_keeps_the_earlier_of_two_overlapping_matches() {
        let found = vec![m(0, 2), m(5, 6), m(1, 3), m(3, 4), m(5, 7)];
        let kept: Vec<_> = merged(found)
            .into_iter()
            .map(|(m, _)| (m.start, m.end))
            .collect();
        assert_eq!(kept, [(0, 2), (3, 4), (5, 6)]);
    }

    #[test]
    fn a_line_needs_every_and_and_no_not() {
        let options = MatcherOptions::default();
        let main = Matcher::new(&["a".to_string()], &options).unwrap();
        let matcher =
            BoolMatcher::new(main, &["b".to_string()], &["c".to_string()], &options).unwrap();
        assert!(matcher.is_match_line(b"ab\n"));
        assert!(!matcher.is_match_line(b"a\n"));
        assert!(!matcher.is_match_line(b"abc\n"));
        assert_eq!(matcher.match_end_at(b"a\nabc\nxab\n", 0), Some(8));
    }

    #[test]
    fn an_alternation_selects_lines_any_positive_matches() {
        let options = MatcherOptions {
            case: CaseMode::Smart,
            ..MatcherOptions::default()
        };
        let main = Matcher::new(&["a".to_string()], &options).unwrap();
        let (matcher, ands) =
            BoolMatcher::alternation(main, &["a".to_string()], &["B".to_string()], &options)
                .unwrap();
        assert_eq!(ands.len(), 1);
        assert!(matcher.is_match_line(b"xB\n"));
        assert!(!matcher.is_match_line(b"xb\n"));
        assert_eq!(matcher.match_end_at(b"x\nb\nzB\na\n", 0), Some(6));
    }
}
