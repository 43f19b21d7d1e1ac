//! `-U/--multiline`: matches that span lines, printed as ripgrep prints
//! them. Expected outputs were taken from ripgrep 15.2.

use crate::util::Tree;

/// Four matches, two of them over two lines, that ripgrep groups into one
/// block of six lines (each next match starts on or right after the last
/// line of the one before).
const TEXT: &str = "xx foo\nbar\nbaz qux\nzz\nfoo\nbar end\n";
const PATTERN: &str = r"foo\nbar|baz|qux\nzz";

fn run(args: &[&str]) -> crate::util::Run {
    let tree = Tree::new();
    tree.create("b.txt", TEXT);
    let mut all = vec!["-U"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[PATTERN, "b.txt"]);
    tree.run(&all)
}

#[test]
fn without_multiline_a_newline_in_the_pattern_is_an_error() {
    let tree = Tree::new();
    tree.create("f", "foo\nbar\n");
    tree.run(&["foo\\nbar", "f"]).expect_with_stderr(
        "",
        "lode: the literal \"\\n\" is not allowed in a regex\n\n\
         Consider enabling multiline mode with the --multiline flag (or -U for short).\n\
         When multiline mode is enabled, new line characters can be matched.\n",
        2,
    );
}

#[test]
fn a_block_prints_each_of_its_lines_numbered() {
    run(&["-n"]).expect("1:xx foo\n2:bar\n3:baz qux\n4:zz\n5:foo\n6:bar end\n", 0);
}

#[test]
fn every_line_of_a_block_shows_the_column_of_its_first_match() {
    run(&["-n", "--column"]).expect(
        "1:4:xx foo\n2:4:bar\n3:4:baz qux\n4:4:zz\n5:4:foo\n6:4:bar end\n",
        0,
    );
}

#[test]
fn only_matching_prints_each_part_of_a_match_on_its_own_line() {
    run(&["-o", "-n", "-b"]).expect(
        "1:3:foo\n2:3:bar\n3:11:baz\n3:15:qux\n4:15:zz\n5:22:foo\n6:22:bar\n",
        0,
    );
}

#[test]
fn vimgrep_prints_the_first_line_of_each_match() {
    run(&["--vimgrep"]).expect(
        "b.txt:1:4:xx foo\nb.txt:3:1:baz qux\nb.txt:3:5:baz qux\nb.txt:5:1:foo\n",
        0,
    );
}

#[test]
fn replacement_is_split_into_lines_after_replacing() {
    run(&["-n", "-r", "X"]).expect("1:xx X\n2:X X\n3:X end\n", 0);
}

#[test]
fn count_counts_matches_not_lines() {
    run(&["-c"]).expect("4\n", 0);
}

#[test]
fn invert_selects_lines_after_a_match_ends_that_hold_no_match_start() {
    // ripgrep looks for the next match from the end of the last match's
    // lines: `qux\nzz` starts before that, so line 4 is not covered.
    run(&["-n", "-v"]).expect("4:zz\n", 0);
}

#[test]
fn max_count_counts_matches_and_cuts_the_block() {
    run(&["-n", "-m2", "-A1"]).expect("1:xx foo\n2:bar\n3:baz qux\n4-zz\n", 0);
}

#[test]
fn colors_each_part_of_a_match() {
    run(&["-n", "--color=always"]).expect(
        "\x1b[0m\x1b[32m1\x1b[0m:xx \x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\n\
         \x1b[0m\x1b[32m2\x1b[0m:\x1b[0m\x1b[1m\x1b[31mbar\x1b[0m\n\
         \x1b[0m\x1b[32m3\x1b[0m:\x1b[0m\x1b[1m\x1b[31mbaz\x1b[0m \x1b[0m\x1b[1m\x1b[31mqux\x1b[0m\n\
         \x1b[0m\x1b[32m4\x1b[0m:\x1b[0m\x1b[1m\x1b[31mzz\x1b[0m\n\
         \x1b[0m\x1b[32m5\x1b[0m:\x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\n\
         \x1b[0m\x1b[32m6\x1b[0m:\x1b[0m\x1b[1m\x1b[31mbar\x1b[0m end\n",
        0,
    );
}

#[test]
fn json_gives_a_block_as_one_message_with_every_submatch() {
    let out = run(&["--json"]).stdout();
    let second = out.lines().nth(1).unwrap();
    assert_eq!(
        second,
        r#"{"type":"match","data":{"path":{"text":"b.txt"},"lines":{"text":"xx foo\nbar\nbaz qux\nzz\nfoo\nbar end\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo\nbar"},"start":3,"end":10},{"match":{"text":"baz"},"start":11,"end":14},{"match":{"text":"qux\nzz"},"start":15,"end":21},{"match":{"text":"foo\nbar"},"start":22,"end":29}]}}"#
    );
    assert!(out.contains(r#""matched_lines":6,"matches":4"#), "{out}");
}

#[test]
fn each_search_starts_without_look_behind_as_in_ripgrep() {
    // After `b\n`, ripgrep searches the rest as a text of its own, so
    // `\A\n` matches the empty line and joins the block; printed again
    // in context, only `b\n` is a match.
    let tree = Tree::new();
    tree.create("f", "ab\n\nxy\n");
    tree.run(&["-U", "-n", r"b\n|\A\n", "f"])
        .expect("1:ab\n2:\n", 0);
    tree.run(&["-U", "-c", r"b\n|\A\n", "f"]).expect("1\n", 0);
}

#[test]
fn dot_matches_a_newline_only_with_dotall() {
    let tree = Tree::new();
    tree.create("f", "a.\nb\n");
    tree.run(&["-U", "-c", "a.*b", "f"]).expect("", 1);
    tree.run(&["-U", "--multiline-dotall", "-c", "a.*b", "f"])
        .expect("1\n", 0);
    tree.create("g", "a\nb\n");
    tree.run(&["-U", "-c", r"a\sb", "g"]).expect("1\n", 0);
}

#[test]
fn a_pattern_that_cannot_match_a_newline_searches_line_by_line() {
    let tree = Tree::new();
    tree.create("f", "foo\nfoo\n");
    tree.run(&["-U", "-n", "-c", "foo", "f"]).expect("2\n", 0);
    tree.run(&["-U", "--no-multiline", "-n", "foo", "f"])
        .expect("1:foo\n2:foo\n", 0);
}

#[test]
fn stdin_and_large_files_are_searched_whole() {
    let tree = Tree::new();
    // 40 MiB: mapped, and cut into chunks without -U; the match spans
    // the middle.
    let line = "x".repeat(99) + "\n";
    let half = line.repeat(200_000);
    let text = format!("{half}foo\nbar\n{half}");
    tree.create("big.txt", &text);
    tree.run(&["-U", "-n", r"foo\nbar", "big.txt"])
        .expect("200001:foo\n200002:bar\n", 0);
    tree.run_with_stdin(&["-U", "-c", r"o\nb"], text.as_bytes())
        .expect("1\n", 0);
}

#[test]
fn binary_data_is_looked_for_as_in_a_mapped_file() {
    // ripgrep's multi-line search looks for NUL in the first 64 KiB and
    // in the lines it prints, even in a directory: a NUL past 64 KiB in
    // no printed line does not hide the match.
    let tree = Tree::new();
    let filler = "filler line\n".repeat(8000);
    tree.create("d/f.txt", format!("{filler}nul\0here\nfoo\nbar\n"));
    tree.create("d/g.txt", "\0foo\nbar\n");
    tree.run(&["-U", "-c", r"foo\nbar", "d"])
        .expect("d/f.txt:1\n", 0);
}
