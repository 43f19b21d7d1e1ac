//! A temporary tree to search and a way to run the built `lode` in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

/// A directory of files made for one test, removed when it is dropped.
pub struct Tree {
    dir: TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes `contents` at `relative`, creating parent directories.
    pub fn create(&self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> &Tree {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    pub fn mkdir(&self, relative: &str) -> &Tree {
        std::fs::create_dir_all(self.path(relative)).unwrap();
        self
    }

    /// `lode ARGS` run in this tree, with no standard input.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_lode"));
        command
            .args(args)
            .current_dir(self.root())
            .stdin(Stdio::null())
            .env_remove("NO_COLOR")
            .env_remove("LODE_CONFIG_PATH")
            .env_remove("RIPGREP_CONFIG_PATH");
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("lode runs"))
    }

    /// `lode ARGS` with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lode starts");
        // Written from a thread while the output is read: lode prints a
        // stream's matches as it reads it, so a large input written first
        // would fill both pipes and neither side would go on.
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            // lode may stop reading early (-q, -m): a closed pipe is fine.
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run::from(output)
    }
}

/// What one run of lode printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub code: Option<i32>,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code(),
        }
    }
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Asserts the exact standard output and exit status, and that nothing
    /// was written to standard error.
    #[track_caller]
    pub fn expect(&self, stdout: &str, code: i32) {
        assert_eq!(self.stdout(), stdout, "stdout; stderr was: {}", self.stderr);
        assert_eq!(self.stderr, "", "stderr");
        assert_eq!(self.code, Some(code), "exit status");
    }

    #[track_caller]
    pub fn expect_with_stderr(&self, stdout: &str, stderr: &str, code: i32) {
        assert_eq!(self.stdout(), stdout, "stdout");
        assert_eq!(self.stderr, stderr, "stderr");
        assert_eq!(self.code, Some(code), "exit status");
    }
}

/// The small tree most tests search.
pub fn sample() -> Tree {
    let tree = Tree::new();
    tree.create("one.txt", "a foo\nb\nc\nd foo\ne\nf\ng\nh\nfoo i\n")
        .create("two.txt", "x\nfoo y\n")
        .create("src/lib.rs", "fn foo() {}\nfn bar() {}\n");
    tree
}
