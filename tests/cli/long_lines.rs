//! Lines too long for a chunk of a mapped file, searched in windows on
//! every thread, print what a search of each line whole prints; and a
//! line too long for a stream's memory ends its search with an error.

use crate::util::{Run, Tree};

/// Windows small enough to cut the lines below into hundreds each.
const WINDOW: &str = "1000";
/// Windows (and a probe, 4 of them) too large for any line to be long.
const NO_WINDOWS: &str = "1073741824";

/// A line of `len` bytes of words, with `EXPORT_SYMBOL_GPL` at each of
/// `at` (offsets in the line), ended by a newline.
fn long_line(len: usize, at: &[usize]) -> Vec<u8> {
    let mut line: Vec<u8> = b"hay and straw, "
        .iter()
        .copied()
        .cycle()
        .take(len)
        .collect();
    for &i in at {
        line[i..i + 17].copy_from_slice(b"EXPORT_SYMBOL_GPL");
    }
    line.push(b'\n');
    line
}

/// About 7 MiB: short lines, some matching, between long lines with a
/// match across a window's edge (of 1000 and of 4096 bytes), at the very
/// start or end, or none (but its first half, at window edges).
fn text() -> Vec<u8> {
    let mut text = Vec::new();
    let short = |text: &mut Vec<u8>, from: usize| {
        for i in from..from + 700 {
            text.extend_from_slice(format!("short line {i}\n").as_bytes());
            if i % 97 == 5 {
                text.extend_from_slice(format!("EXPORT_SYMBOL_GPL(f{i});\n").as_bytes());
            }
        }
    };
    let teasers: Vec<usize> = (1..900).map(|k| k * 1000 - 7).collect();
    let mut teased = long_line(2_000_000, &[]);
    for &i in &teasers {
        teased[i..i + 13].copy_from_slice(b"EXPORT_SYMBOL");
    }
    let lines = [
        long_line(1_500_000, &[1_000_000 - 5]),
        long_line(1_300_000, &[4096 * 300 - 8]),
        teased,
        long_line(1_200_000, &[1_200_000 - 17]),
        long_line(1_100_000, &[0, 999_990]),
    ];
    for (i, line) in lines.iter().enumerate() {
        short(&mut text, i * 1000);
        text.extend_from_slice(line);
    }
    short(&mut text, 9000);
    text
}

#[test]
fn long_lines_searched_in_windows_print_what_whole_lines_print() {
    let tree = Tree::new();
    tree.create("big", text());
    let run = |window: &str, args: &[&str]| {
        let run = Run::from(
            tree.command(args)
                .env("LODE_TEST_LINE_WINDOW", window)
                .output()
                .unwrap(),
        );
        assert_eq!(run.stderr, "", "{args:?}");
        (run.stdout, run.code)
    };
    let modes: &[&[&str]] = &[
        &["-c"],
        &["-n"],
        &["-v", "-c"],
        &["-n", "-C1", "--max-columns", "40"],
        &["-b", "-o"],
        &["-w", "-c"],
        &["-l"],
        &["--count-matches"],
        &["-m", "2", "-n"],
    ];
    let patterns = [
        "EXPORT_SYMBOL_GPL",
        r"SYMBOL_G[P]L\b",
        "^EXPORT",
        "GPL$",
        // Unbounded: each long line searched whole once its end is found.
        "EXPORT_[A-Z]+_GPL",
    ];
    for pattern in patterns {
        for mode in modes {
            let args = [*mode, &[pattern, "big"]].concat();
            let mapped = [&["--mmap"][..], &args].concat();
            let windowed = run(WINDOW, &mapped);
            assert_eq!(windowed, run(NO_WINDOWS, &mapped), "{args:?}");
            let streamed = run(WINDOW, &[&["--no-mmap"][..], &args].concat());
            assert_eq!(windowed, streamed, "--no-mmap {args:?}");
            assert!(matches!(windowed.1, Some(0 | 1)), "{args:?}");
        }
    }
    let stats_of = ["--mmap", "--stats-io", "-c"];
    let (stdout, _) = run(
        "4096",
        &[&stats_of[..], &["EXPORT_SYMBOL_GPL", "big"]].concat(),
    );
    let stats = String::from_utf8(stdout).unwrap();
    assert!(stats.starts_with("48\n\n"), "{stats}");
    // From each long line to the first line with a match (past the line
    // without one, a short line).
    assert!(
        stats.contains("\n5 long lines searched in overlapping windows ("),
        "{stats}"
    );
    let (stdout, _) = run(
        WINDOW,
        &[&stats_of[..], &["EXPORT_[A-Z]+_GPL", "big"]].concat(),
    );
    let stats = String::from_utf8(stdout).unwrap();
    assert!(
        stats.contains("\n0 long lines searched in overlapping windows (0 bytes, 0 windows)\n5 long lines searched whole, their matches unbounded ("),
        "{stats}"
    );
}

#[test]
fn long_lines_with_nul_bytes_are_binary_as_when_searched_whole() {
    let tree = Tree::new();
    let mut text = text();
    // A NUL in the long line without a match, and one in a long line with
    // a match, past it.
    let teased = text.len() / 2;
    text[teased] = 0;
    tree.create("d/early", &text);
    let late = text.len() - 100_000;
    text[teased] = b' ';
    text[late] = 0;
    tree.create("d/late", &text);
    let run = |window: &str, args: &[&str]| {
        let run = Run::from(
            tree.command(&[&["--sort", "path"][..], args].concat())
                .env("LODE_TEST_LINE_WINDOW", window)
                .env("LODE_TEST_MMAP_THRESHOLD", "1048576")
                .output()
                .unwrap(),
        );
        (run.stdout, run.stderr, run.code)
    };
    for mode in [&["-c"][..], &["-n"], &["-l"], &["--files-without-match"]] {
        for targets in [&["d"][..], &["d/early"], &["d/late"], &["-a", "d/late"]] {
            let args = [mode, &["EXPORT_SYMBOL_GPL"], targets].concat();
            assert_eq!(run(WINDOW, &args), run(NO_WINDOWS, &args), "{args:?}");
        }
    }
}

#[test]
fn a_stream_line_over_the_limit_ends_its_search_with_an_error() {
    let tree = Tree::new();
    let mut long = b"match one\n".to_vec();
    long.extend(std::iter::repeat_n(b'a', 300_000));
    long.extend_from_slice(b"\nmatch two\n");
    tree.create("long", &long).create("short", "match three\n");
    let error = "line longer than 102400 bytes, not searched further \
                 (raise with --stream-line-limit)";
    let from_stdin = tree.run_with_stdin(&["--stream-line-limit", "100K", "match"], &long);
    from_stdin.expect_with_stderr("match one\n", &format!("lode: <stdin>: {error}\n"), 2);
    // Files read (not mapped): the others are still searched.
    let files = ["--no-mmap", "--sort", "path", "--stream-line-limit", "100K"];
    let run = tree.run(&[&files[..], &["-c", "match", "long", "short"]].concat());
    run.expect_with_stderr("long:1\nshort:1\n", &format!("lode: long: {error}\n"), 2);
    // Under a higher limit the line is searched.
    let raised = ["--no-mmap", "--sort", "path", "--stream-line-limit", "1M"];
    tree.run(&[&raised[..], &["-c", "match", "long", "short"]].concat())
        .expect("long:2\nshort:1\n", 0);
    let bad = tree.run(&["--stream-line-limit", "lots", "match", "short"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("--stream-line-limit"), "{}", bad.stderr);
}

/// `long` in UTF-16LE, with its byte order mark.
fn utf16le(text: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for &b in text {
        out.extend_from_slice(&[b, 0]);
    }
    out
}

#[test]
fn streams_searched_whole_and_decoded_text_are_held_to_the_line_limit() {
    let tree = Tree::new();
    let mut long = b"match one\n".to_vec();
    long.extend(std::iter::repeat_n(b'a', 300_000));
    long.extend_from_slice(b"\nmatch two\n");
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gzipped, &long).unwrap();
    tree.create("long16", utf16le(&long))
        .create("long.gz", gzipped.finish().unwrap())
        .create("short", "match three\n");
    let error = |name: &str| {
        format!(
            "lode: {name}: line longer than 102400 bytes, not searched further \
             (raise with --stream-line-limit)\n"
        )
    };
    let limit = ["--stream-line-limit", "100K"];
    // Read whole from stdin: -U, and --scope file.
    for whole in [&["-U", "match \\w+"][..], &["--scope", "file", "match"]] {
        let args = [&limit[..], whole].concat();
        tree.run_with_stdin(&args, &long)
            .expect_with_stderr("match one\n", &error("<stdin>"), 2);
        // Under the limit the stream is searched to its end.
        let args = [&["--stream-line-limit", "1M"][..], whole].concat();
        tree.run_with_stdin(&args, &long)
            .expect("match one\nmatch two\n", 0);
    }
    // A decompressed file read whole, beside a file that is fine.
    let args = [
        &limit[..],
        &[
            "-z", "-U", "-c", "--sort", "path", "match", "long.gz", "short",
        ],
    ];
    tree.run(&args.concat())
        .expect_with_stderr("long.gz:1\nshort:1\n", &error("long.gz"), 2);
    // Decoded text, from a file read or mapped, line by line or whole.
    for how in [&["--no-mmap"][..], &["--mmap"], &["--mmap", "-U"], &["-U"]] {
        let args = [
            &limit[..],
            how,
            &["-c", "--sort", "path", "match", "long16", "short"],
        ];
        let run = tree.run(&args.concat());
        run.expect_with_stderr("long16:1\nshort:1\n", &error("long16"), 2);
        let args = [how, &["-c", "--sort", "path", "match", "long16", "short"]];
        tree.run(&args.concat()).expect("long16:2\nshort:1\n", 0);
    }
}
