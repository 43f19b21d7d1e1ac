//! Searching standard input.

use crate::util::Tree;

#[test]
fn piped_stdin_is_searched_when_no_path_is_given() {
    Tree::new()
        .run_with_stdin(&["-n", "b"], b"a\nb\nc\n")
        .expect("2:b\n", 0);
}

#[test]
fn stdin_is_named_in_output_when_asked() {
    Tree::new()
        .run_with_stdin(&["-H", "b"], b"a\nb\n")
        .expect("<stdin>:b\n", 0);
    Tree::new()
        .run_with_stdin(&["--vimgrep", "b"], b"a\nb b\n")
        .expect("<stdin>:2:1:b b\n<stdin>:2:3:b b\n", 0);
}

#[test]
fn dash_path_is_stdin_beside_files() {
    let tree = Tree::new();
    tree.create("f", "b in file\n");
    let run = tree.run_with_stdin(&["--sort", "path", "b", "-", "f"], b"b in stdin\n");
    run.expect("<stdin>:b in stdin\nf:b in file\n", 0);
}

#[test]
fn null_stdin_searches_the_current_directory() {
    // The test harness gives /dev/null as stdin: a device, not a pipe.
    let tree = Tree::new();
    tree.create("f", "hit\n");
    tree.run(&["hit"]).expect("f:hit\n", 0);
}
