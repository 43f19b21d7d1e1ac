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

#[test]
fn matches_in_a_stream_are_printed_before_it_ends() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    use std::time::Duration;

    let tree = Tree::new();
    let mut child = tree
        .command(&["-n", "error"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"ok\nan error here\n").unwrap();
    stdin.flush().unwrap();
    // The stream is still open: the line must come out now, as a
    // `tail -f log | lode error` user expects.
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let first = received.recv_timeout(Duration::from_secs(20));
    stdin.write_all(b"another error\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert_eq!(first.as_deref(), Ok("2:an error here"));
    assert_eq!(received.try_iter().collect::<Vec<_>>(), ["3:another error"]);
    assert_eq!(status.code(), Some(0));
}
