//! Text encodings: ripgrep drops a UTF-8 byte order mark from the text it
//! searches (so it neither prints it nor counts it in offsets), transcodes
//! UTF-16 files that start with a mark, and takes `-E` for the others.

use crate::util::{Run, Tree};

const WITH_BOM: &[u8] = b"\xEF\xBB\xBFfoo\nbar foo\n";

#[test]
fn a_utf8_bom_is_not_text_in_named_walked_read_or_streamed_files() {
    let tree = Tree::new();
    tree.create("named", WITH_BOM).create("d/walked", WITH_BOM);
    tree.run(&["-b", "foo", "named"])
        .expect("0:foo\n4:bar foo\n", 0);
    tree.run(&["--no-mmap", "-b", "foo", "named"])
        .expect("0:foo\n4:bar foo\n", 0);
    tree.run(&["-b", "foo", "d"])
        .expect("d/walked:0:foo\nd/walked:4:bar foo\n", 0);
    tree.run_with_stdin(&["-b", "foo"], WITH_BOM)
        .expect("0:foo\n4:bar foo\n", 0);
    // The first line starts after it.
    tree.run(&["-c", "^foo", "named"]).expect("1\n", 0);
    tree.create("only", b"\xEF\xBB\xBF");
    tree.run(&["-c", "", "only"]).expect("", 1);
    // Only one is dropped.
    tree.create("twice", b"\xEF\xBB\xBF\xEF\xBB\xBFx\n");
    tree.run(&["-c", "^\u{feff}x", "twice"]).expect("1\n", 0);
}

#[test]
fn a_mapped_file_searched_in_chunks_drops_its_bom_too() {
    let mut text = b"\xEF\xBB\xBF".to_vec();
    for i in 0..400_000 {
        text.extend(
            format!(
                "line {i} {}\n",
                if i % 100_000 == 7 { "foo" } else { "bar" }
            )
            .bytes(),
        );
    }
    let tree = Tree::new();
    tree.create("big", &text);
    let run = Run::from(
        tree.command(&["-b", "foo", "big"])
            .env("LODE_TEST_MMAP_THRESHOLD", "1048576")
            .output()
            .unwrap(),
    );
    let expected: String = [7, 100_007, 200_007, 300_007]
        .iter()
        .map(|&i| {
            let line = format!("line {i} foo\n");
            let at = text
                .windows(line.len())
                .position(|w| w == line.as_bytes())
                .unwrap();
            format!("{}:{line}", at - 3)
        })
        .collect();
    run.expect(&expected, 0);
}

/// `text` in UTF-16, little or big endian, after its byte order mark.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut bytes = if little_endian {
        b"\xFF\xFE".to_vec()
    } else {
        b"\xFE\xFF".to_vec()
    };
    for unit in text.encode_utf16() {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn utf16_files_and_stdin_are_searched_as_utf8_text() {
    let text = "caf\u{e9} foo\nbar \u{1F600} foo\nend\n";
    let tree = Tree::new();
    tree.create("le", utf16(text, true))
        .create("d/be", utf16(text, false));
    // Offsets count in the UTF-8 text.
    let expected = "0:caf\u{e9} foo\n10:bar \u{1F600} foo\n";
    tree.run(&["-b", "foo", "le"]).expect(expected, 0);
    tree.run(&["--no-mmap", "-b", "foo", "le"])
        .expect(expected, 0);
    tree.run(&["-n", "\u{1F600}", "d"])
        .expect("d/be:2:bar \u{1F600} foo\n", 0);
    tree.run_with_stdin(&["-b", "foo"], &utf16(text, true))
        .expect(expected, 0);
    // -E none searches the raw bytes, whose NULs make the file binary.
    tree.run(&["-E", "none", "-c", "foo", "d"]).expect("", 1);
}

#[test]
fn e_names_the_encoding_of_files_without_a_byte_order_mark() {
    let tree = Tree::new();
    tree.create("latin1", b"caf\xE9 foo\n")
        .create("marked", b"\xEF\xBB\xBFfoo\n");
    tree.run(&["-E", "latin1", "caf.", "latin1"])
        .expect("caf\u{e9} foo\n", 0);
    tree.run_with_stdin(&["-E", "latin1", "-o", "caf."], b"caf\xE9 foo\n")
        .expect("caf\u{e9}\n", 0);
    // A UTF-8 mark is dropped and the rest decoded as -E says; a UTF-16
    // mark wins over -E.
    tree.run(&["-E", "latin1", "-b", "foo", "marked"])
        .expect("0:foo\n", 0);
    tree.create("marked-e", b"\xEF\xBB\xBF\xC3\xA9 foo\n");
    tree.run(&["-E", "latin1", "foo", "marked-e"])
        .expect("\u{c3}\u{a9} foo\n", 0);
    // -E none keeps the mark; --no-encoding undoes -E.
    tree.run(&["-E", "none", "-b", "foo", "marked"])
        .expect("0:\u{feff}foo\n", 0);
    tree.run(&["-E", "none", "--no-encoding", "-b", "foo", "marked"])
        .expect("0:foo\n", 0);
    tree.run(&["-E", "bogus", "foo", "marked"])
        .expect_with_stderr(
            "",
            "lode: error parsing flag -E: grep config error: unknown encoding: bogus\n",
            2,
        );
}
