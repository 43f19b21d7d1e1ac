//! `--pre` and `-z/--search-zip`: searching what a command prints for a
//! file instead of the file's bytes, as ripgrep does (a command per file,
//! its output streamed, its failure reported with what it wrote to stderr).

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use ignore::overrides::Override;

/// Which files are read through which command.
#[derive(Clone, Debug, Default)]
pub struct Preprocessing {
    /// `--pre COMMAND`: run as `COMMAND PATH`, the file on its stdin.
    pub pre: Option<PathBuf>,
    /// `--pre-glob`s: only files they select go through `pre`.
    pub pre_globs: Option<Override>,
    /// `-z`: `.Z` files go through `uncompress`.
    pub search_zip: bool,
}

/// The compressed-file extensions still read through a command, as
/// ripgrep reads them: `.Z`, for which no maintained Rust decoder exists.
/// Every other format is decoded in-process (see [`crate::unpack`]).
const DECOMPRESSORS: [(&str, &str, &[&str]); 1] = [("Z", "uncompress", &["-c"])];

/// A command to read one file through.
#[derive(Debug)]
pub struct Plan {
    program: OsString,
    args: Vec<OsString>,
    /// `--pre` (the file is also its stdin; its errors say
    /// "preprocessor command"), or a decompressor.
    pre: bool,
}

impl Preprocessing {
    /// Whether any file may go through a command.
    pub fn is_active(&self) -> bool {
        self.pre.is_some() || self.search_zip
    }

    /// The command `path` is read through, if any: `--pre` first, then a
    /// decompressor for its extension.
    pub fn plan_for(&self, path: &Path) -> Option<Plan> {
        if let Some(pre) = &self.pre {
            let selected = self
                .pre_globs
                .as_ref()
                .is_none_or(|globs| !globs.matched(path, false).is_ignore());
            if selected {
                return Some(Plan {
                    program: pre.clone().into_os_string(),
                    args: vec![path.as_os_str().to_owned()],
                    pre: true,
                });
            }
        }
        if !self.search_zip {
            return None;
        }
        let extension = path.extension()?;
        let (_, program, args) = DECOMPRESSORS
            .iter()
            .find(|(ext, _, _)| extension == OsStr::new(ext))?;
        let mut args: Vec<OsString> = args.iter().map(OsString::from).collect();
        args.push(path.as_os_str().to_owned());
        Some(Plan {
            program: OsString::from(program),
            args,
            pre: false,
        })
    }
}

/// A command running for one file: its output is read by the search,
/// its stderr collected on the side (so a full stderr pipe cannot stall
/// it).
pub struct Running {
    child: Child,
    stderr: Option<JoinHandle<Vec<u8>>>,
    shown: String,
    pre: bool,
    /// The search read the command's output to its end.
    read_to_end: Arc<AtomicBool>,
}

/// The command's output, noting when it has been read to its end.
pub struct Output {
    stdout: ChildStdout,
    read_to_end: Arc<AtomicBool>,
}

impl Read for Output {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.stdout.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.read_to_end.store(true, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// Why a command gave nothing to search.
pub enum SpawnError {
    /// A decompressor that is not installed: the file is searched as is,
    /// as ripgrep does.
    Missing,
    /// ripgrep's message (after the path).
    Failed(String),
}

impl Plan {
    /// Starts the command; its stdout is what is searched.
    pub fn spawn(&self, path: &Path) -> Result<(Running, Output), SpawnError> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if self.pre {
            let file = std::fs::File::open(path).map_err(|e| SpawnError::Failed(e.to_string()))?;
            command.stdin(file);
        } else {
            command.stdin(Stdio::null());
        }
        let shown = self.shown();
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(err) if !self.pre && err.kind() == std::io::ErrorKind::NotFound => {
                return Err(SpawnError::Missing)
            }
            Err(err) => {
                return Err(SpawnError::Failed(format!(
                    "preprocessor command could not start: '{shown}': {err}"
                )))
            }
        };
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().map(|mut pipe| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        });
        let read_to_end = Arc::new(AtomicBool::new(false));
        let running = Running {
            child,
            stderr,
            shown,
            pre: self.pre,
            read_to_end: Arc::clone(&read_to_end),
        };
        Ok((
            running,
            Output {
                stdout,
                read_to_end,
            },
        ))
    }

    /// The command line as ripgrep quotes it: `"program" "arg" ...`.
    fn shown(&self) -> String {
        std::iter::once(&self.program)
            .chain(&self.args)
            .map(|part| format!("{:?}", part.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Running {
    /// Waits for the command (its output must be closed first); its
    /// failure as ripgrep words it (after the path), with what it wrote
    /// to stderr between two rules. A command whose output the search
    /// stopped reading (-l, -q, -m) dies of the closed pipe: as in
    /// ripgrep, that is no failure when it wrote nothing to stderr.
    pub fn finish(mut self) -> Result<(), String> {
        let status = self.child.wait().map_err(|e| e.to_string())?;
        let stderr = self
            .stderr
            .take()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_default();
        let cut_short = !self.read_to_end.load(Ordering::Relaxed) && stderr.is_empty();
        if status.success() || cut_short {
            return Ok(());
        }
        let rule = "-".repeat(79);
        let detail = if stderr.is_empty() {
            "<stderr is empty>".to_string()
        } else {
            let text = String::from_utf8_lossy(&stderr);
            format!("\n{rule}\n{}\n{rule}", text.trim())
        };
        Err(if self.pre {
            format!("preprocessor command failed: '{}': {detail}", self.shown)
        } else {
            detail
        })
    }
}
