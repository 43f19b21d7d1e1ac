//! `--hyperlink-format` and `--hostname-bin`: OSC 8 hyperlinks around
//! printed paths, only with colors, as ripgrep writes them.

use crate::util::Tree;

/// The sequence opening a hyperlink to `url`.
fn open(url: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\")
}

/// The sequence closing a hyperlink.
const CLOSE: &str = "\x1b]8;;\x1b\\";

/// A path, a line number, a column and a match in ripgrep's default colors.
fn path(p: &str) -> String {
    format!("\x1b[0m\x1b[35m{p}\x1b[0m")
}
fn line(n: u64) -> String {
    format!("\x1b[0m\x1b[32m{n}\x1b[0m")
}
fn column(n: u64) -> String {
    format!("\x1b[0m{n}\x1b[0m")
}
fn matched(m: &str) -> String {
    format!("\x1b[0m\x1b[1m\x1b[31m{m}\x1b[0m")
}

/// A tree with `d/f.txt` and `d/a b#.txt`, a `bin/host` script that
/// prints a hostname, and the tree's absolute path as links show it.
fn linked_tree() -> (Tree, String) {
    let tree = Tree::new();
    tree.create("d/f.txt", "one\nxx foo\nfoo foo\n")
        .create("d/a b#.txt", "foo\n")
        .create("bin/host", "#!/bin/sh\necho '  testhost  '\n")
        .create("bin/fails", "#!/bin/sh\necho nothost\nexit 1\n");
    for script in ["bin/host", "bin/fails"] {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(tree.path(script), perms).unwrap();
    }
    let root = tree.root().canonicalize().unwrap();
    let root = root.to_str().unwrap().to_string();
    // (A root that percent-encoding would change is not expected here.)
    assert!(root
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b)));
    (tree, root)
}

#[test]
fn vscode_links_each_prefix_to_its_line_and_column() {
    let (tree, root) = linked_tree();
    let url = |n: u64, c: u64| open(&format!("vscode://file{root}/d/f.txt:{n}:{c}"));
    let args = ["--color=always", "--hyperlink-format=vscode", "-H"];
    let want = format!(
        "{}{}:{}{CLOSE}:xx {}\n{}{}:{}{CLOSE}:{} {}\n",
        url(2, 4),
        path("d/f.txt"),
        line(2),
        matched("foo"),
        url(3, 1),
        path("d/f.txt"),
        line(3),
        matched("foo"),
        matched("foo"),
    );
    tree.run(&[&args[..], &["-n", "foo", "d/f.txt"]].concat())
        .expect(&want, 0);
    // The column is the first match's even when --column does not show
    // it; the link ends before the last separator.
    let want = format!(
        "{}{}:{}:{}{CLOSE}:xx {}\n",
        url(2, 4),
        path("d/f.txt"),
        line(2),
        column(4),
        matched("foo"),
    );
    tree.run(&[&args[..], &["--column", "-m1", "foo", "d/f.txt"]].concat())
        .expect(&want, 0);
}

#[test]
fn without_line_numbers_line_and_column_are_one_where_unknown() {
    let (tree, root) = linked_tree();
    let url = |n: u64, c: u64| open(&format!("x://{root}/d/f.txt?l={n}&c={c}"));
    // -N: no line number; match:none: no match is looked for, so no
    // column either.
    let want = format!("{}{}{CLOSE}:xx foo\n", url(1, 1), path("d/f.txt"));
    tree.run(&[
        "--color=always",
        "--hyperlink-format=x://{path}?l={line}&c={column}",
        "--colors=match:none",
        "-H",
        "-N",
        "-m1",
        "foo",
        "d/f.txt",
    ])
    .expect(&want, 0);
}

#[test]
fn under_a_heading_only_line_dependent_formats_link_each_line() {
    let (tree, root) = linked_tree();
    let args = [
        "--color=always",
        "--heading",
        "-n",
        "-m1",
        "foo",
        "d/f.txt",
        "-H",
    ];
    let file = |fmt: &'static str| [&args[..], &["--hostname-bin=bin/host", fmt]].concat();
    let want = format!(
        "{}{}{CLOSE}\n{}:xx {}\n",
        open(&format!("file://testhost{root}/d/f.txt")),
        path("d/f.txt"),
        line(2),
        matched("foo"),
    );
    tree.run(&file("--hyperlink-format=file")).expect(&want, 0);
    let kitty = |n: u64| open(&format!("file://testhost{root}/d/f.txt#{n}"));
    let want = format!(
        "{}{}{CLOSE}\n{}{}{CLOSE}:xx {}\n",
        kitty(1),
        path("d/f.txt"),
        kitty(2),
        line(2),
        matched("foo"),
    );
    tree.run(&file("--hyperlink-format=kitty")).expect(&want, 0);
}

#[test]
fn lists_and_counts_link_their_paths_percent_encoded() {
    let (tree, root) = linked_tree();
    let link = |name: &str| open(&format!("grep+://{root}/d/{name}:1"));
    let args = ["--color=always", "--hyperlink-format=grep+", "--sort=path"];
    let listed = format!(
        "{}{}{CLOSE}\n{}{}{CLOSE}\n",
        link("a%20b%23.txt"),
        path("d/a b#.txt"),
        link("f.txt"),
        path("d/f.txt"),
    );
    tree.run(&[&args[..], &["-l", "foo", "d"]].concat())
        .expect(&listed, 0);
    let want = format!(
        "{}{}{CLOSE}:1\n{}{}{CLOSE}:2\n",
        link("a%20b%23.txt"),
        path("d/a b#.txt"),
        link("f.txt"),
        path("d/f.txt"),
    );
    tree.run(&[&args[..], &["-c", "foo", "d"]].concat())
        .expect(&want, 0);
    // --files lists them linked the same way.
    tree.run(&[&args[..], &["--files", "d"]].concat())
        .expect(&listed, 0);
}

#[test]
fn only_matching_and_nul_separators_end_the_link_before_the_separator() {
    let (tree, root) = linked_tree();
    let url = |n: u64, c: u64| open(&format!("vscodium://file{root}/d/f.txt:{n}:{c}"));
    let want: String = [(2, 4), (3, 1), (3, 5)]
        .iter()
        .map(|&(n, c)| {
            let (p, l, m) = (path("d/f.txt"), line(n), matched("foo"));
            format!("{}{p}\0{l}{CLOSE}:{m}\n", url(n, c))
        })
        .collect();
    tree.run(&[
        "--color=always",
        "--hyperlink-format=vscodium",
        "-H",
        "-0",
        "-n",
        "-o",
        "^foo|foo$",
        "d/f.txt",
    ])
    .expect(&want, 0);
}

#[test]
fn no_hyperlinks_without_colors_nor_in_json_nor_for_stdin() {
    let (tree, _) = linked_tree();
    for color in ["--color=never", "--color=auto"] {
        tree.run(&[
            color,
            "--hyperlink-format=vscode",
            "-H",
            "-m1",
            "foo",
            "d/f.txt",
        ])
        .expect("d/f.txt:xx foo\n", 0);
    }
    tree.run(&[
        "--color=always",
        "--hyperlink-format=none",
        "-H",
        "-m1",
        "foo",
        "d/f.txt",
    ])
    .expect(&format!("{}:xx {}\n", path("d/f.txt"), matched("foo")), 0);
    let json = tree.run(&[
        "--json",
        "--color=always",
        "--hyperlink-format=vscode",
        "foo",
        "d",
    ]);
    assert!(!json.stdout().contains('\x1b'), "{}", json.stdout());
    let stdin = tree.run_with_stdin(
        &["--color=always", "--hyperlink-format=vscode", "-H", "foo"],
        b"foo\n",
    );
    stdin.expect(&format!("{}:{}\n", path("<stdin>"), matched("foo")), 0);
}

#[test]
fn a_failing_hostname_bin_falls_back_to_the_system_hostname() {
    let (tree, _) = linked_tree();
    let args = [
        "--color=always",
        "--hyperlink-format=default",
        "-l",
        "foo",
        "d/f.txt",
    ];
    let system = tree.run(&args);
    assert_eq!(system.code, Some(0));
    let failing = tree.run(&[&args[..], &["--hostname-bin=bin/fails"]].concat());
    assert_eq!(failing.stdout(), system.stdout());
    let empty = tree.run(&[&args[..], &["--hostname-bin="]].concat());
    assert_eq!(empty.stdout(), system.stdout());
    assert!(!system.stdout().contains("nothost"));
}

#[test]
fn bad_formats_are_ripgreps_errors_even_without_colors() {
    let tree = Tree::new();
    tree.create("f", "foo\n");
    let err = |format: &str, message: &str| {
        let flag = format!("--hyperlink-format={format}");
        tree.run(&[&flag, "foo", "f"]).expect_with_stderr(
            "",
            &format!(
                "lode: error parsing flag --hyperlink-format: invalid hyperlink format: {message}\n"
            ),
            2,
        );
    };
    err(
        "vscod",
        "at least a {path} variable is required in a hyperlink format, or otherwise use a \
         valid alias: default, none, cursor, file, grep+, kitty, macvim, textmate, vscode, \
         vscode-insiders, vscodium",
    );
    err(
        "x://{line}",
        "the {path} variable is required in a hyperlink format",
    );
    err(
        "x://{path}:{column}",
        "the hyperlink format contains a {column} variable, but no {line} variable is present",
    );
    err(
        "x://{pth}",
        "invalid hyperlink format variable: 'pth', choose from: path, line, column, host, wslprefix",
    );
    err(
        "{path}",
        "the hyperlink format must start with a valid URL scheme, i.e., [0-9A-Za-z+-.]+:",
    );
    err(
        "x://{path",
        "unclosed variable: found '{' without a corresponding '}' following it",
    );
    err(
        "x://}{path}",
        "unopened variable: found '}' without a corresponding '{' preceding it",
    );
    // Each one given is checked, and the last is used.
    tree.run(&[
        "--hyperlink-format=x",
        "--hyperlink-format=vscode",
        "foo",
        "f",
    ])
    .expect_with_stderr(
        "",
        "lode: error parsing flag --hyperlink-format: invalid hyperlink format: at least a \
             {path} variable is required in a hyperlink format, or otherwise use a valid alias: \
             default, none, cursor, file, grep+, kitty, macvim, textmate, vscode, \
             vscode-insiders, vscodium\n",
        2,
    );
    tree.run(&[
        "--hyperlink-format=x://{{{path}}}",
        "--color=always",
        "-l",
        "foo",
        "f",
    ])
    .expect(
        &format!(
            "{}{}{CLOSE}\n",
            open(&link_of(&tree, "x://{", "f}")),
            path("f")
        ),
        0,
    );
}

/// `prefix`, the tree's absolute path, `/`, `suffix`.
fn link_of(tree: &Tree, prefix: &str, suffix: &str) -> String {
    let root = tree.root().canonicalize().unwrap();
    format!("{prefix}{}/{suffix}", root.display())
}
