//! Boolean queries per line: `--and PATTERN` and `--not PATTERN`, with
//! the flags they compose with, and their line selection against an
//! oracle built with the `regex` crate; then the same per file
//! (`--scope file`), against a file-wide oracle.

use crate::util::Tree;
use proptest::prelude::*;

/// A file `f` whose lines mix the words the tests look for.
fn code() -> Tree {
    let tree = Tree::new();
    tree.create(
        "f",
        "TODO one\nTODO FIXME two\nnothing\nMutex unsafe here\nMutex safe\nunsafe Mutex Mutex\n",
    );
    tree
}

#[test]
fn not_drops_the_lines_it_matches() {
    code()
        .run(&["TODO", "--not", "FIXME", "f"])
        .expect("TODO one\n", 0);
}

#[test]
fn and_keeps_the_lines_it_also_matches() {
    code()
        .run(&["-n", "Mutex", "--and", "unsafe", "f"])
        .expect("4:Mutex unsafe here\n6:unsafe Mutex Mutex\n", 0);
}

#[test]
fn and_and_not_repeat_and_combine() {
    code()
        .run(&["-n", "e", "--and", "u", "--and", "x", "--not", "here", "f"])
        .expect("5:Mutex safe\n6:unsafe Mutex Mutex\n", 0);
}

#[test]
fn no_line_qualifying_exits_one() {
    code().run(&["TODO", "--and", "Mutex", "f"]).expect("", 1);
}

#[test]
fn main_patterns_are_alternatives() {
    code()
        .run(&[
            "-n", "-e", "TODO", "-e", "Mutex", "--not", "unsafe", "--not", "two", "f",
        ])
        .expect("1:TODO one\n5:Mutex safe\n", 0);
}

#[test]
fn pattern_file_gives_the_main_patterns() {
    let tree = code();
    tree.create("pats", "one\nsafe\n");
    tree.run(&["-f", "pats", "--not", "unsafe", "f"])
        .expect("TODO one\nMutex safe\n", 0);
}

#[test]
fn ignore_case_applies_to_every_pattern() {
    code()
        .run(&["-i", "todo", "--not", "fixme", "f"])
        .expect("TODO one\n", 0);
    code()
        .run(&["-i", "mutex", "--and", "UNSAFE", "-c", "f"])
        .expect("2\n", 0);
}

#[test]
fn smart_case_looks_at_each_pattern_alone() {
    // `mutex` is all lowercase: insensitive; `Here` is not: sensitive.
    code()
        .run(&["-S", "mutex", "--not", "Here", "f"])
        .expect("Mutex unsafe here\nMutex safe\nunsafe Mutex Mutex\n", 0);
    code()
        .run(&["-S", "mutex", "--not", "here", "f"])
        .expect("Mutex safe\nunsafe Mutex Mutex\n", 0);
}

#[test]
fn fixed_strings_apply_to_every_pattern() {
    let tree = Tree::new();
    tree.create("f", "a.b x+\na.b xx\naxb x+\n");
    tree.run(&["-F", "a.b", "--and", "x+", "f"])
        .expect("a.b x+\n", 0);
    tree.run(&["-F", "x+", "--not", "a.b", "f"])
        .expect("axb x+\n", 0);
}

#[test]
fn word_regexp_applies_to_every_pattern() {
    code()
        .run(&["-w", "Mutex", "--not", "safe", "f"])
        .expect("Mutex unsafe here\nunsafe Mutex Mutex\n", 0);
}

#[test]
fn line_regexp_applies_to_every_pattern() {
    let tree = Tree::new();
    tree.create("f", "ab\nab c\nabc\n");
    tree.run(&["-x", "ab.*", "--and", "a.c", "f"])
        .expect("abc\n", 0);
    tree.run(&["-x", "ab.*", "--not", "ab", "f"])
        .expect("ab c\nabc\n", 0);
}

#[test]
fn count_counts_the_selected_lines() {
    code()
        .run(&["-c", "Mutex", "--and", "unsafe", "f"])
        .expect("2\n", 0);
    code()
        .run(&["--count-matches", "Mutex", "--and", "unsafe", "f"])
        .expect("5\n", 0);
}

#[test]
fn files_with_matches_lists_files_with_a_selected_line() {
    let tree = code();
    tree.create("g", "Mutex safe\n");
    tree.run(&["-l", "--sort", "path", "Mutex", "--and", "unsafe"])
        .expect("f\n", 0);
    tree.run(&[
        "--files-without-match",
        "--sort",
        "path",
        "Mutex",
        "--and",
        "unsafe",
    ])
    .expect("g\n", 0);
}

#[test]
fn only_matching_prints_the_positive_patterns_matches() {
    code()
        .run(&["-o", "-n", "Mutex", "--and", "unsafe", "--not", "here", "f"])
        .expect("6:unsafe\n6:Mutex\n6:Mutex\n", 0);
}

#[test]
fn overlapping_positive_matches_keep_the_earlier() {
    let tree = Tree::new();
    tree.create("f", "abcd\n");
    tree.run(&["-o", "bc", "--and", "ab", "--and", "cd", "f"])
        .expect("ab\ncd\n", 0);
    tree.run(&["-o", "ab", "--and", "abc", "f"])
        .expect("ab\n", 0);
}

#[test]
fn context_shows_the_lines_around_selected_ones() {
    code()
        .run(&["-n", "-A1", "TODO", "--not", "FIXME", "f"])
        .expect("1:TODO one\n2-TODO FIXME two\n", 0);
    code()
        .run(&[
            "-n", "-B1", "Mutex", "--and", "unsafe", "--not", "here", "f",
        ])
        .expect("5-Mutex safe\n6:unsafe Mutex Mutex\n", 0);
    code()
        .run(&[
            "-n",
            "-C1",
            "Mutex",
            "--not",
            "Mutex.*Mutex",
            "--not",
            "unsafe",
            "f",
        ])
        .expect(
            "4-Mutex unsafe here\n5:Mutex safe\n6-unsafe Mutex Mutex\n",
            0,
        );
}

#[test]
fn max_count_counts_selected_lines() {
    code()
        .run(&["-m1", "-n", "Mutex", "--and", "unsafe", "f"])
        .expect("4:Mutex unsafe here\n", 0);
}

#[test]
fn invert_match_inverts_the_whole_condition() {
    code()
        .run(&["-v", "-n", "Mutex", "--and", "unsafe", "f"])
        .expect("1:TODO one\n2:TODO FIXME two\n3:nothing\n5:Mutex safe\n", 0);
    code()
        .run(&["-v", "-c", "TODO", "--not", "FIXME", "f"])
        .expect("5\n", 0);
}

#[test]
fn replace_replaces_the_positive_matches() {
    code()
        .run(&["-r", "<$0>", "Mutex", "--and", "(un)safe", "f"])
        .expect("<Mutex> <unsafe> here\n<unsafe> <Mutex> <Mutex>\n", 0);
    code()
        .run(&["-o", "-r", "[$1]", "M(u)tex", "--and", "(un)safe", "f"])
        .expect("[u]\n[un]\n[un]\n[u]\n[u]\n", 0);
}

#[test]
fn color_highlights_the_positive_patterns() {
    let hl = |s: &str| format!("\x1b[0m\x1b[1m\x1b[31m{s}\x1b[0m");
    let expected = format!("{} {} here\n", hl("Mutex"), hl("unsafe"));
    code()
        .run(&[
            "--color",
            "always",
            "Mutex",
            "--and",
            "unsafe",
            "--not",
            "Mutex.*Mutex",
            "f",
        ])
        .expect(&expected, 0);
}

#[test]
fn json_submatches_are_the_positive_patterns() {
    let run = code().run(&["--json", "Mutex", "--and", "unsafe", "--not", "here", "f"]);
    let out = run.stdout();
    let matches: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"type\":\"match\""))
        .collect();
    assert_eq!(matches.len(), 1, "{out}");
    assert!(
        matches[0].contains(
            "\"submatches\":[{\"match\":{\"text\":\"unsafe\"},\"start\":0,\"end\":6},\
             {\"match\":{\"text\":\"Mutex\"},\"start\":7,\"end\":12},\
             {\"match\":{\"text\":\"Mutex\"},\"start\":13,\"end\":18}]"
        ),
        "{out}"
    );
    assert!(out.contains("\"matched_lines\":1,\"matches\":3"), "{out}");
}

#[test]
fn pcre2_compiles_every_pattern() {
    code()
        .run(&["-P", "-n", "Mu(?=tex)", "--and", "(?<!un)safe", "f"])
        .expect("5:Mutex safe\n", 0);
    // With --engine auto, the other patterns take the main patterns' engine.
    code()
        .run(&["--engine", "auto", "-c", "Mu(?=tex)", "--and", "x\\b", "f"])
        .expect("3\n", 0);
}

#[test]
fn stdin_is_searched_too() {
    Tree::new()
        .run_with_stdin(&["a", "--not", "b"], b"ab\nac\nbc\n")
        .expect("ac\n", 0);
}

/// Function signatures, on one line or several.
fn signatures() -> Tree {
    let tree = Tree::new();
    tree.create(
        "g",
        "fn a(\n  x: Mutex,\n) {}\nfn b(\n  y: u8,\n) {}\nfn c(z: Mutex) {}\n",
    );
    tree
}

const SIGNATURE: &str = r"fn \w+\([^)]*\)";

#[test]
fn multiline_and_and_not_look_at_the_lines_a_match_spans() {
    let tree = signatures();
    tree.run(&["-U", "-n", SIGNATURE, "--and", "Mutex", "g"])
        .expect("1:fn a(\n2:  x: Mutex,\n3:) {}\n7:fn c(z: Mutex) {}\n", 0);
    tree.run(&["-U", "-n", SIGNATURE, "--not", "Mutex", "g"])
        .expect("4:fn b(\n5:  y: u8,\n6:) {}\n", 0);
    // -c counts the matches selected; -o shows them, the --and matches
    // inside them merged away.
    tree.run(&["-U", "-c", SIGNATURE, "--and", "Mutex", "g"])
        .expect("2\n", 0);
    tree.run(&["-U", "-o", SIGNATURE, "--and", "Mutex", "g"])
        .expect("fn a(\n  x: Mutex,\n)\nfn c(z: Mutex)\n", 0);
    // A condition may span lines too, within the match's lines.
    tree.run(&["-U", "-n", SIGNATURE, "--and", r"Mutex,\n\)", "g"])
        .expect("1:fn a(\n2:  x: Mutex,\n3:) {}\n", 0);
    // The same with PCRE2.
    tree.run(&["-U", "-P", "-c", SIGNATURE, "--not", "u8", "g"])
        .expect("2\n", 0);
}

#[test]
fn multiline_json_gives_the_selected_matches() {
    let run = signatures().run(&["-U", "--json", SIGNATURE, "--and", "x:", "g"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let matches: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|v| v["type"] == "match")
        .collect();
    assert_eq!(matches.len(), 1);
    assert_eq!(
        matches[0]["data"]["lines"]["text"],
        "fn a(\n  x: Mutex,\n) {}\n"
    );
    let submatch = &matches[0]["data"]["submatches"][0];
    assert_eq!(submatch["match"]["text"], "fn a(\n  x: Mutex,\n)");
}

#[test]
fn bad_and_pattern_is_an_error() {
    let run = code().run(&["Mutex", "--and", "(", "f"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("regex parse error"), "{}", run.stderr);
}

#[test]
fn large_files_give_the_same_lines_mapped_in_parallel_and_streamed() {
    let tree = Tree::new();
    let words = ["alpha", "Mutex", "unsafe", "TODO", "beta"];
    let mut text = String::new();
    let mut expected = 0;
    for i in 0..120_000usize {
        let line: Vec<&str> = (0..1 + i % 4)
            .map(|k| words[(i * 7 + k * 3 + i / 5) % 5])
            .collect();
        let line = line.join(" ");
        if line.contains("Mutex") && line.contains("unsafe") && !line.contains("TODO") {
            expected += 1;
        }
        text.push_str(&line);
        text.push('\n');
    }
    assert!(expected > 100);
    tree.create("big", &text);
    let query = ["-n", "Mutex", "--and", "unsafe", "--not", "TODO", "big"];
    let mapped = tree
        .command(&[&["--mmap", "-j2"][..], &query].concat())
        .env("LODE_TEST_MMAP_THRESHOLD", "1048576")
        .output()
        .unwrap();
    let streamed = tree.run(&[&["--no-mmap"][..], &query].concat());
    assert_eq!(mapped.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&mapped.stdout), streamed.stdout());
    assert_eq!(streamed.stdout().lines().count(), expected);
    let counted = tree
        .command(&[&["-c", "--mmap", "-j2"][..], &query[1..]].concat())
        .output();
    assert_eq!(
        String::from_utf8_lossy(&counted.unwrap().stdout),
        format!("{expected}\n")
    );
}

/// The lines the oracle selects, as `lode -n` prints them.
fn oracle(haystack: &str, main: &str, and: &str, not: &str) -> String {
    let (main, and, not) = (
        regex::Regex::new(main).unwrap(),
        regex::Regex::new(and).unwrap(),
        regex::Regex::new(not).unwrap(),
    );
    let mut out = String::new();
    for (i, line) in haystack.lines().enumerate() {
        if main.is_match(line) && and.is_match(line) && !not.is_match(line) {
            out.push_str(&format!("{}:{line}\n", i + 1));
        }
    }
    out
}

fn patterns() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", "b", "c", "ab", "b+c", "^a", "c$", "a.b", "\\bb", "^$", "[bc]a",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn selection_agrees_with_a_line_by_line_oracle(
        lines in proptest::collection::vec("[abc ]{0,6}", 0..12),
        main in patterns(),
        and in patterns(),
        not in patterns(),
    ) {
        let tree = Tree::new();
        let haystack: String = lines.iter().map(|l| format!("{l}\n")).collect();
        tree.create("h", &haystack);
        let run = tree.run(&["-n", "--and", and, "--not", not, "-e", main, "h"]);
        let expected = oracle(&haystack, main, and, not);
        prop_assert_eq!(run.stdout(), expected.clone());
        prop_assert_eq!(run.code, Some(if expected.is_empty() { 1 } else { 0 }));
    }
}

/// The lines the oracle selects under `-U`, as `lode -U -n` prints them:
/// those spanned by a main match (leftmost-first, one after another) whose
/// lines, without the last terminator, hold an `and` match and no `not`
/// match.
fn multiline_oracle(haystack: &str, main: &str, and: &str, not: &str) -> String {
    let (main, and, not) = (
        regex::Regex::new(main).unwrap(),
        regex::Regex::new(and).unwrap(),
        regex::Regex::new(not).unwrap(),
    );
    let starts: Vec<usize> = std::iter::once(0)
        .chain(haystack.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |at: usize| starts.partition_point(|&s| s <= at) - 1;
    let mut selected = vec![false; starts.len()];
    for m in main.find_iter(haystack) {
        let first = line_of(m.start());
        // A match ending in a terminator ends its line there.
        let last = if m.as_str().ends_with('\n') {
            line_of(m.end() - 1)
        } else {
            line_of(m.end())
        };
        let end = starts.get(last + 1).map_or(haystack.len(), |&s| s - 1);
        let lines = &haystack[starts[first]..end];
        if and.is_match(lines) && !not.is_match(lines) {
            selected[first..=last].iter_mut().for_each(|s| *s = true);
        }
    }
    let mut out = String::new();
    for (i, line) in haystack.lines().enumerate() {
        if selected[i] {
            out.push_str(&format!("{}:{line}\n", i + 1));
        }
    }
    out
}

fn multiline_patterns() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        r"a\nb", "a[^c]*b", "ab", r"b\n+a", "c", r"b\nc\n", r"a\s+c",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn multiline_selection_agrees_with_an_oracle(
        lines in proptest::collection::vec("[abc ]{0,5}", 0..10),
        main in multiline_patterns(),
        and in multiline_patterns(),
        not in multiline_patterns(),
    ) {
        let tree = Tree::new();
        let haystack: String = lines.iter().map(|l| format!("{l}\n")).collect();
        tree.create("h", &haystack);
        let run = tree.run(&["-U", "-n", "--and", and, "--not", not, "-e", main, "h"]);
        let expected = multiline_oracle(&haystack, main, and, not);
        prop_assert_eq!(run.stdout(), expected.clone());
        prop_assert_eq!(run.code, Some(if expected.is_empty() { 1 } else { 0 }));
    }
}

/// Files for `--scope file`: `both` qualifies for `Mutex --and unsafe
/// --not FIXME`, `no_and` lacks `unsafe`, `has_not` holds `FIXME`.
fn files() -> Tree {
    let tree = Tree::new();
    tree.create("both", "Mutex lock\nnothing\nunsafe block\nsafe\n");
    tree.create("no_and", "Mutex lock\nsafe\n");
    tree.create("has_not", "Mutex unsafe\nFIXME\n");
    tree
}

/// `--scope file` for the query the [`files`] tests run.
const FILE_QUERY: [&str; 7] = [
    "--sort", "path", "--scope", "file", "Mutex", "--and", "unsafe",
];

fn file_query(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.extend(FILE_QUERY.iter().map(|s| s.to_string()));
    args.extend(["--not", "FIXME"].map(String::from));
    args
}

fn run_file_query(extra: &[&str]) -> crate::util::Run {
    let args = file_query(extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    files().run(&args)
}

#[test]
fn file_scope_prints_the_positive_lines_of_qualifying_files() {
    run_file_query(&["-n"]).expect("both:1:Mutex lock\nboth:3:unsafe block\n", 0);
}

#[test]
fn file_scope_counts_a_failing_file_as_one_without_matches() {
    run_file_query(&["-c"]).expect("both:2\n", 0);
    run_file_query(&["-c", "--include-zero"]).expect("both:2\nhas_not:0\nno_and:0\n", 0);
}

#[test]
fn file_scope_lists_files_with_and_without_matches() {
    run_file_query(&["-l"]).expect("both\n", 0);
    run_file_query(&["--files-without-match"]).expect("has_not\nno_and\n", 0);
}

#[test]
fn file_scope_fails_a_file_on_each_condition() {
    let tree = files();
    // No --not: has_not qualifies too.
    tree.run(
        &FILE_QUERY[..]
            .iter()
            .copied()
            .chain(["-l"])
            .collect::<Vec<_>>(),
    )
    .expect("both\nhas_not\n", 0);
    // The main pattern must match somewhere too.
    tree.run(&[
        "--scope", "file", "-l", "nothing", "--and", "lock", "no_and", "both",
    ])
    .expect("both\n", 0);
    tree.run(&["--scope", "file", "Mutex", "--and", "absent", "both"])
        .expect("", 1);
    tree.run(&["--scope", "file", "Mutex", "--not", "safe", "both"])
        .expect("", 1);
}

#[test]
fn file_scope_only_matching_prints_every_positive_match() {
    files()
        .run(&["--scope", "file", "-o", "M.tex|safe", "--and", "un", "both"])
        .expect("Mutex\nun\nsafe\nsafe\n", 0);
}

#[test]
fn file_scope_json_lists_every_positive_submatch() {
    let run = files().run(&[
        "--json", "--scope", "file", "lock", "--and", "Mutex", "both",
    ]);
    let out = run.stdout();
    assert!(
        out.contains(
            "\"submatches\":[{\"match\":{\"text\":\"Mutex\"},\"start\":0,\"end\":5},\
             {\"match\":{\"text\":\"lock\"},\"start\":6,\"end\":10}]"
        ),
        "{out}"
    );
    assert!(
        out.contains("\"submatches\":[{\"match\":{\"text\":\"lock\"},\"start\":8,\"end\":12}]"),
        "{out}"
    );
    assert!(out.contains("\"matched_lines\":2,\"matches\":3"), "{out}");
}

#[test]
fn file_scope_colors_every_positive_match() {
    let hl = |s: &str| format!("\x1b[0m\x1b[1m\x1b[31m{s}\x1b[0m");
    let expected = format!("{} lock\n{} block\n", hl("Mutex"), hl("unsafe"));
    files()
        .run(&[
            "--color", "always", "--scope", "file", "Mutex", "--and", "unsafe", "both",
        ])
        .expect(&expected, 0);
}

#[test]
fn file_scope_shows_context() {
    files()
        .run(&[
            "-n", "-A1", "--scope", "file", "lock", "--and", "block", "both",
        ])
        .expect("1:Mutex lock\n2-nothing\n3:unsafe block\n4-safe\n", 0);
}

#[test]
fn file_scope_without_conditions_is_a_plain_search() {
    files()
        .run(&["-n", "--scope", "file", "safe", "both"])
        .expect("3:unsafe block\n4:safe\n", 0);
}

#[test]
fn file_scope_reads_stdin_whole() {
    Tree::new()
        .run_with_stdin(&["--scope", "file", "a", "--and", "c"], b"ab\nx\nc\n")
        .expect("ab\nc\n", 0);
    Tree::new()
        .run_with_stdin(&["--scope", "file", "a", "--not", "c"], b"ab\nx\nc\n")
        .expect("", 1);
}

#[test]
fn file_scope_smart_case_looks_at_each_pattern_alone() {
    let tree = Tree::new();
    tree.create("f", "MUTEX\nUnsafe\nunsafe\n");
    tree.run(&["-S", "--scope", "file", "mutex", "--and", "Unsafe", "f"])
        .expect("MUTEX\nUnsafe\n", 0);
}

#[test]
fn file_scope_smart_case_takes_the_main_patterns_together() {
    let tree = Tree::new();
    tree.create("f", "Foo bar\nfoo BAR\nFOO baz\nqux Bar\nfoo\nbar\n");
    for engine in [&[][..], &["-P"]] {
        // BAR makes the main patterns case-sensitive, as in ripgrep; baz
        // alone ignores case; with -U as without.
        for multiline in [&[][..], &["-U"]] {
            let mut args = vec!["-n", "-S", "--scope", "file", "-e", "foo", "-e", "BAR"];
            args.extend_from_slice(engine);
            args.extend_from_slice(multiline);
            args.extend_from_slice(&["--and", "baz", "f"]);
            tree.run(&args).expect("2:foo BAR\n3:FOO baz\n5:foo\n", 0);
        }
        // Patterns that match across lines, each with its own case.
        let across = ["-n", "-S", "-U", "--scope", "file", "--and", r"bar\nfoo"];
        let across = [&across[..], engine].concat();
        tree.run(&[&across[..], &[r"baz\nqux", "f"]].concat())
            .expect("1:Foo bar\n2:foo BAR\n3:FOO baz\n4:qux Bar\n5:foo\n", 0);
        tree.run(&[&across[..], &[r"BAZ\nqux", "f"]].concat())
            .expect("", 1);
    }
}

#[test]
fn file_scope_pcre2_patterns_keep_their_own_groups_under_multiline() {
    let tree = Tree::new();
    tree.create("f", "foo\nbaa\nxyz\nabab\n");
    // Each back-reference means its own pattern's group.
    let args = [
        "-n", "-P", "-U", "--scope", "file", r"(o)\1", "--and", r"(a)\1", "f",
    ];
    tree.run(&args).expect("1:foo\n2:baa\n", 0);
    let named = [
        "-P", "-U", "--scope", "file", "-o", "(?<x>ab)", "--and", "(?<x>o)", "f",
    ];
    tree.run(&named).expect("o\no\nab\nab\n", 0);
}

#[test]
fn file_scope_with_invert_is_a_usage_error() {
    files()
        .run(&["--scope", "file", "-v", "Mutex", "--and", "unsafe", "both"])
        .expect_with_stderr(
            "",
            "lode: --scope file cannot be used with -v/--invert-match\n",
            2,
        );
}

#[test]
fn file_scope_multiline_patterns_match_across_lines() {
    let tree = signatures();
    tree.create("h", "fn d(\n  q: i32,\n) {}\n");
    let opens = r"fn \w+\(\n";
    // g has a Mutex closing a signature; both open one on a line alone.
    tree.run(&[
        "-U",
        "--scope",
        "file",
        "-n",
        "--sort",
        "path",
        opens,
        "--and",
        r"Mutex,\n\)",
    ])
    .expect("g:1:fn a(\ng:2:  x: Mutex,\ng:3:) {}\ng:4:fn b(\n", 0);
    tree.run(&[
        "-U",
        "--scope",
        "file",
        "-c",
        "--sort",
        "path",
        opens,
        "--and",
        r"Mutex,\n\)",
    ])
    .expect("g:3\n", 0);
    tree.run(&[
        "-U", "--scope", "file", "-l", "--sort", "path", opens, "--not", r"u8,\n\)",
    ])
    .expect("h\n", 0);
    tree.run(&[
        "-U",
        "-P",
        "--scope",
        "file",
        "-l",
        opens,
        "--and",
        r"(?<=x): Mutex",
    ])
    .expect("g\n", 0);
}

#[test]
fn file_scope_large_files_agree_mapped_in_parallel_and_streamed() {
    let tree = Tree::new();
    let mut text = String::new();
    for i in 0..200_000usize {
        text.push_str(["alpha\n", "beta Mutex\n", "gamma\n", "unsafe\n"][i % 4 * (i % 7 / 6)]);
    }
    tree.create("big", &text);
    let query = ["-c", "--scope", "file", "Mutex", "--and", "unsafe", "big"];
    let mapped = tree
        .command(&[&["--mmap", "-j2"][..], &query].concat())
        .env("LODE_TEST_MMAP_THRESHOLD", "1048576")
        .output()
        .unwrap();
    let streamed = tree.run(&[&["--no-mmap"][..], &query].concat());
    assert_eq!(String::from_utf8_lossy(&mapped.stdout), streamed.stdout());
    let expected = text
        .lines()
        .filter(|l| l.contains("Mutex") || l.contains("unsafe"));
    assert_eq!(streamed.stdout(), format!("{}\n", expected.count()));
    let not = tree.run(&[&query[..], &["--not", "gamma"]].concat());
    not.expect("", 1);
}

/// The lines the file-scope oracle prints: none unless the main and every
/// `--and` regex match some line and no `--not` regex matches any; then
/// those the main or an `--and` regex matches.
fn file_oracle(haystack: &str, main: &str, and: &[&str], not: &str) -> String {
    let re = |p: &str| regex::Regex::new(p).unwrap();
    let (main, not) = (re(main), re(not));
    let and: Vec<regex::Regex> = and.iter().map(|p| re(p)).collect();
    let lines: Vec<&str> = haystack.lines().collect();
    let somewhere = |r: &regex::Regex| lines.iter().any(|l| r.is_match(l));
    if !somewhere(&main) || !and.iter().all(somewhere) || somewhere(&not) {
        return String::new();
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if main.is_match(line) || and.iter().any(|r| r.is_match(line)) {
            out.push_str(&format!("{}:{line}\n", i + 1));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn file_scope_agrees_with_a_file_oracle(
        lines in proptest::collection::vec("[abc ]{0,6}", 0..12),
        main in patterns(),
        and1 in patterns(),
        and2 in patterns(),
        not in patterns(),
    ) {
        let tree = Tree::new();
        let haystack: String = lines.iter().map(|l| format!("{l}\n")).collect();
        tree.create("h", &haystack);
        let run = tree.run(&[
            "-n", "--scope", "file", "--and", and1, "--and", and2, "--not", not, "-e", main, "h",
        ]);
        let expected = file_oracle(&haystack, main, &[and1, and2], not);
        prop_assert_eq!(run.stdout(), expected.clone());
        prop_assert_eq!(run.code, Some(if expected.is_empty() { 1 } else { 0 }));
    }
}

#[test]
fn file_scope_judges_a_transcoded_file_by_its_text() {
    let tree = Tree::new();
    // UTF-16LE with a byte order mark: "unsafe {\nmutex_lock(m);\n".
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "unsafe {\nmutex_lock(m);\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    tree.create("wide.txt", utf16);
    tree.run(&[
        "--scope",
        "file",
        "-n",
        "mutex_lock",
        "--and",
        "unsafe",
        "wide.txt",
    ])
    .expect("1:unsafe {\n2:mutex_lock(m);\n", 0);
    tree.run(&[
        "--scope",
        "file",
        "-c",
        "mutex_lock",
        "--not",
        "unsafe",
        "wide.txt",
    ])
    .expect("", 1);
}

#[test]
fn file_scope_keeps_binary_files_found_by_the_walk_hidden() {
    let tree = Tree::new();
    tree.create("d/bin.dat", b"mutex_lock\0binary\n")
        .create("d/text.txt", "mutex_lock\n");
    // As a plain search: the walked binary file is not listed.
    tree.run(&["--files-without-match", "unsafe", "d"])
        .expect("d/text.txt\n", 0);
    tree.run(&[
        "--scope",
        "file",
        "--files-without-match",
        "mutex_lock",
        "--and",
        "unsafe",
        "d",
    ])
    .expect("d/text.txt\n", 0);
}

#[test]
fn file_scope_keeps_each_pcre2_patterns_own_groups() {
    let tree = Tree::new();
    tree.create("f.txt", "aa here\nbb there\nnone\n");
    tree.run(&[
        "--scope", "file", "-P", "-n", r"(a)\1", "--and", r"(b)\1", "f.txt",
    ])
    .expect("1:aa here\n2:bb there\n", 0);
}
