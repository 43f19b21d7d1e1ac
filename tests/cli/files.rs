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
