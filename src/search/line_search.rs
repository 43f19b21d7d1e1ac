//! The line logic: which lines of a slice are selected and which are
//! context, with their numbers, pushed into a [`Sink`] in file order. It
//! can be fed a file one window at a time (a stream, the chunks of a large
//! file) or all at once; every position it keeps is absolute.

use super::{lines, Line, SearchOptions, Sink, LOOK_AHEAD};
use crate::matcher::Matcher;

/// How a search of one slice ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchSummary {
    /// Selected lines reported to the sink.
    pub selected_lines: u64,
    /// True when the search ended before the end of the slice (the sink
    /// asked to stop, or `-m` was reached).
    pub stopped_early: bool,
    /// Where a search that `-m` (or `--stop-on-nonmatch`) ended stopped
    /// reading, as ripgrep counts the bytes it searched: past the last
    /// line printed, or past the match line ripgrep's `-v` search had
    /// already stepped over.
    pub stopped_at: Option<u64>,
}

/// Searches all of `haystack`, whose first byte is at absolute offset `base`.
pub fn search_lines<S: Sink>(
    options: &SearchOptions,
    matcher: &Matcher,
    haystack: &[u8],
    base: u64,
    sink: &mut S,
) -> SearchSummary {
    let mut searcher = LineSearch::new(options, matcher, base);
    searcher.search_window(sink, haystack, base, 0, haystack.len());
    searcher.finish(sink, haystack, base)
}

/// Line logic that can be fed a file one window at a time (a stream), or
/// all at once. Every position it keeps is an absolute byte offset, so
/// line numbers, owed context and `--` breaks carry across windows.
pub struct LineSearch<'a> {
    options: &'a SearchOptions,
    matcher: &'a Matcher,
    /// Line numbers are known up to this offset...
    counted_upto: u64,
    /// ...where this line starts.
    line_number: u64,
    /// End of the last line handed to the sink.
    emitted_upto: u64,
    emitted_any: bool,
    /// After-context lines still owed to the last selected line.
    after_left: usize,
    /// `-m` was reached: only owed after-context is still printed.
    limit_reached: bool,
    /// The sink asked to stop.
    sink_stopped: bool,
    /// Under -v and --stop-on-nonmatch: the next line not selected ends
    /// the search.
    nonmatch_stops: bool,
    /// How far ripgrep's search would have read past the lines emitted
    /// (see [`SearchSummary::stopped_at`]).
    scanned_to: u64,
    /// End of the last line handed to the sink as selected.
    selected_upto: u64,
    /// What counts toward `-m`: selected lines, or with a multi-line
    /// matcher the matches in the selected blocks (as ripgrep counts).
    counted_toward_limit: u64,
    summary: SearchSummary,
}

impl<'a> LineSearch<'a> {
    /// A searcher for one file whose bytes start at absolute offset `base`.
    pub fn new(options: &'a SearchOptions, matcher: &'a Matcher, base: u64) -> LineSearch<'a> {
        LineSearch {
            options,
            matcher,
            counted_upto: base,
            line_number: 1,
            emitted_upto: base,
            emitted_any: false,
            after_left: if options.passthru { usize::MAX } else { 0 },
            limit_reached: false,
            sink_stopped: false,
            counted_toward_limit: 0,
            nonmatch_stops: false,
            scanned_to: base,
            selected_upto: base,
            summary: SearchSummary::default(),
        }
    }

    /// Searches the lines of `window[from..end]`; `window[0]` is at absolute
    /// offset `base`, and the bytes before `from` are earlier lines kept
    /// for before-context. `end` must be a line boundary unless the window
    /// holds the end of the file. Returns false once the search has stopped.
    pub fn search_window<S: Sink>(
        &mut self,
        sink: &mut S,
        window: &[u8],
        base: u64,
        from: usize,
        end: usize,
    ) -> bool {
        self.search_window_with(sink, window, base, from, end, None)
    }

    /// Like [`LineSearch::search_window`], with the matching lines of
    /// `[from, end)` already found (by [`super::parallel::find_lines`], maybe on
    /// another thread): `found` holds their (start, end), in order.
    pub fn search_window_with<S: Sink>(
        &mut self,
        sink: &mut S,
        window: &[u8],
        base: u64,
        from: usize,
        end: usize,
        found: Option<&[(usize, usize)]>,
    ) -> bool {
        if self.options.max_count == Some(0) {
            // -m 0: nothing is searched at all (ripgrep's behaviour).
            self.summary.stopped_early = true;
        }
        if self.summary.stopped_early {
            return false;
        }
        let batch;
        let found = match found {
            Some(lines) => Some(lines),
            None if self.finds_lines_in_batches() => {
                batch = self.batch_of_lines(&window[..end], from);
                Some(batch.as_slice())
            }
            None => None,
        };
        let mut run = Run {
            searcher: self,
            sink,
            window: &window[..end],
            base,
            found: found.map(|lines| lines.iter()),
            after_block: lines::AfterBlock::NotLooked,
        };
        if run.searcher.limit_reached {
            // -m was reached in an earlier window: finish its after-context.
            let pos = run.emitted_upto().max(from);
            run.after_context_past_limit(pos);
        } else {
            let finished = if run.searcher.options.invert {
                run.inverted(from)
            } else {
                run.forward(from)
            };
            // Owed after-context inside this window is printed now, so the
            // next window starts exactly where this one was emitted up to.
            if finished {
                run.after_context_until(end);
            }
        }
        if self.sink_stopped || (self.limit_reached && self.after_left == 0) {
            self.summary.stopped_early = true;
            return false;
        }
        true
    }

    /// Says the line starting at absolute offset `at` is line `number`, so
    /// line numbers count on from there instead of from the last line
    /// emitted (the lines between were counted elsewhere). A line before
    /// `at` emitted afterwards (before-context) is numbered by counting
    /// back.
    pub fn skip_counting_to(&mut self, at: u64, number: u64) {
        if self.options.line_numbers && self.counted_upto <= at {
            self.counted_upto = at;
            self.line_number = number;
        }
    }

    /// Whether this window's matching lines are best found all at once (the
    /// matcher prefers it, and nothing stops the search after a few).
    fn finds_lines_in_batches(&self) -> bool {
        self.matcher.finds_lines_in_batches()
            && self.options.max_count.is_none()
            && !self.limit_reached
            && !self.options.stop_at_first_match
    }

    /// Every matching line of `window` from the line start `from` on.
    fn batch_of_lines(&self, window: &[u8], from: usize) -> Vec<(usize, usize)> {
        let mut lines = Vec::new();
        let batched = self.matcher.matching_lines(window, from, &mut lines);
        debug_assert!(batched, "only a batch-finding matcher is asked");
        lines
    }

    /// Notes that the caller drops `window[..drop]` from its buffer: line
    /// numbers are counted over those bytes first.
    pub fn discard(&mut self, window: &[u8], base: u64, drop: usize) {
        let drop_at = base + drop as u64;
        if self.options.line_numbers && self.counted_upto < drop_at {
            let from = (self.counted_upto - base) as usize;
            self.line_number +=
                lines::count_terminators(&window[from..drop], self.options.terminator);
            self.counted_upto = drop_at;
        }
    }

    /// Ends the search at the end of `window` (the end of the file).
    pub fn finish<S: Sink>(mut self, sink: &mut S, window: &[u8], base: u64) -> SearchSummary {
        if self.limit_reached {
            // The file ended while after-context was still owed.
            self.summary.stopped_early = true;
            // ripgrep's count ends past the last line it printed as a
            // match (with --passthru, which reads on, past everything).
            let read_to = if self.options.passthru {
                self.emitted_upto
            } else {
                self.selected_upto
            };
            self.summary.stopped_at = Some(read_to.max(self.scanned_to));
        }
        if !self.summary.stopped_early {
            let mut run = Run {
                searcher: &mut self,
                sink,
                window,
                base,
                found: None,
                after_block: lines::AfterBlock::NotLooked,
            };
            if !run.after_context_until(window.len()) {
                self.summary.stopped_early = true;
            }
        }
        self.summary
    }

    /// Absolute end of the last line handed to the sink (the start of the
    /// file if none was).
    pub fn emitted_upto(&self) -> u64 {
        self.emitted_upto
    }

    /// Lines selected so far.
    pub fn selected_lines(&self) -> u64 {
        self.summary.selected_lines
    }

    /// Whether the search has already stopped (sink or `-m`).
    pub fn is_stopped(&self) -> bool {
        self.summary.stopped_early
    }
}

/// One window being searched: positions are window-relative here and
/// absolute in the [`LineSearch`].
struct Run<'r, 'a, S> {
    searcher: &'r mut LineSearch<'a>,
    sink: &'r mut S,
    window: &'r [u8],
    base: u64,
    /// Matching lines found ahead of time, consumed in order.
    found: Option<std::slice::Iter<'r, (usize, usize)>>,
    /// With a multi-line matcher: what was found after the last block.
    after_block: lines::AfterBlock,
}

enum Kind {
    Selected,
    Context,
}

impl<S: Sink> Run<'_, '_, S> {
    /// The end of the line holding `at`, in this window.
    fn line_end(&self, at: usize) -> usize {
        lines::line_end(self.window, at, self.searcher.options.terminator)
    }

    /// Where the last emitted line ended, in this window (0 if before it).
    fn emitted_upto(&self) -> usize {
        self.searcher.emitted_upto.saturating_sub(self.base) as usize
    }

    /// The next line holding a match at or after `from`, as (start, end);
    /// with a multi-line matcher, the lines of the next match.
    fn next_matching_line(&mut self, from: usize) -> Option<(usize, usize)> {
        if let Some(found) = &mut self.found {
            return found.find(|&&(start, _)| start >= from).copied();
        }
        let matcher = self.searcher.matcher;
        if matcher.is_multiline() {
            // ripgrep's multi-line search stops looking after -m matches:
            // under -v every line after them is then selected.
            let searcher = &mut *self.searcher;
            if searcher
                .options
                .max_count
                .is_some_and(|max| searcher.counted_toward_limit >= max)
            {
                return None;
            }
            searcher.counted_toward_limit += 1;
            return lines::next_match_block(matcher, self.window, from, None, false, 1)
                .map(|(block, _)| (block.start, block.end));
        }
        lines::next_matching_line(matcher, self.window, from)
    }

    /// The next lines to select at or after `from`, as (start, end, what
    /// they count toward `-m`): one matching line, or with a multi-line
    /// matcher the block of lines its next matches span.
    fn next_selected(&mut self, from: usize) -> Option<(usize, usize, u64)> {
        let matcher = self.searcher.matcher;
        if self.found.is_none() && matcher.is_multiline() {
            let options = self.searcher.options;
            let room = options
                .max_count
                .map_or(u64::MAX, |max| max - self.searcher.counted_toward_limit);
            // The match that ended the last block starts the next one.
            let first = match std::mem::take(&mut self.after_block) {
                lines::AfterBlock::Nothing => return None,
                lines::AfterBlock::Match(m) if m.start >= from => Some(m),
                _ => None,
            };
            let (block, after) =
                lines::next_match_block(matcher, self.window, from, first, true, room)?;
            self.after_block = after;
            return Some((block.start, block.end, block.matches));
        }
        self.next_matching_line(from)
            .map(|(start, end)| (start, end, 1))
    }

    /// Reports every matching line; false when the search stopped early.
    fn forward(&mut self, mut pos: usize) -> bool {
        while pos < self.window.len() {
            let next = self.next_selected(pos);
            if self.searcher.options.stop_on_nonmatch
                && next.is_none_or(|(start, _, _)| start != pos)
                && self.stops_at_nonmatch()
            {
                return self.stop_at_nonmatch(pos);
            }
            let Some((start, end, count)) = next else {
                break;
            };
            if !self.select(start, end, count) {
                return false;
            }
            pos = end;
        }
        true
    }

    /// Reports every line without a match; false when the search stopped early.
    fn inverted(&mut self, mut pos: usize) -> bool {
        let len = self.window.len();
        while pos < len {
            let (next_start, next_end) = self.next_matching_line(pos).unwrap_or((len, len));
            // ripgrep's -v search steps over the match before it reports
            // the lines ahead of it.
            self.searcher.scanned_to = self.base + next_end as u64;
            while pos < next_start {
                let end = self.line_end(pos);
                // Under a multi-line matcher the matches count toward -m,
                // not the lines selected between them.
                let count = u64::from(!self.searcher.matcher.is_multiline());
                if !self.select(pos, end, count) {
                    return false;
                }
                pos = end;
            }
            // ripgrep's -v search selects runs of lines between matches
            // until it has selected some; only past the match after that
            // run does a line not selected stop it.
            if next_start < len && self.stops_at_nonmatch() {
                if self.searcher.nonmatch_stops {
                    return self.stop_at_nonmatch(next_start);
                }
                self.searcher.nonmatch_stops = true;
            }
            pos = next_end;
        }
        true
    }

    /// Whether a line not selected may now end the search
    /// (`--stop-on-nonmatch`, after a selected line; ripgrep ignores it in
    /// a multi-line search).
    fn stops_at_nonmatch(&self) -> bool {
        let searcher = &self.searcher;
        searcher.options.stop_on_nonmatch
            && searcher.summary.selected_lines > 0
            && !searcher.matcher.is_multiline()
    }

    /// Ends the search at the line starting at `pos`, which is not
    /// selected: printed first if after-context is owed. Returns false.
    fn stop_at_nonmatch(&mut self, pos: usize) -> bool {
        let end = self.line_end(pos);
        self.after_context_until(end);
        self.searcher.scanned_to = self.base + end as u64;
        self.searcher.after_left = 0;
        self.searcher.limit_reached = true;
        false
    }

    /// Reports a selected line (or block of lines) with the context owed
    /// around it; `count` is what it counts toward `-m`.
    fn select(&mut self, start: usize, end: usize, count: u64) -> bool {
        if !self.after_context_until(start) {
            return false;
        }
        let options = self.searcher.options;
        if options.before > 0 {
            let floor = self.emitted_upto();
            let mut pos = lines::preceding_lines_start(
                self.window,
                start,
                options.before,
                floor,
                options.terminator,
            );
            while pos < start {
                let line_end = self.line_end(pos);
                if !self.emit(pos, line_end, Kind::Context) {
                    return false;
                }
                pos = line_end;
            }
        }
        if !self.emit(start, end, Kind::Selected) {
            return false;
        }
        self.searcher.summary.selected_lines += 1;
        self.searcher.counted_toward_limit += count;
        self.searcher.after_left = options.after;
        if count > 0
            && options
                .max_count
                .is_some_and(|max| self.searcher.counted_toward_limit >= max)
        {
            self.searcher.limit_reached = true;
            self.after_context_past_limit(end);
            return false;
        }
        true
    }

    /// Emits owed after-context lines that start before `limit`.
    fn after_context_until(&mut self, limit: usize) -> bool {
        while self.searcher.after_left > 0 && self.emitted_upto() < limit {
            let start = self.emitted_upto();
            let end = self.line_end(start);
            self.searcher.after_left -= 1;
            if !self.emit(start, end, Kind::Context) {
                return false;
            }
        }
        true
    }

    /// After `-m` is reached, ripgrep still prints the owed after-context,
    /// showing a line that would have been selected as a match. Lines past
    /// this window are printed from the next one.
    fn after_context_past_limit(&mut self, mut pos: usize) {
        while self.searcher.after_left > 0 && pos < self.window.len() {
            let end = self.line_end(pos);
            // With --passthru ripgrep prints them all alike: as context,
            // or with -v as selected lines.
            let options = self.searcher.options;
            let selected = if options.passthru {
                options.invert
            } else {
                self.searcher.matcher.is_match_line(&self.window[pos..end]) != options.invert
            };
            let kind = if selected {
                Kind::Selected
            } else {
                Kind::Context
            };
            self.searcher.after_left -= 1;
            if !self.emit(pos, end, kind) {
                return;
            }
            pos = end;
        }
    }

    /// Hands one line to the sink, with a `--` first if it does not follow
    /// the last line handed over.
    fn emit(&mut self, start: usize, end: usize, kind: Kind) -> bool {
        let start_at = self.base + start as u64;
        let searcher = &mut *self.searcher;
        if searcher.options.has_context()
            && searcher.emitted_any
            && start_at > searcher.emitted_upto
            && !self.sink.context_break()
        {
            searcher.sink_stopped = true;
            return false;
        }
        let number = if searcher.options.line_numbers {
            let term = searcher.options.terminator;
            let counted = (searcher.counted_upto - self.base) as usize;
            if counted <= start {
                searcher.line_number +=
                    lines::count_terminators(&self.window[counted..start], term);
            } else {
                // Before-context behind a point the count skipped to.
                searcher.line_number -=
                    lines::count_terminators(&self.window[start..counted], term);
            }
            searcher.counted_upto = start_at;
            Some(searcher.line_number)
        } else {
            None
        };
        // ripgrep's printer sees around a selected block (the text before
        // it, a little after it), not around context.
        let (context, context_start) =
            if searcher.matcher.is_multiline() && matches!(kind, Kind::Selected) {
                let ahead = end.saturating_add(LOOK_AHEAD).min(self.window.len());
                (&self.window[..ahead], start)
            } else {
                (&self.window[start..end], 0)
            };
        let line = Line {
            bytes: &self.window[start..end],
            number,
            offset: start_at,
            context,
            context_start,
        };
        searcher.emitted_upto = self.base + end as u64;
        searcher.emitted_any = true;
        let go_on = match kind {
            Kind::Selected => {
                searcher.selected_upto = searcher.emitted_upto;
                self.sink.matched(line)
            }
            Kind::Context => self.sink.context(line),
        };
        if !go_on {
            searcher.sink_stopped = true;
        }
        go_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::MatcherOptions;

    /// Records what the searcher reported, in grep's own notation.
    #[derive(Default)]
    struct Transcript(Vec<String>);

    impl Transcript {
        fn line(&mut self, sep: char, line: Line<'_>) {
            let text = String::from_utf8_lossy(line.bytes).trim_end().to_string();
            match line.number {
                Some(n) => self.0.push(format!("{n}{sep}{text}")),
                None => self.0.push(format!("{sep}{text}")),
            }
        }
    }

    impl Sink for Transcript {
        fn matched(&mut self, line: Line<'_>) -> bool {
            self.line(':', line);
            true
        }
        fn context(&mut self, line: Line<'_>) -> bool {
            self.line('-', line);
            true
        }
        fn context_break(&mut self) -> bool {
            self.0.push("--".into());
            true
        }
    }

    fn run(pattern: &str, options: SearchOptions, haystack: &str) -> (Vec<String>, SearchSummary) {
        let matcher = Matcher::new(&[pattern.to_string()], &MatcherOptions::default()).unwrap();
        let mut sink = Transcript::default();
        let options = SearchOptions {
            line_numbers: true,
            ..options
        };
        let summary = search_lines(&options, &matcher, haystack.as_bytes(), 0, &mut sink);
        (sink.0, summary)
    }

    const TEXT: &str = "a foo\nb\nc\nd foo\ne\nf\ng\nh\nfoo i\n";

    #[test]
    fn reports_matching_lines_with_numbers() {
        let (got, summary) = run("foo", SearchOptions::default(), TEXT);
        assert_eq!(got, ["1:a foo", "4:d foo", "9:foo i"]);
        assert_eq!(summary.selected_lines, 3);
        assert!(!summary.stopped_early);
    }

    #[test]
    fn context_merges_adjacent_groups_and_breaks_between_others() {
        let options = SearchOptions {
            before: 1,
            after: 1,
            ..Default::default()
        };
        let (got, _) = run("foo", options, TEXT);
        assert_eq!(
            got,
            ["1:a foo", "2-b", "3-c", "4:d foo", "5-e", "--", "8-h", "9:foo i"]
        );
    }

    #[test]
    fn inverted_search_reports_the_other_lines() {
        let options = SearchOptions {
            invert: true,
            ..Default::default()
        };
        let (got, _) = run("foo", options, "foo\nbar\nfoo\nbaz");
        assert_eq!(got, ["2:bar", "4:baz"]);
    }

    #[test]
    fn max_count_still_prints_owed_after_context() {
        let options = SearchOptions {
            after: 2,
            max_count: Some(1),
            ..Default::default()
        };
        let (got, summary) = run("foo", options, "foo\nbar\nfoo\nbaz\nqux\n");
        assert_eq!(got, ["1:foo", "2-bar", "3:foo"]);
        assert!(summary.stopped_early);
    }

    #[test]
    fn max_count_zero_selects_nothing() {
        let options = SearchOptions {
            max_count: Some(0),
            after: 2,
            ..Default::default()
        };
        let (got, summary) = run("foo", options, "foo\nbar\n");
        assert!(got.is_empty());
        assert!(summary.stopped_early);
    }

    #[test]
    fn empty_pattern_selects_every_line_but_not_past_the_end() {
        let (got, _) = run("", SearchOptions::default(), "a\n\nb\n");
        assert_eq!(got, ["1:a", "2:", "3:b"]);
    }

    #[test]
    fn end_anchor_matches_a_final_line_without_terminator() {
        let (got, _) = run("b$", SearchOptions::default(), "ab\nab");
        assert_eq!(got, ["1:ab", "2:ab"]);
    }
}
