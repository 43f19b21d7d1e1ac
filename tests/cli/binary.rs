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
fn a_walked_file_turns_binary_at_ripgreps_64k_buffer_edge() {
    // ripgrep reads 3 bytes, then fills a 64 KiB buffer: a NUL at offset
    // 65535 is in that buffer, so nothing is searched; one at 65536 is in
    // the next, after the first buffer's 16,384 lines were searched.
    let lines = b"foo\n".repeat(20_000);
    let with_nul_at = |at: usize| {
        let mut bytes = lines.clone();
        bytes[at] = 0;
        bytes
    };
    let tree = Tree::new();
    tree.create("d/inside", with_nul_at(65_535))
        .create("d/past", with_nul_at(65_536));
    let out = tree.run(&["-n", "--sort", "path", "foo", "d"]);
    let expected: String = (1..=16_384).map(|n| format!("d/past:{n}:foo\n")).collect();
    out.expect(
        &format!(
            "{expected}d/past: WARNING: stopped searching binary file after match \
             (found \"\\0\" byte around offset 65536)\n"
        ),
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

/// `foo first`, 100,000 bytes of filler, a line with a NUL, `foo after`.
fn late_nul_text(nul_line: &str) -> (Vec<u8>, usize) {
    let mut text = b"foo first\n".to_vec();
    text.extend(b"line\n".repeat(20_000));
    text.extend(nul_line.as_bytes());
    text.extend(b"foo after\n");
    let nul = text.iter().position(|&b| b == 0).unwrap();
    (text, nul)
}

#[test]
fn a_named_file_ripgrep_maps_has_its_nul_found_only_in_printed_lines() {
    // ripgrep maps a few files named on the command line, and then looks
    // for NUL only in their first 64 KiB and in the lines it prints.
    let tree = Tree::new();
    let (text, nul) = late_nul_text("ctx \0 here\n");
    tree.create("late", &text).mkdir("empty");
    tree.run(&["foo", "late"])
        .expect("foo first\nfoo after\n", 0);
    // As before-context the line is printed, or would be: binary data.
    tree.run(&["-B1", "foo", "late"]).expect(
        &format!("foo first\n--\nbinary file matches (found \"\\0\" byte around offset {nul})\n"),
        0,
    );
    // Read (--no-mmap, or a directory named too), the buffer holding the
    // NUL is binary as a whole.
    let read = format!("foo first\nbinary file matches (found \"\\0\" byte around offset {nul})\n");
    tree.run(&["--no-mmap", "foo", "late"]).expect(&read, 0);
    tree.run(&["foo", "late", "empty"]).expect(
        &read.replace("foo first\nbinary", "late:foo first\nlate: binary"),
        0,
    );
}

#[test]
fn a_nul_in_a_printed_line_of_a_mapped_file_ends_its_lines() {
    let tree = Tree::new();
    let (text, nul) = late_nul_text("foo \0 x\n");
    tree.create("printed", &text);
    tree.run(&["foo", "printed"]).expect(
        &format!("foo first\nbinary file matches (found \"\\0\" byte around offset {nul})\n"),
        0,
    );
    // Counts take every line, NUL or not; no NUL is read as a line end.
    tree.run(&["-c", "foo", "printed"]).expect("3\n", 0);
    tree.create("twice", "foo\0foo\nfoo\n");
    tree.run(&["-c", "foo", "twice"]).expect("2\n", 0);
    tree.run(&["--no-mmap", "-c", "foo", "twice"])
        .expect("3\n", 0);
}

#[test]
fn mmap_flag_applies_the_mapped_rule_to_walked_files() {
    let tree = Tree::new();
    let (late, _) = late_nul_text("ctx \0 here\n");
    let (printed, nul) = late_nul_text("foo \0 x\n");
    tree.create("d/late", &late).create("d/printed", &printed);
    tree.run(&["--mmap", "--sort", "path", "foo", "d"]).expect(
        &format!(
            "d/late:foo first\nd/late:foo after\nd/printed:foo first\nd/printed: WARNING: \
             stopped searching binary file after match (found \"\\0\" byte around offset {nul})\n"
        ),
        0,
    );
    tree.run(&["--mmap", "-c", "--sort", "path", "foo", "d"])
        .expect("d/late:2\n", 0);
}

#[test]
fn no_file_separator_before_a_lone_binary_message() {
    let tree = Tree::new();
    tree.create("a", "foo\n")
        .create("bin", "foo\0\n")
        .create("b", "foo\n");
    let message = "bin: binary file matches (found \"\\0\" byte around offset 3)\n";
    tree.run(&["--sort", "path", "-A1", "foo", "a", "bin", "b"])
        .expect(&format!("a:foo\n{message}--\nb:foo\n"), 0);
    tree.run(&["--sort", "path", "--heading", "foo", "a", "bin", "b"])
        .expect(&format!("a\nfoo\n{message}\nb\nfoo\n"), 0);
}
