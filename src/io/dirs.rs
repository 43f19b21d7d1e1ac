//! Opening walked files relative to their directory.
//!
//! `open("a/b/c/d.c")` makes the kernel look up every component of the path
//! again, for each of a tree's tens of thousands of files: about 8% of
//! a tree search's CPU time. A worker instead keeps its last few
//! directories open (`O_PATH`, which reads nothing) and opens each file
//! with `openat` and its bare name: one lookup.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// Directories kept open per worker: enough for the chain of parents a
/// depth-first walk comes back up through.
const KEPT: usize = 8;

/// One worker's recently used directories, most recent first.
#[derive(Default)]
pub struct DirHandles {
    open: Vec<(Box<[u8]>, OwnedFd)>,
}

impl DirHandles {
    /// Opens `path` for reading, through its directory's handle when it
    /// has one (the result is that of `File::open(path)`).
    pub fn open(&mut self, path: &Path) -> io::Result<File> {
        let Some((parent, name)) = split(path) else {
            return File::open(path);
        };
        let Some(dir) = self.handle(parent) else {
            return File::open(path);
        };
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY;
        match rustix::fs::openat(dir, name, flags, Mode::empty()) {
            Ok(fd) => Ok(File::from(fd)),
            Err(errno) => Err(io::Error::from(errno)),
        }
    }

    /// The open handle of `dir`, opening it if needed; `None` if it cannot
    /// be opened (then the caller opens the file by its whole path, and
    /// any error is that open's).
    fn handle(&mut self, dir: &Path) -> Option<&OwnedFd> {
        let key = dir.as_os_str().as_bytes();
        if let Some(at) = self.open.iter().position(|(path, _)| **path == *key) {
            if at > 0 {
                let entry = self.open.remove(at);
                self.open.insert(0, entry);
            }
        } else {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::open(dir, flags, Mode::empty()).ok()?;
            if self.open.len() == KEPT {
                self.open.pop();
            }
            self.open.insert(0, (key.into(), fd));
        }
        self.open.first().map(|(_, fd)| fd)
    }
}

/// A walked path's directory and bare name, split at its last `/` (the
/// walker joins paths with one; std's component parsing costs more than
/// the open saves). `None` for a path that does not name a file in a
/// directory that way.
fn split(path: &Path) -> Option<(&Path, &OsStr)> {
    let bytes = path.as_os_str().as_bytes();
    let slash = memchr::memrchr(b'/', bytes)?;
    let (dir, name) = (&bytes[..slash], &bytes[slash + 1..]);
    if name.is_empty() || name == b"." || name == b".." {
        return None;
    }
    let dir: &[u8] = if dir.is_empty() { b"/" } else { dir };
    Some((Path::new(OsStr::from_bytes(dir)), OsStr::from_bytes(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_at_their_last_slash() {
        let parts = |p: &str| split(Path::new(p)).map(|(d, n)| (d.to_owned(), n.to_owned()));
        assert_eq!(parts("./a/b.c"), Some(("./a".into(), "b.c".into())));
        assert_eq!(parts("/x"), Some(("/".into(), "x".into())));
        assert_eq!(parts("b.c"), None);
        assert_eq!(parts("a/"), None);
        assert_eq!(parts("a/.."), None);
    }

    #[test]
    fn opens_files_as_their_paths_would() {
        let tree = tempfile::tempdir().unwrap();
        for dir in ["a", "a/b", "c"] {
            std::fs::create_dir(tree.path().join(dir)).unwrap();
        }
        let mut dirs = DirHandles::default();
        for (i, file) in ["a/1", "a/b/2", "a/3", "c/4", "a/b/5", "6"]
            .iter()
            .enumerate()
        {
            let path = tree.path().join(file);
            std::fs::write(&path, format!("{i}")).unwrap();
            let mut opened = dirs.open(&path).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut opened, &mut text).unwrap();
            assert_eq!(text, i.to_string());
        }
        assert!(dirs.open.len() <= KEPT);
        let missing = dirs.open(&tree.path().join("a/nothing")).unwrap_err();
        let expected = File::open(tree.path().join("a/nothing")).unwrap_err();
        assert_eq!(missing.to_string(), expected.to_string());
        let no_dir = dirs.open(&tree.path().join("z/nothing")).unwrap_err();
        assert_eq!(no_dir.kind(), io::ErrorKind::NotFound);
    }
}
