//! `-P/--pcre2` and `--engine`: PCRE2's patterns, searched as `rg -P`
//! searches them (each expected output below is ripgrep 15.2.0's, with
//! PCRE2 10.45, for the same files and flags).

use crate::util::Tree;

fn tree() -> Tree {
    let tree = Tree::new();
    tree.create("a.txt", "foobar\nbar foo\nfoo bar baz\nhello world\n")
        .create("latin1.txt", b"caf\xe9 foo\nna\xefve bar\n")
        .create("bin.dat", b"x\0y foo\n")
        .create("crlf.txt", "foo\r\nbar\r\n");
    tree
}

#[test]
fn look_around_backreferences_keep_out_and_atomic_groups() {
    let tree = tree();
    tree.run(&["-P", "-n", "(?<=foo)bar", "a.txt"])
        .expect("1:foobar\n", 0);
    tree.run(&["-P", "-o", r"(?<=foo)bar|bar(?=\sbaz)", "a.txt"])
        .expect("bar\nbar\n", 0);
    tree.run(&["-P", "-n", r"(l)\1", "a.txt"])
        .expect("4:hello world\n", 0);
    tree.run(&["-P", "-o", r"foo\Kbar", "a.txt"])
        .expect("bar\n", 0);
    tree.run(&["-P", "-c", "(?>fo+)o", "a.txt"]).expect("", 1);
    tree.run(&["-P", "-c", "(?>fo*)bar", "a.txt"])
        .expect("1\n", 0);
    tree.run(&["-P", "--vimgrep", r"o(?=o|\b)", "a.txt"])
        .expect(
            "a.txt:1:2:foobar\na.txt:2:6:bar foo\na.txt:2:7:bar foo\n\
         a.txt:3:2:foo bar baz\na.txt:3:3:foo bar baz\na.txt:4:5:hello world\n",
            0,
        );
}

#[test]
fn lines_are_searched_one_by_one_unless_multiline() {
    let tree = tree();
    // \s may match a newline in PCRE2: without -U it never reaches the
    // next line.
    tree.run(&["-P", "-n", r"foobar\sbar", "a.txt"])
        .expect("", 1);
    tree.run(&["-P", "-n", r"o\sb", "a.txt"])
        .expect("3:foo bar baz\n", 0);
    tree.run(&["-P", "-U", "-n", r"bar\nbar", "a.txt"])
        .expect("1:foobar\n2:bar foo\n", 0);
    tree.run(&["-P", "-n", "bar$", "crlf.txt"]).expect("", 1);
    tree.run(&["-P", "--crlf", "-n", "bar$", "crlf.txt"])
        .expect("2:bar\r\n", 0);
    tree.run(&["-P", "--null-data", "-c", "foo", "a.txt"])
        .expect("1\0", 0);
}

#[test]
fn words_lines_case_and_fixed_strings() {
    let tree = tree();
    tree.run(&["-P", "-w", "-n", "bar", "a.txt"])
        .expect("2:bar foo\n3:foo bar baz\n", 0);
    tree.run(&["-P", "-x", "-n", r"bar\sfoo", "a.txt"])
        .expect("2:bar foo\n", 0);
    tree.run(&["-P", "-i", "-n", "HELLO", "a.txt"])
        .expect("4:hello world\n", 0);
    tree.run(&["-P", "-S", "-n", "Bar", "a.txt"]).expect("", 1);
    tree.run(&["-P", "-S", "-c", "bar", "a.txt"])
        .expect("3\n", 0);
    tree.run(&["-P", "-F", "-n", "a.b", "a.txt"]).expect("", 1);
    tree.run(&["-P", "-F", "-n", "o b", "a.txt"])
        .expect("3:foo bar baz\n", 0);
    tree.run(&["-P", "-e", "foo", "-e", "hello", "-c", "a.txt"])
        .expect("4\n", 0);
    tree.run(&["-P", "-f", "/dev/null", "a.txt"]).expect("", 1);
}

#[test]
fn replacements_json_and_colors() {
    let tree = tree();
    tree.run(&["-P", "-r", "[$2:$1]", "-n", "(o)(b)", "a.txt"])
        .expect("1:fo[b:o]ar\n", 0);
    tree.run(&["-P", "-r", "<${w}>", "-o", "(?<w>wor)ld", "a.txt"])
        .expect("<wor>\n", 0);
    tree.run(&["-P", "--color=always", r"foo\K\w+", "a.txt"])
        .expect("foo\x1b[0m\x1b[1m\x1b[31mbar\x1b[0m\n", 0);
    let run = tree.run(&["-P", "-U", "--json", r"bar\nbar", "a.txt"]);
    let messages: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(
        messages[1]["data"]["lines"]["text"], "foobar\nbar foo\n",
        "{messages:?}"
    );
    assert_eq!(
        messages[1]["data"]["submatches"],
        serde_json::json!([{"match": {"text": "bar\nbar"}, "start": 3, "end": 10}])
    );
    assert_eq!(messages[2]["data"]["stats"]["bytes_searched"], 39);
    assert_eq!(messages[2]["data"]["stats"]["matched_lines"], 2);
}

#[test]
fn invalid_utf8_and_binary_files() {
    let tree = tree();
    // In UTF mode no character matches a byte that is not UTF-8.
    tree.run(&["-P", "-n", "caf.", "latin1.txt"]).expect("", 1);
    let ascii = tree.run(&["-P", "--no-unicode", "-n", "caf.", "latin1.txt"]);
    assert_eq!(ascii.stdout, b"1:caf\xe9 foo\n");
    assert_eq!(ascii.code, Some(0));
    tree.run(&["-P", "--no-pcre2-unicode", "-c", r"\w", "latin1.txt"])
        .expect("2\n", 0);
    tree.run(&["-P", "foo", "bin.dat"]).expect(
        "binary file matches (found \"\\0\" byte around offset 1)\n",
        0,
    );
    tree.run(&["-P", "-c", "--sort", "path", "foo", "."])
        .expect("./a.txt:3\n./crlf.txt:1\n./latin1.txt:1\n", 0);
}

#[test]
fn the_last_engine_flag_wins() {
    let tree = tree();
    let refused = "lode: regex parse error:\n    (?:(?<=foo)bar)\n       ^^^^\n\
        error: look-around, including look-ahead and look-behind, is not supported\n\n\
        Consider enabling PCRE2 with the --pcre2 flag, which can handle backreferences\n\
        and look-around.\n";
    tree.run(&["-n", "(?<=foo)bar", "a.txt"])
        .expect_with_stderr("", refused, 2);
    tree.run(&["-P", "--no-pcre2", "-n", "(?<=foo)bar", "a.txt"])
        .expect_with_stderr("", refused, 2);
    tree.run(&[
        "--engine",
        "pcre2",
        "--engine",
        "default",
        "(?<=foo)bar",
        "a.txt",
    ])
    .expect_with_stderr("", refused, 2);
    tree.run(&["--engine", "default", "-P", "-c", "(?<=foo)bar", "a.txt"])
        .expect("1\n", 0);
    tree.run(&["--engine", "auto", "-n", "(?<=foo)bar", "a.txt"])
        .expect("1:foobar\n", 0);
    tree.run(&["--auto-hybrid-regex", "-c", "(?<=foo)bar", "a.txt"])
        .expect("1\n", 0);
    tree.run(&[
        "--auto-hybrid-regex",
        "--no-auto-hybrid-regex",
        "(?<=foo)bar",
        "a.txt",
    ])
    .expect_with_stderr("", refused, 2);
}

#[test]
fn pattern_errors_are_pcre2s() {
    let tree = tree();
    tree.run(&["-P", "a(", "a.txt"]).expect_with_stderr(
        "",
        "lode: PCRE2: error compiling pattern at offset 6: missing closing parenthesis\n",
        2,
    );
    let divider = "~".repeat(79);
    let both = format!(
        "lode: regex could not be compiled with either the default regex engine or with PCRE2.\n\n\
         default regex engine error:\n{divider}\nregex parse error:\n    (?:a()\n    ^\n\
         error: unclosed group\n{divider}\n\nPCRE2 regex engine error:\n\
         PCRE2: error compiling pattern at offset 6: missing closing parenthesis\n"
    );
    tree.run(&["--engine", "auto", "a(", "a.txt"])
        .expect_with_stderr("", &both, 2);
}

#[test]
fn pcre2_version_names_the_library() {
    let run = Tree::new().run(&["--pcre2-version"]);
    let out = run.stdout();
    assert!(
        out.starts_with("PCRE2 10.") && out.ends_with(" is available (JIT is available)\n"),
        "{out:?}"
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn a_match_error_ends_the_file_keeps_its_lines_and_is_reported() {
    let tree = Tree::new();
    let backtracks = format!("{}b", "a".repeat(30));
    tree.create("mid.txt", format!("foo first\n{backtracks}\nlast foo\n"))
        .create("good.txt", "ok foo\n");
    let error = "lode: mid.txt: PCRE2: error matching: match limit exceeded\n";
    tree.run(&["-P", "-n", "(a+)+$|foo", "mid.txt"])
        .expect_with_stderr("1:foo first\n", error, 2);
    tree.run(&[
        "-P",
        "--sort",
        "path",
        "-n",
        "(a+)+$|foo",
        "good.txt",
        "mid.txt",
    ])
    .expect_with_stderr("good.txt:1:ok foo\nmid.txt:1:foo first\n", error, 2);
}
