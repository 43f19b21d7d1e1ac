//! Corners where lode printed something else than ripgrep 15.2.0, each
//! found by ripgrep's own suite; the expected outputs are ripgrep's.

use crate::util::Tree;

#[test]
fn maxdepth_is_max_depth() {
    let tree = Tree::new();
    tree.create("one/far.txt", "far\n")
        .create("one/two/three/deep.txt", "far\n");
    tree.run(&["--sort", "path", "--maxdepth", "2", "far"])
        .expect("one/far.txt:far\n", 0);
}

#[test]
fn patterns_from_stdin_leave_the_current_directory_to_search() {
    let tree = Tree::new();
    tree.create("one/far.txt", "far\n")
        .create("b.txt", "near\n");
    tree.run_with_stdin(&["--sort", "path", "-f-"], b"far\n")
        .expect("one/far.txt:far\n", 0);
}

#[test]
fn a_directory_named_dash_does_not_stop_stdin_being_searched_alone() {
    let tree = Tree::new();
    tree.mkdir("-").create("a.txt", "some text\n");
    tree.run_with_stdin(&["a"], b"a.json\na.txt")
        .expect("a.json\na.txt\n", 0);
}

#[test]
fn files_quiet_prints_nothing_and_says_whether_there_is_a_file() {
    let tree = Tree::new();
    tree.create("file.py", "");
    tree.run(&["--quiet", "--files", "--glob", "*.py"])
        .expect("", 0);
    tree.run(&["--quiet", "--files", "--glob", "*.rs"])
        .expect("", 1);
}

#[test]
fn quiet_files_without_match_succeeds_on_a_file_without_one() {
    let tree = Tree::new();
    tree.create("yes-match", "abc\n")
        .create("non-match", "xyz\n");
    tree.run(&["--files-without-match", "-q", "abc", "non-match"])
        .expect("", 0);
    tree.run(&["--files-without-match", "-q", "abc", "yes-match"])
        .expect("", 1);
    tree.run(&["-q", "abc", "non-match"]).expect("", 1);
    tree.run(&["-q", "abc", "yes-match"]).expect("", 0);
}

#[test]
fn vimgrep_leaves_out_line_and_column_when_told() {
    let tree = Tree::new();
    tree.create("a.txt", "foo bar\nbar\n  foo\n");
    tree.run(&["--vimgrep", "-N", "--no-column", "foo", "a.txt"])
        .expect("a.txt:foo bar\na.txt:  foo\n", 0);
    tree.run(&["--vimgrep", "--no-column", "foo", "a.txt"])
        .expect("a.txt:1:foo bar\na.txt:3:  foo\n", 0);
    tree.run(&["--vimgrep", "-N", "foo", "a.txt"])
        .expect("a.txt:1:foo bar\na.txt:3:  foo\n", 0);
}

#[test]
fn a_pattern_that_needs_a_nul_is_refused_under_binary_detection() {
    let tree = Tree::new();
    tree.create("test", "foo\n");
    tree.run(&[r"foo\x00?", "test"]).expect_with_stderr(
        "",
        "lode: pattern contains \"\\0\" but it is impossible to match\n\n\
         Consider enabling text mode with the --text flag (or -a for short). Otherwise,\n\
         binary detection is enabled and matching a NUL byte is impossible.\n",
        2,
    );
    tree.run(&["-a", r"foo\x00?", "test"]).expect("foo\n", 0);
    tree.run(&["-c", r"[\x00-\x01]|foo", "test"])
        .expect("1\n", 0);
}

#[test]
fn a_cut_multi_line_match_under_o_says_how_many_more_matches() {
    let tree = Tree::new();
    tree.create("haystack", "     0123456789abcdefghijklmnopqrstuvwxyz");
    let args = [
        "--multiline",
        "--trim",
        "--max-columns-preview",
        "-M8",
        "--only-matching",
        "--no-filename",
        r".*a\n?bc.*",
    ];
    tree.run(&args).expect("01234567 [... 0 more matches]\n", 0);
}

#[test]
fn a_link_to_a_directory_named_on_the_command_line_is_searched_through() {
    let tree = Tree::new();
    tree.create("mydir/file.txt", "test\n");
    std::os::unix::fs::symlink(tree.path("mydir"), tree.path("mylink")).unwrap();
    tree.run(&["test", "--no-ignore", "--sort", "path", "mylink"])
        .expect("mylink/file.txt:test\n", 0);
}

#[test]
fn multi_line_matches_are_found_again_with_what_comes_before_them() {
    let tree = Tree::new();
    tree.create("test", "foo\nbar\n");
    tree.run(&["-P", "-nU", "-rquux", r"(?<=foo\n)bar", "test"])
        .expect("2:quux\n", 0);
    let json = tree
        .run(&["-P", "-U", "--json", r"(?<=foo\n)bar", "test"])
        .stdout();
    let line = json.lines().nth(1).unwrap();
    assert!(
        line.ends_with(r#""submatches":[{"match":{"text":"bar"},"start":0,"end":3}]}}"#),
        "{line}"
    );
}

#[test]
fn messages_start_with_the_name_lode_was_run_by() {
    let tree = Tree::new();
    tree.create("f", "x\n");
    let rg = tree.path("rg");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_lode"), &rg).unwrap();
    let run = std::process::Command::new(&rg)
        .current_dir(tree.root())
        .args(["x", "missing"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.starts_with("rg: missing: "), "{stderr}");
    assert_eq!(run.status.code(), Some(2));
    tree.run(&["x", "missing"]).expect_with_stderr(
        "",
        "lode: missing: No such file or directory (os error 2)\n",
        2,
    );
}
