//! Bad input: each gets one clear error, the right status, and the output
//! for the inputs that were fine.

use crate::util::{sample, Tree};

#[test]
fn invalid_regex_is_reported_without_searching() {
    sample().run(&["foo("]).expect_with_stderr(
        "",
        "lode: regex parse error:\n    (?:foo()\n    ^\nerror: unclosed group\n",
        2,
    );
}

#[test]
fn literal_newline_in_a_pattern_is_refused() {
    let run = sample().run(&[r"a\nb"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("lode: the literal \"\\n\" is not allowed in a regex\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_path_is_reported_and_the_rest_searched() {
    sample()
        .run(&["y$", "missing", "two.txt"])
        .expect_with_stderr(
            "two.txt:foo y\n",
            "lode: missing: No such file or directory (os error 2)\n",
            2,
        );
}

#[test]
fn no_messages_hides_errors_but_not_the_status() {
    sample()
        .run(&["--no-messages", "y$", "missing", "two.txt"])
        .expect("two.txt:foo y\n", 2);
}

#[test]
fn quiet_with_a_match_succeeds_despite_errors() {
    sample()
        .run(&["-q", "y$", "missing", "two.txt"])
        .expect_with_stderr(
            "",
            "lode: missing: No such file or directory (os error 2)\n",
            0,
        );
}

#[test]
fn missing_pattern_file_is_an_error() {
    sample().run(&["-f", "nope", "two.txt"]).expect_with_stderr(
        "",
        "lode: nope: No such file or directory (os error 2)\n",
        2,
    );
}

#[test]
fn no_pattern_is_an_error() {
    sample().run(&[]).expect_with_stderr(
        "",
        "lode: lode requires at least one pattern to execute a search\n",
        2,
    );
}

#[test]
fn unknown_type_is_an_error() {
    sample().run(&["-t", "nosuch", "foo"]).expect_with_stderr(
        "",
        "lode: unrecognized file type: nosuch\n",
        2,
    );
}

#[test]
fn bad_max_filesize_is_an_error() {
    let run = sample().run(&["--max-filesize", "x", "foo"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout(), "");
    assert!(
        run.stderr
            .starts_with("lode: error parsing flag --max-filesize: invalid size"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let run = sample().run(&["--no-such-flag", "foo"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.stderr);
}

#[test]
fn nothing_searched_in_the_current_directory_is_explained() {
    sample().run(&["-t", "go", "foo"]).expect_with_stderr(
        "",
        "lode: No files were searched, which means lode probably applied a filter you didn't expect.\n\
         Running with --debug will show why files are being skipped.\n",
        2,
    );
}

#[test]
fn unreadable_file_is_reported_and_the_rest_searched() {
    use std::os::unix::fs::PermissionsExt;
    let tree = sample();
    tree.create("secret", "foo y\n");
    std::fs::set_permissions(tree.path("secret"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(tree.path("secret")).is_err() {
        tree.run(&["y$", "secret", "two.txt"]).expect_with_stderr(
            "two.txt:foo y\n",
            "lode: secret: Permission denied (os error 13)\n",
            2,
        );
    } else {
        // Privileged (root ignores permissions): use a file whose read fails.
        tree.run(&["y$", "/proc/self/mem", "two.txt"])
            .expect_with_stderr(
                "two.txt:foo y\n",
                "lode: /proc/self/mem: Input/output error (os error 5)\n",
                2,
            );
    }
}

#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let tree = Tree::new();
    tree.create("a/f", "foo\n");
    std::os::unix::fs::symlink(tree.path("a"), tree.path("a/loop")).unwrap();
    let run = tree.run(&["-L", "foo", "a"]);
    assert_eq!(run.stdout(), "a/f:foo\n");
    assert_eq!(
        run.stderr,
        "lode: File system loop found: a/loop points to an ancestor a\n"
    );
    assert_eq!(run.code, Some(2));
}

#[test]
fn a_configuration_file_puts_its_arguments_first() {
    let tree = Tree::new();
    tree.create("h.txt", "a foo b\nFOO\n");
    tree.create("rc", "# comment\n  --ignore-case  \n\n-n\n");
    let run = |args: &[&str], variable: &str| {
        let mut command = tree.command(args);
        command.env(variable, tree.path("rc"));
        crate::util::Run::from(command.output().unwrap())
    };
    run(&["foo", "h.txt"], "RIPGREP_CONFIG_PATH").expect("1:a foo b\n2:FOO\n", 0);
    // The command line comes after, and wins.
    run(&["-s", "-N", "foo", "h.txt"], "LODE_CONFIG_PATH").expect("a foo b\n", 0);
    run(&["--no-config", "foo", "h.txt"], "RIPGREP_CONFIG_PATH").expect("a foo b\n", 0);
    // A file that cannot be read is said and skipped.
    let mut command = tree.command(&["foo", "h.txt"]);
    command.env("RIPGREP_CONFIG_PATH", tree.path("missing"));
    let missing = tree.path("missing");
    crate::util::Run::from(command.output().unwrap()).expect_with_stderr(
        "a foo b\n",
        &format!(
            "lode: failed to read the file specified in RIPGREP_CONFIG_PATH: {}: \
             No such file or directory (os error 2)\n",
            missing.display()
        ),
        0,
    );
}
