//! Which files are searched: --files, globs, types, hidden and ignored
//! files, -u, links, depth, size, threads and sorting.

use crate::util::{sample, Tree};

fn listed(tree: &Tree, args: &[&str]) -> String {
    let mut all = vec!["--files", "--sort", "path"];
    all.extend_from_slice(args);
    let run = tree.run(&all);
    assert_eq!(run.stderr, "");
    run.stdout()
}

#[test]
fn files_lists_what_would_be_searched() {
    let tree = sample();
    tree.run(&["--files", "--sort", "path"])
        .expect("one.txt\nsrc/lib.rs\ntwo.txt\n", 0);
    tree.run(&["--files", "-0", "--sort", "path", "src"])
        .expect("src/lib.rs\0", 0);
    tree.run(&["--files", "-g", "*.none"]).expect("", 1);
}

#[test]
fn globs_include_and_exclude() {
    let tree = sample();
    assert_eq!(listed(&tree, &["-g", "*.txt"]), "one.txt\ntwo.txt\n");
    assert_eq!(listed(&tree, &["-g", "!*.txt"]), "src/lib.rs\n");
    assert_eq!(listed(&tree, &["-g", "*.TXT"]), "");
    assert_eq!(listed(&tree, &["--iglob", "*.TXT"]), "one.txt\ntwo.txt\n");
}

#[test]
fn types_select_and_negate() {
    let tree = sample();
    assert_eq!(listed(&tree, &["-t", "rust"]), "src/lib.rs\n");
    assert_eq!(listed(&tree, &["-T", "rust"]), "one.txt\ntwo.txt\n");
    assert_eq!(
        listed(&tree, &["--type-add", "mine:*.rs", "-t", "mine"]),
        "src/lib.rs\n"
    );
}

#[test]
fn type_list_prints_ripgreps_table() {
    let run = sample().run(&["--type-list"]);
    assert_eq!(run.code, Some(0));
    let out = run.stdout();
    assert!(out.lines().any(|l| l == "rust: *.rs"), "{out}");
    assert!(
        out.lines().any(|l| l == "c: *.[chH], *.[chH].in, *.cats"),
        "{out}"
    );
    assert!(out.starts_with("ada: *.adb, *.ads\n"), "{out}");
}

#[test]
fn hidden_files_need_hidden_or_uu() {
    let tree = sample();
    tree.create(".secret", "foo\n")
        .create(".dir/inner", "foo\n");
    assert_eq!(listed(&tree, &[]), "one.txt\nsrc/lib.rs\ntwo.txt\n");
    assert_eq!(
        listed(&tree, &["--hidden"]),
        ".dir/inner\n.secret\none.txt\nsrc/lib.rs\ntwo.txt\n"
    );
    assert_eq!(
        listed(&tree, &["-uu"]),
        ".dir/inner\n.secret\none.txt\nsrc/lib.rs\ntwo.txt\n"
    );
}

#[test]
fn gitignore_applies_inside_a_git_repository() {
    let tree = sample();
    tree.create(".gitignore", "two.txt\n");
    // Outside a repository ripgrep (and lode) ignore .gitignore.
    assert_eq!(listed(&tree, &[]), "one.txt\nsrc/lib.rs\ntwo.txt\n");
    tree.mkdir(".git");
    assert_eq!(listed(&tree, &[]), "one.txt\nsrc/lib.rs\n");
    assert_eq!(
        listed(&tree, &["--no-ignore"]),
        "one.txt\nsrc/lib.rs\ntwo.txt\n"
    );
    assert_eq!(listed(&tree, &["-u"]), "one.txt\nsrc/lib.rs\ntwo.txt\n");
}

#[test]
fn dot_ignore_and_rgignore_files_apply_everywhere() {
    let tree = sample();
    tree.create(".ignore", "one.txt\n")
        .create("src/.rgignore", "*.rs\n");
    assert_eq!(listed(&tree, &[]), "two.txt\n");
}

#[test]
fn explicit_file_is_searched_even_when_ignored() {
    let tree = sample();
    tree.create(".ignore", "two.txt\n");
    tree.run(&["y$", "two.txt"]).expect("foo y\n", 0);
}

#[test]
fn max_depth_limits_descent() {
    let tree = sample();
    tree.create("a/b/c.txt", "foo\n");
    assert_eq!(listed(&tree, &["-d", "1"]), "one.txt\ntwo.txt\n");
    assert_eq!(
        listed(&tree, &["-d", "2"]),
        "one.txt\nsrc/lib.rs\ntwo.txt\n"
    );
}

#[test]
fn max_filesize_skips_larger_files() {
    let tree = Tree::new();
    tree.create("small", "foo\n")
        .create("large", "foo\n".repeat(1000));
    assert_eq!(listed(&tree, &["--max-filesize", "1K"]), "small\n");
    assert_eq!(listed(&tree, &["--max-filesize", "4000"]), "large\nsmall\n");
}

#[test]
fn symlinks_are_followed_only_with_follow() {
    let tree = sample();
    std::os::unix::fs::symlink(tree.path("src"), tree.path("link")).unwrap();
    assert_eq!(listed(&tree, &[]), "one.txt\nsrc/lib.rs\ntwo.txt\n");
    assert_eq!(
        listed(&tree, &["-L"]),
        "link/lib.rs\none.txt\nsrc/lib.rs\ntwo.txt\n"
    );
}

#[test]
fn single_thread_and_sort_give_the_same_results() {
    let tree = sample();
    let expected = "one.txt:3\nsrc/lib.rs:1\ntwo.txt:1\n";
    tree.run(&["-j1", "--sort", "path", "-c", "foo"])
        .expect(expected, 0);
    tree.run(&["--sort-files", "-c", "foo"]).expect(expected, 0);
    let mut unsorted: Vec<String> = tree
        .run(&["-j2", "-c", "foo"])
        .stdout()
        .lines()
        .map(String::from)
        .collect();
    unsorted.sort();
    assert_eq!(unsorted.join("\n") + "\n", expected);
}

#[test]
fn fifo_in_a_tree_is_not_opened() {
    let tree = sample();
    let status = std::process::Command::new("mkfifo")
        .arg(tree.path("pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    // A FIFO with no writer would block forever if opened.
    tree.run(&["-c", "--sort", "path", "foo"])
        .expect("one.txt:3\nsrc/lib.rs:1\ntwo.txt:1\n", 0);
}

#[test]
fn non_utf8_file_names_are_printed_as_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tree = Tree::new();
    tree.create(OsStr::from_bytes(b"caf\xe9.txt"), "foo\n");
    let run = tree.run(&["-H", "foo"]);
    assert_eq!(run.stdout, b"caf\xe9.txt:foo\n");
    assert_eq!(run.code, Some(0));
    let run = tree.run(&["--files"]);
    assert_eq!(run.stdout, b"caf\xe9.txt\n");
}

#[test]
fn each_kind_of_ignore_file_can_be_turned_off_alone() {
    let tree = sample();
    tree.mkdir(".git")
        .create(".gitignore", "one.txt\n")
        .create(".ignore", "two.txt\n")
        .create(".git/info/exclude", "*.rs\n");
    assert_eq!(listed(&tree, &[]), "");
    assert_eq!(listed(&tree, &["--no-ignore-vcs"]), "one.txt\nsrc/lib.rs\n");
    assert_eq!(listed(&tree, &["--no-ignore-dot"]), "two.txt\n");
    assert_eq!(listed(&tree, &["--no-ignore-exclude"]), "src/lib.rs\n");
    assert_eq!(
        listed(&tree, &["--no-ignore"]),
        "one.txt\nsrc/lib.rs\ntwo.txt\n"
    );
    // The last of a pair wins.
    assert_eq!(listed(&tree, &["--no-ignore-vcs", "--ignore-vcs"]), "");
}

#[test]
fn gitignore_outside_a_repository_applies_with_no_require_git() {
    let tree = sample();
    tree.create(".gitignore", "two.txt\n");
    assert_eq!(listed(&tree, &[]), "one.txt\nsrc/lib.rs\ntwo.txt\n");
    assert_eq!(
        listed(&tree, &["--no-require-git"]),
        "one.txt\nsrc/lib.rs\n"
    );
}

#[test]
fn ignore_file_adds_rules_and_a_missing_one_is_only_a_message() {
    let tree = sample();
    tree.create("extra", "*.TXT\n");
    assert_eq!(
        listed(&tree, &["--ignore-file", "extra"]),
        "extra\none.txt\nsrc/lib.rs\ntwo.txt\n"
    );
    tree.create("rules", "*.txt\n");
    assert_eq!(
        listed(&tree, &["--ignore-file", "rules"]),
        "extra\nrules\nsrc/lib.rs\n"
    );
    assert_eq!(
        listed(&tree, &["--ignore-file", "rules", "--no-ignore-files"]),
        "extra\none.txt\nrules\nsrc/lib.rs\ntwo.txt\n"
    );
    let run = tree.run(&["--ignore-file", "missing", "-c", "y$", "two.txt"]);
    run.expect_with_stderr(
        "1\n",
        "lode: missing: No such file or directory (os error 2)\n",
        0,
    );
    tree.run(&[
        "--ignore-file",
        "missing",
        "--no-ignore-messages",
        "-c",
        "y$",
        "two.txt",
    ])
    .expect("1\n", 0);
}

#[test]
fn glob_case_insensitive_makes_every_glob_so() {
    let tree = sample();
    assert_eq!(listed(&tree, &["-g", "*.TXT"]), "");
    // Ignore files have a flag of their own for it.
    tree.create(".ignore", "*.RS\n");
    assert_eq!(
        listed(&tree, &["--ignore-file-case-insensitive"]),
        "one.txt\ntwo.txt\n"
    );
    assert_eq!(
        listed(&tree, &["-g", "*.TXT", "--glob-case-insensitive"]),
        "one.txt\ntwo.txt\n"
    );
}

#[test]
fn path_separator_replaces_slashes_in_printed_paths() {
    let tree = Tree::new();
    tree.create("sub/s.txt", "foo\n");
    tree.run(&["--path-separator", "\\", "foo", "sub"])
        .expect("sub\\s.txt:foo\n", 0);
    tree.run(&["--path-separator", "\\", "--files", "sub"])
        .expect("sub\\s.txt\n", 0);
    tree.run(&["--path-separator", "ab", "foo", "sub"])
        .expect_with_stderr(
        "",
        "lode: error parsing flag --path-separator: A path separator must be exactly one byte, \
         but the given separator is 2 bytes: ab\n\
         In some shells on Windows '/' is automatically expanded. Use '//' instead.\n",
        2,
    );
}

#[test]
fn type_clear_forgets_a_types_globs() {
    let tree = Tree::new();
    tree.create("a.txt", "foo\n").create("b.md", "foo\n");
    tree.run(&["--type-clear", "txt", "-t", "txt", "foo"])
        .expect_with_stderr("", "lode: unrecognized file type: txt\n", 2);
    tree.run(&[
        "--type-clear",
        "txt",
        "--type-add",
        "txt:*.md",
        "-t",
        "txt",
        "foo",
    ])
    .expect("b.md:foo\n", 0);
}
