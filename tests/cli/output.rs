//! Output formats: numbers, columns, offsets, paths, headings, -o, counts,
//! lists, -q, -0, --vimgrep, colors, context and -m.

use crate::util::{sample, Tree};

#[test]
fn line_numbers_on_and_off_last_flag_wins() {
    let tree = sample();
    tree.run(&["-n", "foo", "two.txt"]).expect("2:foo y\n", 0);
    tree.run(&["-n", "-N", "foo", "two.txt"])
        .expect("foo y\n", 0);
    tree.run(&["-N", "-n", "foo", "two.txt"])
        .expect("2:foo y\n", 0);
}

#[test]
fn column_implies_line_numbers_and_skips_lines_without_a_match() {
    let tree = Tree::new();
    tree.create("f", "foo\nbar\nxbaz\n");
    tree.run(&["--column", "ba", "f"])
        .expect("2:1:bar\n3:2:xbaz\n", 0);
    tree.run(&["--column", "-v", "ba", "f"])
        .expect("1:foo\n", 0);
}

#[test]
fn byte_offsets_of_lines_and_of_matches() {
    let tree = Tree::new();
    tree.create("f", "foo\nbar\nxfoo foo\n");
    tree.run(&["-b", "foo", "f"])
        .expect("0:foo\n8:xfoo foo\n", 0);
    tree.run(&["-b", "-o", "foo", "f"])
        .expect("0:foo\n9:foo\n13:foo\n", 0);
}

#[test]
fn column_then_offset_order_and_context_separators() {
    let tree = Tree::new();
    tree.create("m.txt", "foo\nbar\nfoo\nbaz\nqux\n");
    tree.run(&["--column", "-b", "-n", "-C1", "ba[rz]", "m.txt"])
        .expect("1-0-foo\n2:1:4:bar\n3-8-foo\n4:1:12:baz\n5-16-qux\n", 0);
}

#[test]
fn with_and_without_filename() {
    let tree = sample();
    tree.run(&["-H", "y", "two.txt"])
        .expect("two.txt:foo y\n", 0);
    tree.run(&["-I", "--sort", "path", "y"])
        .expect("foo y\n", 0);
    tree.run(&["y", "two.txt", "one.txt"])
        .expect("two.txt:foo y\n", 0);
    tree.run(&["bar", "src"])
        .expect("src/lib.rs:fn bar() {}\n", 0);
}

#[test]
fn explicit_dot_keeps_its_prefix() {
    sample()
        .run(&["bar", "."])
        .expect("./src/lib.rs:fn bar() {}\n", 0);
}

#[test]
fn heading_groups_lines_under_the_path() {
    sample()
        .run(&["--heading", "-n", "--sort", "path", "foo"])
        .expect(
            "one.txt\n1:a foo\n4:d foo\n9:foo i\n\nsrc/lib.rs\n1:fn foo() {}\n\ntwo.txt\n2:foo y\n",
            0,
        );
}

#[test]
fn context_breaks_within_and_between_files() {
    sample()
        .run(&["-C1", "--sort", "path", "foo", "one.txt", "two.txt"])
        .expect(
            "one.txt:a foo\none.txt-b\none.txt-c\none.txt:d foo\none.txt-e\n--\n\
             one.txt-h\none.txt:foo i\n--\ntwo.txt-x\ntwo.txt:foo y\n",
            0,
        );
}

#[test]
fn context_under_headings_uses_blank_lines_between_files() {
    sample()
        .run(&[
            "--heading",
            "-C1",
            "--sort",
            "path",
            "foo",
            "one.txt",
            "two.txt",
        ])
        .expect(
            "one.txt\na foo\nb\nc\nd foo\ne\n--\nh\nfoo i\n\ntwo.txt\nx\nfoo y\n",
            0,
        );
}

#[test]
fn before_and_after_context_separately() {
    let tree = sample();
    tree.run(&["-n", "-A1", "d foo", "one.txt"])
        .expect("4:d foo\n5-e\n", 0);
    tree.run(&["-n", "-B2", "d foo", "one.txt"])
        .expect("2-b\n3-c\n4:d foo\n", 0);
    tree.run(&["-n", "-C1", "-A0", "d foo", "one.txt"])
        .expect("3-c\n4:d foo\n", 0);
}

#[test]
fn max_count_stops_but_prints_owed_context() {
    let tree = Tree::new();
    tree.create("m.txt", "foo\nbar\nfoo\nbaz\nqux\n");
    tree.run(&["-n", "-m1", "foo", "m.txt"])
        .expect("1:foo\n", 0);
    tree.run(&["-n", "-m1", "-A2", "foo", "m.txt"])
        .expect("1:foo\n2-bar\n3:foo\n", 0);
    tree.run(&["-c", "-m1", "foo", "m.txt"]).expect("1\n", 0);
    tree.run(&["-m0", "foo", "m.txt"]).expect("", 1);
    tree.run(&["-c", "-m", "0", "foo", "m.txt"]).expect("", 1);
}

#[test]
fn only_matching_prints_each_match() {
    let tree = Tree::new();
    tree.create("f", "foo foo\nfoox\n");
    tree.run(&["-o", "-n", "fo+", "f"])
        .expect("1:foo\n1:foo\n2:foo\n", 0);
}

#[test]
fn only_matching_prints_empty_matches_like_ripgrep() {
    Tree::new()
        .run_with_stdin(&["-o", "a*"], b"bab\nccc\n")
        .expect("\na\n\n\n\n\n\n", 0);
}

#[test]
fn lines_selected_by_invert_print_whole_with_only_matching_and_vimgrep() {
    let tree = Tree::new();
    tree.create("m.txt", "foo\nbar\nfoo\nbaz\n");
    tree.run(&["-o", "-v", "-n", "foo", "m.txt"])
        .expect("2:bar\n4:baz\n", 0);
    tree.run(&["-o", "-v", "-b", "foo", "m.txt"])
        .expect("4:bar\n12:baz\n", 0);
    tree.run(&["--vimgrep", "-v", "foo", "m.txt"])
        .expect("m.txt:2:bar\nm.txt:4:baz\n", 0);
}

#[test]
fn the_last_summary_flag_wins() {
    let tree = sample();
    tree.create("m", "foo foo\n");
    tree.run(&["-l", "-c", "foo", "m"]).expect("1\n", 0);
    tree.run(&["-c", "-l", "foo", "m"]).expect("m\n", 0);
    tree.run(&["-c", "--count-matches", "foo", "m"])
        .expect("2\n", 0);
    tree.run(&["--count-matches", "-c", "foo", "m"])
        .expect("1\n", 0);
    tree.run(&["-o", "-c", "foo", "m"]).expect("2\n", 0);
    tree.run(&["--files-without-match", "-l", "foo", "m"])
        .expect("m\n", 0);
    tree.run(&["-l", "-q", "foo", "m"]).expect("", 0);
}

#[test]
fn max_count_zero_searches_nothing() {
    let tree = sample();
    tree.run(&["-m0", "foo"]).expect("", 1);
    tree.run(&["-m0", "--files-without-match", "foo"])
        .expect("", 1);
    tree.run(&["-m0", "foo", "missing"]).expect("", 1);
}

#[test]
fn vimgrep_prints_one_line_per_match() {
    let tree = Tree::new();
    tree.create("f", "foo foo\nx\n");
    tree.run(&["--vimgrep", "foo", "f"])
        .expect("f:1:1:foo foo\nf:1:5:foo foo\n", 0);
}

#[test]
fn counts_lines_and_matches() {
    let tree = sample();
    tree.run(&["-c", "--sort", "path", "foo"])
        .expect("one.txt:3\nsrc/lib.rs:1\ntwo.txt:1\n", 0);
    tree.create("m", "foo foo\nfoo\n");
    tree.run(&["--count-matches", "foo", "m"]).expect("3\n", 0);
    tree.run(&["-c", "-o", "foo", "m"]).expect("3\n", 0);
    tree.run(&["-c", "zzz", "m"]).expect("", 1);
}

#[test]
fn files_with_and_without_matches() {
    let tree = sample();
    tree.run(&["-l", "--sort", "path", "foo"])
        .expect("one.txt\nsrc/lib.rs\ntwo.txt\n", 0);
    tree.run(&["--files-without-match", "--sort", "path", "bar"])
        .expect("one.txt\ntwo.txt\n", 0);
    tree.run(&["--files-without-match", "foo", "two.txt"])
        .expect("", 1);
}

#[test]
fn file_lists_always_name_the_file() {
    let tree = sample();
    tree.run(&["-l", "foo", "two.txt"]).expect("two.txt\n", 0);
    tree.run(&["-l", "-I", "foo", "two.txt"])
        .expect("two.txt\n", 0);
    tree.run(&["--files-without-match", "zzz", "two.txt"])
        .expect("two.txt\n", 0);
    tree.run_with_stdin(&["-l", "b"], b"a\nb\n")
        .expect("<stdin>\n", 0);
    // A count of one named file has no path.
    tree.run(&["-c", "foo", "two.txt"]).expect("1\n", 0);
}

#[test]
fn quiet_prints_nothing_and_reports_by_status() {
    let tree = sample();
    tree.run(&["-q", "foo"]).expect("", 0);
    tree.run(&["-q", "zzz"]).expect("", 1);
}

#[test]
fn null_ends_paths_with_nul() {
    let tree = sample();
    tree.run(&["-0", "-l", "--sort", "path", "bar|y$"])
        .expect("src/lib.rs\0two.txt\0", 0);
    tree.run(&["-0", "y$", "two.txt", "src"])
        .expect("two.txt\0foo y\n", 0);
    tree.run(&["-0", "-c", "y$", "two.txt", "src"])
        .expect("two.txt\x001\n", 0);
    tree.run(&["-0", "--heading", "y$", "two.txt", "src"])
        .expect("two.txt\0foo y\n", 0);
}

#[test]
fn color_always_uses_ripgreps_escapes() {
    let tree = sample();
    tree.run(&["--color", "always", "-n", "-H", "foo", "two.txt"]).expect(
        "\x1b[0m\x1b[35mtwo.txt\x1b[0m:\x1b[0m\x1b[32m2\x1b[0m:\x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m y\n",
        0,
    );
    tree.run(&["--color", "ansi", "--heading", "-n", "y$", "two.txt", "src"]).expect(
        "\x1b[0m\x1b[35mtwo.txt\x1b[0m\n\x1b[0m\x1b[32m2\x1b[0m:foo \x1b[0m\x1b[1m\x1b[31my\x1b[0m\n",
        0,
    );
    tree.run(&["--color", "always", "--column", "-b", "y$", "two.txt"]).expect(
        "\x1b[0m\x1b[32m2\x1b[0m:\x1b[0m5\x1b[0m:\x1b[0m2\x1b[0m:foo \x1b[0m\x1b[1m\x1b[31my\x1b[0m\n",
        0,
    );
}

#[test]
fn color_never_and_auto_in_a_pipe_print_plain_text() {
    let tree = sample();
    tree.run(&["--color", "never", "y$", "two.txt"])
        .expect("foo y\n", 0);
    tree.run(&["--color", "auto", "y$", "two.txt"])
        .expect("foo y\n", 0);
}

#[test]
fn closed_pipe_ends_quietly() {
    let tree = Tree::new();
    tree.create("big", "match this line\n".repeat(200_000));
    // The reader is dropped after one line: lode's next write meets a
    // closed pipe.
    let (first, output) = first_line_then_close(&tree, &["match", "big"]);
    assert_eq!(first, "match this line\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
}

/// Runs `lode ARGS` in `tree`, reads its first line of output and closes
/// the pipe; returns that line and how lode ended.
fn first_line_then_close(tree: &Tree, args: &[&str]) -> (String, std::process::Output) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = tree
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (first, child.wait_with_output().unwrap())
}

#[test]
fn closed_pipe_ends_a_walk_quietly_in_any_order() {
    let tree = Tree::new();
    for i in 0..8 {
        tree.create(format!("d/f{i}"), "match this line\n".repeat(100_000));
    }
    for args in [
        &["match", "d"][..],
        &["--sort", "path", "match", "d"],
        &["-j1", "match", "d"],
        &["--json", "match", "d"],
    ] {
        let (first, output) = first_line_then_close(&tree, args);
        assert!(!first.is_empty(), "{args:?}: a first line");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn closed_pipe_stops_reading_a_stream() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let tree = Tree::new();
    let mut child = tree
        .command(&["match"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Far more than lode reads before it sees the closed pipe; a write
    // fails once lode stops reading and exits.
    let writer = std::thread::spawn(move || {
        let chunk = "match this line\n".repeat(4096);
        (0..4096).try_for_each(|_| stdin.write_all(chunk.as_bytes()))
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(first, "match this line\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
    let written = writer.join().unwrap();
    assert_eq!(
        written.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::BrokenPipe),
        "lode read its input to the end"
    );
}

#[test]
fn a_failed_write_is_reported_once_with_status_2() {
    let tree = Tree::new();
    for i in 0..8 {
        tree.create(format!("d/f{i}"), "match this line\n".repeat(10_000));
    }
    for args in [
        &["match", "d"][..],
        &["--sort", "path", "match", "d"],
        &["--json", "match", "d"],
        &["-c", "--stats", "match", "d"],
        &["--files", "d"],
        &["--files", "-0", "d"],
        &["--type-list"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = tree.command(args).stdout(full).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "lode: error writing output: No space left on device (os error 28)\n",
            "{args:?}"
        );
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// ripgrep's escapes around a matched span.
fn red(text: &str) -> String {
    format!("\x1b[0m\x1b[1m\x1b[31m{text}\x1b[0m")
}

#[test]
fn matches_that_touch_are_colored_as_one_and_vimgrep_colors_its_own() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\n");
    tree.run(&["--color", "always", "o", "a.txt"])
        .expect(&format!("f{} bar\n", red("oo")), 0);
    tree.run(&[
        "--color",
        "always",
        "--no-filename",
        "--vimgrep",
        "o",
        "a.txt",
    ])
    .expect(
        &format!(
            "\x1b[0m\x1b[32m1\x1b[0m:\x1b[0m2\x1b[0m:f{}o bar\n\
                 \x1b[0m\x1b[32m1\x1b[0m:\x1b[0m3\x1b[0m:fo{} bar\n",
            red("o"),
            red("o")
        ),
        0,
    );
}

#[test]
fn separators_can_be_changed_or_dropped() {
    let tree = Tree::new();
    tree.create("sep.txt", "foo\n1\n2\n3\nfoo\n");
    tree.run(&[
        "-A1",
        "--context-separator",
        r"a\tb\x41\\\q",
        "foo",
        "sep.txt",
    ])
    .expect("foo\n1\na\tbA\\\\q\nfoo\n", 0);
    tree.run(&["-A1", "--no-context-separator", "foo", "sep.txt"])
        .expect("foo\n1\nfoo\n", 0);
    tree.run(&[
        "-n",
        "--field-match-separator",
        "|",
        "--field-context-separator",
        "~",
        "-B1",
        "2",
        "sep.txt",
    ])
    .expect("2~1\n3|2\n", 0);
}

#[test]
fn trim_strips_leading_whitespace_from_printed_text() {
    let tree = Tree::new();
    tree.create("t.txt", "  \tfoo lead\nbar\n   foo2\n");
    tree.run(&["--trim", "-n", "foo", "t.txt"])
        .expect("1:foo lead\n3:foo2\n", 0);
    tree.run(&["--trim", "-o", r"\s+foo", "t.txt"])
        .expect("foo\nfoo\n", 0);
    // Columns and offsets are the untrimmed line's.
    tree.run(&["--trim", "--vimgrep", "foo", "t.txt"])
        .expect("t.txt:1:4:foo lead\nt.txt:3:4:foo2\n", 0);
}

#[test]
fn include_zero_counts_files_without_a_match() {
    let tree = sample();
    tree.run(&["-c", "--include-zero", "--sort", "path", "y$"])
        .expect("one.txt:0\nsrc/lib.rs:0\ntwo.txt:1\n", 0);
    tree.run(&["--count-matches", "--include-zero", "zzz", "two.txt"])
        .expect("0\n", 1);
}

#[test]
fn sortr_lists_in_reverse_path_order() {
    let tree = sample();
    tree.run(&["--sortr", "path", "-l", "foo"])
        .expect("two.txt\nsrc/lib.rs\none.txt\n", 0);
}

#[test]
fn negations_and_flags_for_what_lode_never_does_are_accepted() {
    let tree = sample();
    tree.run(&[
        "-v",
        "--no-invert-match",
        "-b",
        "--no-byte-offset",
        "y$",
        "two.txt",
    ])
    .expect("foo y\n", 0);
    tree.run(&[
        "--no-pcre2",
        "--no-crlf",
        "--no-multiline",
        "--no-pre",
        "--no-search-zip",
        "--unicode",
        "--line-buffered",
        "--no-config",
        "y$",
        "two.txt",
    ])
    .expect("foo y\n", 0);
}

#[test]
fn replace_prints_each_match_replaced_with_its_groups() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\nbaz\nfoo foo\n");
    tree.run(&["-r", "[${1}]$$", "(f)oo", "a.txt"])
        .expect("[f]$ bar\n[f]$ [f]$\n", 0);
    // A name runs on over letters and digits: `$1a` is group `1a`, none.
    tree.run(&["-r", "$1a", "(f)oo", "a.txt"])
        .expect(" bar\n \n", 0);
    // -o prints each replacement; columns and offsets are the replaced
    // line's, as in ripgrep.
    tree.run(&["-r", "R", "-o", "--column", "-b", "-n", "foo", "a.txt"])
        .expect("1:1:0:R\n3:1:12:R\n3:3:14:R\n", 0);
    tree.run(&["-r", "R", "--vimgrep", "foo", "a.txt"])
        .expect("a.txt:1:1:R bar\na.txt:3:1:R R\na.txt:3:3:R R\n", 0);
    // Context lines have no match to replace; with -v they do.
    tree.run(&["-r", "Q", "-v", "-A1", "baz", "a.txt"])
        .expect("foo bar\nQ\nfoo foo\n", 0);
}

#[test]
fn vimgrep_byte_offsets_are_each_matchs() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\nfoo foo\n");
    tree.run(&["--vimgrep", "-b", "foo", "a.txt"]).expect(
        "a.txt:1:1:0:foo bar\na.txt:2:1:8:foo foo\na.txt:2:5:12:foo foo\n",
        0,
    );
}

#[test]
fn pretty_is_color_heading_and_line_numbers_even_in_a_pipe() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\n").create("b.txt", "x foo\n");
    let path = |p: &str| format!("\x1b[0m\x1b[35m{p}\x1b[0m\n");
    let number = |n: u32| format!("\x1b[0m\x1b[32m{n}\x1b[0m:");
    tree.run(&["-p", "--sort", "path", "foo"]).expect(
        &format!(
            "{}{}{} bar\n\n{}{}x {}\n",
            path("a.txt"),
            number(1),
            red("foo"),
            path("b.txt"),
            number(1),
            red("foo")
        ),
        0,
    );
    tree.run(&["-p", "--color", "never", "-N", "foo", "a.txt"])
        .expect("foo bar\n", 0);
}

#[test]
fn passthru_prints_every_line_and_no_separators() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\nbaz\n")
        .create("b.txt", "none\n");
    // Files without a match are printed too; the exit status still says
    // whether anything matched.
    tree.run(&["--passthru", "-n", "--sort", "path", "foo"])
        .expect("a.txt:1:foo bar\na.txt-2-baz\nb.txt-1-none\n", 0);
    tree.run(&["--passthrough", "zzz", "b.txt"])
        .expect("none\n", 1);
    tree.run_with_stdin(&["--passthru", "-v", "foo"], b"x\nfoo\n")
        .expect("x\nfoo\n", 0);
}

#[test]
fn max_columns_omits_long_lines_or_previews_them() {
    let tree = Tree::new();
    tree.create(
        "mc.txt",
        "short foo\nthis is a much longer line with foo and foo again\nctx line that is long enough\n",
    );
    // The terminator counts: "short foo\n" is 10 bytes.
    tree.run(&["-M", "10", "-C1", "foo", "mc.txt"]).expect(
        "short foo\n[Omitted long matching line]\n[Omitted long context line]\n",
        0,
    );
    tree.run(&["-M", "9", "foo", "mc.txt"]).expect(
        "[Omitted long matching line]\n[Omitted long matching line]\n",
        0,
    );
    // Where the printer finds each match anyway (here for --column), it
    // says how many.
    tree.run(&["-M", "20", "--column", "foo", "mc.txt"]).expect(
        "1:7:short foo\n2:33:[Omitted long line with 2 matches]\n",
        0,
    );
    tree.run(&["-M", "20", "--max-columns-preview", "foo", "mc.txt"])
        .expect(
            "short foo\nthis is a much longe [... omitted end of long line]\n",
            0,
        );
    tree.run(&[
        "-M",
        "20",
        "--max-columns-preview",
        "--column",
        "foo",
        "mc.txt",
    ])
    .expect(
        "1:7:short foo\n2:33:this is a much longe [... 2 more matches]\n",
        0,
    );
    // Characters, not bytes, are kept.
    tree.create("u8.txt", "\u{e9}".repeat(23) + " foo\n");
    tree.run(&["-M", "10", "--max-columns-preview", "foo", "u8.txt"])
        .expect(
            &format!("{} [... omitted end of long line]\n", "\u{e9}".repeat(10)),
            0,
        );
}

#[test]
fn corner_cases_found_by_comparing_random_flags_with_ripgrep() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\nbaz\nfoo foo\n")
        .create("nt.txt", "ab\ncd");
    // --vimgrep -o prints each match alone.
    tree.run(&["--vimgrep", "-o", "foo", "a.txt"])
        .expect("a.txt:1:1:foo\na.txt:3:1:foo\na.txt:3:5:foo\n", 0);
    // With -v, context lines are the matching ones and get a column.
    tree.run(&["-v", "--column", "-n", "-A1", "baz", "a.txt"])
        .expect("1:foo bar\n2-1-baz\n3:foo foo\n", 0);
    // No empty match at the very end of a last line without terminator.
    tree.run(&["-o", "-n", "x*", "nt.txt"])
        .expect("1:\n1:\n1:\n2:\n2:\n", 0);
    // Past -m, --passthru prints the rest as context.
    tree.run(&["-m1", "--passthru", "-n", "foo", "a.txt"])
        .expect("1:foo bar\n2-baz\n3-foo foo\n", 0);
    // The last of each family of flags wins, as in ripgrep.
    tree.run(&["--passthru", "-A1", "baz", "a.txt"])
        .expect("baz\nfoo foo\n", 0);
    tree.run(&["--json", "-c", "foo", "a.txt"]).expect("2\n", 0);
    let json = tree.run(&["-c", "--json", "foo", "a.txt"]);
    assert!(json.stdout().starts_with(r#"{"type":"begin""#));
    // --trim, then the preview's characters are counted.
    tree.create("tr.txt", "    bar baz qux quux corge\n");
    tree.run(&[
        "-M",
        "12",
        "--max-columns-preview",
        "--trim",
        "bar",
        "tr.txt",
    ])
    .expect("bar baz qux  [... omitted end of long line]\n", 0);
}

#[test]
fn a_flag_given_twice_takes_its_last_value() {
    let tree = Tree::new();
    tree.create("a.txt", "foo 1\nfoo 2\nfoo 3\n");
    tree.run(&["-m", "5", "-m", "1", "foo", "a.txt"])
        .expect("foo 1\n", 0);
    tree.run(&["-n", "-n", "-m1", "foo", "a.txt"])
        .expect("1:foo 1\n", 0);
}

#[test]
fn max_columns_measures_the_line_as_printed() {
    let tree = Tree::new();
    tree.create("m.txt", "\t\tstatic const int x = 1;\n");
    // 26 bytes as written; "X const int x = 1;\n" is 19 after -r and --trim.
    tree.run(&["-M", "20", "static", "m.txt"])
        .expect("[Omitted long matching line]\n", 0);
    tree.run(&["-M", "20", "--trim", "-r", "X", "static", "m.txt"])
        .expect("X const int x = 1;\n", 0);
}

#[test]
fn colors_flag_changes_colors_as_ripgrep_does() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo b foo c\nzz\n");
    // Later specs win; `none` clears; numbers are ANSI 256, triples RGB.
    tree.run(&[
        "--color=always",
        "--colors",
        "match:fg:blue",
        "--colors",
        "match:none",
        "--colors",
        "match:bg:0,128,255",
        "--colors",
        "line:fg:200",
        "--colors",
        "column:fg:blue",
        "-n",
        "--column",
        "foo",
        "h.txt",
    ])
    .expect(
        "\x1b[0m\x1b[38;5;200m1\x1b[0m:\x1b[0m\x1b[34m3\x1b[0m:a \x1b[0m\x1b[48;2;0;128;255mfoo\x1b[0m \
         b \x1b[0m\x1b[48;2;0;128;255mfoo\x1b[0m c\n",
        0,
    );
    // A cleared match color prints matching lines plain.
    tree.run(&["--color=always", "--colors", "match:none", "foo", "h.txt"])
        .expect("a foo b foo c\n", 0);
}

#[test]
fn highlight_colors_the_rest_of_matching_lines_only() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo b foo c\nzz\n");
    tree.run(&[
        "--color=always",
        "--colors",
        "highlight:bg:yellow",
        "--colors",
        "highlight:fg:black",
        "-A1",
        "foo",
        "h.txt",
    ])
    .expect(
        "\x1b[0m\x1b[30m\x1b[43ma \x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\x1b[30m\x1b[43m b \
         \x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\x1b[30m\x1b[43m c\x1b[0m\nzz\n",
        0,
    );
}

#[test]
fn a_bad_color_spec_is_a_usage_error_naming_it() {
    let tree = Tree::new();
    tree.create("h.txt", "foo\n");
    tree.run(&["--colors", "match:fg:purple", "foo", "h.txt"])
        .expect_with_stderr(
            "",
            "lode: error parsing flag --colors: unrecognized color name 'purple'. Choose from: \
             black, blue, green, red, cyan, magenta, yellow, white\n",
            2,
        );
    tree.run(&["--colors", "match", "foo", "h.txt"])
        .expect_with_stderr(
        "",
        "lode: error parsing flag --colors: invalid color spec format: 'match'. Valid format is \
         '(path|line|column|match|highlight):(fg|bg|style):(value)'.\n",
        2,
    );
}

#[test]
fn crlf_ends_dollar_before_cr_and_made_up_lines_with_crlf() {
    let tree = Tree::new();
    tree.create("c.txt", "baz\nfoo\r\nlast baz");
    // Lines keep their own terminator; a last line without one gets CRLF.
    tree.run(&["--crlf", "-n", "baz$|foo$", "c.txt"])
        .expect("1:baz\n2:foo\r\n3:last baz\r\n", 0);
    // A line whose matches are colored ends in CRLF after the color.
    tree.run(&["--crlf", "--color=always", "foo$", "c.txt"])
        .expect("\x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\r\n", 0);
    tree.run(&["--crlf", "-c", "o$", "c.txt"])
        .expect("1\r\n", 0);
    tree.run(&["--crlf", "-x", "foo", "c.txt"])
        .expect("foo\r\n", 0);
    // Without --crlf, `$` does not match before `\r`.
    tree.run(&["-c", "o$", "c.txt"]).expect("", 1);
    tree.run(&["--crlf", "foo\\r", "c.txt"]).expect_with_stderr(
        "",
        "lode: the literal \"\\r\" is not allowed in a regex\n\n\
         Consider enabling multiline mode with the --multiline flag (or -U for short).\n\
         When multiline mode is enabled, new line characters can be matched.\n",
        2,
    );
}

#[test]
fn inverted_context_lines_print_each_match_with_o_and_vimgrep() {
    let tree = Tree::new();
    tree.create("f", "\nfoo x foo\n");
    tree.run(&["--vimgrep", "-v", "-A1", "foo", "f"])
        .expect("f:1:\nf-2-1-foo x foo\nf-2-7-foo x foo\n", 0);
    tree.run(&["-o", "-n", "-v", "-A1", "foo", "f"])
        .expect("1:\n2-foo\n2-foo\n", 0);
}

#[test]
fn pretty_overrides_the_flags_before_it_and_not_after() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo\n");
    // -p is --color always --heading --line-number where it stands.
    tree.run(&["--color", "never", "-N", "-p", "foo", "h.txt"])
        .expect(
            "\x1b[0m\x1b[32m1\x1b[0m:a \x1b[0m\x1b[1m\x1b[31mfoo\x1b[0m\n",
            0,
        );
    tree.run(&["-p", "-N", "--color", "never", "foo", "h.txt"])
        .expect("a foo\n", 0);
}
