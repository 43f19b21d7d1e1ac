//! Files with NUL bytes, as ripgrep treats them in a directory search and
//! when they are named on the command line.

use crate::util::Tree;

#[test]
fn binary_file_in_a_directory_is_dropped_quietly() {
    let tree = Tree::new();
    tree.create("d/bin", "foo\nbar\0baz\nfoo\n")
        .create("d/text", "foo\n");
    tree.run(&["foo", "d"]).expect("d/text:foo\n", 0);
    tree.run(&["-c", "foo", "d"]).expect("d/text:1\n", 0);
}

#[test]
fn binary_data_after_a_printed_match_ends_with_a_warning() {
    let tree = Tree::new();
    let mut late = b"foo start\n".to_vec();
    late.extend(b"line\n".repeat(40_000));
    late.extend(b"foo mid\n\0tail foo\n");
    tree.create("d/late", &late);
    let nul = late.iter().position(|&b| b == 0).unwrap();
    tree.run(&["-n", "foo", "d"]).expect(
        &format!(
            "d/late:1:foo start\nd/late: WARNING: stopped searching binary file after match \
             (found \"\\0\" byte around offset {nul})\n"
        ),
        0,
    );
    // Counts never include a binary file whose NUL was reached...
    tree.run(&["-c", "foo", "d"]).expect("", 1);
    // ...but -l settles on the first match, before the NUL.
    tree.run(&["-l", "foo", "d"]).expect("d/late\n", 0);
}

#[test]
fn ripgreps_first_read_is_three_bytes() {
    // ripgrep peeks three bytes for a BOM first; "x\nf" completes line 1,
    // so that line is searched before the buffer with the NUL.
    let tree = Tree::new();
    tree.create("d/peek", "x\nfoo\n\0");
    tree.run(&["-n", ".", "d"]).expect(
        "d/peek:1:x\nd/peek: WARNING: stopped searching binary file after match (found \"\\0\" byte around offset 6)\n",
        0,
    );
}

#[test]
fn binary_file_named_on_the_command_line_reports_a_match() {
    let tree = Tree::new();
    tree.create("bin", "foo\nbar\0baz\nfoo\n");
    tree.run(&["foo", "bin"]).expect(
        "binary file matches (found \"\\0\" byte around offset 7)\n",
        0,
    );
    tree.run(&["-c", "foo", "bin"]).expect("2\n", 0);
    tree.create("other", "foo\n");
    tree.run(&["--sort", "path", "foo", "bin", "other"]).expect(
        "bin: binary file matches (found \"\\0\" byte around offset 7)\nother:foo\n",
        0,
    );
}

#[test]
fn text_flag_searches_binary_files_as_text() {
    let tree = Tree::new();
    tree.create("d/bin", "foo\nbar\0baz\n");
    tree.run(&["-a", "ba", "d"]).expect("d/bin:bar\0baz\n", 0);
}

#[test]
fn binary_flag_and_uuu_report_binary_files_in_directories() {
    let tree = Tree::new();
    tree.create("d/bin", "foo\nbar\0baz\n");
    let expected = "d/bin: binary file matches (found \"\\0\" byte around offset 7)\n";
    tree.run(&["--binary", "foo", "d"]).expect(expected, 0);
    tree.run(&["-uuu", "foo", "d"]).expect(expected, 0);
}
