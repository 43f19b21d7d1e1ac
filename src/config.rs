//! The `cli` stage, part two: what the program needs, already resolved.
//!
//! [`Config::from_args`] reads pattern files, decides the defaults that
//! depend on the terminal, compiles the matcher and builds the walk filters.
//! After that nothing looks at raw flags, and nothing mutates the config.

use std::ffi::{OsStr, OsString};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::cli::{Args, ColorChoice, Engine, ScopeChoice, SortBy};
use crate::io::decode::Decoding;
use crate::io::preprocess::Preprocessing;
use crate::io::{IoOptions, MmapPolicy};
use crate::matcher::{file_scope, CaseMode, EngineChoice, Matcher, MatcherOptions, Scope};
use crate::printer::{
    Colors, HyperlinkEnv, HyperlinkFormat, Hyperlinks, PrinterConfig, SummaryKind,
};
use crate::search::long_line::LineWindows;
use crate::search::{BinaryMode, SearchOptions, Searcher, SearcherBuilder, DEFAULT_LINE_LIMIT};
use crate::sort::{SortKey, SortOrder, Stamp};
use crate::unpack::UnpackOptions;
use crate::walk::WalkOptions;

/// What this run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Search files for the patterns.
    Search,
    /// List the files that would be searched (`--files`).
    Files,
    /// List the known file types (`--type-list`).
    TypeList,
}

/// How results are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// Lines, with context, `-o` or `--vimgrep`.
    Standard,
    /// One line per file, or nothing (`-c`, `-l`, `-q`, ...).
    Summary(SummaryKind),
    /// JSON Lines (`--json`).
    Json,
}

/// Everything a run needs, frozen before the first file is searched.
#[derive(Debug)]
pub struct Config {
    pub mode: Mode,
    pub matcher: Matcher,
    /// Where `--and` and `--not` hold (`--scope`): per file, each file is
    /// judged before it is searched.
    pub scope: Scope,
    /// The paths to search; `-` is stdin.
    pub paths: Vec<PathBuf>,
    /// No path was given: search `./` and print paths without that prefix.
    pub implicit_cwd: bool,
    pub output_kind: OutputKind,
    pub printer: PrinterConfig,
    /// The line logic, binary rules and decoding every file is searched by.
    pub searcher: Searcher,
    pub walk: WalkOptions,
    /// Worker threads.
    pub threads: usize,
    /// Whether `-j` chose them (else a cold page cache may get more).
    pub threads_chosen: bool,
    /// `--sort`/`--sortr`: print results in this order.
    pub sort: Option<SortOrder>,
    /// Suppress per-file error messages.
    pub no_messages: bool,
    /// How files' bytes are reached.
    pub io: IoOptions,
    /// Print the I/O strategy chosen for each file.
    pub debug: bool,
    /// `--pre`, `--pre-glob`, `-z`: files read through a command.
    pub preprocessing: Preprocessing,
    /// `-z`: compressed files and archives unpacked in-process.
    pub unpack: UnpackOptions,
    /// `--path-separator`: printed paths have this byte for each `/`.
    pub path_separator: Option<u8>,
    /// Keep ripgrep's statistics of the run: printed after the results
    /// (`--stats`), or in the JSON summary.
    pub stats: bool,
    /// End with ripgrep's JSON `summary` message (`--json`, also with
    /// `-q`) instead of the `--stats` block.
    pub json_summary: bool,
    /// Add the I/O layer's statistics.
    pub stats_io: bool,
}

/// The path standing for standard input.
pub const STDIN_PATH: &str = "-";

impl Config {
    /// Resolves parsed arguments; the error is the one line to print.
    pub fn from_args(args: Args) -> Result<Config, String> {
        // As ripgrep: a sort this system cannot do ends the run first.
        let sort = sort_order(&args);
        if let Some(order) = sort {
            order.key.check_supported()?;
        }
        let mode = if args.type_list {
            Mode::TypeList
        } else if args.files {
            Mode::Files
        } else {
            Mode::Search
        };
        let hyperlink_format = hyperlink_format(&args)?;
        let (patterns, positional_paths) = split_patterns(&args, mode)?;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let mut paths: Vec<PathBuf> = positional_paths.into_iter().map(PathBuf::from).collect();
        let mut implicit_cwd = false;
        if paths.is_empty() {
            // Patterns read from stdin (`-f-`) leave it nothing to search.
            let patterns_from_stdin = args.file.iter().any(|f| f.as_os_str() == STDIN_PATH);
            if mode == Mode::Search && !patterns_from_stdin && is_readable_stdin() {
                paths.push(PathBuf::from(STDIN_PATH));
            } else {
                implicit_cwd = true;
                paths.push(PathBuf::from("./"));
            }
        }

        let (matcher, scope) = matcher_and_scope(&args, &patterns)?;
        let output_kind = output_kind(&args);
        // -q --json prints no results, but still the summary.
        let json_summary = output_kind == OutputKind::Json
            || (args.json && matches!(output_kind, OutputKind::Summary(kind) if kind.is_quiet()));
        let colors = Colors::with_specs(&args.colors)?;
        let mut printer = printer_config(&args, &paths, implicit_cwd, stdout_is_terminal, colors);
        printer.hyperlinks = hyperlinks(hyperlink_format, &printer, &args);
        let (binary_walked, binary_explicit) = binary_modes(&args);
        let (maps_explicit, maps_walked) = ripgrep_maps(&args, &paths, implicit_cwd);
        let decoding = match &args.encoding {
            Some(label) if !args.no_encoding => Decoding::from_label(label)?,
            _ => Decoding::Auto,
        };
        let searcher = SearcherBuilder::new()
            .options(search_options(&args, &printer, output_kind))
            .binary_modes(binary_walked, binary_explicit)
            .ripgrep_maps(maps_explicit, maps_walked)
            .decoding(decoding)
            .multiline(matcher.is_multiline())
            .nul_decides_verdict(
                matches!(output_kind, OutputKind::Summary(kind) if kind.wants_no_match()),
            )
            .stream_line_limit(stream_line_limit(&args)?)
            // The tests' hook is read here, once for the run.
            .line_windows(LineWindows::with_test_hook())
            .build();
        let walk = walk_options(&args)?;
        let max_member_size = walk.max_filesize;
        let threads = match args.threads {
            Some(n) if n > 0 => n,
            _ => default_threads(),
        };
        Ok(Config {
            mode,
            matcher,
            scope,
            paths,
            implicit_cwd,
            output_kind,
            printer,
            searcher,
            walk,
            threads,
            threads_chosen: args.threads.is_some_and(|n| n > 0),
            sort,
            no_messages: args.no_messages,
            io: IoOptions {
                policy: if args.mmap {
                    MmapPolicy::Always
                } else if args.no_mmap {
                    MmapPolicy::Never
                } else {
                    MmapPolicy::Auto
                },
                // The tests' hooks are read here, once for the run.
                ..IoOptions::with_test_hooks()
            },
            debug: args.debug || args.trace,
            path_separator: path_separator(&args)?,
            preprocessing: preprocessing(&args)?,
            unpack: UnpackOptions {
                enabled: args.search_zip,
                max_member_size,
                member_names: !args.no_filename,
            },
            stats: args.stats || args.stats_io || json_summary,
            json_summary,
            stats_io: args.stats_io,
        })
    }
}

/// Patterns from -e, -f or the first positional; the rest are paths.
fn split_patterns(args: &Args, mode: Mode) -> Result<(Vec<String>, Vec<OsString>), String> {
    let mut positional = args.positional.clone();
    let mut patterns = Vec::new();
    for pattern in &args.regexp {
        patterns.push(pattern_to_string(pattern)?);
    }
    for file in &args.file {
        patterns.extend(read_pattern_file(file)?);
    }
    if args.regexp.is_empty() && args.file.is_empty() && mode == Mode::Search {
        if positional.is_empty() {
            return Err("lode requires at least one pattern to execute a search".to_string());
        }
        patterns.push(pattern_to_string(&positional.remove(0))?);
    }
    Ok((patterns, positional))
}

/// The matcher, and where the `--and` and `--not` conditions hold.
fn matcher_and_scope(args: &Args, patterns: &[String]) -> Result<(Matcher, Scope), String> {
    let (all, none) = (patterns_of(&args.and)?, patterns_of(&args.not)?);
    let options = matcher_options(args)?;
    if args.scope == ScopeChoice::Line {
        let matcher = Matcher::with_conditions(patterns, &all, &none, &options)?;
        return Ok((matcher, Scope::Line));
    }
    if args.invert_match {
        return Err("--scope file cannot be used with -v/--invert-match".to_string());
    }
    file_scope(patterns, &all, &none, &options)
}

/// The patterns of a repeatable flag (`--and`, `--not`), in order.
fn patterns_of(given: &[OsString]) -> Result<Vec<String>, String> {
    given.iter().map(|p| pattern_to_string(p)).collect()
}

fn pattern_to_string(pattern: &OsStr) -> Result<String, String> {
    pattern
        .to_str()
        .map(str::to_string)
        .ok_or_else(|| format!("pattern is not valid UTF-8: {}", pattern.to_string_lossy()))
}

/// One pattern per line; a final newline does not add an empty pattern.
fn read_pattern_file(path: &Path) -> Result<Vec<String>, String> {
    let mut bytes = Vec::new();
    let read = if path == Path::new(STDIN_PATH) {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{}: {}", path.display(), e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: patterns are not valid UTF-8", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.strip_suffix('\r').unwrap_or(line).to_string())
        .collect())
}

fn matcher_options(args: &Args) -> Result<MatcherOptions, String> {
    let size = |flag: &str, text: &Option<String>| -> Result<Option<usize>, String> {
        text.as_deref()
            .map(|text| {
                parse_size(text)
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| size_error(flag, text))
            })
            .transpose()
    };
    let case = if args.ignore_case {
        CaseMode::Insensitive
    } else if args.smart_case {
        CaseMode::Smart
    } else {
        CaseMode::Sensitive
    };
    Ok(MatcherOptions {
        engine: engine_choice(args),
        ban_nul: !(args.text || args.null_data),
        fixed_strings: args.fixed_strings,
        case,
        word: args.word_regexp,
        line: args.line_regexp,
        multiline: args.multiline,
        multiline_dotall: args.multiline_dotall,
        crlf: args.crlf,
        ascii_only: args.no_unicode,
        null_data: args.null_data,
        size_limit: size("--regex-size-limit", &args.regex_size_limit)?,
        dfa_size_limit: size("--dfa-size-limit", &args.dfa_size_limit)?,
    })
}

/// The engine the last of `--engine`, `-P`, `--no-pcre2`,
/// `--auto-hybrid-regex` and `--no-auto-hybrid-regex` chose (clap keeps
/// only the last of them).
fn engine_choice(args: &Args) -> EngineChoice {
    if args.pcre2 {
        EngineChoice::Pcre2
    } else if args.auto_hybrid_regex {
        EngineChoice::Auto
    } else {
        match args.engine {
            Some(Engine::Pcre2) => EngineChoice::Pcre2,
            Some(Engine::Auto) => EngineChoice::Auto,
            Some(Engine::Default) | None => EngineChoice::Default,
        }
    }
}

/// `--stream-line-limit`, or its default.
fn stream_line_limit(args: &Args) -> Result<u64, String> {
    match &args.stream_line_limit {
        None => Ok(DEFAULT_LINE_LIMIT),
        Some(text) => parse_size(text).ok_or_else(|| size_error("--stream-line-limit", text)),
    }
}

/// ripgrep's error for a size flag it cannot read.
fn size_error(flag: &str, text: &str) -> String {
    format!(
        "error parsing flag {flag}: invalid size: invalid format for size '{text}', \
         which should be a non-empty sequence of digits followed by an optional 'K', 'M' or 'G' suffix"
    )
}

fn output_kind(args: &Args) -> OutputKind {
    let kind = if args.quiet && args.files_without_match {
        SummaryKind::QuietWithoutMatch
    } else if args.quiet {
        SummaryKind::Quiet
    } else if args.files_with_matches {
        SummaryKind::FilesWithMatches
    } else if args.files_without_match {
        SummaryKind::FilesWithoutMatch
    } else if args.count_matches || (args.count && args.only_matching) {
        SummaryKind::CountMatches
    } else if args.count {
        SummaryKind::Count
    } else if args.json {
        return OutputKind::Json;
    } else {
        return OutputKind::Standard;
    };
    OutputKind::Summary(kind)
}

fn printer_config(
    args: &Args,
    paths: &[PathBuf],
    implicit_cwd: bool,
    terminal: bool,
    palette: Colors,
) -> PrinterConfig {
    let line_number = if args.no_line_number {
        false
    } else {
        // On a terminal, as ripgrep: unless only stdin is searched, which
        // keeps pipelines' lines as they were.
        let only_stdin = paths.iter().all(|p| p.as_os_str() == STDIN_PATH);
        args.line_number
            || args.column
            || args.vimgrep
            || args.json
            || args.pretty
            || (terminal && !only_stdin)
    };
    // `-` is stdin, even where a directory of that name exists.
    let searches_many = implicit_cwd
        || paths.len() > 1
        || paths
            .iter()
            .any(|p| p.as_os_str() != STDIN_PATH && p.is_dir());
    let with_filename = if args.no_filename {
        false
    } else {
        args.with_filename || args.vimgrep || searches_many
    };
    let heading = if args.no_heading || args.vimgrep {
        false
    } else {
        args.heading || args.pretty || terminal
    };
    let color = args.color.unwrap_or(if args.pretty {
        ColorChoice::Always
    } else {
        ColorChoice::Auto
    });
    let colors = match color {
        ColorChoice::Never => false,
        ColorChoice::Always | ColorChoice::Ansi => true,
        ColorChoice::Auto => {
            terminal
                && std::env::var_os("TERM").is_some_and(|t| t != "dumb")
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    PrinterConfig {
        with_filename,
        heading,
        line_number,
        // --vimgrep's column unless --no-column, as ripgrep.
        column: !args.no_column && (args.column || args.vimgrep),
        byte_offset: args.byte_offset,
        only_matching: args.only_matching,
        vimgrep: args.vimgrep,
        null: args.null,
        colors: colors.then_some(palette),
        hyperlinks: None,
        match_separator: args
            .field_match_separator
            .as_deref()
            .map_or_else(|| b":".to_vec(), unescape),
        context_field_separator: args
            .field_context_separator
            .as_deref()
            .map_or_else(|| b"-".to_vec(), unescape),
        context_separator: if args.no_context_separator {
            None
        } else {
            Some(
                args.context_separator
                    .as_deref()
                    .map_or_else(|| b"--".to_vec(), unescape),
            )
        },
        trim: args.trim,
        include_zero: args.include_zero,
        replace: args.replace.as_ref().map(|r| r.as_encoded_bytes().to_vec()),
        max_columns: args.max_columns.filter(|&max| max > 0),
        max_columns_preview: args.max_columns_preview,
        invert: args.invert_match,
        crlf: args.crlf,
        null_data: args.null_data,
    }
}

/// The last `--hyperlink-format` (none: `none`); each one given is
/// checked, as ripgrep checks them.
fn hyperlink_format(args: &Args) -> Result<HyperlinkFormat, String> {
    let mut format = HyperlinkFormat::default();
    for text in &args.hyperlink_format {
        format = HyperlinkFormat::parse(text).map_err(|e| {
            format!("error parsing flag --hyperlink-format: invalid hyperlink format: {e}")
        })?;
    }
    Ok(format)
}

/// The hyperlinks to write: only when colors are on (ripgrep's rule:
/// `--color` decides whether any escape sequence is written). The
/// hostname is looked up here, once, and only for a format with
/// `{host}`: through `--hostname-bin` (an empty one is none) or the
/// system.
fn hyperlinks(format: HyperlinkFormat, printer: &PrinterConfig, args: &Args) -> Option<Hyperlinks> {
    if printer.colors.is_none() || format.is_empty() {
        return None;
    }
    let bin = args
        .hostname_bin
        .as_deref()
        .filter(|bin| !bin.is_empty())
        .map(Path::new);
    let env = HyperlinkEnv::discover(format.has_host(), bin);
    Hyperlinks::new(format, env)
}

fn search_options(args: &Args, printer: &PrinterConfig, output: OutputKind) -> SearchOptions {
    let context = args.context.unwrap_or(0);
    // The outputs that print lines (and so context and line numbers).
    let standard = matches!(output, OutputKind::Standard | OutputKind::Json);
    let passthru = standard && args.passthru;
    // After -m, ripgrep still looks at the after-context lines, and -c
    // counts those that match.
    let counts_past_limit = args.max_count.is_some()
        && !args.passthru
        && matches!(
            output,
            OutputKind::Summary(SummaryKind::Count | SummaryKind::CountMatches)
        );
    SearchOptions {
        invert: args.invert_match,
        line_numbers: standard && printer.line_number,
        before: if standard && !passthru {
            args.before_context.unwrap_or(context)
        } else {
            0
        },
        after: if passthru {
            usize::MAX
        } else if standard || counts_past_limit {
            args.after_context.unwrap_or(context)
        } else {
            0
        },
        passthru,
        stop_on_nonmatch: args.stop_on_nonmatch,
        max_count: args.max_count,
        stop_at_first_match: matches!(output, OutputKind::Summary(kind) if kind.stops_at_first_match()),
        terminator: if args.null_data { b'\0' } else { b'\n' },
    }
}

fn binary_modes(args: &Args) -> (BinaryMode, BinaryMode) {
    if args.text || args.null_data {
        (BinaryMode::AsText, BinaryMode::AsText)
    } else if args.binary || args.unrestricted >= 3 {
        (BinaryMode::Convert, BinaryMode::Convert)
    } else {
        (BinaryMode::Quit, BinaryMode::Convert)
    }
}

/// Where ripgrep would search by memory map (for files named, for files
/// walked): with `--mmap` everywhere, with `--no-mmap` nowhere, and by
/// default only when at most ten paths are named and all are files.
fn ripgrep_maps(args: &Args, paths: &[PathBuf], implicit_cwd: bool) -> (bool, bool) {
    if args.mmap {
        (true, true)
    } else if args.no_mmap || implicit_cwd {
        (false, false)
    } else {
        let few_files = paths.len() <= 10 && paths.iter().all(|p| p.is_file());
        (few_files, false)
    }
}

fn walk_options(args: &Args) -> Result<WalkOptions, String> {
    let max_filesize = match &args.max_filesize {
        None => None,
        Some(text) => Some(parse_size(text).ok_or_else(|| size_error("--max-filesize", text))?),
    };
    // --no-ignore (or -u) implies each --no-ignore-* but --no-ignore-files.
    let no_ignore = args.no_ignore || args.unrestricted >= 1;
    Ok(WalkOptions {
        hidden: args.hidden || args.unrestricted >= 2,
        no_ignore_dot: args.no_ignore_dot || no_ignore,
        no_ignore_vcs: args.no_ignore_vcs || no_ignore,
        no_ignore_exclude: args.no_ignore_exclude || no_ignore,
        no_ignore_global: args.no_ignore_global || no_ignore,
        no_ignore_parent: args.no_ignore_parent || no_ignore,
        no_require_git: args.no_require_git,
        ignore_files: if args.no_ignore_files {
            Vec::new()
        } else {
            args.ignore_file.clone()
        },
        ignore_file_case_insensitive: args.ignore_file_case_insensitive,
        one_file_system: args.one_file_system,
        glob_case_insensitive: args.glob_case_insensitive,
        no_ignore_messages: args.no_ignore_messages,
        follow_links: args.follow,
        max_depth: args.max_depth,
        max_filesize,
        globs: args.glob.clone(),
        iglobs: args.iglob.clone(),
        types: args.type_.clone(),
        types_not: args.type_not.clone(),
        type_defs: args.type_add.clone(),
        type_clears: args.type_clear.clone(),
        sorted: sort_order(args).is_some_and(SortOrder::walk_sorts),
    })
}

/// The order asked for by `--sort`, `--sortr` or `--sort-files` (the
/// last of them wins, as clap keeps only it); `None` for none.
fn sort_order(args: &Args) -> Option<SortOrder> {
    let (by, reverse) = if args.sort_files {
        (SortBy::Path, false)
    } else if let Some(by) = args.sortr {
        (by, true)
    } else {
        (args.sort?, false)
    };
    let key = match by {
        SortBy::None => return None,
        SortBy::Path => SortKey::Path,
        SortBy::Modified => SortKey::Time(Stamp::Modified),
        SortBy::Accessed => SortKey::Time(Stamp::Accessed),
        SortBy::Created => SortKey::Time(Stamp::Created),
    };
    Some(SortOrder { key, reverse })
}

/// Resolves the escapes ripgrep takes in separators: `\t`, `\n`, `\r`,
/// `\\` and `\xHH`; any other backslash stays as it is.
fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b't')) => Some((b'\t', 2)),
            (b'\\', Some(b'n')) => Some((b'\n', 2)),
            (b'\\', Some(b'r')) => Some((b'\r', 2)),
            (b'\\', Some(b'\\')) => Some((b'\\', 2)),
            (b'\\', Some(b'x')) => bytes
                .get(i + 2..i + 4)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .map(|byte| (byte, 4)),
            _ => None,
        };
        match escaped {
            Some((byte, len)) => {
                out.push(byte);
                i += len;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

/// Which files go through a command: `--pre` (an empty one is none),
/// limited to the files `--pre-glob`s select, and `-z`.
fn preprocessing(args: &Args) -> Result<Preprocessing, String> {
    let pre = args
        .pre
        .clone()
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let pre_globs = if args.pre_glob.is_empty() {
        None
    } else {
        let mut builder = ignore::overrides::OverrideBuilder::new("");
        for glob in &args.pre_glob {
            builder
                .add(glob)
                .map_err(|e| format!("error parsing flag --pre-glob: {e}"))?;
        }
        Some(builder.build().map_err(|e| e.to_string())?)
    };
    Ok(Preprocessing {
        pre,
        pre_globs,
        search_zip: args.search_zip,
    })
}

/// The byte `--path-separator` asks for (none when empty); ripgrep's
/// error when it is not one byte.
fn path_separator(args: &Args) -> Result<Option<u8>, String> {
    let Some(text) = &args.path_separator else {
        return Ok(None);
    };
    match unescape(text)[..] {
        [] => Ok(None),
        [byte] => Ok(Some(byte)),
        ref bytes => Err(format!(
            "error parsing flag --path-separator: A path separator must be exactly one byte, \
             but the given separator is {} bytes: {text}\n\
             In some shells on Windows '/' is automatically expanded. Use '//' instead.",
            bytes.len()
        )),
    }
}

/// `NUM` with an optional `K`, `M` or `G` suffix, as bytes.
fn parse_size(text: &str) -> Option<u64> {
    let (digits, multiplier) = match text.as_bytes().last()? {
        b'K' | b'k' => (&text[..text.len() - 1], 1u64 << 10),
        b'M' | b'm' => (&text[..text.len() - 1], 1 << 20),
        b'G' | b'g' => (&text[..text.len() - 1], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<u64>().ok()?.checked_mul(multiplier)
}

/// stdin is searched when it is a file, a pipe or a socket, never a
/// terminal or a device like /dev/null (ripgrep's rule).
fn is_readable_stdin() -> bool {
    use std::os::unix::fs::FileTypeExt;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    let Ok(fd) = std::os::fd::AsFd::as_fd(&stdin).try_clone_to_owned() else {
        return false;
    };
    let Ok(metadata) = std::fs::File::from(fd).metadata() else {
        return false;
    };
    let kind = metadata.file_type();
    kind.is_file() || kind.is_fifo() || kind.is_socket()
}

fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn a_terminal_gets_line_numbers_unless_only_stdin_is_searched() {
        let args = Args::parse_from(["lode", "foo"]);
        let numbered = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            printer_config(&args, &paths, false, true, Colors::default()).line_number
        };
        assert!(numbered(&["a.txt"]));
        assert!(numbered(&["-", "a.txt"]));
        assert!(!numbered(&["-"]));
        // Not on a terminal: none.
        assert!(
            !printer_config(
                &args,
                &[PathBuf::from("a.txt")],
                false,
                false,
                Colors::default()
            )
            .line_number
        );
    }

    #[test]
    fn the_last_sort_flag_wins_and_no_sort_files_ends_any_sort() {
        let order = |argv: &[&str]| {
            let mut all = vec!["lode"];
            all.extend_from_slice(argv);
            sort_order(&Args::parse_from(all))
        };
        let path = Some(SortOrder {
            key: SortKey::Path,
            reverse: false,
        });
        let created_reversed = Some(SortOrder {
            key: SortKey::Time(Stamp::Created),
            reverse: true,
        });
        assert_eq!(order(&["--sortr", "created", "--sort-files"]), path);
        assert_eq!(
            order(&["--sort-files", "--sortr", "created"]),
            created_reversed
        );
        assert_eq!(order(&["--sortr", "path", "--sort", "path"]), path);
        assert_eq!(order(&["--sort", "path", "--sortr", "none"]), None);
        assert_eq!(order(&["--sort=path", "--no-sort-files"]), None);
        assert_eq!(order(&["--sortr=modified", "--no-sort-files"]), None);
        assert_eq!(order(&["--no-sort-files", "--sort", "path"]), path);
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("2K"), Some(2048));
        assert_eq!(parse_size("1M"), Some(1 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("K"), None);
    }
}
