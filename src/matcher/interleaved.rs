//! Matching lines found by the lazy DFA scanning two parts of a buffer at
//! once.
//!
//! A DFA step is a dependent load: the next state is read from a table at
//! an address the current state gives, so a single scan spends most of its
//! time waiting on that load. Two scans over the two halves of a buffer,
//! stepped in one loop, keep two loads in flight. For patterns with no
//! literal to skip ahead with (`\w{5}\s+\w{5}`), where the DFA reads every
//! byte, that is about 1.5 times as fast as the regex's own single scan.
//!
//! Matches never cross a line, so the two halves (cut at a line boundary)
//! are independent, and after a match a scan restarts at the next line:
//! it only has to know *that* a line matches, never where the match is.

use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::lines;

/// Buffers shorter than this are left to the regex: splitting them costs
/// more than it saves.
const MIN_SPLIT: usize = 1024;

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A lazy DFA for one pattern, with a cache per thread that uses it.
pub struct InterleavedDfa {
    dfa: Arc<DFA>,
    caches: Pool<Cache, CacheFn>,
}

impl InterleavedDfa {
    /// A DFA for `hir`, built only for patterns that hold no literal the
    /// regex could skip ahead with (then the regex reads every byte, and
    /// interleaving pays); `None` for the others, or if it cannot be built.
    pub fn for_literal_free(hir: &Hir, cache_capacity: usize) -> Option<InterleavedDfa> {
        if !is_literal_free(hir) || hir.properties().minimum_len().is_none() {
            return None;
        }
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(100 << 20))
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_from_hir(hir)
            .ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true)
                    .cache_capacity(cache_capacity)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(InterleavedDfa::from_dfa(Arc::new(dfa)))
    }

    fn from_dfa(dfa: Arc<DFA>) -> InterleavedDfa {
        let for_pool = Arc::clone(&dfa);
        let create: CacheFn = Box::new(move || for_pool.create_cache());
        InterleavedDfa {
            dfa,
            caches: Pool::new(create),
        }
    }

    /// Appends to `found` the (start, end) of every line at or after `from`
    /// in `haystack` that holds a match, in order. `from` is a line start.
    /// `fallback(range)` must give the end of the first match that ends in
    /// `range`, as the regex finds it; it finishes what the DFA cannot
    /// (short buffers, a byte the DFA quits on, a cache that thrashes).
    pub fn matching_lines(
        &self,
        haystack: &[u8],
        from: usize,
        found: &mut Vec<(usize, usize)>,
        fallback: &dyn Fn(Range<usize>) -> Option<usize>,
    ) {
        let end = haystack.len();
        let mid = if end - from < MIN_SPLIT {
            end
        } else {
            lines::line_end(haystack, from + (end - from) / 2, b'\n')
        };
        if mid >= end {
            return lines_by_regex(haystack, from..end, found, fallback);
        }
        let mut cache = self.caches.get();
        let clears = cache.clear_count();
        let mut scan = Scan {
            dfa: &self.dfa,
            cache: &mut cache,
            haystack,
            clears,
        };
        let mut first = Stream::new(from, mid, false);
        let mut second = Stream::new(mid, end, true);
        let mut second_found = Vec::new();
        let finished = scan.start(&mut first)
            && scan.start(&mut second)
            && scan.both(&mut first, &mut second, found, &mut second_found)
            && scan.one(&mut first, found)
            && scan.intact()
            && scan.one(&mut second, &mut second_found);
        if !finished {
            for (stream, found) in [(&first, &mut *found), (&second, &mut second_found)] {
                if !stream.done {
                    let resume = stream.resume_at(haystack);
                    lines_by_regex(haystack, resume..stream.stop, found, fallback);
                }
            }
        }
        found.append(&mut second_found);
    }
}

impl Clone for InterleavedDfa {
    /// Shares the DFA, with caches of its own.
    fn clone(&self) -> InterleavedDfa {
        InterleavedDfa::from_dfa(Arc::clone(&self.dfa))
    }
}

impl std::fmt::Debug for InterleavedDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterleavedDfa").finish_non_exhaustive()
    }
}

/// The lines of `range` holding a match, found with the regex.
fn lines_by_regex(
    haystack: &[u8],
    range: Range<usize>,
    found: &mut Vec<(usize, usize)>,
    fallback: &dyn Fn(Range<usize>) -> Option<usize>,
) {
    let mut pos = range.start;
    while pos < range.end {
        let Some(match_end) = fallback(pos..range.end) else {
            break;
        };
        let start = lines::line_start(haystack, match_end, b'\n');
        // An empty match where the next range starts belongs to it.
        if start >= range.end {
            break;
        }
        let end = lines::line_end(haystack, match_end, b'\n');
        found.push((start, end));
        pos = end;
    }
}

/// One scan over a part of the haystack.
struct Stream {
    /// The next byte to feed the DFA.
    pos: usize,
    /// Where the part ends (a line boundary, or the haystack's end).
    stop: usize,
    /// Whether the part ends the haystack: then the DFA sees its end.
    at_end: bool,
    /// Every line before this one is settled: recorded, or known not to
    /// match.
    settled: usize,
    /// Nothing more can match in the part.
    done: bool,
    state: Option<LazyStateID>,
}

impl Stream {
    /// Where the regex must take over when the DFA gives up: the line of
    /// the last byte fed (whose match may not be recorded yet).
    fn resume_at(&self, haystack: &[u8]) -> usize {
        if self.pos > self.settled {
            lines::line_start(haystack, self.pos - 1, b'\n')
        } else {
            self.settled
        }
    }

    fn new(start: usize, stop: usize, at_end: bool) -> Stream {
        Stream {
            pos: start,
            settled: start,
            stop,
            at_end,
            done: false,
            state: None,
        }
    }
}

/// The DFA and its cache over one haystack. Each method returns false
/// when the DFA gave up, and the caller must finish with the regex.
struct Scan<'s> {
    dfa: &'s DFA,
    cache: &'s mut Cache,
    haystack: &'s [u8],
    /// The cache's clear count when the scan began.
    clears: usize,
}

impl Scan<'_> {
    /// Whether every state id held is still valid: clearing the cache
    /// (when it fills up) invalidates them all.
    fn intact(&self) -> bool {
        self.cache.clear_count() == self.clears
    }

    /// Puts `stream` in the start state for its position.
    fn start(&mut self, stream: &mut Stream) -> bool {
        if stream.pos >= stream.stop {
            stream.done = true;
            return true;
        }
        let input = Input::new(self.haystack)
            .range(stream.pos..stream.stop)
            .anchored(Anchored::No);
        match self.dfa.start_state_forward(self.cache, &input) {
            Ok(state) => {
                stream.state = Some(state);
                true
            }
            Err(_) => false,
        }
    }

    /// Steps both streams in lockstep until one of them is done.
    fn both(
        &mut self,
        first: &mut Stream,
        second: &mut Stream,
        first_found: &mut Vec<(usize, usize)>,
        second_found: &mut Vec<(usize, usize)>,
    ) -> bool {
        while !first.done && !second.done {
            let (Some(mut a), Some(mut b)) = (first.state, second.state) else {
                return false;
            };
            let steps = (first.stop - first.pos).min(second.stop - second.pos);
            let bytes_a = &self.haystack[first.pos..first.pos + steps];
            let bytes_b = &self.haystack[second.pos..second.pos + steps];
            let mut taken = 0;
            while taken < steps {
                let (Ok(next_a), Ok(next_b)) = (
                    self.dfa.next_state(self.cache, a, bytes_a[taken]),
                    self.dfa.next_state(self.cache, b, bytes_b[taken]),
                ) else {
                    return false;
                };
                a = next_a;
                b = next_b;
                taken += 1;
                if a.is_tagged() || b.is_tagged() {
                    break;
                }
            }
            if !self.intact() {
                return false;
            }
            first.pos += taken;
            second.pos += taken;
            first.state = Some(a);
            second.state = Some(b);
            if !self.settle(first, first_found)
                || !self.intact()
                || !self.settle(second, second_found)
                || !self.intact()
            {
                return false;
            }
        }
        true
    }

    /// Steps one stream to the end of its part.
    fn one(&mut self, stream: &mut Stream, found: &mut Vec<(usize, usize)>) -> bool {
        while !stream.done {
            let Some(mut state) = stream.state else {
                return false;
            };
            let bytes = &self.haystack[stream.pos..stream.stop];
            let mut taken = 0;
            for &byte in bytes {
                match self.dfa.next_state(self.cache, state, byte) {
                    Ok(next) => state = next,
                    Err(_) => return false,
                }
                taken += 1;
                if state.is_tagged() {
                    break;
                }
            }
            stream.pos += taken;
            stream.state = Some(state);
            if !self.settle(stream, found) {
                return false;
            }
        }
        true
    }

    /// Acts on the state a stream stopped in: a match records its line and
    /// restarts at the next one; at the end of its part the stream sees
    /// the haystack's end, when the part ends it.
    fn settle(&mut self, stream: &mut Stream, found: &mut Vec<(usize, usize)>) -> bool {
        let Some(state) = stream.state else {
            return false;
        };
        if state.is_match() {
            // Matches are reported one byte late: this one ended just
            // before the byte that revealed it.
            stream.pos = self.record(stream.pos - 1, found);
            stream.settled = stream.pos;
            return self.start(stream);
        }
        if state.is_dead() {
            stream.done = true;
            return true;
        }
        if state.is_tagged() {
            // A quit state: a byte the DFA cannot decide on, such as a
            // non-ASCII one next to a Unicode word boundary.
            return false;
        }
        if stream.pos < stream.stop {
            return true;
        }
        stream.done = true;
        if !stream.at_end {
            return true;
        }
        match self.dfa.next_eoi_state(self.cache, state) {
            Ok(last) => {
                if last.is_match() {
                    self.record(stream.stop, found);
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Records the line in which a match ends at `match_end`; returns the
    /// offset just past that line.
    fn record(&self, match_end: usize, found: &mut Vec<(usize, usize)>) -> usize {
        let start = lines::line_start(self.haystack, match_end, b'\n');
        let end = lines::line_end(self.haystack, match_end, b'\n');
        // An empty match just after the final terminator is not a line.
        if start < self.haystack.len() {
            found.push((start, end));
        }
        end
    }
}

/// Whether `hir` holds nothing a literal prefilter could look for: no
/// literal and no class of a few characters.
fn is_literal_free(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(_) => false,
        HirKind::Class(class) => class_size(class) > 4,
        HirKind::Repetition(rep) => is_literal_free(&rep.sub),
        HirKind::Capture(cap) => is_literal_free(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(is_literal_free),
    }
}

/// How many characters (or bytes) a class holds.
fn class_size(class: &Class) -> u32 {
    match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|r| r.end() as u32 - r.start() as u32 + 1)
            .sum(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{Matcher, MatcherOptions};

    /// Every line holding a match, found by testing each line alone.
    fn line_by_line(matcher: &Matcher, haystack: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < haystack.len() {
            let end = lines::line_end(haystack, start, b'\n');
            if matcher.is_match_line(&haystack[start..end]) {
                found.push((start, end));
            }
            start = end;
        }
        found
    }

    fn text(lines: usize, with_non_ascii: bool) -> Vec<u8> {
        let mut text = Vec::new();
        for i in 0..lines {
            let line = match i % 5 {
                0 => "alpha beta gamma".to_string(),
                1 => format!("x{i}"),
                2 => "  ".to_string(),
                3 if with_non_ascii => "été alpha_beta".to_string(),
                _ => format!("word{i} other"),
            };
            text.extend_from_slice(line.as_bytes());
            text.push(b'\n');
        }
        text
    }

    fn check(pattern: &str, options: MatcherOptions, haystack: &[u8]) {
        let matcher = Matcher::new(&[pattern.to_string()], &options).unwrap();
        assert!(
            matcher.finds_lines_in_batches(),
            "{pattern} should use the DFA"
        );
        for from in [0, lines::line_end(haystack, haystack.len() / 3, b'\n')] {
            let mut found = Vec::new();
            matcher.matching_lines(haystack, from, &mut found);
            let expected: Vec<_> = line_by_line(&matcher, haystack)
                .into_iter()
                .filter(|&(start, _)| start >= from)
                .collect();
            assert_eq!(found, expected, "{pattern} from {from}");
        }
    }

    #[test]
    fn finds_the_lines_the_regex_finds_in_both_halves() {
        let haystack = text(2000, false);
        check(r"\w{5}\s+\w{4}", MatcherOptions::default(), &haystack);
        check(r"^\s+$", MatcherOptions::default(), &haystack);
        check(r"\w+\s\w+$", MatcherOptions::default(), &haystack);
    }

    #[test]
    fn hands_over_to_the_regex_where_the_dfa_quits() {
        // A Unicode word boundary next to a non-ASCII byte stops the DFA.
        let haystack = text(2000, true);
        let word = MatcherOptions {
            word: true,
            ..Default::default()
        };
        check(r"\w{4}", word, &haystack);
    }

    #[test]
    fn an_empty_match_after_the_last_terminator_is_no_line() {
        let mut haystack = text(500, false);
        let matcher = Matcher::new(&[r"\s*".to_string()], &MatcherOptions::default()).unwrap();
        let mut found = Vec::new();
        matcher.matching_lines(&haystack, 0, &mut found);
        assert_eq!(found.len(), 500);
        haystack.extend_from_slice(b"tail");
        found.clear();
        matcher.matching_lines(&haystack, 0, &mut found);
        assert_eq!(found.last(), Some(&(haystack.len() - 4, haystack.len())));
    }

    #[test]
    fn patterns_with_a_literal_are_left_to_the_regex() {
        for pattern in ["abc", r"\w+_init\(", "[ab]x", r"\p{Greek}"] {
            let matcher = Matcher::new(&[pattern.to_string()], &MatcherOptions::default()).unwrap();
            assert!(!matcher.finds_lines_in_batches(), "{pattern}");
        }
    }
}
