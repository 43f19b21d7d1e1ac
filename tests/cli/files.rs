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

/// Sets a file's access and modification times, in seconds after the
/// epoch.
fn set_times(tree: &Tree, relative: &str, accessed: u64, modified: u64) {
    use std::time::{Duration, SystemTime};
    let at = |secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    let times = std::fs::FileTimes::new()
        .set_accessed(at(accessed))
        .set_modified(at(modified));
    let file = std::fs::File::options()
        .write(true)
        .open(tree.path(relative))
        .unwrap();
    file.set_times(times).unwrap();
}

/// Four files whose modification order (b, dir/c, a, dir/d) is neither
/// their path order nor their access order (a, dir/d, dir/c, b). Searching
/// them moves their access times, so each search by it gets a new tree.
fn timed_tree() -> Tree {
    let tree = Tree::new();
    for (path, accessed, modified) in [
        ("a", 1000, 3000),
        ("b", 4000, 1000),
        ("dir/c", 3000, 2000),
        ("dir/d", 2000, 4000),
    ] {
        tree.create(path, "foo\n");
        set_times(&tree, path, accessed, modified);
    }
    tree
}

#[test]
fn sort_by_modified_time_lists_and_searches_oldest_first() {
    let tree = timed_tree();
    tree.run(&["--files", "--sort", "modified"])
        .expect("b\ndir/c\na\ndir/d\n", 0);
    tree.run(&["--files", "--sortr", "modified"])
        .expect("dir/d\na\ndir/c\nb\n", 0);
    tree.run(&["-n", "--sort", "modified", "foo"])
        .expect("b:1:foo\ndir/c:1:foo\na:1:foo\ndir/d:1:foo\n", 0);
    tree.run(&["--heading", "--sortr", "modified", "foo"])
        .expect("dir/d\nfoo\n\na\nfoo\n\ndir/c\nfoo\n\nb\nfoo\n", 0);
}

#[test]
fn sort_by_accessed_time_reads_each_time_before_searching() {
    let tree = timed_tree();
    tree.run(&["--files", "--sort", "accessed"])
        .expect("a\ndir/d\ndir/c\nb\n", 0);
    tree.run(&["--files", "--sortr", "accessed"])
        .expect("b\ndir/c\ndir/d\na\n", 0);
    tree.run(&["--sort", "accessed", "foo"])
        .expect("a:foo\ndir/d:foo\ndir/c:foo\nb:foo\n", 0);
    timed_tree()
        .run(&["--sortr", "accessed", "foo"])
        .expect("b:foo\ndir/c:foo\ndir/d:foo\na:foo\n", 0);
}

#[test]
fn equal_times_keep_the_walk_order_in_both_directions() {
    let tree = Tree::new();
    for (path, modified) in [("a", 1000), ("b", 2000), ("c", 1000)] {
        tree.create(path, "foo\n");
        set_times(&tree, path, modified, modified);
    }
    // The walk yields named paths in the order given; ties are not
    // reversed by --sortr (ripgrep's sort is stable).
    tree.run(&["--files", "--sort", "modified", "c", "a", "b"])
        .expect("c\na\nb\n", 0);
    tree.run(&["--files", "--sortr", "modified", "c", "a", "b"])
        .expect("b\nc\na\n", 0);
    tree.run(&["--sortr", "modified", "foo", "c", "a", "b"])
        .expect("b:foo\nc:foo\na:foo\n", 0);
}

#[test]
fn what_has_no_time_sorts_last_and_first_in_reverse() {
    let tree = Tree::new();
    tree.create("a", "foo\n");
    // Standard input has no file, hence no time.
    tree.run_with_stdin(&["--sort", "modified", "foo", "-", "a"], b"foo\n")
        .expect("a:foo\n<stdin>:foo\n", 0);
    tree.run_with_stdin(&["--sortr", "accessed", "foo", "a", "-"], b"foo\n")
        .expect("<stdin>:foo\na:foo\n", 0);
    // A path sort puts it where its `-` is, or where `<stdin>` sorts.
    tree.run_with_stdin(&["--sort", "path", "foo", "a", "-"], b"foo\n")
        .expect("a:foo\n<stdin>:foo\n", 0);
    tree.run_with_stdin(&["--sortr", "path", "foo", "-", "a"], b"foo\n")
        .expect("a:foo\n<stdin>:foo\n", 0);
    tree.run_with_stdin(&["--files", "--sort", "modified", "-", "a"], b"")
        .expect("a\n<stdin>\n", 0);
}

/// Whether `path`'s file system keeps creation times, or why not.
fn created(path: &std::path::Path) -> Result<std::time::SystemTime, String> {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.created())
        .map_err(|err| err.to_string())
}

#[test]
fn sort_by_creation_time_where_the_file_system_keeps_it() {
    let tree = Tree::new();
    let mut times = Vec::new();
    for path in ["b", "dir/c", "a"] {
        tree.create(path, "foo\n");
        times.push(created(&tree.path(path)));
        // Past the file system's clock tick, so no two times are equal.
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if let Err(err) = created(std::path::Path::new(env!("CARGO_BIN_EXE_lode"))) {
        // As ripgrep: refused before anything is searched.
        return tree
            .run(&["--files", "--sort", "created"])
            .expect_with_stderr(
                "",
                &format!("lode: sorting by creation time isn't supported: {err}\n"),
                2,
            );
    }
    let Ok(times) = times.into_iter().collect::<Result<Vec<_>, _>>() else {
        // The temporary directory's file system has no creation times.
        return;
    };
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    tree.run(&["--files", "--sort", "created"])
        .expect("b\ndir/c\na\n", 0);
    tree.run(&["--files", "--sortr", "created"])
        .expect("a\ndir/c\nb\n", 0);
    tree.run(&["--sort", "created", "foo"])
        .expect("b:foo\ndir/c:foo\na:foo\n", 0);
}

#[test]
fn sortr_path_compares_whole_paths_across_named_paths() {
    let tree = Tree::new();
    tree.create("a", "foo\n")
        .create("b/x", "foo\n")
        .create("b/y", "foo\0\n")
        .create("c", "foo\0\n");
    tree.run(&["--files", "--sortr", "path", "a", "c", "b"])
        .expect("c\nb/y\nb/x\na\n", 0);
    // A named binary file says it matched; a walked one is skipped.
    tree.run(&["--sortr", "path", "foo", "a", "c", "b"]).expect(
        "c: binary file matches (found \"\\0\" byte around offset 3)\nb/x:foo\na:foo\n",
        0,
    );
}
