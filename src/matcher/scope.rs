//! `--scope file`: the `--and` and `--not` conditions hold for a file as a
//! whole. A file qualifies when its main patterns and each `--and` pattern
//! match somewhere in it and no `--not` pattern matches anywhere in it;
//! the lines then printed from it are those any positive pattern (main or
//! `--and`) matches in, found by an alternation ([`BoolMatcher`]).
//!
//! The verdict is one pass per pattern over the file's bytes, stopping at
//! the first pattern that fails: a file that lacks a required pattern is
//! dropped after one scan, and a `--not` found ends the verdict at once.

use std::io::Read;

use super::{BoolMatcher, Matcher, MatcherOptions};
use crate::io::decode::{Decoding, Plan, Transcoder};
use crate::lines;

/// Where the `--and` and `--not` conditions hold (`--scope`).
#[derive(Clone, Debug, Default)]
pub enum Scope {
    /// Per line: the conditions are part of the matcher (the default).
    #[default]
    Line,
    /// Per file: each file is judged first, by these conditions.
    File(Box<FileConditions>),
}

/// The patterns a file must match somewhere, and those it must not match
/// anywhere, to be searched under `--scope file`.
#[derive(Clone, Debug)]
pub struct FileConditions {
    required: Vec<Matcher>,
    forbidden: Vec<Matcher>,
    /// What a file that fails is searched with: a matcher of no pattern,
    /// so that it counts as a file without a matching line and the binary
    /// rules still see its bytes (a binary file stays hidden).
    nothing: Matcher,
}

impl Scope {
    /// Whether files are judged as a whole.
    pub fn is_file(&self) -> bool {
        matches!(self, Scope::File(_))
    }

    /// The matcher to search a file's `bytes` with: `main`, or, for a
    /// file that does not qualify under `--scope file`, one that matches
    /// nothing. The file is judged on its text as `decoding` reads it.
    pub fn matcher_for<'m>(
        &'m self,
        main: &'m Matcher,
        bytes: &[u8],
        decoding: Decoding,
    ) -> &'m Matcher {
        match self {
            Scope::File(conditions) if !conditions.qualifies(&text_of(bytes, decoding)) => {
                &conditions.nothing
            }
            _ => main,
        }
    }
}

impl FileConditions {
    /// Whether a file's bytes meet the conditions.
    pub fn qualifies(&self, bytes: &[u8]) -> bool {
        self.required.iter().all(|m| matches_somewhere(m, bytes))
            && !self.forbidden.iter().any(|m| matches_somewhere(m, bytes))
    }
}

/// A file's text as the search decodes it (UTF-16 and `-E` transcoded
/// whole; anything else as it is).
fn text_of(bytes: &[u8], decoding: Decoding) -> std::borrow::Cow<'_, [u8]> {
    match decoding.plan(bytes) {
        Plan::Transcode(encoding, mark) => {
            let mut text = Vec::new();
            // Bytes in memory cannot fail to read.
            let _ = Transcoder::new(&bytes[mark..], encoding).read_to_end(&mut text);
            text.into()
        }
        Plan::AsIs | Plan::SkipUtf8Bom => bytes.into(),
    }
}

/// Whether `matcher` matches in some line of `bytes` (an empty match after
/// the final terminator is in no line).
fn matches_somewhere(matcher: &Matcher, bytes: &[u8]) -> bool {
    let terminator = matcher.line_terminator();
    matcher
        .match_end_at(bytes, 0)
        .is_some_and(|end| lines::line_start(bytes, end, terminator) < bytes.len())
}

/// The matcher and scope for `--scope file`: the alternation of the main
/// `patterns` and the `--and` ones (`all`), and the conditions each file
/// is judged by (`none` holds the `--not` patterns). Without `--and` or
/// `--not`, a plain matcher and [`Scope::Line`].
pub fn file_scope(
    patterns: &[String],
    all: &[String],
    none: &[String],
    options: &MatcherOptions,
) -> Result<(Matcher, Scope), String> {
    let main = Matcher::new(patterns, options)?;
    if all.is_empty() && none.is_empty() {
        return Ok((main, Scope::Line));
    }
    // Compiled with the main patterns' engine, as the alternation's are.
    let forbidden = BoolMatcher::new(main.clone(), none, &[], options)?.into_conditions();
    let (alternation, ands) = BoolMatcher::alternation(main.clone(), patterns, all, options)?;
    let required = std::iter::once(main).chain(ands).collect();
    let conditions = FileConditions {
        required,
        forbidden,
        nothing: Matcher::new(&[], options)?,
    };
    Ok((
        Matcher::Bool(Box::new(alternation)),
        Scope::File(Box::new(conditions)),
    ))
}
