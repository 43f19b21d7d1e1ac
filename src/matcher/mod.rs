//! The `matcher` stage: where does the pattern match in these bytes?
//!
//! [`Matcher`] is the one interface the searcher and the printers use,
//! whichever engine compiled the patterns: today regex-automata's
//! ([`automata`], the default) or PCRE2's ([`pcre`], `-P`). Each
//! engine answers the same questions — the next match's end, every match in
//! a line, whether a line matches, the matches with `-r`'s groups — and
//! knows the line terminator it may not match, so the searcher can run it
//! over whole buffers. How a match becomes a line is the searcher's
//! business, not the matcher's.

mod automata;
mod boolean;
mod interleaved;
mod pcre;
mod scope;
mod windows;

pub use automata::AutomataMatcher;
pub use boolean::BoolMatcher;
pub use pcre::PcreMatcher;
pub use scope::{file_scope, FileConditions, Scope};

/// How the user asked the patterns to be interpreted.
#[derive(Clone, Debug, Default)]
pub struct MatcherOptions {
    /// Which engine compiles them (`--engine`, `-P`).
    pub engine: EngineChoice,
    /// Binary detection is on (no `-a`): a pattern that holds a NUL could
    /// never match, and the default engine refuses it, as ripgrep's does.
    pub ban_nul: bool,
    /// Treat every pattern as a literal string (`-F`).
    pub fixed_strings: bool,
    /// Case handling (`-i`, `-s`, `-S`).
    pub case: CaseMode,
    /// Only match whole words (`-w`).
    pub word: bool,
    /// Only match whole lines (`-x`).
    pub line: bool,
    /// Let matches span lines (`-U`): the pattern may match `\n`.
    pub multiline: bool,
    /// With `multiline`, `.` matches `\n` too (`--multiline-dotall`).
    pub multiline_dotall: bool,
    /// `--crlf`: `^` and `$` treat `\r\n` as a line end, and (without
    /// `multiline`) the pattern may not match `\r`.
    pub crlf: bool,
    /// `--no-unicode`: classes, case folding and `.` work on ASCII and
    /// bytes, not on Unicode characters.
    pub ascii_only: bool,
    /// `--regex-size-limit`: the most bytes the compiled regex may take.
    pub size_limit: Option<usize>,
    /// `--dfa-size-limit`: the most bytes each lazy DFA's cache may take.
    pub dfa_size_limit: Option<usize>,
    /// `--null-data`: lines end in NUL, which `^` and `$` see as the line
    /// end and the pattern may not match (`\n` is then a plain byte).
    pub null_data: bool,
}

impl MatcherOptions {
    /// The byte lines end with: NUL with `--null-data`, else `\n`.
    pub fn terminator(&self) -> u8 {
        if self.null_data {
            b'\0'
        } else {
            b'\n'
        }
    }
}

/// The regex engine chosen on the command line (`--engine`, `-P`,
/// `--auto-hybrid-regex`); the last flag wins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EngineChoice {
    /// regex-automata's.
    #[default]
    Default,
    /// PCRE2's.
    Pcre2,
    /// The default engine, or PCRE2 for the patterns it cannot compile
    /// (look-around, backreferences), as ripgrep decides.
    Auto,
}

/// The case-sensitivity mode chosen on the command line; the last flag wins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseMode {
    #[default]
    Sensitive,
    Insensitive,
    /// Insensitive unless the patterns contain an uppercase literal.
    Smart,
}

/// A byte range of one match inside the haystack that was searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
}

/// A compiled set of patterns, ready to search haystacks from many
/// threads; cheap to clone (each clone keeps its own regex caches).
#[derive(Clone, Debug)]
pub enum Matcher {
    /// regex-automata's meta regex, with lode's line shortcuts.
    Automata(AutomataMatcher),
    /// PCRE2, with its JIT.
    Pcre2(PcreMatcher),
    /// A boolean query per line (`--and`, `--not`), made of matchers.
    Bool(Box<BoolMatcher>),
}

impl Matcher {
    /// Compiles `patterns` with the engine the options choose, as ripgrep
    /// would; the error text is ripgrep's.
    pub fn new(patterns: &[String], options: &MatcherOptions) -> Result<Matcher, String> {
        match options.engine {
            EngineChoice::Default => AutomataMatcher::new(patterns, options)
                .map(Matcher::Automata)
                .map_err(suggest_pcre2),
            EngineChoice::Pcre2 => PcreMatcher::new(patterns, options).map(Matcher::Pcre2),
            EngineChoice::Auto => {
                let default_error = match AutomataMatcher::new(patterns, options) {
                    Ok(matcher) => return Ok(Matcher::Automata(matcher)),
                    Err(err) => err,
                };
                let pcre_error = match PcreMatcher::new(patterns, options) {
                    Ok(matcher) => return Ok(Matcher::Pcre2(matcher)),
                    Err(err) => err,
                };
                let divider = "~".repeat(79);
                Err(format!(
                    "regex could not be compiled with either the default regex engine or with \
                     PCRE2.\n\ndefault regex engine error:\n{divider}\n{default_error}\n\
                     {divider}\n\nPCRE2 regex engine error:\n{pcre_error}"
                ))
            }
        }
    }

    /// [`Matcher::new`] for the main `patterns`, made a boolean query per
    /// line when there are `--and` patterns (`all`) or `--not` patterns
    /// (`none`): each compiled alone, with the same options, by the engine
    /// the main patterns got. Without either, it is [`Matcher::new`]'s.
    pub fn with_conditions(
        patterns: &[String],
        all: &[String],
        none: &[String],
        options: &MatcherOptions,
    ) -> Result<Matcher, String> {
        let main = Matcher::new(patterns, options)?;
        if all.is_empty() && none.is_empty() {
            return Ok(main);
        }
        BoolMatcher::new(main, all, none, options).map(|b| Matcher::Bool(Box::new(b)))
    }

    /// The error the engine gave while matching on this thread since the
    /// last call (PCRE2's match and depth limits; the default engine has
    /// none), and forgets it. After one, the engine finds no more matches,
    /// so the search of the file ends there, as ripgrep's does.
    pub fn take_match_error(&self) -> Option<String> {
        match self {
            Matcher::Automata(_) => None,
            Matcher::Pcre2(_) => PcreMatcher::take_error(),
            Matcher::Bool(engine) => engine.main().take_match_error(),
        }
    }

    /// Whether one file may be searched on several threads: not with
    /// PCRE2, whose match errors are kept by the thread that met them
    /// (ripgrep searches a file with it on one thread too).
    pub fn searches_a_file_in_parallel(&self) -> bool {
        match self {
            Matcher::Automata(_) => true,
            Matcher::Pcre2(_) => false,
            Matcher::Bool(engine) => engine.main().searches_a_file_in_parallel(),
        }
    }

    /// The most bytes one match can take, when that is bounded and a
    /// search of part of a line ([`Matcher::match_end_within`]) finds just
    /// the matches lying in that part: then one long line can be searched
    /// in windows that overlap by this much, on every core. `None` for an
    /// unbounded pattern (`\w+`), PCRE2, a boolean query, `-U` and
    /// `--null-data`.
    pub fn longest_match(&self) -> Option<usize> {
        match self {
            Matcher::Automata(engine) => engine.longest_match(),
            Matcher::Pcre2(_) | Matcher::Bool(_) => None,
        }
    }

    /// For a matcher with a [`Matcher::longest_match`]: where the first
    /// match lying in `haystack[start..end]` ends, look-around seeing the
    /// bytes on either side. Any other matcher finds none.
    pub fn match_end_within(&self, haystack: &[u8], start: usize, end: usize) -> Option<usize> {
        match self {
            Matcher::Automata(engine) => engine.match_end_within(haystack, start, end),
            Matcher::Pcre2(_) | Matcher::Bool(_) => None,
        }
    }

    /// PCRE2's version and whether its JIT is there (`--pcre2-version`).
    pub fn pcre2_version() -> String {
        PcreMatcher::version()
    }

    /// Where the first match in `haystack` at or after `start` ends;
    /// look-around assertions see the bytes before `start`. The end alone
    /// places the match in its line (no match crosses one), and the regex
    /// skips the work that would find the start.
    #[inline]
    pub fn match_end_at(&self, haystack: &[u8], start: usize) -> Option<usize> {
        match self {
            Matcher::Automata(engine) => engine.match_end_at(haystack, start),
            Matcher::Pcre2(engine) => engine.match_end_at(haystack, start),
            Matcher::Bool(engine) => engine.match_end_at(haystack, start),
        }
    }

    /// Whether [`Matcher::matching_lines`] finds a buffer's matching lines
    /// all at once, faster than one match at a time.
    #[inline]
    pub fn finds_lines_in_batches(&self) -> bool {
        match self {
            Matcher::Automata(engine) => engine.finds_lines_in_batches(),
            // PCRE2 and a boolean query find them one line at a time.
            Matcher::Pcre2(_) | Matcher::Bool(_) => false,
        }
    }

    /// For a pattern that [`Matcher::finds_lines_in_batches`], appends to
    /// `found` the (start, end) of every line of `haystack` at or after the
    /// line start `from` that holds a match, in order, and returns true;
    /// any other pattern returns false and leaves the lines to the caller.
    #[inline]
    pub fn matching_lines(
        &self,
        haystack: &[u8],
        from: usize,
        found: &mut Vec<(usize, usize)>,
    ) -> bool {
        match self {
            Matcher::Automata(engine) => engine.matching_lines(haystack, from, found),
            Matcher::Pcre2(_) | Matcher::Bool(_) => false,
        }
    }

    /// The byte that ends a line for this matcher: `\n`, or NUL with
    /// `--null-data`. No match holds it, unless [`Matcher::is_multiline`].
    #[inline]
    pub fn line_terminator(&self) -> u8 {
        match self {
            Matcher::Automata(engine) => engine.line_terminator(),
            Matcher::Pcre2(engine) => engine.line_terminator(),
            Matcher::Bool(engine) => engine.main().line_terminator(),
        }
    }

    /// Whether a match may span lines (`-U` with a pattern that can match
    /// `\n`): then a file is searched whole, and a selected "line" handed
    /// to a sink may be several lines.
    #[inline]
    pub fn is_multiline(&self) -> bool {
        match self {
            Matcher::Automata(engine) => engine.is_multiline(),
            Matcher::Pcre2(engine) => engine.is_multiline(),
            Matcher::Bool(engine) => engine.is_multiline(),
        }
    }

    /// The first match in `haystack` starting at or after `start`;
    /// look-around assertions see the bytes before `start`.
    #[inline]
    pub fn find_at(&self, haystack: &[u8], start: usize) -> Option<Match> {
        match self {
            Matcher::Automata(engine) => engine.find_at(haystack, start),
            Matcher::Pcre2(engine) => engine.find_at(haystack, start),
            Matcher::Bool(engine) => engine.find_at(haystack, start),
        }
    }

    /// Whether the pattern has line (or text) anchors.
    #[inline]
    pub fn is_line_anchored(&self) -> bool {
        match self {
            Matcher::Automata(engine) => engine.is_line_anchored(),
            // Its patterns are not analysed: anchored is the safe answer.
            // A boolean query's lines may change when a NUL ends a line.
            Matcher::Pcre2(_) | Matcher::Bool(_) => true,
        }
    }

    /// Whether one line (with or without its terminator) holds a match.
    /// The terminator is left out: `^$` must not match the empty position
    /// after it.
    #[inline]
    pub fn is_match_line(&self, line: &[u8]) -> bool {
        match self {
            Matcher::Automata(engine) => engine.is_match_line(line),
            Matcher::Pcre2(engine) => engine.is_match_line(line),
            Matcher::Bool(engine) => engine.is_match_line(line),
        }
    }

    /// Calls `visit` with every match in one line (as
    /// [`Matcher::for_each_in_line`] finds them) and `replacement` with
    /// the match's groups interpolated (`$1`, `${name}`, `$$`), as `-r`
    /// prints it.
    #[inline]
    pub fn for_each_replaced_in_line(
        &self,
        line: &[u8],
        replacement: &[u8],
        mut visit: impl FnMut(Match, &[u8]),
    ) {
        match self {
            Matcher::Automata(engine) => engine.for_each_replaced_in_line(line, replacement, visit),
            Matcher::Pcre2(engine) => {
                engine.for_each_replaced_in(line, 0, line.len(), replacement, visit)
            }
            Matcher::Bool(engine) => {
                engine.for_each_replaced_in(line, 0, line.len(), replacement, &mut visit)
            }
        }
    }

    /// [`Matcher::for_each_replaced_in_line`] for the line
    /// `haystack[at..at + end]`, the bytes around it seen by the regex
    /// (look-behind, and a match may run past the line); the matches are
    /// placed in the line.
    #[inline]
    pub fn for_each_replaced_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        replacement: &[u8],
        mut visit: impl FnMut(Match, &[u8]),
    ) {
        match self {
            Matcher::Automata(engine) => {
                engine.for_each_replaced_in(haystack, at, end, replacement, visit)
            }
            Matcher::Pcre2(engine) => {
                engine.for_each_replaced_in(haystack, at, end, replacement, visit)
            }
            Matcher::Bool(engine) => {
                engine.for_each_replaced_in(haystack, at, end, replacement, &mut visit)
            }
        }
    }

    /// Calls `visit` with every match in one line, in order, as ripgrep's
    /// printer reports them: those that start before the line's end, its
    /// terminator included (an empty match just before a terminator
    /// counts; one at the end of a last line without one does not). Stops
    /// when `visit` says so.
    #[inline]
    pub fn for_each_in_line(&self, line: &[u8], mut visit: impl FnMut(Match) -> bool) {
        match self {
            Matcher::Automata(engine) => engine.for_each_in_line(line, visit),
            Matcher::Pcre2(engine) => engine.for_each_in(line, 0, line.len(), visit),
            Matcher::Bool(engine) => engine.for_each_in(line, 0, line.len(), &mut visit),
        }
    }

    /// [`Matcher::for_each_in_line`] for the line `haystack[at..at + end]`,
    /// the bytes around it seen by the regex (look-behind, and a match may
    /// run past the line); the matches are placed in the line.
    #[inline]
    pub fn for_each_in(
        &self,
        haystack: &[u8],
        at: usize,
        end: usize,
        mut visit: impl FnMut(Match) -> bool,
    ) {
        match self {
            Matcher::Automata(engine) => engine.for_each_in(haystack, at, end, visit),
            Matcher::Pcre2(engine) => engine.for_each_in(haystack, at, end, visit),
            Matcher::Bool(engine) => engine.for_each_in(haystack, at, end, &mut visit),
        }
    }
}

/// The default engine's error, with ripgrep's hint for the patterns only
/// PCRE2 compiles.
fn suggest_pcre2(message: String) -> String {
    if message.contains("backreferences") || message.contains("look-around") {
        format!(
            "{message}\n\nConsider enabling PCRE2 with the --pcre2 flag, which can handle \
             backreferences\nand look-around."
        )
    } else {
        message
    }
}
