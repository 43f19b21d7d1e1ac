//! The I/O strategy selector, streams, truncation while mapped, and the
//! statistics that show what the I/O layer did.

use std::process::Stdio;

use crate::util::Tree;

/// The `--debug` line lode prints for `path`.
fn strategy_line(tree: &Tree, args: &[&str], path: &str) -> String {
    let mut all = vec!["--debug"];
    all.extend_from_slice(args);
    let run = tree.run(&all);
    let prefix = format!("lode: DEBUG: {path}: ");
    run.stderr
        .lines()
        .find_map(|line| line.strip_prefix(&prefix).map(str::to_string))
        .unwrap_or_else(|| panic!("no debug line for {path} in {:?}", run.stderr))
}

#[test]
fn debug_names_the_strategy_and_why() {
    let tree = Tree::new();
    tree.create("small", "foo\n")
        .create("large", "foo\n".repeat(4_200_000))
        .create("empty", "");
    assert_eq!(
        strategy_line(&tree, &["foo", "small"], "small"),
        "read (4 bytes < mmap threshold 16777216)"
    );
    assert_eq!(
        strategy_line(&tree, &["foo", "large"], "large"),
        "mmap (16800000 bytes >= mmap threshold 16777216)"
    );
    assert_eq!(
        strategy_line(&tree, &["--mmap", "foo", "small"], "small"),
        "mmap (4 bytes, --mmap)"
    );
    assert_eq!(
        strategy_line(&tree, &["--no-mmap", "foo", "large"], "large"),
        "stream (16800000 bytes, --no-mmap, >= 65536 to read whole)"
    );
    assert_eq!(
        strategy_line(&tree, &["foo", "empty"], "empty"),
        "stream (regular file reporting size 0 (it may still have content, like /proc files))"
    );
}

#[test]
fn walked_files_are_read_whole_when_small_and_streamed_when_not() {
    let tree = Tree::new();
    tree.create("d/small", "foo\n")
        .create("d/medium", "foo\n".repeat(30_000));
    assert_eq!(
        strategy_line(&tree, &["foo", "d"], "d/small"),
        "read (4 bytes, < 65536 read whole in one read)"
    );
    assert_eq!(
        strategy_line(&tree, &["foo", "d"], "d/medium"),
        "stream (120000 bytes < mmap threshold 16777216, >= 65536 to read whole)"
    );
    tree.run(&["-c", "foo", "--sort", "path", "d"])
        .expect("d/medium:30000\nd/small:1\n", 0);
}

#[test]
fn stdin_and_named_fifos_are_streamed() {
    let tree = Tree::new();
    let run = tree.run_with_stdin(&["--debug", "b"], b"a\nb\n");
    assert_eq!(run.stdout(), "b\n");
    assert!(
        run.stderr
            .contains("lode: DEBUG: <stdin>: stream (standard input)\n"),
        "{}",
        run.stderr
    );

    let fifo = tree.path("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let writer = std::thread::spawn(move || std::fs::write(fifo, "x\nfifo line\n").unwrap());
    let run = tree.run(&["--debug", "fifo", "fifo"]);
    writer.join().unwrap();
    assert_eq!(run.stdout(), "fifo line\n");
    assert!(
        run.stderr
            .contains("lode: DEBUG: fifo: stream (not a regular file (fifo))\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn proc_files_that_report_size_zero_are_read_in_full() {
    let tree = Tree::new();
    let run = tree.run(&["-c", "^Name:", "/proc/self/status"]);
    run.expect("1\n", 0);
}

/// A tree that exercises every output mode: several files, one large
/// enough to be mapped by default, context, a binary file.
fn varied_tree() -> Tree {
    let tree = Tree::new();
    let mut large = String::new();
    for i in 0..60_000 {
        large.push_str(&format!(
            "line {i} {}\n",
            if i % 997 == 0 { "needle here" } else { "hay" }
        ));
    }
    tree.create("large.txt", &large)
        .create("small.txt", "a needle\nb\nc needle needle\n")
        .create("sub/bin", b"needle\0binary\n".repeat(10))
        .create("sub/none.txt", "nothing\n");
    tree
}

#[test]
fn output_is_identical_across_strategies_in_every_mode() {
    let tree = varied_tree();
    let modes: &[&[&str]] = &[
        &[],
        &["-n"],
        &["-n", "-C2"],
        &["-v", "-c"],
        &["-c"],
        &["--count-matches"],
        &["-l"],
        &["--files-without-match"],
        &["-o", "-b"],
        &["--vimgrep"],
        &["--column", "-n", "--heading"],
        &["-m", "3", "-A1"],
    ];
    for mode in modes {
        let mut outputs = Vec::new();
        for strategy in [&[][..], &["--mmap"], &["--no-mmap"]] {
            let mut args = vec!["--sort", "path"];
            args.extend_from_slice(strategy);
            args.extend_from_slice(mode);
            args.push("needle");
            let run = tree.run(&args);
            assert_eq!(run.stderr, "", "{args:?}");
            outputs.push((run.stdout, run.code));
        }
        assert!(
            !outputs[0].0.is_empty() || mode.contains(&"--files-without-match"),
            "{mode:?}"
        );
        assert_eq!(outputs[0], outputs[1], "auto vs --mmap for {mode:?}");
        assert_eq!(outputs[0], outputs[2], "auto vs --no-mmap for {mode:?}");
    }
}

#[test]
fn streams_keep_line_numbers_and_context_across_windows() {
    let tree = Tree::new();
    // Lines of varied length, matches spread over many 64 KiB windows, one
    // line longer than a window.
    let mut text = String::new();
    for i in 0..40_000 {
        let filler = "x".repeat(i % 37);
        if i % 1013 == 0 {
            text.push_str(&format!("{i} needle {filler}\n"));
        } else {
            text.push_str(&format!("{i} {filler}\n"));
        }
        if i == 20_000 {
            text.push_str(&format!("long {} needle\n", "y".repeat(200_000)));
        }
    }
    tree.create("text", &text);
    for args in [
        &["-n", "-C3", "needle"][..],
        &["-n", "-v", "-B1", "x"],
        &["-c", "needle"],
        &["-b", "-o", "needle"],
    ] {
        let file = tree.run(&[args, &["text"]].concat());
        let stream = tree.run_with_stdin(args, text.as_bytes());
        assert_eq!(file.code, Some(0), "{args:?}");
        assert_eq!(stream.stdout(), file.stdout(), "{args:?}");
        assert_eq!(stream.stderr, "");
    }
}

#[test]
fn truncated_while_mapped_keeps_what_still_exists() {
    let tree = Tree::new();
    // 4 MiB: "hit" on the first line of each 256 KiB block.
    let block = format!(
        "hit\n{}",
        "....................................\n".repeat(7281)
    );
    let mut text = String::new();
    while text.len() < (4 << 20) {
        text.push_str(&block);
    }
    tree.create("big", &text);
    let original = text.len();
    let cut = 1 << 20;
    let expected_hits = text[..cut].matches("hit\n").count();
    let run = Run::from(
        tree.command(&["--mmap", "-c", "hit", "big"])
            .env("LODE_TEST_TRUNCATE_MAPPED_TO", cut.to_string())
            .output()
            .unwrap(),
    );
    assert_eq!(run.stdout(), format!("{expected_hits}\n"));
    assert_eq!(
        run.stderr,
        format!(
            "lode: big: file shrank from {original} to {cut} bytes while it was searched; \
             matches past byte {cut} were dropped\n"
        )
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        std::fs::metadata(tree.path("big")).unwrap().len(),
        cut as u64
    );
}

/// Runs lode on `args` in `tree` with the file cut to `cut` bytes as soon
/// as it is mapped, and with `--stats-io`: (output before the statistics,
/// the statistics, the run).
fn run_cut_under_mapping(tree: &Tree, args: &[&str], cut: usize) -> (String, String, Run) {
    let run = Run::from(
        tree.command(&[&["--mmap", "--stats-io"], args].concat())
            .env("LODE_TEST_TRUNCATE_MAPPED_TO", cut.to_string())
            .output()
            .unwrap(),
    );
    let out = run.stdout();
    let at = out.find("\n\n").map_or(0, |at| at + 1);
    let (found, stats) = out.split_at(at);
    (found.to_string(), stats.to_string(), run)
}

#[test]
fn truncation_stops_the_mapped_search_early() {
    let tree = Tree::new();
    // 64 MiB; a "hit" line every 64 KiB.
    let block = format!(
        "hit here\n{}",
        "abcdefghijklmnopqrstuvwxyz.....\n".repeat(2047)
    );
    let text = block.repeat((64 << 20) / block.len());
    tree.create("big", &text);
    let cut = (1 << 20) + 12345;
    let warning = format!(
        "file shrank from {} to {cut} bytes while it was searched; \
         matches past byte {cut} were dropped\n",
        text.len()
    );
    // Named (all threads) and walked (one thread, -j1 besides).
    for args in [&["-n", "hit", "big"][..], &["-j1", "-c", "hit", "."]] {
        tree.create("big", &text);
        let (found, stats, run) = run_cut_under_mapping(&tree, args, cut);
        assert!(stats.contains("\n1 truncations survived\n"), "{stats}");
        assert!(
            stats.contains("\n1 truncations stopped early (") && !stats.contains("early (0 bytes"),
            "{stats}"
        );
        assert!(run.stderr.ends_with(&warning), "{}", run.stderr);
        assert_eq!(run.code, Some(2));
        // What it found is what a search of the file as it is now finds.
        let now = tree.run(&[&["--mmap"][..], args].concat());
        assert_eq!(now.code, Some(0));
        assert_eq!(found, now.stdout(), "{args:?}");
        assert!(!found.is_empty());
    }
}

#[test]
fn truncation_stops_the_search_of_one_huge_line_early() {
    let tree = Tree::new();
    // One 64 MiB line, two steps of the line-end search long, under -a.
    let mut text = vec![0u8; 64 << 20];
    text[..8].copy_from_slice(b"hit\0hit\0");
    tree.create("line", &text);
    let cut = 1 << 20;
    let (found, stats, run) = run_cut_under_mapping(&tree, &["-a", "-c", "hit", "line"], cut);
    assert_eq!(found, "1\n");
    assert!(
        stats.contains(&format!(
            "\n1 truncations stopped early ({} bytes not searched)\n",
            64 << 20
        )),
        "{stats}"
    );
    assert!(run
        .stderr
        .contains("file shrank from 67108864 to 1048576 bytes"));
    assert_eq!(run.code, Some(2));
}

use crate::util::Run;

#[test]
fn racing_truncation_never_kills_lode() {
    use std::os::unix::process::ExitStatusExt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let tree = Tree::new();
    let path = tree.path("racing");
    let full = "racing needle line of text\n".repeat((64 << 20) / 27);
    std::fs::write(&path, &full).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let rewriter = {
        let (stop, path, full) = (Arc::clone(&stop), path.clone(), full.clone());
        std::thread::spawn(move || {
            let mut rounds = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
                file.set_len((rounds % 7) << 20).unwrap();
                std::fs::write(&path, &full).unwrap();
                rounds += 1;
            }
            rounds
        })
    };
    let mut shrank = 0;
    for _ in 0..200 {
        let output = tree
            .command(&["--mmap", "-c", "zzz-not-there", "racing"])
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(
            output.status.signal(),
            None,
            "lode died of a signal: {output:?}"
        );
        let code = output.status.code();
        assert!(code == Some(1) || code == Some(2), "{output:?}");
        if code == Some(2) {
            shrank += 1;
            assert!(String::from_utf8_lossy(&output.stderr).contains("while it was searched"));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let rounds = rewriter.join().unwrap();
    assert!(rounds > 0);
    eprintln!("{shrank} of 200 runs saw the file shrink ({rounds} rewrites)");
}

#[test]
fn one_gib_stream_runs_in_bounded_memory() {
    use std::io::Write;
    let tree = Tree::new();
    // --stats-io reports lode's own peak resident memory (VmHWM, which
    // exec starts afresh; getrusage would count the test process's pages
    // inherited through fork).
    let mut child = tree
        .command(&["--stats-io", "-c", "needle"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // 1023 lines of hay and one needle: 16 KiB a chunk.
        let chunk = format!("{}needle line\n", "a short hay line\n".repeat(1023));
        let mut chunks = 0usize;
        while chunks * chunk.len() < (1 << 30) {
            stdin.write_all(chunk.as_bytes()).unwrap();
            chunks += 1;
        }
        (chunks, chunks * chunk.len())
    });
    let output = child.wait_with_output().unwrap();
    let (needles, bytes) = writer.join().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(&format!("{needles}\n\n")), "{stdout}");
    assert!(
        stdout.contains(&format!("\n1 files streamed ({bytes} bytes)\n")),
        "{stdout}"
    );
    let peak = peak_kib(&stdout);
    assert!(peak < 16 * 1024, "peak RSS {peak} KiB for a 1 GiB stream");
}

#[test]
fn stats_print_ripgreps_summary() {
    let tree = Tree::new();
    tree.create("a", "foo foo\nbar\n").create("b", "foo\n");
    let run = tree.run(&["--stats", "--sort", "path", "foo"]);
    let out = run.stdout();
    let (results, stats) = out.split_once("\n\n").unwrap();
    assert_eq!(results, "a:foo foo\nb:foo");
    let lines: Vec<&str> = stats.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "3 matches",
            "2 matched lines",
            "2 files contained matches",
            "2 files searched",
            "16 bytes printed",
            "16 bytes searched"
        ]
    );
    assert!(
        lines[6].ends_with(" seconds spent searching"),
        "{}",
        lines[6]
    );
    assert!(lines[7].ends_with(" seconds total"), "{}", lines[7]);
    assert_eq!(lines.len(), 8);
    assert_eq!(run.code, Some(0));
}

#[test]
fn stats_io_adds_what_the_io_layer_did() {
    let tree = Tree::new();
    tree.create("small", "foo\n")
        .create("large", "foo\n".repeat(4_200_000));
    let run = tree.run(&["--stats-io", "-c", "foo"]);
    let out = run.stdout();
    assert!(out.contains("\n1 files mapped (16800000 bytes)\n1 files read (4 bytes)\n0 files streamed (0 bytes)\n0 truncations survived\n"), "{out}");
    assert!(out.contains(" minor page faults\n"), "{out}");
    assert!(out.contains(" major page faults\n"), "{out}");
    assert!(out.contains("\n4200001 matches\n"), "{out}");
}

#[test]
fn large_binary_files_print_the_same_whatever_the_strategy() {
    // 5 MiB files, a NUL before any match, between matches, after the
    // last one, and none. Mapped (with the threshold lowered to 1 MiB),
    // they go through the chunked search, in parallel when named; the
    // reference is the same search on one slice (named files ripgrep
    // maps) or through the stream window (files ripgrep reads).
    let tree = Tree::new();
    let line = "some ordinary text of a line here\n";
    let lines = (5 << 20) / line.len();
    for (name, nul_at) in [
        ("early", Some(10)),
        ("middle", Some(lines / 2)),
        ("late", Some(lines - 5)),
        ("none", None),
    ] {
        let mut text = Vec::new();
        for i in 0..lines {
            if i % 40_000 == 7 {
                text.extend_from_slice(b"needle at start\n");
            } else {
                text.extend_from_slice(line.as_bytes());
            }
            if Some(i) == nul_at {
                text.extend_from_slice(b"zero \0 needle byte\n");
            }
        }
        tree.create(format!("d/{name}"), &text);
    }
    tree.mkdir("empty");
    let modes: &[&[&str]] = &[
        &[],
        &["-n"],
        &["-c"],
        &["-l"],
        &["--files-without-match"],
        &["--count-matches"],
        &["-v", "-c"],
        &["-C1", "-n"],
        &["-m", "2"],
    ];
    let run = |mapped: bool, flags: &[&str], mode: &[&str], pattern: &str, targets: &[&str]| {
        let mut args = vec!["--sort", "path"];
        args.extend_from_slice(flags);
        args.extend_from_slice(mode);
        args.push(pattern);
        args.extend_from_slice(targets);
        let threshold: u64 = if mapped { 1 << 20 } else { 1 << 40 };
        let run = Run::from(
            tree.command(&args)
                .env("LODE_TEST_MMAP_THRESHOLD", threshold.to_string())
                .output()
                .unwrap(),
        );
        (run.stdout(), run.code)
    };
    for pattern in ["needle", "^needle"] {
        for mode in modes {
            // ripgrep reads: files walked, and files named beside a directory.
            for targets in [&["d"][..], &["d/early", "d/late", "empty"]] {
                assert_eq!(
                    run(true, &[], mode, pattern, targets),
                    run(false, &["--no-mmap"], mode, pattern, targets),
                    "{pattern} {mode:?} {targets:?}"
                );
            }
            // ripgrep maps: a few files named, or any file with --mmap.
            for target in ["d/early", "d/middle", "d/late", "d/none"] {
                let mapped = run(true, &[], mode, pattern, &[target]);
                assert_eq!(
                    mapped,
                    run(false, &[], mode, pattern, &[target]),
                    "{pattern} {mode:?} {target}"
                );
                assert_eq!(
                    mapped,
                    run(true, &["--mmap"], mode, pattern, &[target]),
                    "{pattern} {mode:?} {target}"
                );
            }
        }
    }
}

/// lode's own peak resident memory, from `--stats-io` output.
fn peak_kib(stdout: &str) -> u64 {
    stdout
        .lines()
        .find_map(|line| line.strip_suffix(" KiB peak resident memory"))
        .expect("a peak memory line")
        .parse()
        .unwrap()
}

#[test]
fn a_large_mapped_file_is_released_behind_the_search_in_every_binary_mode() {
    use std::io::Write;
    let tree = Tree::new();
    // 256 MiB of hay and one match at its very end. Lazily, no chunk is
    // scanned for NUL until that match; then all of them must be, and the
    // pages the late scan maps in again must be released again (they once
    // stayed: the whole file ended up resident).
    let hay = "a short hay line\n".repeat(1 << 16);
    let mut file = std::io::BufWriter::new(std::fs::File::create(tree.path("big")).unwrap());
    let mut written = 0;
    while written < 256 << 20 {
        file.write_all(hay.as_bytes()).unwrap();
        written += hay.len();
    }
    file.write_all(b"needle line\n").unwrap();
    file.flush().unwrap();
    drop(file);
    for binary in [None, Some("--binary"), Some("-a")] {
        let mut args = vec!["--stats-io", "-j2", "-c"];
        args.extend(binary);
        args.extend(["needle", "big"]);
        let out = tree.run(&args).stdout();
        assert!(out.starts_with("1\n\n"), "{binary:?}: {out}");
        assert!(out.contains("\n1 files mapped ("), "{binary:?}: {out}");
        let peak = peak_kib(&out);
        assert!(
            peak < 160 * 1024,
            "{binary:?}: peak RSS {peak} KiB for a 256 MiB mapped file"
        );
    }
}

#[test]
fn max_count_ends_the_bytes_searched_where_ripgrep_stops_reading() {
    // Line ends: 9, 35, 53, 79, 80, 94 (121 bytes). ripgrep's count ends
    // past the last line printed as a match; -v steps over the match
    // after the lines it selects; --passthru reads on to the end.
    let tree = Tree::new();
    tree.create(
        "f",
        "  indent\nbar FOO bar x baz foo Foo\nx bar foo e e foo\ne FOO  \tfoo Foo  \tfoo qux\n\nfoo bar bar e\nfoo qux x Foo e Foo baz foo",
    );
    let searched = |args: &[&str]| {
        let mut all = vec!["--stats"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["foo", "f"]);
        let out = tree.run(&all).stdout();
        out.lines()
            .find(|line| line.ends_with("bytes searched"))
            .unwrap()
            .to_string()
    };
    assert_eq!(searched(&["-m1"]), "35 bytes searched");
    assert_eq!(searched(&["-m1", "-A2"]), "79 bytes searched");
    assert_eq!(searched(&["-m1", "-v"]), "35 bytes searched");
    assert_eq!(searched(&["-m1", "--passthru"]), "121 bytes searched");
    assert_eq!(searched(&[]), "121 bytes searched");
    // -c counts the matching lines printed past -m as after-context.
    tree.run(&["-c", "-m1", "-A2", "foo", "f"]).expect("3\n", 0);
    tree.run(&["-c", "-m1", "--passthru", "foo", "f"])
        .expect("1\n", 0);
}

/// The `N search threads (...)` line of `--stats-io`.
fn search_threads_line(tree: &Tree, args: &[&str]) -> String {
    let run = tree.run(&[&["--stats-io"], args].concat());
    let out = run.stdout();
    out.lines()
        .find(|line| line.contains(" search threads ("))
        .unwrap_or_else(|| panic!("no search threads line in {out}"))
        .to_string()
}

#[test]
fn a_warm_tree_is_searched_on_the_usual_threads() {
    let tree = Tree::new();
    for i in 0..20 {
        tree.create(format!("d{}/f{i}", i % 3), "foo\n");
    }
    tree.create("empty", "").create(".hidden", "foo\n");
    // Files just written are in the page cache: 16 probed, none cold.
    let line = search_threads_line(&tree, &["-c", "foo", "."]);
    let threads = line.split(' ').next().unwrap().parse::<usize>().unwrap();
    assert!(threads < 32, "{line}");
    assert!(
        line.ends_with("(0 of 16 files probed were not in the page cache)"),
        "{line}"
    );
    // -j is kept, and nothing is probed.
    assert_eq!(
        search_threads_line(&tree, &["-j3", "-c", "foo", "."]),
        "3 search threads (0 of 0 files probed were not in the page cache)"
    );
}

#[test]
fn a_cold_tree_is_searched_on_more_threads() {
    let tree = Tree::new();
    let mut evicted = 0;
    for i in 0..8 {
        let name = format!("f{i}");
        tree.create(&name, "foo\n".repeat(2000));
        let file = std::fs::File::open(tree.path(&name)).unwrap();
        file.sync_all().unwrap();
        rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
        let mut byte = [0u8; 1];
        let mut bufs = [std::io::IoSliceMut::new(&mut byte)];
        let nowait = rustix::io::ReadWriteFlags::NOWAIT;
        evicted += usize::from(rustix::io::preadv2(&file, &mut bufs, 0, nowait).is_err());
    }
    // A read that misses starts reading the file in, and pages still
    // being read cannot be dropped: drop them again, a few times, so that
    // a loaded machine's late reads are dropped too.
    for _ in 0..5 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        for i in 0..8 {
            let file = std::fs::File::open(tree.path(&format!("f{i}"))).unwrap();
            rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
        }
    }
    if evicted < 8 {
        // A file system that keeps its pages (tmpfs) cannot be cold.
        eprintln!(
            "the page cache kept {} of 8 files: nothing to test",
            8 - evicted
        );
        return;
    }
    let run = tree.run(&["--stats-io", "-c", "foo", "."]);
    // Most of the 8 uncached makes the tree cold (all of them, unless a
    // read-in outran the drops above).
    let probed = (5..=8).map(|uncached| {
        format!("\n32 search threads ({uncached} of 8 files probed were not in the page cache)\n")
    });
    assert!(
        probed.into_iter().any(|line| run.stdout().contains(&line)),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("\n16000 matches\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_named_file_out_of_the_page_cache_is_searched_on_one_thread() {
    let tree = Tree::new();
    tree.create("big", "foo\nbar\n".repeat(3 << 20));
    let file = std::fs::File::open(tree.path("big")).unwrap();
    file.sync_all().unwrap();
    rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
    let mut byte = [0u8; 1];
    let mut bufs = [std::io::IoSliceMut::new(&mut byte)];
    let nowait = rustix::io::ReadWriteFlags::NOWAIT;
    if rustix::io::preadv2(&file, &mut bufs, 24 << 20, nowait).is_ok() {
        eprintln!("the page cache kept the file: nothing to test");
        return;
    }
    // Let the read the probe started finish, then drop the pages again.
    std::thread::sleep(std::time::Duration::from_millis(100));
    rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed).unwrap();
    let run = tree.run(&["--stats-io", "-j2", "-c", "foo", "big"]);
    let out = run.stdout();
    assert!(out.starts_with("3145728\n"), "{out}");
    assert!(
        out.contains("\n1 mapped files not in the page cache searched on one thread\n"),
        "{out}"
    );
    // Now cached: searched on both threads.
    let run = tree.run(&["--stats-io", "-j2", "-c", "foo", "big"]);
    let out = run.stdout();
    assert!(out.starts_with("3145728\n"), "{out}");
    assert!(
        out.contains("\n0 mapped files not in the page cache searched on one thread\n"),
        "{out}"
    );
}
