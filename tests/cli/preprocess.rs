//! `--pre`, `--pre-glob` and `-z`: searching what a command prints for a
//! file. The commands are small shell scripts written into the tree, and
//! the system's gzip.

use std::os::unix::fs::PermissionsExt;

use crate::util::Tree;

/// "foo gz\nbar\n", gzip-compressed (`gzip -n`).
const GZIPPED: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\xcb\xcf\x57\x48\xaf\
\xe2\x4a\x4a\x2c\xe2\x02\x00\xd1\xb6\x58\x02\x0b\x00\x00\x00";

fn script(tree: &Tree, name: &str, body: &str) -> String {
    tree.create(name, format!("#!/bin/sh\n{body}\n"));
    let path = tree.path(name);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn pre_searches_what_the_command_prints() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo\n")
        .create("s.txt", "foo1\nbar\n");
    // The file is both the argument and the command's stdin.
    let upper = script(&tree, "up.sh", r#"tr a-z A-Z < "$1" && tr a-z A-Z"#);
    tree.run(&["--pre", &upper, "-c", "FOO", "h.txt"])
        .expect("2\n", 0);
    tree.run(&[
        "--pre",
        &upper,
        "--pre-glob",
        "!s.txt",
        "--sort",
        "path",
        "-i",
        "foo",
        "h.txt",
        "s.txt",
    ])
    .expect("h.txt:A FOO\nh.txt:A FOO\ns.txt:foo1\n", 0);
    // An empty --pre turns it off, as does --no-pre.
    tree.run(&["--pre", &upper, "--no-pre", "-c", "FOO", "h.txt"])
        .expect("", 1);
    tree.run(&["--pre=", "-c", "foo", "h.txt"]).expect("1\n", 0);
}

#[test]
fn pre_failures_are_reported_with_the_commands_stderr() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo\n");
    let failing = script(&tree, "bad.sh", "echo partial foo; echo oops >&2; exit 3");
    let rule = "-".repeat(79);
    tree.run(&["--pre", &failing, "foo", "h.txt"]).expect_with_stderr(
        "partial foo\n",
        &format!(
            "lode: h.txt: preprocessor command failed: '\"{failing}\" \"h.txt\"': \n{rule}\noops\n{rule}\n"
        ),
        2,
    );
    let missing = tree.path("missing.sh").to_string_lossy().into_owned();
    tree.run(&["--pre", &missing, "foo", "h.txt"])
        .expect_with_stderr(
            "",
            &format!(
                "lode: h.txt: preprocessor command could not start: '\"{missing}\" \"h.txt\"': \
             No such file or directory (os error 2)\n"
            ),
            2,
        );
}

#[test]
fn search_zip_decompresses_by_extension() {
    let tree = Tree::new();
    tree.create("a.gz", GZIPPED).create("b.txt", "foo plain\n");
    tree.run(&["-z", "-n", "--sort", "path", "foo"])
        .expect("a.gz:1:foo gz\nb.txt:1:foo plain\n", 0);
    // Without -z the compressed file is binary, and skipped.
    tree.run(&["-n", "--sort", "path", "foo"])
        .expect("b.txt:1:foo plain\n", 0);
}

#[test]
fn a_command_cut_short_by_an_early_stop_is_no_failure() {
    // -q stops at the first match and closes the pipe: the command dies
    // of it, which ripgrep does not count as a failure.
    let tree = Tree::new();
    tree.create("h.txt", "a foo\n");
    let endless = script(&tree, "endless.sh", "yes foo");
    tree.run(&["--pre", &endless, "-q", "foo", "h.txt"])
        .expect_with_stderr("", "", 0);
    tree.run(&["--pre", &endless, "-l", "foo", "h.txt"])
        .expect_with_stderr("h.txt\n", "", 0);
}
