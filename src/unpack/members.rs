//! The members of a tar or zip archive, handed one by one to a
//! [`Visit`]or. Directories, links and special members are skipped here;
//! what a member's size or contents mean is the visitor's business.

use std::io::{Read, Seek};

/// One regular file in an archive, to search.
pub struct Member<'m> {
    /// Its path inside the archive, as the archive stores it.
    pub name: &'m [u8],
    /// Its size (decompressed), as the archive's header says.
    pub size: u64,
    /// Its bytes (decompressed).
    pub reader: &'m mut dyn Read,
}

/// Whether to go on to the next member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// What is done with each member of an archive.
pub trait Visit {
    /// Searches one member.
    fn member(&mut self, member: Member<'_>) -> Flow;
    /// A member that cannot be searched, and why (an encrypted zip member,
    /// a compression method the zip reader lacks, a damaged header).
    fn unreadable(&mut self, name: &[u8], why: String);
}

/// Hands each regular file of the tar stream `input` to `visit`; the error
/// that ended the walk early, if one did.
pub fn tar_members(input: &mut dyn Read, visit: &mut dyn Visit) -> Result<(), String> {
    let mut archive = tar::Archive::new(input);
    let entries = archive.entries().map_err(|e| tar_error(&e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| tar_error(&e))?;
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            continue;
        }
        let name = entry.path_bytes().into_owned();
        let size = entry.size();
        let member = Member {
            name: &name,
            size,
            reader: &mut entry,
        };
        if visit.member(member) == Flow::Stop {
            break;
        }
    }
    Ok(())
}

fn tar_error(err: &std::io::Error) -> String {
    format!("damaged tar archive: {err}")
}

/// Hands each regular file of the zip archive `input` to `visit`, in the
/// order of its central directory; the error that kept the archive from
/// being read at all, if one did. A member that cannot be read is handed
/// to [`Visit::unreadable`] and the others are searched.
pub fn zip_members<R: Read + Seek>(input: R, visit: &mut dyn Visit) -> Result<(), String> {
    let mut archive =
        zip::ZipArchive::new(input).map_err(|e| format!("damaged zip archive: {e}"))?;
    for index in 0..archive.len() {
        let name: Vec<u8> = match archive.name_for_index(index) {
            Some(Ok(name)) => name.as_bytes().to_vec(),
            Some(Err(err)) => {
                visit.unreadable(format!("#{index}").as_bytes(), err.to_string());
                continue;
            }
            None => break,
        };
        let (is_file, encrypted) = match archive.by_index_raw(index) {
            Ok(raw) => (raw.is_file(), raw.encrypted()),
            Err(err) => {
                visit.unreadable(&name, zip_error(&err));
                continue;
            }
        };
        if !is_file {
            continue;
        }
        if encrypted {
            visit.unreadable(&name, "encrypted member, not searched".to_string());
            continue;
        }
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(err) => {
                visit.unreadable(&name, zip_error(&err));
                continue;
            }
        };
        let size = file.size();
        let member = Member {
            name: &name,
            size,
            reader: &mut file,
        };
        if visit.member(member) == Flow::Stop {
            break;
        }
    }
    Ok(())
}

fn zip_error(err: &zip::result::ZipError) -> String {
    match err {
        zip::result::ZipError::UnsupportedArchive(what) => {
            format!("not searched: {}", what.to_lowercase())
        }
        other => format!("damaged zip member: {other}"),
    }
}
