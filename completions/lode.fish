complete -c lode -s e -l regexp -d 'A pattern to search for; may be repeated. All positionals are then paths' -r
complete -c lode -s f -l file -d 'Read patterns from a file, one per line (\'-\' for stdin); may be repeated' -r -F
complete -c lode -l and -d 'A selected line (with -U, the lines of a match) must also match PATTERN; may be repeated' -r
complete -c lode -l not -d 'A selected line (with -U, the lines of a match) must not match PATTERN; may be repeated' -r
complete -c lode -l scope -d 'Where --and and --not hold: each line (line), or each file as a whole (file: print the lines matching the main or any --and pattern of files where every --and pattern matches and no --not does)' -r -f -a "line\t''
file\t''"
complete -c lode -l engine -d 'The regex engine: default (regex-automata), pcre2, or auto (the default, else PCRE2 for look-around and backreferences)' -r -f -a "default\t''
auto\t''
pcre2\t''"
complete -c lode -l regex-size-limit -d 'The most memory a compiled regex may take (NUM with K, M or G)' -r
complete -c lode -l dfa-size-limit -d 'The most memory each lazy DFA may take (NUM with K, M or G)' -r
complete -c lode -l path-separator -d 'Print paths with SEP (one byte; escapes allowed) in place of \'/\'' -r
complete -c lode -s E -l encoding -d 'The text encoding of files without a byte order mark: a label such as latin1 or utf-16le, \'auto\' (the default) or \'none\' (no decoding, byte order marks included)' -r
complete -c lode -s r -l replace -d 'Print REPLACEMENT in place of every match ($1, ${name}: groups; $$: a dollar sign)' -r
complete -c lode -s M -l max-columns -d 'Omit lines longer than NUM bytes (0: no limit)' -r
complete -c lode -l context-separator -d 'Print SEP between groups of context lines (escapes such as \\t and \\x7F allowed)' -r
complete -c lode -l field-match-separator -d 'Print SEP after each field of a matching line\'s prefix (default \':\')' -r
complete -c lode -l field-context-separator -d 'Print SEP after each field of a context line\'s prefix (default \'-\')' -r
complete -c lode -l color -d 'When to use color: never, auto (the default: on a terminal), always, ansi' -r -f -a "never\t''
auto\t''
always\t''
ansi\t''"
complete -c lode -l colors -d 'Change a color: \'{path|line|column|match|highlight}:{fg|bg}:COLOR\', \':style:{bold|intense|underline|italic}\' (or no...), or \':none\'. COLOR is a name, an ANSI 256 number or r,g,b. May be repeated' -r
complete -c lode -l hyperlink-format -d 'Make printed paths hyperlinks (OSC 8; only when colors are on): an alias (default, none, cursor, file, grep+, kitty, macvim, textmate, vscode, vscode-insiders, vscodium) or a URL with {path} and optionally {host}, {line}, {column}, {wslprefix}' -r
complete -c lode -l hostname-bin -d 'Run COMMAND (no arguments) for the hostname in hyperlinks, in place of the system\'s' -r -f -a "(__fish_complete_command)"
complete -c lode -s A -l after-context -d 'Show NUM lines after each match' -r
complete -c lode -s B -l before-context -d 'Show NUM lines before each match' -r
complete -c lode -s C -l context -d 'Show NUM lines before and after each match' -r
complete -c lode -s m -l max-count -d 'Stop after NUM matching lines per file' -r
complete -c lode -s g -l glob -d 'Include or (with a leading \'!\') exclude files matching GLOB' -r
complete -c lode -l iglob -d 'Like --glob, but case-insensitive' -r
complete -c lode -s t -l type -d 'Only search files of TYPE (see --type-list)' -r
complete -c lode -s T -l type-not -d 'Do not search files of TYPE' -r
complete -c lode -l pre -d 'Search what COMMAND prints for each file (run as \'COMMAND PATH\', the file on its stdin) instead of the file' -r
complete -c lode -l pre-glob -d 'Only files matching GLOB go through --pre (\'!\' to exclude)' -r
complete -c lode -l type-clear -d 'Forget the globs of file type TYPE (before any --type-add)' -r
complete -c lode -l type-add -d 'Add a file type: \'name:glob\' (or \'name:include:other,types\')' -r
complete -c lode -l ignore-file -d 'Also respect the ignore file at PATH (gitignore syntax), before the others' -r -F
complete -c lode -s d -l max-depth -d 'Descend at most NUM directories' -r
complete -c lode -l max-filesize -d 'Skip files larger than NUM bytes (suffixes K, M, G)' -r
complete -c lode -s j -l threads -d 'Number of threads to search with (0: choose automatically: one per core, more when the files are not in the page cache)' -r
complete -c lode -l stream-line-limit -d 'Stop searching a stream (stdin, a pipe, --no-mmap, -z) or decoded text (-E, a BOM) at a line longer than NUM bytes instead of holding it in memory (default 4G; suffixes K, M, G)' -r
complete -c lode -l sort -d 'Sort results in ascending order, by path or by one of the files\' times (files without it last)' -r -f -a "none\t''
path\t''
modified\t''
accessed\t''
created\t''"
complete -c lode -l sortr -d 'Sort results in descending order (files without the time first)' -r -f -a "none\t''
path\t''
modified\t''
accessed\t''
created\t''"
complete -c lode -l generate -d 'Print a man page or a shell completion script, and exit' -r -f -a "man\t''
complete-bash\t''
complete-zsh\t''
complete-fish\t''
complete-powershell\t''
complete-elvish\t''"
complete -c lode -s F -l fixed-strings -d 'Treat patterns as literal strings'
complete -c lode -l no-fixed-strings
complete -c lode -s i -l ignore-case -d 'Search case-insensitively'
complete -c lode -s s -l case-sensitive -d 'Search case-sensitively (the default)'
complete -c lode -s S -l smart-case -d 'Case-insensitive unless a pattern has an uppercase letter'
complete -c lode -s w -l word-regexp -d 'Only show matches surrounded by word boundaries'
complete -c lode -s x -l line-regexp -d 'Only show matches that span a whole line'
complete -c lode -l crlf -d 'Treat CRLF as a line end: \'$\' matches before \'\\r\\n\', and a pattern may not match \'\\r\' (but with -U)'
complete -c lode -l no-crlf
complete -c lode -l null-data -d 'Lines end in NUL, not \'\\n\' (searching and printing); implies -a'
complete -c lode -s U -l multiline -d 'Let a match span lines: the pattern may match line terminators (each file is then searched whole)'
complete -c lode -l no-multiline
complete -c lode -l multiline-dotall -d 'With -U, let \'.\' match line terminators too'
complete -c lode -l no-multiline-dotall
complete -c lode -l no-unicode -d 'Match ASCII only: \\w, \\b, -i and . work on bytes, not characters'
complete -c lode -l unicode
complete -c lode -s P -l pcre2 -d 'Search with PCRE2: look-around, backreferences, \\K, atomic groups'
complete -c lode -l no-pcre2
complete -c lode -l auto-hybrid-regex -d '(Deprecated: --engine auto) PCRE2 only where the default engine cannot compile the pattern'
complete -c lode -l no-auto-hybrid-regex
complete -c lode -l pcre2-version -d 'Print the version of PCRE2 lode searches with, and exit'
complete -c lode -l stop-on-nonmatch -d 'Stop reading a file at the first line without a match that comes after a line with one'
complete -c lode -s v -l invert-match -d 'Show lines that do not match'
complete -c lode -l no-invert-match
complete -c lode -s n -l line-number -d 'Show line numbers (default on a terminal)'
complete -c lode -s N -l no-line-number -d 'Do not show line numbers'
complete -c lode -l column -d 'Show the column of the first match (implies line numbers)'
complete -c lode -l no-column
complete -c lode -s b -l byte-offset -d 'Show the byte offset of each line (of each match with -o)'
complete -c lode -l no-byte-offset
complete -c lode -s H -l with-filename -d 'Show the file path with each match'
complete -c lode -s I -l no-filename -d 'Never show file paths'
complete -c lode -l heading -d 'Show the path once above its matches (default on a terminal)'
complete -c lode -l no-heading -d 'Show the path on every line'
complete -c lode -s o -l only-matching -d 'Print each match on its own line'
complete -c lode -s c -l count -d 'Print the number of matching lines per file'
complete -c lode -l count-matches -d 'Print the number of matches per file'
complete -c lode -s l -l files-with-matches -d 'Print only the paths of files with a match'
complete -c lode -l files-without-match -d 'Print only the paths of files without a match'
complete -c lode -s q -l quiet -d 'Print nothing; exit 0 at the first match'
complete -c lode -s 0 -l null -d 'End each path with a NUL byte instead of \':\' or a newline'
complete -c lode -l vimgrep -d 'One line per match as path:line:column:text'
complete -c lode -l no-encoding -d 'Back to the default encoding handling after -E'
complete -c lode -l json -d 'Print results as JSON Lines: begin, match, context and end messages per file, and a summary (ripgrep\'s format)'
complete -c lode -l no-json -d 'Print results as text again after --json'
complete -c lode -l max-columns-preview -d 'With -M, print the first NUM characters of a long line instead'
complete -c lode -l no-max-columns-preview
complete -c lode -l passthru -l passthrough -d 'Print every line: those that match as matches, the others as context'
complete -c lode -l no-context-separator -d 'Print nothing between groups of context lines'
complete -c lode -l trim -d 'Strip the whitespace printed lines start with'
complete -c lode -l no-trim
complete -c lode -l include-zero -d 'With -c or --count-matches, print files with no match too'
complete -c lode -l no-include-zero
complete -c lode -l line-buffered -d 'Flush after every line (lode writes each file\'s output, or each read of a stream searched alone, in one write: accepted for ripgrep\'s callers)'
complete -c lode -l block-buffered -d 'Buffer output in blocks (see --line-buffered)'
complete -c lode -l no-line-buffered
complete -c lode -l no-block-buffered
complete -c lode -s p -l pretty -d '--color always --heading --line-number, for a pipe into a pager'
complete -c lode -l no-messages -d 'Do not print errors about files that cannot be read'
complete -c lode -l messages
complete -c lode -l files -d 'Print the files that would be searched, without searching'
complete -c lode -l no-pre
complete -c lode -s z -l search-zip -d 'Search compressed files (gzip, bzip2, xz, lzma, lz4, brotli, zstd) and the members of tar and zip archives, as ARCHIVE{MEMBER}; .Z files go through uncompress, when it is installed'
complete -c lode -l no-search-zip
complete -c lode -l type-list -d 'Print every known file type and its globs'
complete -c lode -l hidden -d 'Search hidden files and directories'
complete -c lode -l no-hidden
complete -c lode -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c lode -l ignore
complete -c lode -l no-ignore-dot -d 'Do not respect .ignore and .rgignore files'
complete -c lode -l ignore-dot
complete -c lode -l no-ignore-exclude -d 'Do not respect .git/info/exclude'
complete -c lode -l ignore-exclude
complete -c lode -l no-ignore-files -d 'Do not read the files given with --ignore-file'
complete -c lode -l ignore-files
complete -c lode -l no-ignore-global -d 'Do not respect the global gitignore (core.excludesFile)'
complete -c lode -l ignore-global
complete -c lode -l no-ignore-parent -d 'Do not respect ignore files in parent directories'
complete -c lode -l ignore-parent
complete -c lode -l no-ignore-vcs -d 'Do not respect .gitignore, .git/info/exclude or the global gitignore'
complete -c lode -l ignore-vcs
complete -c lode -l no-require-git -d 'Respect .gitignore files outside git repositories too'
complete -c lode -l require-git
complete -c lode -l ignore-file-case-insensitive -d 'Match the patterns of ignore files case-insensitively'
complete -c lode -l no-ignore-file-case-insensitive
complete -c lode -l one-file-system -d 'Do not descend into directories on other file systems'
complete -c lode -l no-one-file-system
complete -c lode -l glob-case-insensitive -d 'Match every --glob case-insensitively, as --iglob does'
complete -c lode -l no-glob-case-insensitive
complete -c lode -l no-ignore-messages -d 'Do not print errors about ignore files that cannot be parsed'
complete -c lode -l ignore-messages
complete -c lode -l no-config -d 'Read no configuration file (see LODE_CONFIG_PATH, RIPGREP_CONFIG_PATH)'
complete -c lode -s u -l unrestricted -d '-u: --no-ignore; -uu: also --hidden; -uuu: also --binary'
complete -c lode -s L -l follow -d 'Follow symbolic links'
complete -c lode -l no-follow
complete -c lode -s a -l text -d 'Search binary files as if they were text'
complete -c lode -l no-text
complete -c lode -l binary -d 'Search binary files found in directories too, reporting matches'
complete -c lode -l no-binary
complete -c lode -l mmap -d 'Map every regular file into memory rather than reading it'
complete -c lode -l no-mmap -d 'Never map files; read them'
complete -c lode -l debug -d 'Print, for each file, how its bytes were reached and why'
complete -c lode -l trace -d 'The same as --debug (ripgrep prints more with it)'
complete -c lode -l stats -d 'Print ripgrep\'s statistics about the search after the results'
complete -c lode -l no-stats
complete -c lode -l stats-io -d 'Like --stats, plus files and bytes per I/O strategy, truncations survived, and page faults'
complete -c lode -l sort-files -d 'Sort results by path (same as --sort path)'
complete -c lode -l no-sort-files
complete -c lode -s h -l help -d 'Print help'
complete -c lode -s V -l version -d 'Print version'
