//! `--json`: ripgrep's JSON Lines messages, byte for byte but for the
//! elapsed times, which every test blanks out.

use crate::util::{Run, Tree};

/// The output with each `"elapsed":{...}` and `"elapsed_total":{...}`
/// object emptied, as they differ from run to run.
fn without_times(run: &Run) -> String {
    let times = regex::Regex::new(r#""(elapsed|elapsed_total)":\{[^}]*\}"#).unwrap();
    times.replace_all(&run.stdout(), r#""$1":{}"#).into_owned()
}

#[track_caller]
fn expect_json(run: &Run, expected: &str, code: i32) {
    assert_eq!(without_times(run), expected, "stderr: {}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(code));
}

fn tree() -> Tree {
    let tree = Tree::new();
    tree.create("d/a.txt", "foo bar\nbaz\nfoo foo\n")
        .create("d/b.txt", b"x\xff foo\n")
        .create("d/c.txt", "none\n");
    tree
}

#[test]
fn each_file_with_matches_is_framed_by_begin_and_end_and_the_run_by_a_summary() {
    let run = tree().run(&["--json", "--sort", "path", "foo", "d"]);
    expect_json(
        &run,
        concat!(
            r#"{"type":"begin","data":{"path":{"text":"d/a.txt"}}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"d/a.txt"},"lines":{"text":"foo bar\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo"},"start":0,"end":3}]}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"d/a.txt"},"lines":{"text":"foo foo\n"},"line_number":3,"absolute_offset":12,"submatches":[{"match":{"text":"foo"},"start":0,"end":3},{"match":{"text":"foo"},"start":4,"end":7}]}}"#,
            "\n",
            r#"{"type":"end","data":{"path":{"text":"d/a.txt"},"binary_offset":null,"stats":{"elapsed":{},"searches":1,"searches_with_match":1,"bytes_searched":20,"bytes_printed":446,"matched_lines":2,"matches":3}}}"#,
            "\n",
            r#"{"type":"begin","data":{"path":{"text":"d/b.txt"}}}"#,
            "\n",
            // A line that is not UTF-8 is given as base64.
            r#"{"type":"match","data":{"path":{"text":"d/b.txt"},"lines":{"bytes":"eP8gZm9vCg=="},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo"},"start":3,"end":6}]}}"#,
            "\n",
            r#"{"type":"end","data":{"path":{"text":"d/b.txt"},"binary_offset":null,"stats":{"elapsed":{},"searches":1,"searches_with_match":1,"bytes_searched":7,"bytes_printed":231,"matched_lines":1,"matches":1}}}"#,
            "\n",
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":677,"bytes_searched":32,"elapsed":{},"matched_lines":3,"matches":4,"searches":3,"searches_with_match":2}},"type":"summary"}"#,
            "\n",
        ),
        0,
    );
}

#[test]
fn context_lines_carry_their_matches_and_no_line_numbers_with_n_off() {
    let run = tree().run(&["--json", "-N", "-v", "-A1", "baz", "d/a.txt"]);
    expect_json(
        &run,
        concat!(
            r#"{"type":"begin","data":{"path":{"text":"d/a.txt"}}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"d/a.txt"},"lines":{"text":"foo bar\n"},"line_number":null,"absolute_offset":0,"submatches":[]}}"#,
            "\n",
            r#"{"type":"context","data":{"path":{"text":"d/a.txt"},"lines":{"text":"baz\n"},"line_number":null,"absolute_offset":8,"submatches":[{"match":{"text":"baz"},"start":0,"end":3}]}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"d/a.txt"},"lines":{"text":"foo foo\n"},"line_number":null,"absolute_offset":12,"submatches":[]}}"#,
            "\n",
            r#"{"type":"end","data":{"path":{"text":"d/a.txt"},"binary_offset":null,"stats":{"elapsed":{},"searches":1,"searches_with_match":1,"bytes_searched":20,"bytes_printed":501,"matched_lines":2,"matches":0}}}"#,
            "\n",
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":501,"bytes_searched":20,"elapsed":{},"matched_lines":2,"matches":0,"searches":1,"searches_with_match":1}},"type":"summary"}"#,
            "\n",
        ),
        0,
    );
}

#[test]
fn strings_are_escaped_as_ripgrep_escapes_them() {
    let tree = Tree::new();
    tree.create("e.txt", "tab\there \"q\" back\\slash \x1b[0m foo\n");
    let run = tree.run(&["--json", "foo", "e.txt"]);
    let match_line = without_times(&run).lines().nth(1).unwrap().to_string();
    assert_eq!(
        match_line,
        r#"{"type":"match","data":{"path":{"text":"e.txt"},"lines":{"text":"tab\there \"q\" back\\slash \u001b[0m foo\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo"},"start":29,"end":32}]}}"#
    );
}

#[test]
fn no_match_prints_only_the_summary() {
    let run = tree().run(&["--json", "zzz", "d"]);
    expect_json(
        &run,
        concat!(
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":0,"bytes_searched":32,"elapsed":{},"matched_lines":0,"matches":0,"searches":3,"searches_with_match":0}},"type":"summary"}"#,
            "\n"
        ),
        1,
    );
}

#[test]
fn binary_files_report_their_first_nul() {
    // Walked: the search quits at the buffer holding the NUL, after the
    // lines before it (65,535 bytes: ripgrep's first buffer).
    let mut late = b"foo first\n".to_vec();
    late.extend(b"line\n".repeat(20_000));
    late.extend(b"foo mid\n\0tail foo\n");
    let tree = Tree::new();
    tree.create("w/late", &late)
        .create("named", "foo\0bar\nfoo\n");
    let run = tree.run(&["--json", "foo", "w"]);
    expect_json(
        &run,
        concat!(
            r#"{"type":"begin","data":{"path":{"text":"w/late"}}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"w/late"},"lines":{"text":"foo first\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo"},"start":0,"end":3}]}}"#,
            "\n",
            r#"{"type":"end","data":{"path":{"text":"w/late"},"binary_offset":100018,"stats":{"elapsed":{},"searches":1,"searches_with_match":1,"bytes_searched":65535,"bytes_printed":227,"matched_lines":1,"matches":1}}}"#,
            "\n",
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":227,"bytes_searched":65535,"elapsed":{},"matched_lines":1,"matches":1,"searches":1,"searches_with_match":1}},"type":"summary"}"#,
            "\n",
        ),
        0,
    );
    // Named and read: NULs end lines, and every match is printed, where
    // the standard printer would stop at "binary file matches".
    let run = tree.run(&["--json", "--no-mmap", "foo", "named"]);
    expect_json(
        &run,
        concat!(
            r#"{"type":"begin","data":{"path":{"text":"named"}}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"named"},"lines":{"text":"foo\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"foo"},"start":0,"end":3}]}}"#,
            "\n",
            r#"{"type":"match","data":{"path":{"text":"named"},"lines":{"text":"foo\n"},"line_number":3,"absolute_offset":8,"submatches":[{"match":{"text":"foo"},"start":0,"end":3}]}}"#,
            "\n",
            r#"{"type":"end","data":{"path":{"text":"named"},"binary_offset":3,"stats":{"elapsed":{},"searches":1,"searches_with_match":1,"bytes_searched":12,"bytes_printed":388,"matched_lines":2,"matches":2}}}"#,
            "\n",
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":388,"bytes_searched":12,"elapsed":{},"matched_lines":2,"matches":2,"searches":1,"searches_with_match":1}},"type":"summary"}"#,
            "\n",
        ),
        0,
    );
}

#[test]
fn summaries_win_over_json_and_quiet_keeps_only_its_summary() {
    let tree = tree();
    tree.run(&["--json", "-c", "--sort", "path", "foo", "d"])
        .expect("d/a.txt:2\nd/b.txt:1\n", 0);
    tree.run(&["--json", "--no-json", "foo", "d/a.txt"])
        .expect("foo bar\nfoo foo\n", 0);
    let run = tree.run(&["--json", "-q", "foo", "d/a.txt"]);
    expect_json(
        &run,
        concat!(
            r#"{"data":{"elapsed_total":{},"stats":{"bytes_printed":0,"bytes_searched":20,"elapsed":{},"matched_lines":2,"matches":3,"searches":1,"searches_with_match":1}},"type":"summary"}"#,
            "\n"
        ),
        0,
    );
}

#[test]
fn replace_adds_each_submatchs_replacement() {
    let tree = tree();
    let run = tree.run(&["--json", "-r", "<$1>", "(b)az", "d/a.txt"]);
    let match_line = without_times(&run).lines().nth(1).unwrap().to_string();
    assert_eq!(
        match_line,
        r#"{"type":"match","data":{"path":{"text":"d/a.txt"},"lines":{"text":"baz\n"},"line_number":2,"absolute_offset":8,"submatches":[{"match":{"text":"baz"},"replacement":{"text":"<b>"},"start":0,"end":3}]}}"#
    );
}
