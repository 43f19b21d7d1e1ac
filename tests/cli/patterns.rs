//! How patterns are given and interpreted: -e, -f, -F, -i, -s, -S, -w, -x, -v.

use crate::util::{sample, Tree};

#[test]
fn positional_pattern_searches_the_current_directory() {
    sample().run(&["--sort", "path", "foo"]).expect(
        "one.txt:a foo\none.txt:d foo\none.txt:foo i\nsrc/lib.rs:fn foo() {}\ntwo.txt:foo y\n",
        0,
    );
}

#[test]
fn no_match_exits_one_silently() {
    sample().run(&["zzz"]).expect("", 1);
}

#[test]
fn repeated_regexp_flags_make_every_positional_a_path() {
    sample()
        .run(&[
            "--sort",
            "path",
            "-e",
            "bar",
            "-e",
            "y$",
            "src/lib.rs",
            "two.txt",
        ])
        .expect("src/lib.rs:fn bar() {}\ntwo.txt:foo y\n", 0);
}

#[test]
fn regexp_flag_accepts_a_leading_dash() {
    let tree = Tree::new();
    tree.create("f", "a -x b\n");
    tree.run(&["-e", "-x", "f"]).expect("a -x b\n", 0);
}

#[test]
fn pattern_file_holds_one_pattern_per_line() {
    let tree = sample();
    tree.create("pats", "bar\ny$\n");
    tree.run(&["--sort", "path", "-f", "pats", "src/lib.rs", "two.txt"])
        .expect("src/lib.rs:fn bar() {}\ntwo.txt:foo y\n", 0);
}

#[test]
fn pattern_file_from_stdin() {
    sample()
        .run_with_stdin(&["-f", "-", "two.txt"], b"^x\n")
        .expect("x\n", 0);
}

#[test]
fn empty_pattern_file_matches_nothing() {
    let tree = sample();
    tree.create("empty", "");
    tree.run(&["-f", "empty", "two.txt"]).expect("", 1);
}

#[test]
fn fixed_strings_do_not_interpret_metacharacters() {
    let tree = Tree::new();
    tree.create("f", "a.c\nabc\n(x\n");
    tree.run(&["-F", "a.c", "f"]).expect("a.c\n", 0);
    tree.run(&["-F", "(x", "f"]).expect("(x\n", 0);
}

#[test]
fn case_flags_last_one_wins() {
    let tree = Tree::new();
    tree.create("f", "Foo\nfoo\n");
    tree.run(&["-i", "FOO", "f"]).expect("Foo\nfoo\n", 0);
    tree.run(&["-i", "-s", "FOO", "f"]).expect("", 1);
    tree.run(&["-S", "foo", "f"]).expect("Foo\nfoo\n", 0);
    tree.run(&["-S", "Foo", "f"]).expect("Foo\n", 0);
    tree.run(&["-S", "-i", "Foo", "f"]).expect("Foo\nfoo\n", 0);
}

#[test]
fn word_regexp_needs_word_boundaries() {
    let tree = Tree::new();
    tree.create("f", "foo\nfoobar\na foo b\n_foo\n");
    tree.run(&["-n", "-w", "foo", "f"])
        .expect("1:foo\n3:a foo b\n", 0);
}

#[test]
fn line_regexp_needs_the_whole_line() {
    let tree = Tree::new();
    tree.create("f", "foo\nfoobar\nfoo\n");
    tree.run(&["-n", "-x", "foo|bar", "f"])
        .expect("1:foo\n3:foo\n", 0);
}

#[test]
fn invert_match_prints_the_other_lines() {
    let tree = Tree::new();
    tree.create("f", "foo\nbar\nbaz\n");
    tree.run(&["-v", "-n", "foo", "f"])
        .expect("2:bar\n3:baz\n", 0);
    tree.run(&["-v", "-c", "ba", "f"]).expect("1\n", 0);
}

#[test]
fn whitespace_classes_never_join_two_lines() {
    let tree = Tree::new();
    tree.create("f", "end\nstart\nend start\n");
    tree.run(&[r"end\s+start", "f"]).expect("end start\n", 0);
}

#[test]
fn empty_pattern_matches_every_line() {
    let tree = Tree::new();
    tree.create("f", "a\n\nb");
    tree.run(&["-n", "", "f"]).expect("1:a\n2:\n3:b\n", 0);
}

#[test]
fn last_line_without_terminator_gets_one() {
    let tree = Tree::new();
    tree.create("f", "a\nfoo");
    tree.run(&["foo", "f"]).expect("foo\n", 0);
}

#[test]
fn case_insensitive_literal_alternation_finds_every_case_variant() {
    // Too many case variants of its prefixes for the regex's fast
    // prefilter: lode looks for windows inside the literals instead.
    let tree = Tree::new();
    tree.create(
        "f",
        "err_sys\nx PmE_tUrN_oFf y\nerr_ only\nlink_req_rsT\nLINK_REQ_RS\ncfg_bme_evt\nCfG_BmE_EvX\nERR_ſYS\n",
    );
    tree.run(&[
        "-n",
        "-i",
        "ERR_SYS|PME_TURN_OFF|LINK_REQ_RST|CFG_BME_EVT",
        "f",
    ])
    .expect(
        "1:err_sys\n2:x PmE_tUrN_oFf y\n4:link_req_rsT\n6:cfg_bme_evt\n8:ERR_ſYS\n",
        0,
    );
}

#[test]
fn no_unicode_matches_bytes_and_ascii_case_only() {
    let tree = Tree::new();
    tree.create("f", "é x\nÉ\n");
    let run = tree.run(&["--no-unicode", "-o", r"\w+|.", "f"]);
    assert_eq!(run.stdout, b"\xc3\n\xa9\n \nx\n\xc3\n\x89\n");
    tree.run(&["--no-unicode", "-i", "-c", "é", "f"])
        .expect("1\n", 0);
    tree.run(&["-i", "-c", "é", "f"]).expect("2\n", 0);
}

#[test]
fn size_limits_and_engines() {
    let tree = Tree::new();
    tree.create("f", "foo\n");
    tree.run(&["--regex-size-limit", "10", "a{100}", "f"])
        .expect_with_stderr("", "lode: compiled regex exceeds size limit of 10\n", 2);
    tree.run(&["--regex-size-limit", "1Q", "foo", "f"]).expect_with_stderr(
        "",
        "lode: error parsing flag --regex-size-limit: invalid size: invalid format for size '1Q', \
         which should be a non-empty sequence of digits followed by an optional 'K', 'M' or 'G' suffix\n",
        2,
    );
    tree.run(&[
        "--dfa-size-limit",
        "1M",
        "--engine",
        "auto",
        "-c",
        "foo",
        "f",
    ])
    .expect("1\n", 0);
    tree.run(&["--engine", "pcre2", "-c", "foo", "f"])
        .expect("1\n", 0);
}

#[test]
fn stop_on_nonmatch_ends_the_file_at_the_first_line_after_the_matches() {
    let tree = Tree::new();
    tree.create("s.txt", "foo1\nfoo2\nbar\nfoo3\nbaz\n");
    tree.run(&["--stop-on-nonmatch", "-n", "-A3", "foo", "s.txt"])
        .expect("1:foo1\n2:foo2\n3-bar\n", 0);
    tree.run(&["--stop-on-nonmatch", "-c", "foo", "s.txt"])
        .expect("2\n", 0);
}

#[test]
fn null_data_makes_nul_the_line_terminator() {
    let tree = Tree::new();
    tree.create("nd.bin", "foo a\0bar\0foo\nb\0baz");
    // Each NUL-ended line is searched alone; printed lines end in NUL.
    tree.run(&["--null-data", "-n", "foo", "nd.bin"])
        .expect("1:foo a\x003:foo\nb\0", 0);
    tree.run(&["--null-data", "-n", "^bar$", "nd.bin"])
        .expect("2:bar\0", 0);
    tree.run(&["--null-data", "-c", "foo", "nd.bin"])
        .expect("2\0", 0);
    tree.run(&["--null-data", "-v", "-n", "foo", "nd.bin"])
        .expect("2:bar\x004:baz\0", 0);
    // `\n` is a plain byte, `.` still does not match it.
    tree.run(&["--null-data", "-o", r"o\nb", "nd.bin"])
        .expect("o\nb\0", 0);
    tree.run(&["--null-data", "-o", "o.b", "nd.bin"])
        .expect("", 1);
}
