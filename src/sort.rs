//! `--sort` and `--sortr`: the order files are searched and listed in,
//! decided as ripgrep decides it.
//!
//! An ascending path sort is the walk's own order (each directory's
//! entries sorted by name), so nothing is left to do after it. Every
//! other sort takes the haystacks in the order the walk yielded them
//! (unsorted: the order the directories list their entries) and sorts
//! them, stably: equal keys keep that walk order, in both directions.

use std::cmp::Ordering;
use std::fs::Metadata;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::walk::Haystack;

/// What results are sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The path, compared component by component.
    Path,
    /// One of a file's times.
    Time(Stamp),
}

/// Which of a file's times a time sort reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    Modified,
    Accessed,
    Created,
}

/// A sort: its key, and whether it is descending (`--sortr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortOrder {
    pub key: SortKey,
    pub reverse: bool,
}

impl SortOrder {
    /// Whether the walk itself yields this order, sorting each
    /// directory's entries by name: an ascending path sort.
    pub fn walk_sorts(self) -> bool {
        self.key == SortKey::Path && !self.reverse
    }

    /// `haystacks`, in the order the walk yielded them, put in this order.
    ///
    /// As in ripgrep: a descending path sort compares whole paths, so
    /// paths from several roots are interleaved; a time sort reads each
    /// file's time once and puts the files whose time cannot be read
    /// after the others (before them with `--sortr`).
    pub fn arrange(self, mut haystacks: Vec<Haystack>) -> Vec<Haystack> {
        match self.key {
            SortKey::Path if !self.reverse => haystacks,
            SortKey::Path => {
                haystacks.sort_by(|a, b| b.sort_path().cmp(a.sort_path()));
                haystacks
            }
            SortKey::Time(stamp) => by_time(haystacks, stamp, self.reverse),
        }
    }
}

impl SortKey {
    /// `Err` with ripgrep's message when this system cannot give the
    /// time the sort needs. Like ripgrep, it asks of lode's own
    /// executable, before anything is searched.
    pub fn check_supported(self) -> Result<(), String> {
        let SortKey::Time(stamp) = self else {
            return Ok(());
        };
        let read = std::env::current_exe()
            .and_then(std::fs::metadata)
            .and_then(|metadata| stamp.read(&metadata));
        match read {
            Ok(_) => Ok(()),
            Err(err) => Err(format!(
                "sorting by {} isn't supported: {err}",
                stamp.name()
            )),
        }
    }
}

impl Stamp {
    /// This time in `metadata`, or why the platform or file system has
    /// none.
    fn read(self, metadata: &Metadata) -> io::Result<SystemTime> {
        match self {
            Stamp::Modified => metadata.modified(),
            Stamp::Accessed => metadata.accessed(),
            Stamp::Created => metadata.created(),
        }
    }

    /// The time as ripgrep's error names it.
    fn name(self) -> &'static str {
        match self {
            Stamp::Modified => "last modified",
            Stamp::Accessed => "last accessed",
            Stamp::Created => "creation time",
        }
    }

    /// The haystack's time, following links; `None` when it cannot be
    /// read (the file is gone, or its file system does not keep this
    /// time) and for standard input.
    fn of(self, haystack: &Haystack) -> Option<SystemTime> {
        match haystack {
            // ripgrep asks for the metadata of a file named `<stdin>`,
            // which (almost always) does not exist.
            Haystack::Stdin => None,
            Haystack::File { path, .. } => time_of(path, self),
        }
    }
}

fn time_of(path: &Path, stamp: Stamp) -> Option<SystemTime> {
    std::fs::metadata(path)
        .and_then(|metadata| stamp.read(&metadata))
        .ok()
}

/// `haystacks` stably sorted by `stamp`, times read in parallel.
fn by_time(haystacks: Vec<Haystack>, stamp: Stamp, reverse: bool) -> Vec<Haystack> {
    let times: Vec<Option<SystemTime>> = haystacks.par_iter().map(|h| stamp.of(h)).collect();
    let mut timed: Vec<(Haystack, Option<SystemTime>)> = haystacks.into_iter().zip(times).collect();
    timed.sort_by(|(_, a), (_, b)| {
        let ordering = compare_times(*a, *b);
        if reverse {
            ordering.reverse()
        } else {
            ordering
        }
    });
    timed.into_iter().map(|(haystack, _)| haystack).collect()
}

/// Ascending time, with the unknown times after every known one and
/// equal among themselves.
fn compare_times(a: Option<SystemTime>, b: Option<SystemTime>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Duration;

    fn file(path: &str) -> Haystack {
        Haystack::File {
            path: PathBuf::from(path),
            explicit: false,
        }
    }

    #[test]
    fn unknown_times_come_last_and_equal_ones_keep_their_order() {
        let t = |secs| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        let mut times = vec![None, t(2), t(1), None, t(1)];
        times.sort_by(|a, b| compare_times(*a, *b));
        assert_eq!(times, vec![t(1), t(1), t(2), None, None]);
        times.sort_by(|a, b| compare_times(*a, *b).reverse());
        assert_eq!(times, vec![None, None, t(2), t(1), t(1)]);
    }

    #[test]
    fn a_reverse_path_sort_compares_whole_paths() {
        let order = SortOrder {
            key: SortKey::Path,
            reverse: true,
        };
        let walked = vec![file("a/b"), file("b"), Haystack::Stdin, file("a+")];
        let arranged = order.arrange(walked);
        assert_eq!(
            arranged,
            vec![file("b"), file("a+"), file("a/b"), Haystack::Stdin]
        );
    }

    #[test]
    fn an_ascending_path_sort_keeps_the_walk_order() {
        let order = SortOrder {
            key: SortKey::Path,
            reverse: false,
        };
        assert!(order.walk_sorts());
        let walked = vec![file("b"), file("a")];
        assert_eq!(order.arrange(walked.clone()), walked);
    }
}
