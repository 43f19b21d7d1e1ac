//! The optimised searcher against a naive oracle that tests each line with
//! the regex on its own, on random haystacks, patterns and options: whole
//! slices, chunks found ahead of time (the parallel path, long lines in
//! windows) and windows (the stream path), at random boundaries.

use lode::matcher::{CaseMode, Matcher, MatcherOptions};
use std::ops::Range;

use lode::search::long_line::{LineWindows, LongLines};
use lode::search::{self, parallel, Line, LineSearch, SearchOptions, Sink};
use proptest::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    Matched(Option<u64>, Vec<u8>),
    Context(Option<u64>, Vec<u8>),
    Break,
}

#[derive(Default)]
struct Recorder(Vec<Event>);

impl Sink for Recorder {
    fn matched(&mut self, line: Line<'_>) -> bool {
        self.0
            .push(Event::Matched(line.number, line.bytes.to_vec()));
        true
    }
    fn context(&mut self, line: Line<'_>) -> bool {
        self.0
            .push(Event::Context(line.number, line.bytes.to_vec()));
        true
    }
    fn context_break(&mut self) -> bool {
        self.0.push(Event::Break);
        true
    }
}

/// The lines of `haystack`, each with its terminator if it has one.
fn split_lines(haystack: &[u8]) -> Vec<&[u8]> {
    haystack.split_inclusive(|&b| b == b'\n').collect()
}

/// grep's rules, one line at a time.
fn oracle(matcher: &Matcher, options: &SearchOptions, haystack: &[u8]) -> Vec<Event> {
    let lines = split_lines(haystack);
    let selected: Vec<bool> = lines
        .iter()
        .map(|line| matcher.is_match_line(line) != options.invert)
        .collect();
    let number = |i: usize| options.line_numbers.then_some(i as u64 + 1);
    let context = options.before > 0 || options.after > 0;
    let mut events = Vec::new();
    let mut last: Option<usize> = None;
    let emit = |events: &mut Vec<Event>, last: &mut Option<usize>, i: usize, matched: bool| {
        if context && last.is_some_and(|l| i > l + 1) {
            events.push(Event::Break);
        }
        let line = lines[i].to_vec();
        events.push(if matched {
            Event::Matched(number(i), line)
        } else {
            Event::Context(number(i), line)
        });
        *last = Some(i);
    };
    if options.max_count == Some(0) {
        // -m 0 searches nothing, as in ripgrep.
        return events;
    }
    let mut count = 0;
    let mut passed_one = false;
    // --passthru: after-context without end, owed from the first line.
    let mut after_left = if options.passthru { usize::MAX } else { 0 };
    for (i, &is_selected) in selected.iter().enumerate() {
        if options.max_count == Some(count) {
            if after_left == 0 {
                break;
            }
            // Past -m, --passthru prints lines alike (selected only with -v).
            let shown_selected = if options.passthru {
                options.invert
            } else {
                is_selected
            };
            emit(&mut events, &mut last, i, shown_selected);
            after_left -= 1;
            continue;
        }
        if is_selected {
            let floor = last.map_or(0, |l| l + 1);
            for j in i.saturating_sub(options.before).max(floor)..i {
                emit(&mut events, &mut last, j, false);
            }
            emit(&mut events, &mut last, i, true);
            count += 1;
            after_left = options.after;
        } else if options.stop_on_nonmatch && count > 0 && (!options.invert || passed_one) {
            // --stop-on-nonmatch: this line ends the search, shown only
            // as owed after-context.
            if after_left > 0 {
                emit(&mut events, &mut last, i, false);
            }
            break;
        } else {
            // Under -v, ripgrep passes the first line not selected after
            // a selected one; the next one stops it.
            passed_one |= options.stop_on_nonmatch && count > 0;
            if after_left > 0 {
                emit(&mut events, &mut last, i, false);
                after_left -= 1;
            }
        }
    }
    events
}

fn whole(matcher: &Matcher, options: &SearchOptions, haystack: &[u8]) -> Vec<Event> {
    let mut recorder = Recorder::default();
    search::search_lines(options, matcher, haystack, 0, &mut recorder);
    recorder.0
}

fn chunked(
    matcher: &Matcher,
    options: &SearchOptions,
    haystack: &[u8],
    chunk: usize,
    window: usize,
) -> Vec<Event> {
    let mut recorder = Recorder::default();
    let mut searcher = LineSearch::new(options, matcher, 0);
    let matchers = [matcher.clone(), matcher.clone()];
    let windows = LineWindows { size: window };
    // As lode cuts a file: chunks, and from each long line on, what the
    // windows found.
    let mut pieces: Vec<(Range<usize>, parallel::ChunkScan)> = Vec::new();
    let mut from = 0;
    while from < haystack.len() {
        let cut = parallel::chunk_ranges(haystack, from, chunk, usize::MAX, b'\n', windows.probe());
        let scans = parallel::scan_chunks(
            &matchers,
            haystack,
            &cut.chunks,
            parallel::NulScan::Never,
            options.line_numbers,
            true,
            &|| false,
        );
        from = cut.chunks.last().map_or(from, |range| range.end);
        pieces.extend(cut.chunks.into_iter().zip(scans));
        if let Some(at) = cut.long_line_at {
            let long = LongLines {
                matchers: &matchers,
                haystack,
                windows,
                nul_scan: parallel::NulScan::Never,
                count_terminators: options.line_numbers,
                parallel: true,
                abandon: &|| false,
                release: &|_| {},
            };
            let found = long.search(at).unwrap();
            from = found.range.end;
            pieces.extend(found.chunks);
        }
    }
    // As lode replays chunks: line numbers from the scans' counts.
    let mut lines_before = 0;
    for (range, scan) in &pieces {
        searcher.skip_counting_to(range.start as u64, 1 + lines_before);
        lines_before += scan.terminators;
        if !searcher.search_window_with(
            &mut recorder,
            haystack,
            0,
            range.start,
            range.end,
            Some(&scan.lines),
        ) {
            break;
        }
    }
    searcher.finish(&mut recorder, haystack, 0);
    recorder.0
}

/// As a stream: windows cut at `cuts` (line boundaries), keeping
/// before-context lines when rolling, offsets absolute throughout.
fn windowed(
    matcher: &Matcher,
    options: &SearchOptions,
    haystack: &[u8],
    cuts: &[usize],
) -> Vec<Event> {
    let mut recorder = Recorder::default();
    let mut searcher = LineSearch::new(options, matcher, 0);
    let mut base = 0;
    let mut from = 0;
    let mut ends: Vec<usize> = cuts
        .iter()
        .map(|&c| search::lines::line_end(haystack, c.min(haystack.len()), b'\n'))
        .filter(|&e| e < haystack.len())
        .collect();
    ends.sort_unstable();
    ends.dedup();
    for end in ends {
        let window = &haystack[base..];
        if end <= base + from {
            continue;
        }
        if !searcher.search_window(&mut recorder, window, base as u64, from, end - base) {
            return recorder.0;
        }
        let keep =
            search::lines::preceding_lines_start(window, end - base, options.before, 0, b'\n');
        searcher.discard(window, base as u64, keep);
        from = end - base - keep;
        base += keep;
    }
    let window = &haystack[base..];
    searcher.search_window(&mut recorder, window, base as u64, from, window.len());
    searcher.finish(&mut recorder, window, base as u64);
    recorder.0
}

/// Text of a few ASCII bytes, newlines and a two-byte `é`.
fn haystacks() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(&b"a"[..]),
        Just(&b"b"[..]),
        Just(&b" "[..]),
        Just(&b"\n"[..]),
        Just(&b"_"[..]),
        Just("é".as_bytes()),
    ];
    // Up to a few KiB: past the size at which a buffer's lines are found
    // by two interleaved scans.
    proptest::collection::vec(piece, 0..1500).prop_map(|pieces| pieces.concat())
}

fn patterns() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("a"),
        Just("ab"),
        Just("a+b"),
        Just("^a"),
        Just("b$"),
        Just("^$"),
        Just(""),
        Just("[ab]{2}"),
        Just("a|bb"),
        Just(r"\s"),
        Just(r"b\b"),
        Just("a b"),
        Just("é"),
        Just("aé|éb+"),
        // Case-insensitive, too many prefixes: found by their windows.
        Just("aaa__b|bbb__a|aba__a|bab__b|aab__a"),
        // No literal: found by the interleaved lazy DFA.
        Just(r"\w\s\w"),
        Just(r"\w+$"),
        Just(r"^\W*\w{3}"),
        Just(r"\w*"),
        Just(r"\S\s+\S"),
    ]
}

fn options() -> impl Strategy<Value = (SearchOptions, MatcherOptions)> {
    (
        any::<bool>(),
        any::<bool>(),
        0usize..4,
        0usize..4,
        prop_oneof![Just(None), (0u64..5).prop_map(Some)],
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(
                invert,
                line_numbers,
                before,
                after,
                max_count,
                boundary,
                insensitive,
                first_only,
                passthru,
                stop_on_nonmatch,
            )| {
                (
                    SearchOptions {
                        invert,
                        line_numbers,
                        before: if passthru { 0 } else { before },
                        after: if passthru { usize::MAX } else { after },
                        max_count,
                        stop_at_first_match: first_only,
                        passthru,
                        stop_on_nonmatch,
                        terminator: b'\n',
                    },
                    MatcherOptions {
                        word: boundary == 1,
                        line: boundary == 2,
                        case: if insensitive {
                            CaseMode::Insensitive
                        } else {
                            CaseMode::Sensitive
                        },
                        ..Default::default()
                    },
                )
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn searcher_agrees_with_a_line_by_line_oracle(
        haystack in haystacks(),
        pattern in patterns(),
        (options, matcher_options) in options(),
        chunk in 1usize..64,
        window in 1usize..8,
        cuts in proptest::collection::vec(0usize..3000, 0..6),
    ) {
        let matcher = Matcher::new(&[pattern.to_string()], &matcher_options).unwrap();
        let expected = oracle(&matcher, &options, &haystack);
        prop_assert_eq!(&whole(&matcher, &options, &haystack), &expected, "whole slice");
        let chunks = chunked(&matcher, &options, &haystack, chunk, window);
        prop_assert_eq!(&chunks, &expected, "chunks of {}, long lines in windows of {}", chunk, window);
        prop_assert_eq!(&windowed(&matcher, &options, &haystack, &cuts), &expected, "windows cut at {:?}", cuts);
    }

    #[test]
    fn matches_in_a_line_are_the_regex_crates(
        line in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b' ')], 0..40),
        pattern in patterns(),
    ) {
        let matcher = Matcher::new(&[pattern.to_string()], &MatcherOptions::default()).unwrap();
        let reference = regex::bytes::Regex::new(&format!("(?m){pattern}")).unwrap();
        let mut with_terminator = line.clone();
        with_terminator.push(b'\n');
        let mut found = Vec::new();
        matcher.for_each_in_line(&with_terminator, |m| { found.push((m.start, m.end)); true });
        let expected: Vec<(usize, usize)> = reference.find_iter(&line).map(|m| (m.start(), m.end())).collect();
        prop_assert_eq!(found, expected);
    }
}
