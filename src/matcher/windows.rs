//! Candidate positions for case-insensitive literal alternations.
//!
//! The regex finds candidates for a literal pattern with a Teddy prefilter
//! built from the literals' prefixes. Case-insensitive, every letter of a
//! prefix doubles its variants: `-i 'ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|
//! CFG_BME_EVT'` has 40 four-byte prefixes, past the 32 that Slim Teddy
//! takes, so the regex runs Fat Teddy, which looks at half as many bytes a
//! step. Here each literal contributes instead one four-character window:
//! one across the joint of two words where the budget allows (`me_t`,
//! `eq_r`, `fg_b`: 8 variants each, as `_` has no case), else the one with
//! the fewest variants (`err_`). The 32 fit Slim Teddy. Every match holds
//! one of the windows, so a line without one has no match; a line with
//! one is checked by the regex.

use aho_corasick::{packed, Span};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Finds the windows one of which every match of a regex contains.
#[derive(Clone, Debug)]
pub struct Windows {
    searcher: packed::Searcher,
}

/// The longest window: Teddy compares at most four bytes.
const WIDEST: usize = 4;
/// Shorter windows would find candidates nearly everywhere.
const NARROWEST: usize = 3;
/// Slim Teddy's limit; past it Teddy goes fat, which is what this avoids.
const SLIM_TEDDY_MAX: usize = 32;

/// One character of a literal: the byte strings it may be (one, or its
/// case variants: `s` is `S`, `s` or `ſ`).
type Position = Vec<Vec<u8>>;
/// A stretch of a literal whose every character is a known [`Position`].
type Run = Vec<Position>;
/// One way a match can go: runs of bytes, every one of which it holds.
type Branch = Vec<Run>;

impl Windows {
    /// Windows for `hir` when they beat the regex's own prefilter: its
    /// prefixes are too many for Slim Teddy and the windows are not.
    pub fn for_hir(hir: &Hir) -> Option<Windows> {
        if regex_prefilter_suffices(hir) {
            return None;
        }
        let branches = branches(hir)?;
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for window in choose_windows(&branches)? {
            expand(window, &mut variants);
        }
        variants.sort();
        variants.dedup();
        let searcher = packed::Config::new().builder().extend(&variants).build()?;
        Some(Windows { searcher })
    }

    /// The offset of the first window at or after `start`.
    #[inline]
    pub fn find(&self, haystack: &[u8], start: usize) -> Option<usize> {
        self.searcher
            .find_in(haystack, Span::from(start..haystack.len()))
            .map(|m| m.start())
    }
}

/// Whether the regex's own prefilter does well enough: its prefixes (as
/// regex-automata extracts them) fit Slim Teddy, or there is no finite set
/// of them and it searches another way (a suffix, an inner literal), which
/// windows need not beat.
fn regex_prefilter_suffices(hir: &Hir) -> bool {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut prefixes = extractor.extract(hir);
    prefixes.optimize_for_prefix_by_preference();
    prefixes.len().is_none_or(|n| n <= SLIM_TEDDY_MAX)
}

/// The ways a match of `hir` can go, each with the runs it must hold;
/// `None` when some match need hold no run at all.
fn branches(hir: &Hir) -> Option<Vec<Branch>> {
    match hir.kind() {
        HirKind::Capture(capture) => branches(&capture.sub),
        HirKind::Repetition(rep) if rep.min > 0 => branches(&rep.sub),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(branches(sub)?);
            }
            Some(all)
        }
        HirKind::Concat(subs) => concat_branches(subs),
        _ => {
            let run = sequence(hir)?;
            (!run.is_empty()).then(|| vec![vec![run]])
        }
    }
}

/// A concatenation holds every run of consecutive known bytes in it; when
/// none is long enough, the first part that has branches of its own (an
/// alternation between word boundaries, say) stands for it.
fn concat_branches(subs: &[Hir]) -> Option<Vec<Branch>> {
    let mut runs: Branch = Vec::new();
    let mut current: Run = Vec::new();
    for sub in subs {
        match sequence(sub) {
            Some(bytes) => current.extend(bytes),
            None => runs.push(std::mem::take(&mut current)),
        }
    }
    runs.push(current);
    runs.retain(|run| run.len() >= NARROWEST);
    if !runs.is_empty() {
        return Some(vec![runs]);
    }
    subs.iter().find_map(branches)
}

/// The bytes `hir` always matches, one [`Position`] each, or `None` when
/// it can match different lengths or bytes beyond a case pair. Look-arounds
/// match no bytes and leave a sequence whole.
fn sequence(hir: &Hir) -> Option<Run> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(Vec::new()),
        HirKind::Literal(literal) => Some(literal.0.iter().map(|&b| vec![vec![b]]).collect()),
        HirKind::Class(class) => Some(vec![class_bytes(class)?]),
        HirKind::Capture(capture) => sequence(&capture.sub),
        HirKind::Concat(subs) => {
            let mut run = Vec::new();
            for sub in subs {
                run.extend(sequence(sub)?);
            }
            Some(run)
        }
        _ => None,
    }
}

/// The few characters a class matches (a letter's case variants), each as
/// its UTF-8 bytes; `None` for a wider class.
fn class_bytes(class: &Class) -> Option<Position> {
    let mut variants: Position = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                if range.len() > CASE_VARIANTS_MAX {
                    return None;
                }
                for c in range.start()..=range.end() {
                    variants.push(c.to_string().into_bytes());
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                if range.len() > CASE_VARIANTS_MAX {
                    return None;
                }
                variants.extend((range.start()..=range.end()).map(|b| vec![b]));
            }
        }
    }
    (!variants.is_empty() && variants.len() <= CASE_VARIANTS_MAX).then_some(variants)
}

/// The most variants a character may have: `k` is `K`, `k` or the Kelvin
/// sign.
const CASE_VARIANTS_MAX: usize = 3;

/// One window per branch, at most [`SLIM_TEDDY_MAX`] variants in all.
/// Each branch takes its best window by [`Score`]; while that is too many,
/// the branch with the most variants falls back to its window with the
/// fewest.
fn choose_windows(branches: &[Branch]) -> Option<Vec<&[Position]>> {
    let mut chosen: Vec<&[Position]> = branches
        .iter()
        .map(|branch| candidate_windows(branch).min_by_key(|w| Score::of(w)))
        .collect::<Option<_>>()?;
    loop {
        let total: usize = chosen.iter().map(|w| variants(w)).sum();
        if total <= SLIM_TEDDY_MAX {
            return Some(chosen);
        }
        let (index, branch) = branches
            .iter()
            .enumerate()
            .filter(|(i, branch)| {
                let fewest = candidate_windows(branch).map(variants).min();
                fewest < Some(variants(chosen[*i]))
            })
            .max_by_key(|(i, _)| variants(chosen[*i]))?;
        chosen[index] = candidate_windows(branch).min_by_key(|w| {
            let score = Score::of(w);
            (score.variants, score.edge, score.commonness)
        })?;
    }
}

/// The widest windows a branch's runs allow (at most [`WIDEST`]).
fn candidate_windows(branch: &Branch) -> impl Iterator<Item = &[Position]> {
    let width = branch.iter().map(Vec::len).max().unwrap_or(0).min(WIDEST);
    branch
        .iter()
        .filter(move |_| width >= NARROWEST)
        .flat_map(move |run| run.windows(width))
}

/// How many byte strings a window stands for.
fn variants(window: &[Position]) -> usize {
    window.iter().map(Vec::len).product()
}

/// How good a window is, best first. Identifiers share their words
/// (`err_`, `_req` are everywhere in C), but a window across the joint of
/// two words (`R_SY`, `G_BM`) is rare: a window whose ends are letters or
/// digits and that holds another byte inside comes first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    edge: bool,
    variants: usize,
    commonness: u32,
}

impl Score {
    fn of(window: &[Position]) -> Score {
        let alphanumeric = |p: &Position| p.iter().all(|v| v[0].is_ascii_alphanumeric());
        let inside = &window[1..window.len() - 1];
        let joint = alphanumeric(&window[0])
            && alphanumeric(&window[window.len() - 1])
            && inside.iter().any(|p| !alphanumeric(p));
        Score {
            edge: !joint,
            variants: variants(window),
            commonness: window
                .iter()
                .flatten()
                .flatten()
                .map(|&b| commonness(b))
                .sum(),
        }
    }
}

/// Every byte string `window` stands for, appended to `out`.
fn expand(window: &[Position], out: &mut Vec<Vec<u8>>) {
    let mut strings = vec![Vec::with_capacity(window.len())];
    for position in window {
        strings = strings
            .into_iter()
            .flat_map(|prefix| {
                position.iter().map(move |variant| {
                    let mut string = prefix.clone();
                    string.extend_from_slice(variant);
                    string
                })
            })
            .collect();
    }
    out.extend(strings);
}

/// A rough rank of how often a byte occurs in source code: higher is more
/// often. Only the order matters.
fn commonness(byte: u8) -> u32 {
    match byte {
        b' ' | b'\t' | b'e' | b't' | b'a' | b'i' | b'n' | b'o' | b'r' | b's' => 9,
        b'_' | b'c' | b'd' | b'l' | b'u' | b'(' | b')' | b';' | b',' | b'*' | b'=' => 7,
        b'a'..=b'z' => 5,
        b'0'..=b'9' | b'.' | b'-' | b'>' | b'{' | b'}' => 4,
        b'A'..=b'Z' => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str, insensitive: bool) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(insensitive)
            .build()
            .parse(pattern)
            .unwrap()
    }

    fn windows_of(pattern: &str) -> Vec<String> {
        let branches = branches(&hir(pattern, true)).unwrap();
        choose_windows(&branches)
            .unwrap()
            .iter()
            .map(|window| window.iter().map(|p| p[p.len() - 1][0] as char).collect())
            .collect()
    }

    #[test]
    fn each_literal_gives_a_window_across_a_joint_when_they_fit() {
        assert_eq!(
            windows_of("ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT"),
            ["err_", "me_t", "eq_r", "fg_b"]
        );
        assert_eq!(windows_of("LINK_REQ_RST|CFG_BME_EVT"), ["eq_r", "fg_b"]);
    }

    #[test]
    fn used_only_where_the_regex_would_go_past_slim_teddy() {
        let four = "ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT";
        assert!(Windows::for_hir(&hir(four, true)).is_some());
        assert!(Windows::for_hir(&hir(four, false)).is_none());
        assert!(Windows::for_hir(&hir("EXPORT_SYMBOL_GPL", true)).is_none());
        assert!(Windows::for_hir(&hir("PM_RESUME", true)).is_none());
        // The property test's pattern: 40 four-byte prefixes, 20 windows.
        let props = "aaa__b|bbb__a|aba__a|bab__b|aab__a";
        assert!(Windows::for_hir(&hir(props, true)).is_some());
        // The regex's suffix search (memmem for `_init(`) beats windows.
        assert!(Windows::for_hir(&hir(r"\w+_init\(", false)).is_none());
        assert!(Windows::for_hir(&hir("foo|bar", false)).is_none());
    }

    #[test]
    fn patterns_without_known_runs_get_none() {
        assert!(branches(&hir(r"\w+|abcd", true)).is_none());
        let short = branches(&hir("ab|cdef", true)).unwrap();
        assert!(choose_windows(&short).is_none());
    }

    #[test]
    fn finds_every_variant_of_every_window() {
        let four = "ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT";
        let windows = Windows::for_hir(&hir(four, true)).unwrap();
        assert_eq!(windows.find(b"xx eRR_", 0), Some(3));
        assert_eq!(windows.find(b"__ mE_T", 0), Some(3));
        assert_eq!(windows.find(b"__ mE_T", 4), None);
        assert_eq!(windows.find(b"Q_R q_re", 0), None);
        assert_eq!(windows.find(b"Q_R eq_r", 0), Some(4));
    }
}
