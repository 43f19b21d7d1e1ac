//! `-z`: compressed files and archive members searched in-process. Every
//! fixture is made here with the same crates lode decodes with, so no blob
//! is committed and nothing external is needed; most runs empty `PATH` to
//! prove that nothing external is spawned.

use std::io::Write;

use crate::util::{Run, Tree};

/// Compressed with one of the formats lode decodes.
fn compress(format: &str, data: &[u8]) -> Vec<u8> {
    match format {
        "gz" => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "bz2" => {
            let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "xz" => {
            let options = lzma_rust2::XzOptions::with_preset(1);
            let mut encoder = lzma_rust2::XzWriter::new(Vec::new(), options).unwrap();
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "lzma" => {
            let options = lzma_rust2::LzmaOptions::with_preset(1);
            let size = Some(data.len() as u64);
            let mut encoder =
                lzma_rust2::LzmaWriter::new_use_header(Vec::new(), &options, size).unwrap();
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "zst" => zstd::encode_all(data, 1).unwrap(),
        "lz4" => {
            // Small blocks, so that a cut file still holds whole ones.
            let info =
                lz4_flex::frame::FrameInfo::new().block_size(lz4_flex::frame::BlockSize::Max64KB);
            let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "br" => {
            let mut encoder = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
            encoder.write_all(data).unwrap();
            encoder.into_inner()
        }
        other => panic!("no such format {other}"),
    }
}

/// One entry of an archive made for a test.
enum Entry<'a> {
    File(&'a str, &'a [u8]),
    Dir(&'a str),
    Link(&'a str, &'a str),
}

fn tar(entries: &[Entry]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = tar::Header::new_ustar();
        header.set_mode(0o644);
        header.set_mtime(0);
        match entry {
            Entry::File(name, data) => {
                header.set_size(data.len() as u64);
                header.set_entry_type(tar::EntryType::Regular);
                builder.append_data(&mut header, name, *data).unwrap();
            }
            Entry::Dir(name) => {
                header.set_size(0);
                header.set_entry_type(tar::EntryType::Directory);
                builder.append_data(&mut header, name, &b""[..]).unwrap();
            }
            Entry::Link(name, target) => {
                header.set_size(0);
                header.set_entry_type(tar::EntryType::Symlink);
                builder.append_link(&mut header, name, target).unwrap();
            }
        }
    }
    builder.into_inner().unwrap()
}

fn zip(entries: &[Entry], method: zip::CompressionMethod) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for entry in entries {
        match entry {
            Entry::File(name, data) => {
                writer.start_file(*name, options).unwrap();
                writer.write_all(data).unwrap();
            }
            Entry::Dir(name) => writer.add_directory(*name, options).unwrap(),
            Entry::Link(name, target) => writer.add_symlink(*name, *target, options).unwrap(),
        }
    }
    writer.finish().unwrap().into_inner()
}

const STORED: zip::CompressionMethod = zip::CompressionMethod::Stored;
const DEFLATED: zip::CompressionMethod = zip::CompressionMethod::Deflated;

/// An archive's usual members: a match two directories down, a file
/// without one, a directory and a link to the matching file.
const SOURCE_MEMBERS: &[Entry] = &[
    Entry::Dir("src/"),
    Entry::File("src/top.txt", b"nothing here\n"),
    Entry::Dir("src/lib/"),
    Entry::File("src/lib/a.rs", b"fn main() {}\nlet needle = 1;\n"),
    Entry::Link("src/lib/link.rs", "a.rs"),
];

/// `lode ARGS` in `tree` with `PATH` empty: nothing external can run.
fn run_alone(tree: &Tree, args: &[&str]) -> Run {
    Run::from(
        tree.command(args)
            .env("PATH", "")
            .output()
            .expect("lode runs"),
    )
}

const FORMATS: &[&str] = &["br", "bz2", "gz", "lz4", "lzma", "xz", "zst"];

#[test]
fn every_compression_format_is_decoded_in_process() {
    let tree = Tree::new();
    let mut expected = String::new();
    for format in FORMATS {
        let text = format!("first\nneedle in {format}\n");
        tree.create(format!("a.{format}"), compress(format, text.as_bytes()));
        expected += &format!("a.{format}:2:needle in {format}\n");
    }
    run_alone(&tree, &["-z", "-n", "--sort", "path", "needle"]).expect(&expected, 0);
    // Each also counts and lists under its own name.
    let counts: String = FORMATS.iter().map(|f| format!("a.{f}:1\n")).collect();
    run_alone(&tree, &["-z", "-c", "--sort", "path", "needle"]).expect(&counts, 0);
}

#[test]
fn magic_bytes_win_over_a_missing_or_lying_name() {
    let tree = Tree::new();
    tree.create("gzip.bin", compress("gz", b"needle gz\n"))
        .create("zstd.gz", compress("zst", b"needle zstd\n"))
        .create("xz.txt", compress("xz", b"needle xz\n"));
    run_alone(&tree, &["-z", "--sort", "path", "needle"]).expect(
        "gzip.bin:needle gz\nxz.txt:needle xz\nzstd.gz:needle zstd\n",
        0,
    );
}

#[test]
fn plain_text_named_as_compressed_is_searched_and_reported() {
    let tree = Tree::new();
    tree.create("plain.gz", "needle plain\n")
        .create("empty.zst", "")
        // No magic to check: known by name, and damaged.
        .create("plain.br", "needle\n");
    run_alone(&tree, &["-z", "-j1", "needle", "plain.gz", "empty.zst"]).expect_with_stderr(
        "plain.gz:needle plain\n",
        "lode: plain.gz: not gzip data, though its name says so: searched as it is\n\
         lode: empty.zst: not zstd data, though its name says so: searched as it is\n",
        2,
    );
    let run = run_alone(&tree, &["-z", "needle", "plain.br"]);
    assert_eq!((run.stdout(), run.code), (String::new(), Some(2)));
    assert!(
        run.stderr
            .starts_with("lode: plain.br: damaged brotli data: "),
        "{}",
        run.stderr
    );
}

#[test]
fn without_search_zip_compressed_files_are_binary_and_skipped() {
    let tree = Tree::new();
    tree.create("a.gz", compress("gz", b"needle\n"))
        .create("a.tar", tar(&[Entry::File("in.txt", b"needle\n")]));
    // The tar is not compressed: its member's text is found, but the
    // archive is one binary file.
    tree.run(&["needle", "a.gz"]).expect("", 1);
    tree.run(&["-c", "needle", "a.tar"]).expect("1\n", 0);
    tree.run(&["-z", "-c", "needle", "a.tar"])
        .expect("a.tar{in.txt}:1\n", 0);
}

/// Every archive kind, each holding SOURCE_MEMBERS.
fn archives(tree: &Tree) -> Vec<String> {
    let plain = tar(SOURCE_MEMBERS);
    let mut names = Vec::new();
    for (name, bytes) in [
        ("a.tar", plain.clone()),
        ("a.tar.gz", compress("gz", &plain)),
        ("a.tgz", compress("gz", &plain)),
        ("a.tar.bz2", compress("bz2", &plain)),
        ("a.tar.xz", compress("xz", &plain)),
        ("a.tar.zst", compress("zst", &plain)),
        ("deflated.zip", zip(SOURCE_MEMBERS, DEFLATED)),
        ("stored.zip", zip(SOURCE_MEMBERS, STORED)),
    ] {
        tree.create(name, bytes);
        names.push(name.to_string());
    }
    names.sort();
    names
}

#[test]
fn each_archive_kind_has_its_members_searched_by_name() {
    let tree = Tree::new();
    let names = archives(&tree);
    let expected: String = names
        .iter()
        .map(|name| format!("{name}{{src/lib/a.rs}}:2:let needle = 1;\n"))
        .collect();
    run_alone(&tree, &["-z", "-n", "--sort", "path", "needle"]).expect(&expected, 0);
    // The link to the matching member and the directories are skipped.
    let listed: String = names
        .iter()
        .map(|name| format!("{name}{{src/lib/a.rs}}\n"))
        .collect();
    run_alone(&tree, &["-z", "-l", "--sort", "path", "needle"]).expect(&listed, 0);
    let without: String = names
        .iter()
        .map(|name| format!("{name}{{src/top.txt}}\n"))
        .collect();
    run_alone(
        &tree,
        &["-z", "--files-without-match", "--sort", "path", "needle"],
    )
    .expect(&without, 0);
}

#[test]
fn members_are_counted_and_printed_one_by_one() {
    let tree = Tree::new();
    let members = [
        Entry::File("one.txt", b"needle 1\nx\nneedle 2\n"),
        Entry::File("two.txt", b"y\nneedle 3\nz\n"),
        Entry::File("none.txt", b"nothing\n"),
    ];
    tree.create("a.tgz", compress("gz", &tar(&members)));
    tree.run(&["-z", "-c", "needle"])
        .expect("a.tgz{one.txt}:2\na.tgz{two.txt}:1\n", 0);
    tree.run(&["-z", "-c", "--include-zero", "needle"])
        .expect("a.tgz{one.txt}:2\na.tgz{two.txt}:1\na.tgz{none.txt}:0\n", 0);
    // Context is separated between members as between files.
    tree.run(&["-z", "-n", "-C1", "needle"]).expect(
        "a.tgz{one.txt}:1:needle 1\na.tgz{one.txt}-2-x\na.tgz{one.txt}:3:needle 2\n\
         --\na.tgz{two.txt}-1-y\na.tgz{two.txt}:2:needle 3\na.tgz{two.txt}-3-z\n",
        0,
    );
    tree.run(&["-z", "--heading", "-n", "needle"]).expect(
        "a.tgz{one.txt}\n1:needle 1\n3:needle 2\n\na.tgz{two.txt}\n2:needle 3\n",
        0,
    );
    // -I drops the names, as it does for files.
    tree.run(&["-z", "-I", "needle", "a.tgz"])
        .expect("needle 1\nneedle 2\nneedle 3\n", 0);
}

#[test]
fn json_gives_the_member_as_the_path() {
    let tree = Tree::new();
    tree.create(
        "a.zip",
        zip(&[Entry::File("d/m.txt", b"needle\n")], DEFLATED),
    );
    let run = tree.run(&["-z", "--json", "needle"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|v| v["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["begin", "match", "end", "summary"]);
    for line in &lines[..3] {
        assert_eq!(line["data"]["path"]["text"], "a.zip{d/m.txt}");
    }
    assert_eq!(lines[1]["data"]["lines"]["text"], "needle\n");
    assert_eq!(lines[1]["data"]["line_number"], 1);
}

#[test]
fn archives_inside_archives_are_searched_one_level_deep() {
    let tree = Tree::new();
    let innermost = zip(&[Entry::File("deep.txt", b"needle deep\n")], STORED);
    let inner_zip = zip(
        &[
            Entry::File("b.txt", b"needle in zip\n"),
            Entry::File("third.zip", &innermost),
        ],
        DEFLATED,
    );
    let inner_tgz = compress("gz", &tar(&[Entry::File("c.txt", b"needle in tgz\n")]));
    tree.create(
        "outer.tgz",
        compress("gz", &tar(&[Entry::File("lib/inner.zip", &inner_zip)])),
    )
    .create(
        "outer.zip",
        zip(&[Entry::File("inner.tgz", &inner_tgz)], STORED),
    )
    .create(
        "logs.tar",
        tar(&[Entry::File(
            "log/x.log.gz",
            &compress("gz", b"needle gz member\n"),
        )]),
    );
    // The zip two levels down is searched as bytes: binary, and found
    // only as such.
    run_alone(&tree, &["-z", "--sort", "path", "needle"]).expect(
        "logs.tar{log/x.log.gz}:needle gz member\n\
         outer.tgz{lib/inner.zip:b.txt}:needle in zip\n\
         outer.zip{inner.tgz:c.txt}:needle in tgz\n",
        0,
    );
    run_alone(&tree, &["-z", "-l", "--binary", "needle", "outer.tgz"]).expect(
        "outer.tgz{lib/inner.zip:b.txt}\nouter.tgz{lib/inner.zip:third.zip}\n",
        0,
    );
}

#[test]
fn max_filesize_applies_to_each_member() {
    let tree = Tree::new();
    let big = format!("needle big\n{}", "x".repeat(4000));
    let members = [
        Entry::File("big.txt", big.as_bytes()),
        Entry::File("small.txt", b"needle small\n"),
    ];
    // The archive itself is small once compressed.
    tree.create("a.tgz", compress("gz", &tar(&members)))
        .create("a.zip", zip(&members, DEFLATED));
    tree.run(&["-z", "--max-filesize", "1K", "--sort", "path", "needle"])
        .expect(
            "a.tgz{small.txt}:needle small\na.zip{small.txt}:needle small\n",
            0,
        );
}

#[test]
fn binary_members_follow_the_binary_rules() {
    let tree = Tree::new();
    let members = [
        Entry::File("bin.dat", b"ab\0needle\n"),
        Entry::File("text.txt", b"needle\n"),
    ];
    tree.create("a.tar", tar(&members));
    tree.run(&["-z", "needle"])
        .expect("a.tar{text.txt}:needle\n", 0);
    tree.run(&["-z", "needle", "a.tar"]).expect(
        "a.tar{bin.dat}: binary file matches (found \"\\0\" byte around offset 2)\n\
         a.tar{text.txt}:needle\n",
        0,
    );
    tree.run(&["-z", "-a", "needle", "a.tar"])
        .expect("a.tar{bin.dat}:ab\0needle\na.tar{text.txt}:needle\n", 0);
}

/// Numbered lines, enough that a cut compressed file still holds some.
fn many_lines(count: usize) -> String {
    (0..count)
        .map(|i| format!("line {i} needle {}\n", i * 7919 % 1000))
        .collect()
}

#[test]
fn a_truncated_compressed_file_keeps_what_came_before_the_damage() {
    for format in FORMATS {
        // xz decodes an LZMA2 chunk (up to 2 MiB of text) only once all
        // of it is read: its file must be long enough for a chunk to end
        // before the cut.
        let text = many_lines(if *format == "xz" { 300_000 } else { 20_000 });
        let packed = compress(format, text.as_bytes());
        let tree = Tree::new();
        tree.create(format!("cut.{format}"), &packed[..packed.len() / 2])
            .create("fine.txt", "needle fine\n");
        let run = run_alone(&tree, &["-z", "--sort", "path", "needle"]);
        let out = run.stdout();
        let (found, rest) = out.split_at(out.len() - "fine.txt:needle fine\n".len());
        assert_eq!(
            rest, "fine.txt:needle fine\n",
            "{format}: the other file is searched"
        );
        let full: String = text
            .lines()
            .map(|l| format!("cut.{format}:{l}\n"))
            .collect();
        // The last line may be cut short where the damage begins.
        let kept = found.strip_suffix('\n').unwrap_or(found);
        assert!(
            full.starts_with(kept),
            "{format}: a prefix of the file's lines"
        );
        assert!(!found.is_empty(), "{format}: lines before the damage");
        let name = match *format {
            "gz" => "gzip",
            "bz2" => "bzip2",
            "zst" => "zstd",
            "br" => "brotli",
            other => other,
        };
        let prefix = format!("lode: cut.{format}: damaged {name} data: ");
        assert!(run.stderr.starts_with(&prefix), "{format}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{format}: {}", run.stderr);
        assert_eq!(run.code, Some(2), "{format}");
    }
}

#[test]
fn a_corrupt_archive_is_reported_and_the_others_searched() {
    let tree = Tree::new();
    let long = many_lines(2000);
    let members = [
        Entry::File("a.txt", b"needle a\n"),
        Entry::File("b.txt", long.as_bytes()),
        Entry::File("c.txt", b"needle c\n"),
    ];
    let packed = compress("gz", &tar(&members));
    let cut = &packed[..packed.len() * 2 / 3];
    let mut garbled = zip(&members, DEFLATED);
    // The middle of b.txt's deflated bytes.
    let middle = garbled.len() / 2;
    garbled[middle..middle + 64].fill(0xff);
    tree.create("cut.tgz", cut)
        .create("garbled.zip", garbled)
        .create("not.zip", b"PK\x03\x04 but nothing more")
        .create("fine.txt", "needle fine\n");
    // b.txt's lines hold "needle" and a number; the others, a letter.
    let run = run_alone(&tree, &["-z", "-c", "--sort", "path", "needle [a-z]"]);
    assert_eq!(
        run.stdout(),
        "cut.tgz{a.txt}:1\nfine.txt:1\ngarbled.zip{a.txt}:1\ngarbled.zip{c.txt}:1\n"
    );
    // Errors are reported as files are searched, in parallel.
    let mut errors: Vec<&str> = run.stderr.lines().collect();
    errors.sort();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].starts_with("lode: cut.tgz{b.txt}: damaged gzip data: "),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("lode: garbled.zip{b.txt}: damaged member: "),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("lode: not.zip: damaged zip archive: "),
        "{}",
        errors[2]
    );
    assert_eq!(run.code, Some(2));
}

#[test]
fn an_encrypted_zip_member_is_reported_and_skipped() {
    let tree = Tree::new();
    let mut bytes = zip(
        &[
            Entry::File("secret.txt", b"needle secret\n"),
            Entry::File("open.txt", b"needle open\n"),
        ],
        STORED,
    );
    // Mark the first member encrypted, in its local and central headers.
    bytes[6] |= 1;
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 8] |= 1;
    tree.create("a.zip", bytes);
    run_alone(&tree, &["-z", "needle"]).expect_with_stderr(
        "a.zip{open.txt}:needle open\n",
        "lode: a.zip{secret.txt}: encrypted member, not searched\n",
        2,
    );
}

#[test]
fn a_bomb_is_searched_in_bounded_memory() {
    // 1 GiB of text from a few MiB of gzip: the same 16 MiB member, again
    // and again (a gzip file may hold many).
    let block: String = "all work and no play makes a dull bomb\n".repeat(16 << 20 >> 5);
    let block = &block.as_bytes()[..16 << 20];
    let member = compress("gz", block);
    let bomb: Vec<u8> = member.repeat(64);
    let tree = Tree::new();
    tree.create("bomb.gz", &bomb);
    let run = run_alone(&tree, &["-z", "-c", "--stats-io", "needle", "bomb.gz"]);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let stats = run.stdout();
    // The members of one gzip file are one stream.
    let unpacked = "1 compressed streams decoded, 0 archive members searched \
                    (1073741824 bytes unpacked)\n";
    assert!(stats.contains(unpacked), "{stats}");
    let peak = stats
        .lines()
        .find_map(|line| line.strip_suffix(" KiB peak resident memory"))
        .unwrap_or_else(|| panic!("no peak in {stats}"));
    let kib: u64 = peak.trim().parse().unwrap();
    assert!(kib < 64 << 10, "peak {kib} KiB");
}

/// A damaged archive of one of each kind: bytes cut off, and bits flipped.
fn damaged_archive(kind: usize, cut: usize, flips: &[(usize, u8)]) -> (String, Vec<u8>) {
    let long = many_lines(300);
    let members = [
        Entry::Dir("d/"),
        Entry::File("d/a.txt", b"needle a\n"),
        Entry::File("d/long.txt", long.as_bytes()),
        Entry::File("d/b.txt.gz", &compress("gz", b"needle b\n")),
    ];
    let plain = tar(&members);
    let (name, mut bytes) = match kind % 9 {
        0 => ("a.tar", plain),
        1 => ("a.tgz", compress("gz", &plain)),
        2 => ("a.tar.bz2", compress("bz2", &plain)),
        3 => ("a.tar.xz", compress("xz", &plain)),
        4 => ("a.tar.zst", compress("zst", &plain)),
        5 => ("a.tar.lz4", compress("lz4", &plain)),
        6 => ("a.tar.br", compress("br", &plain)),
        7 => ("a.zip", zip(&members, DEFLATED)),
        _ => ("a.zip", zip(&members, STORED)),
    };
    bytes.truncate(bytes.len() - cut % (bytes.len() + 1));
    for &(at, bit) in flips {
        if !bytes.is_empty() {
            let at = at % bytes.len();
            bytes[at] ^= 1 << (bit % 8);
        }
    }
    (name.to_string(), bytes)
}

/// Runs lode and kills it if it has not finished in `limit`.
fn run_with_limit(tree: &Tree, args: &[&str], limit: std::time::Duration) -> Run {
    use std::process::Stdio;
    let mut child = tree
        .command(args)
        .env("PATH", "")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lode starts");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("lode {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    Run::from(child.wait_with_output().unwrap())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

    /// Whatever the damage, lode ends in time with a status it documents,
    /// reports each problem on a line of its own and does not panic.
    #[test]
    fn damaged_archives_never_crash_or_hang(
        kind in 0usize..9,
        cut in proptest::prelude::prop_oneof![proptest::prelude::Just(0usize), 0usize..100_000],
        flips in proptest::collection::vec((0usize..100_000, 0u8..8), 0..4),
    ) {
        let (name, bytes) = damaged_archive(kind, cut, &flips);
        let tree = Tree::new();
        tree.create(&name, &bytes).create("fine.txt", "needle fine\n");
        let limit = std::time::Duration::from_secs(30);
        let run = run_with_limit(&tree, &["-z", "--sort", "path", "needle"], limit);
        proptest::prop_assert!(matches!(run.code, Some(0..=2)), "{:?}: {}", run.code, run.stderr);
        proptest::prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        for line in run.stderr.lines() {
            let prefix = format!("lode: {name}");
            proptest::prop_assert!(line.starts_with(&prefix), "{}", run.stderr);
        }
        proptest::prop_assert!(run.stdout().ends_with("fine.txt:needle fine\n"), "{}", run.stdout());
    }
}

#[test]
fn zip_members_compressed_other_ways_are_searched() {
    let tree = Tree::new();
    let mut expected = String::new();
    for (name, method) in [
        ("bzip2.zip", zip::CompressionMethod::Bzip2),
        ("xz.zip", zip::CompressionMethod::Xz),
        ("zstd.zip", zip::CompressionMethod::Zstd),
    ] {
        tree.create(name, zip(&[Entry::File("m.txt", b"x\nneedle\n")], method));
        expected += &format!("{name}{{m.txt}}:2:needle\n");
    }
    run_alone(&tree, &["-z", "-n", "--sort", "path", "needle"]).expect(&expected, 0);
}
