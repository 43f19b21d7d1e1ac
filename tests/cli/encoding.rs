//! Byte order marks: ripgrep drops a UTF-8 one from the text it searches,
//! so it neither prints it nor counts it in offsets.

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
