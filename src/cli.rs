//! The `cli` stage, part one: the shape of the command line.
//!
//! This is only what clap parses; [`crate::config::Config`] turns it into
//! what the program needs. Flag names, short forms and "last flag wins"
//! pairs follow ripgrep's.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Parser, ValueEnum, ValueHint};

/// lode: search a code tree for lines matching a regex, ripgrep-compatible.
#[derive(Parser, Debug)]
#[command(
    name = "lode",
    version,
    about,
    override_usage = "lode [OPTIONS] PATTERN [PATH ...]\n       lode [OPTIONS] -e PATTERN ... [PATH ...]\n       lode [OPTIONS] -f PATTERNFILE ... [PATH ...]\n       lode [OPTIONS] --files [PATH ...]\n       lode [OPTIONS] --type-list\n       command | lode [OPTIONS] PATTERN",
    max_term_width = 100,
    // As in ripgrep, a flag given twice takes its last value.
    args_override_self = true
)]
pub struct Args {
    /// A regex to search for, then the files and directories to search
    /// (none means the current directory, or stdin when it is not a terminal).
    #[arg(value_name = "PATTERN | PATH", allow_hyphen_values = false)]
    pub positional: Vec<OsString>,

    /// A pattern to search for; may be repeated. All positionals are then paths.
    #[arg(short = 'e', long = "regexp", value_name = "PATTERN", action = ArgAction::Append, allow_hyphen_values = true)]
    pub regexp: Vec<OsString>,

    /// Read patterns from a file, one per line ('-' for stdin); may be repeated.
    #[arg(short = 'f', long = "file", value_name = "PATTERNFILE", action = ArgAction::Append)]
    pub file: Vec<PathBuf>,

    /// A selected line (with -U, the lines of a match) must also match
    /// PATTERN; may be repeated.
    #[arg(long = "and", value_name = "PATTERN", action = ArgAction::Append, allow_hyphen_values = true)]
    pub and: Vec<OsString>,

    /// A selected line (with -U, the lines of a match) must not match
    /// PATTERN; may be repeated.
    #[arg(long = "not", value_name = "PATTERN", action = ArgAction::Append, allow_hyphen_values = true)]
    pub not: Vec<OsString>,

    /// Where --and and --not hold: each line (line), or each file as a
    /// whole (file: print the lines matching the main or any --and pattern
    /// of files where every --and pattern matches and no --not does).
    #[arg(long, value_name = "SCOPE", value_enum, default_value = "line")]
    pub scope: ScopeChoice,

    /// Treat patterns as literal strings.
    #[arg(short = 'F', long, overrides_with = "no_fixed_strings")]
    pub fixed_strings: bool,
    #[arg(long, hide = true, overrides_with = "fixed_strings")]
    pub no_fixed_strings: bool,

    /// Search case-insensitively.
    #[arg(short = 'i', long, overrides_with_all = ["case_sensitive", "smart_case"])]
    pub ignore_case: bool,
    /// Search case-sensitively (the default).
    #[arg(short = 's', long, overrides_with_all = ["ignore_case", "smart_case"])]
    pub case_sensitive: bool,
    /// Case-insensitive unless a pattern has an uppercase letter.
    #[arg(short = 'S', long, overrides_with_all = ["ignore_case", "case_sensitive"])]
    pub smart_case: bool,

    /// Only show matches surrounded by word boundaries.
    #[arg(short = 'w', long, overrides_with = "line_regexp")]
    pub word_regexp: bool,
    /// Only show matches that span a whole line.
    #[arg(short = 'x', long, overrides_with = "word_regexp")]
    pub line_regexp: bool,
    /// Treat CRLF as a line end: '$' matches before '\r\n', and a pattern
    /// may not match '\r' (but with -U).
    #[arg(long, overrides_with = "no_crlf")]
    pub crlf: bool,
    #[arg(long, hide = true, overrides_with = "crlf")]
    pub no_crlf: bool,
    /// Lines end in NUL, not '\n' (searching and printing); implies -a.
    #[arg(long)]
    pub null_data: bool,
    /// Let a match span lines: the pattern may match line terminators
    /// (each file is then searched whole).
    #[arg(short = 'U', long, overrides_with = "no_multiline")]
    pub multiline: bool,
    #[arg(long, hide = true, overrides_with = "multiline")]
    pub no_multiline: bool,
    /// With -U, let '.' match line terminators too.
    #[arg(long, overrides_with = "no_multiline_dotall")]
    pub multiline_dotall: bool,
    #[arg(long, hide = true, overrides_with = "multiline_dotall")]
    pub no_multiline_dotall: bool,
    /// Match ASCII only: \w, \b, -i and . work on bytes, not characters.
    #[arg(long, overrides_with = "unicode", alias = "no-pcre2-unicode")]
    pub no_unicode: bool,
    #[arg(
        long,
        hide = true,
        overrides_with = "no_unicode",
        alias = "pcre2-unicode"
    )]
    pub unicode: bool,
    /// The regex engine: default (regex-automata), pcre2, or auto (the
    /// default, else PCRE2 for look-around and backreferences).
    #[arg(long, value_name = "ENGINE", value_enum, overrides_with_all = ["pcre2", "no_pcre2", "auto_hybrid_regex", "no_auto_hybrid_regex"])]
    pub engine: Option<Engine>,
    /// Search with PCRE2: look-around, backreferences, \K, atomic groups.
    #[arg(short = 'P', long, overrides_with_all = ["engine", "no_pcre2", "auto_hybrid_regex", "no_auto_hybrid_regex"])]
    pub pcre2: bool,
    #[arg(long, hide = true, overrides_with_all = ["engine", "pcre2", "auto_hybrid_regex", "no_auto_hybrid_regex"])]
    pub no_pcre2: bool,
    /// (Deprecated: --engine auto) PCRE2 only where the default engine
    /// cannot compile the pattern.
    #[arg(long, hide = true, overrides_with_all = ["engine", "pcre2", "no_pcre2", "no_auto_hybrid_regex"])]
    pub auto_hybrid_regex: bool,
    #[arg(long, hide = true, overrides_with_all = ["engine", "pcre2", "no_pcre2", "auto_hybrid_regex"])]
    pub no_auto_hybrid_regex: bool,
    /// Print the version of PCRE2 lode searches with, and exit.
    #[arg(long)]
    pub pcre2_version: bool,
    /// The most memory a compiled regex may take (NUM with K, M or G).
    #[arg(long, value_name = "NUM+SUFFIX?")]
    pub regex_size_limit: Option<String>,
    /// The most memory each lazy DFA may take (NUM with K, M or G).
    #[arg(long, value_name = "NUM+SUFFIX?")]
    pub dfa_size_limit: Option<String>,
    /// Stop reading a file at the first line without a match that comes
    /// after a line with one.
    #[arg(long)]
    pub stop_on_nonmatch: bool,
    /// Show lines that do not match.
    #[arg(short = 'v', long, overrides_with = "no_invert_match")]
    pub invert_match: bool,
    #[arg(long, hide = true, overrides_with = "invert_match")]
    pub no_invert_match: bool,

    /// Show line numbers (default on a terminal).
    #[arg(short = 'n', long, overrides_with = "no_line_number")]
    pub line_number: bool,
    /// Do not show line numbers.
    #[arg(short = 'N', long, overrides_with = "line_number")]
    pub no_line_number: bool,
    /// Show the column of the first match (implies line numbers).
    #[arg(long, overrides_with = "no_column")]
    pub column: bool,
    #[arg(long, hide = true, overrides_with = "column")]
    pub no_column: bool,
    /// Show the byte offset of each line (of each match with -o).
    #[arg(short = 'b', long, overrides_with = "no_byte_offset")]
    pub byte_offset: bool,
    #[arg(long, hide = true, overrides_with = "byte_offset")]
    pub no_byte_offset: bool,
    /// Show the file path with each match.
    #[arg(short = 'H', long, overrides_with = "no_filename")]
    pub with_filename: bool,
    /// Never show file paths.
    #[arg(short = 'I', long, overrides_with = "with_filename")]
    pub no_filename: bool,
    /// Show the path once above its matches (default on a terminal).
    #[arg(long, overrides_with = "no_heading")]
    pub heading: bool,
    /// Show the path on every line.
    #[arg(long, overrides_with = "heading")]
    pub no_heading: bool,
    /// Print each match on its own line.
    #[arg(short = 'o', long)]
    pub only_matching: bool,
    /// Print the number of matching lines per file.
    #[arg(short = 'c', long, overrides_with_all = ["count_matches", "files_with_matches", "files_without_match", "json"])]
    pub count: bool,
    /// Print the number of matches per file.
    #[arg(long, overrides_with_all = ["count", "files_with_matches", "files_without_match", "json"])]
    pub count_matches: bool,
    /// Print only the paths of files with a match.
    #[arg(short = 'l', long, overrides_with_all = ["count", "count_matches", "files_without_match", "json"])]
    pub files_with_matches: bool,
    /// Print only the paths of files without a match.
    #[arg(long, overrides_with_all = ["count", "count_matches", "files_with_matches", "json"])]
    pub files_without_match: bool,
    /// Print nothing; exit 0 at the first match.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// End each path with a NUL byte instead of ':' or a newline.
    #[arg(short = '0', long)]
    pub null: bool,
    /// Print paths with SEP (one byte; escapes allowed) in place of '/'.
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    pub path_separator: Option<String>,
    /// One line per match as path:line:column:text.
    #[arg(long)]
    pub vimgrep: bool,
    /// The text encoding of files without a byte order mark: a label such
    /// as latin1 or utf-16le, 'auto' (the default) or 'none' (no decoding,
    /// byte order marks included).
    #[arg(
        short = 'E',
        long,
        value_name = "ENCODING",
        overrides_with = "no_encoding"
    )]
    pub encoding: Option<String>,
    /// Back to the default encoding handling after -E.
    #[arg(long, overrides_with = "encoding")]
    pub no_encoding: bool,
    /// Print results as JSON Lines: begin, match, context and end messages
    /// per file, and a summary (ripgrep's format).
    #[arg(long, overrides_with_all = ["no_json", "count", "count_matches", "files_with_matches", "files_without_match"])]
    pub json: bool,
    /// Print results as text again after --json.
    #[arg(long, overrides_with = "json")]
    pub no_json: bool,
    /// Print REPLACEMENT in place of every match ($1, ${name}: groups;
    /// $$: a dollar sign).
    #[arg(
        short = 'r',
        long,
        value_name = "REPLACEMENT",
        allow_hyphen_values = true
    )]
    pub replace: Option<OsString>,
    /// Omit lines longer than NUM bytes (0: no limit).
    #[arg(short = 'M', long, value_name = "NUM")]
    pub max_columns: Option<u64>,
    /// With -M, print the first NUM characters of a long line instead.
    #[arg(long, overrides_with = "no_max_columns_preview")]
    pub max_columns_preview: bool,
    #[arg(long, hide = true, overrides_with = "max_columns_preview")]
    pub no_max_columns_preview: bool,
    /// Print every line: those that match as matches, the others as
    /// context.
    #[arg(long, visible_alias = "passthrough", overrides_with_all = ["after_context", "before_context", "context"])]
    pub passthru: bool,
    /// Print SEP between groups of context lines (escapes such as \t
    /// and \x7F allowed).
    #[arg(
        long,
        value_name = "SEP",
        overrides_with = "no_context_separator",
        allow_hyphen_values = true
    )]
    pub context_separator: Option<String>,
    /// Print nothing between groups of context lines.
    #[arg(long, overrides_with = "context_separator")]
    pub no_context_separator: bool,
    /// Print SEP after each field of a matching line's prefix (default ':').
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    pub field_match_separator: Option<String>,
    /// Print SEP after each field of a context line's prefix (default '-').
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    pub field_context_separator: Option<String>,
    /// Strip the whitespace printed lines start with.
    #[arg(long, overrides_with = "no_trim")]
    pub trim: bool,
    #[arg(long, hide = true, overrides_with = "trim")]
    pub no_trim: bool,
    /// With -c or --count-matches, print files with no match too.
    #[arg(long, overrides_with = "no_include_zero")]
    pub include_zero: bool,
    #[arg(long, hide = true, overrides_with = "include_zero")]
    pub no_include_zero: bool,
    /// Flush after every line (lode writes each file's output, or each
    /// read of a stream searched alone, in one write: accepted for
    /// ripgrep's callers).
    #[arg(long, overrides_with = "block_buffered")]
    pub line_buffered: bool,
    /// Buffer output in blocks (see --line-buffered).
    #[arg(long, overrides_with = "line_buffered")]
    pub block_buffered: bool,
    #[arg(long, hide = true)]
    pub no_line_buffered: bool,
    #[arg(long, hide = true)]
    pub no_block_buffered: bool,
    /// When to use color: never, auto (the default: on a terminal),
    /// always, ansi.
    #[arg(long, value_name = "WHEN", value_enum)]
    pub color: Option<ColorChoice>,
    /// Change a color: '{path|line|column|match|highlight}:{fg|bg}:COLOR',
    /// ':style:{bold|intense|underline|italic}' (or no...), or ':none'.
    /// COLOR is a name, an ANSI 256 number or r,g,b. May be repeated.
    #[arg(long, value_name = "COLOR_SPEC", action = ArgAction::Append)]
    pub colors: Vec<String>,
    /// Make printed paths hyperlinks (OSC 8; only when colors are on):
    /// an alias (default, none, cursor, file, grep+, kitty, macvim,
    /// textmate, vscode, vscode-insiders, vscodium) or a URL with {path}
    /// and optionally {host}, {line}, {column}, {wslprefix}.
    #[arg(long, value_name = "FORMAT", action = ArgAction::Append)]
    pub hyperlink_format: Vec<String>,
    /// Run COMMAND (no arguments) for the hostname in hyperlinks, in
    /// place of the system's.
    #[arg(long, value_name = "COMMAND", value_hint = ValueHint::CommandName)]
    pub hostname_bin: Option<OsString>,
    /// --color always --heading --line-number, for a pipe into a pager.
    #[arg(short = 'p', long)]
    pub pretty: bool,
    /// Show NUM lines after each match.
    #[arg(short = 'A', long, value_name = "NUM", overrides_with = "passthru")]
    pub after_context: Option<usize>,
    /// Show NUM lines before each match.
    #[arg(short = 'B', long, value_name = "NUM", overrides_with = "passthru")]
    pub before_context: Option<usize>,
    /// Show NUM lines before and after each match.
    #[arg(short = 'C', long, value_name = "NUM", overrides_with = "passthru")]
    pub context: Option<usize>,
    /// Stop after NUM matching lines per file.
    #[arg(short = 'm', long, value_name = "NUM")]
    pub max_count: Option<u64>,
    /// Do not print errors about files that cannot be read.
    #[arg(long, overrides_with = "messages")]
    pub no_messages: bool,
    #[arg(long, hide = true, overrides_with = "no_messages")]
    pub messages: bool,

    /// Print the files that would be searched, without searching.
    #[arg(long)]
    pub files: bool,
    /// Include or (with a leading '!') exclude files matching GLOB.
    #[arg(short = 'g', long = "glob", value_name = "GLOB", action = ArgAction::Append, allow_hyphen_values = true)]
    pub glob: Vec<String>,
    /// Like --glob, but case-insensitive.
    #[arg(long = "iglob", value_name = "GLOB", action = ArgAction::Append, allow_hyphen_values = true)]
    pub iglob: Vec<String>,
    /// Only search files of TYPE (see --type-list).
    #[arg(short = 't', long = "type", value_name = "TYPE", action = ArgAction::Append)]
    pub type_: Vec<String>,
    /// Do not search files of TYPE.
    #[arg(short = 'T', long = "type-not", value_name = "TYPE", action = ArgAction::Append)]
    pub type_not: Vec<String>,
    /// Search what COMMAND prints for each file (run as 'COMMAND PATH',
    /// the file on its stdin) instead of the file.
    #[arg(long, value_name = "COMMAND", overrides_with = "no_pre")]
    pub pre: Option<OsString>,
    #[arg(long, hide = true, overrides_with = "pre")]
    pub no_pre: bool,
    /// Only files matching GLOB go through --pre ('!' to exclude).
    #[arg(long, value_name = "GLOB", action = ArgAction::Append)]
    pub pre_glob: Vec<String>,
    /// Search compressed files (gzip, bzip2, xz, lzma, lz4, brotli, zstd)
    /// and the members of tar and zip archives, as ARCHIVE{MEMBER}; .Z
    /// files go through uncompress, when it is installed.
    #[arg(short = 'z', long, overrides_with = "no_search_zip")]
    pub search_zip: bool,
    #[arg(long, hide = true, overrides_with = "search_zip")]
    pub no_search_zip: bool,
    /// Forget the globs of file type TYPE (before any --type-add).
    #[arg(long = "type-clear", value_name = "TYPE", action = ArgAction::Append)]
    pub type_clear: Vec<String>,
    /// Add a file type: 'name:glob' (or 'name:include:other,types').
    #[arg(long = "type-add", value_name = "TYPESPEC", action = ArgAction::Append)]
    pub type_add: Vec<String>,
    /// Print every known file type and its globs.
    #[arg(long)]
    pub type_list: bool,
    /// Search hidden files and directories.
    #[arg(long, overrides_with = "no_hidden")]
    pub hidden: bool,
    #[arg(long, hide = true, overrides_with = "hidden")]
    pub no_hidden: bool,
    /// Do not respect .gitignore, .ignore and similar files.
    #[arg(long, overrides_with = "ignore")]
    pub no_ignore: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore")]
    pub ignore: bool,
    /// Do not respect .ignore and .rgignore files.
    #[arg(long, overrides_with = "ignore_dot")]
    pub no_ignore_dot: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_dot")]
    pub ignore_dot: bool,
    /// Do not respect .git/info/exclude.
    #[arg(long, overrides_with = "ignore_exclude")]
    pub no_ignore_exclude: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_exclude")]
    pub ignore_exclude: bool,
    /// Do not read the files given with --ignore-file.
    #[arg(long, overrides_with = "ignore_files")]
    pub no_ignore_files: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_files")]
    pub ignore_files: bool,
    /// Do not respect the global gitignore (core.excludesFile).
    #[arg(long, overrides_with = "ignore_global")]
    pub no_ignore_global: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_global")]
    pub ignore_global: bool,
    /// Do not respect ignore files in parent directories.
    #[arg(long, overrides_with = "ignore_parent")]
    pub no_ignore_parent: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_parent")]
    pub ignore_parent: bool,
    /// Do not respect .gitignore, .git/info/exclude or the global gitignore.
    #[arg(long, overrides_with = "ignore_vcs")]
    pub no_ignore_vcs: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_vcs")]
    pub ignore_vcs: bool,
    /// Respect .gitignore files outside git repositories too.
    #[arg(long, overrides_with = "require_git")]
    pub no_require_git: bool,
    #[arg(long, hide = true, overrides_with = "no_require_git")]
    pub require_git: bool,
    /// Match the patterns of ignore files case-insensitively.
    #[arg(long, overrides_with = "no_ignore_file_case_insensitive")]
    pub ignore_file_case_insensitive: bool,
    #[arg(long, hide = true, overrides_with = "ignore_file_case_insensitive")]
    pub no_ignore_file_case_insensitive: bool,
    /// Do not descend into directories on other file systems.
    #[arg(long, overrides_with = "no_one_file_system")]
    pub one_file_system: bool,
    #[arg(long, hide = true, overrides_with = "one_file_system")]
    pub no_one_file_system: bool,
    /// Match every --glob case-insensitively, as --iglob does.
    #[arg(long, overrides_with = "no_glob_case_insensitive")]
    pub glob_case_insensitive: bool,
    #[arg(long, hide = true, overrides_with = "glob_case_insensitive")]
    pub no_glob_case_insensitive: bool,
    /// Do not print errors about ignore files that cannot be parsed.
    #[arg(long, overrides_with = "ignore_messages")]
    pub no_ignore_messages: bool,
    #[arg(long, hide = true, overrides_with = "no_ignore_messages")]
    pub ignore_messages: bool,
    /// Also respect the ignore file at PATH (gitignore syntax), before the others.
    #[arg(long, value_name = "PATH", action = ArgAction::Append)]
    pub ignore_file: Vec<std::path::PathBuf>,
    /// Read no configuration file (see LODE_CONFIG_PATH, RIPGREP_CONFIG_PATH).
    #[arg(long)]
    pub no_config: bool,
    /// -u: --no-ignore; -uu: also --hidden; -uuu: also --binary.
    #[arg(short = 'u', long = "unrestricted", action = ArgAction::Count)]
    pub unrestricted: u8,
    /// Follow symbolic links.
    #[arg(short = 'L', long, overrides_with = "no_follow")]
    pub follow: bool,
    #[arg(long, hide = true, overrides_with = "follow")]
    pub no_follow: bool,
    /// Descend at most NUM directories.
    #[arg(short = 'd', long, value_name = "NUM", alias = "maxdepth")]
    pub max_depth: Option<usize>,
    /// Skip files larger than NUM bytes (suffixes K, M, G).
    #[arg(long, value_name = "NUM+SUFFIX?")]
    pub max_filesize: Option<String>,
    /// Search binary files as if they were text.
    #[arg(short = 'a', long, overrides_with_all = ["no_text", "binary"])]
    pub text: bool,
    #[arg(long, hide = true, overrides_with = "text")]
    pub no_text: bool,
    /// Search binary files found in directories too, reporting matches.
    #[arg(long, overrides_with_all = ["no_binary", "text"])]
    pub binary: bool,
    #[arg(long, hide = true, overrides_with = "binary")]
    pub no_binary: bool,
    /// Number of threads to search with (0: choose automatically: one per
    /// core, more when the files are not in the page cache).
    #[arg(short = 'j', long, value_name = "NUM")]
    pub threads: Option<usize>,
    /// Map every regular file into memory rather than reading it.
    #[arg(long, overrides_with = "no_mmap")]
    pub mmap: bool,
    /// Never map files; read them.
    #[arg(long, overrides_with = "mmap")]
    pub no_mmap: bool,
    /// Stop searching a stream (stdin, a pipe, --no-mmap, -z) or decoded
    /// text (-E, a BOM) at a line longer than NUM bytes instead of holding
    /// it in memory (default 4G; suffixes K, M, G).
    #[arg(long, value_name = "NUM+SUFFIX?")]
    pub stream_line_limit: Option<String>,
    /// Print, for each file, how its bytes were reached and why.
    #[arg(long)]
    pub debug: bool,
    /// The same as --debug (ripgrep prints more with it).
    #[arg(long)]
    pub trace: bool,
    /// Print ripgrep's statistics about the search after the results.
    #[arg(long, overrides_with = "no_stats")]
    pub stats: bool,
    #[arg(long, hide = true, overrides_with = "stats")]
    pub no_stats: bool,
    /// Like --stats, plus files and bytes per I/O strategy, truncations
    /// survived, and page faults.
    #[arg(long)]
    pub stats_io: bool,
    /// Sort results in ascending order, by path or by one of the files'
    /// times (files without it last).
    #[arg(long, value_name = "SORTBY", value_enum, overrides_with_all = ["sort_files", "sortr"])]
    pub sort: Option<SortBy>,
    /// Sort results by path (same as --sort path).
    #[arg(long, hide = true, overrides_with_all = ["sort", "sortr", "no_sort_files"])]
    pub sort_files: bool,
    #[arg(long, hide = true, overrides_with_all = ["sort_files", "sort", "sortr"])]
    pub no_sort_files: bool,
    /// Sort results in descending order (files without the time first).
    #[arg(long, value_name = "SORTBY", value_enum, overrides_with_all = ["sort", "sort_files"])]
    pub sortr: Option<SortBy>,
    /// Print a man page or a shell completion script, and exit.
    #[arg(long, value_name = "KIND", value_enum)]
    pub generate: Option<Generate>,
}

/// `--color` values, as ripgrep spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Never,
    Auto,
    Always,
    Ansi,
}

/// `--scope` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScopeChoice {
    Line,
    File,
}

/// `--engine` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    Default,
    Auto,
    Pcre2,
}

/// `--sort` and `--sortr` values, in ripgrep's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    None,
    Path,
    Modified,
    Accessed,
    Created,
}

/// What `--generate` prints (ripgrep's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Generate {
    Man,
    CompleteBash,
    CompleteZsh,
    CompleteFish,
    CompletePowershell,
    CompleteElvish,
}

impl Generate {
    /// Renders the man page or completion script for lode's flags.
    pub fn render(self) -> Vec<u8> {
        use clap::CommandFactory;
        use clap_complete::Shell;
        let mut command = Args::command();
        let mut out = Vec::new();
        let shell = match self {
            Generate::Man => {
                // Writing into a Vec cannot fail.
                let _ = clap_mangen::Man::new(command).render(&mut out);
                return out;
            }
            Generate::CompleteBash => Shell::Bash,
            Generate::CompleteZsh => Shell::Zsh,
            Generate::CompleteFish => Shell::Fish,
            Generate::CompletePowershell => Shell::PowerShell,
            Generate::CompleteElvish => Shell::Elvish,
        };
        clap_complete::generate(shell, &mut command, "lode", &mut out);
        out
    }

    /// The file in completions/ that holds this output.
    pub fn file_name(self) -> &'static str {
        match self {
            Generate::Man => "lode.1",
            Generate::CompleteBash => "lode.bash",
            Generate::CompleteZsh => "_lode",
            Generate::CompleteFish => "lode.fish",
            Generate::CompletePowershell => "_lode.ps1",
            Generate::CompleteElvish => "lode.elv",
        }
    }
}

impl Args {
    /// Parses `argv` (program name first). `-p` stands for `--color
    /// always --heading --line-number` where it is given: a `-N`,
    /// `--no-heading` or `--color` before it gives way to it, as in
    /// ripgrep, and one after it wins.
    pub fn parse_from_argv(argv: Vec<OsString>) -> Result<Args, clap::Error> {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Args::command().try_get_matches_from(argv)?;
        let mut args = Args::from_arg_matches(&matches)?;
        if args.pretty {
            let pretty_at = matches.index_of("pretty");
            let before_pretty = |id: &str| matches.index_of(id) < pretty_at;
            if args.no_line_number && before_pretty("no_line_number") {
                args.no_line_number = false;
                args.line_number = true;
            }
            if args.no_heading && before_pretty("no_heading") {
                args.no_heading = false;
                args.heading = true;
            }
            if args.color.is_some() && before_pretty("color") {
                args.color = Some(ColorChoice::Always);
            }
        }
        Ok(args)
    }
}

/// The command line to parse: `cli` (program name first) with the
/// arguments of the configuration file put before the user's, as ripgrep
/// does. The file is named by `LODE_CONFIG_PATH`, or else by
/// `RIPGREP_CONFIG_PATH` (so that lode in place of rg behaves the same);
/// each line is one argument, trimmed, and empty lines and lines starting
/// with `#` are skipped. `--no-config` on the command line turns it off. A
/// file that cannot be read is reported in `warnings` and ignored.
pub fn with_config_file(cli: Vec<OsString>, warnings: &mut Vec<String>) -> Vec<OsString> {
    let Some((variable, path)) = config_path() else {
        return cli;
    };
    if Args::try_parse_from(&cli).is_ok_and(|args| args.no_config) {
        return cli;
    }
    let contents = match std::fs::read(&path) {
        Ok(contents) => contents,
        Err(err) => {
            warnings.push(format!(
                "failed to read the file specified in {variable}: {}: {err}",
                path.display()
            ));
            return cli;
        }
    };
    let mut argv = cli;
    let rest = argv.split_off(1.min(argv.len()));
    argv.extend(config_args(&contents));
    argv.extend(rest);
    argv
}

/// Which variable names the configuration file, and the file.
fn config_path() -> Option<(&'static str, PathBuf)> {
    ["LODE_CONFIG_PATH", "RIPGREP_CONFIG_PATH"]
        .into_iter()
        .find_map(|variable| Some((variable, std::env::var_os(variable)?)))
        .filter(|(_, path)| !path.is_empty())
        .map(|(variable, path)| (variable, PathBuf::from(path)))
}

/// The arguments in a configuration file's bytes.
fn config_args(contents: &[u8]) -> Vec<OsString> {
    use std::os::unix::ffi::OsStringExt;
    contents
        .split(|&b| b == b'\n')
        .map(|line| line.trim_ascii())
        .filter(|line| !line.is_empty() && line[0] != b'#')
        .map(|line| OsString::from_vec(line.to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_lines_are_trimmed_arguments_without_comments() {
        let args =
            config_args(b"# Test\n--context=0\n   --smart-case\r\n-u\n\n\n   # --bar\n--foo\n");
        assert_eq!(args, ["--context=0", "--smart-case", "-u", "--foo"]);
    }

    #[test]
    fn the_hyperlink_format_help_names_every_alias() {
        use clap::CommandFactory;
        let command = Args::command();
        let flag = command
            .get_arguments()
            .find(|arg| arg.get_id() == "hyperlink_format")
            .unwrap();
        let help = flag.get_help().unwrap().to_string();
        for name in crate::printer::hyperlink_aliases() {
            assert!(help.contains(name), "{name} is not in: {help}");
        }
    }
}
