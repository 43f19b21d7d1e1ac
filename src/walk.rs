//! The `walk` stage: which files, in what order?
//!
//! The `ignore` crate does the walking (gitignore, .ignore, .rgignore,
//! hidden files, globs, types, depth, size); this module configures it and
//! turns its entries into [`Haystack`]s.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::types::{Types, TypesBuilder};
use ignore::{DirEntry, WalkBuilder};

/// The walk filters the user asked for.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    pub hidden: bool,
    /// `.ignore` and `.rgignore` files.
    pub no_ignore_dot: bool,
    /// `.gitignore` files (and the next two).
    pub no_ignore_vcs: bool,
    pub no_ignore_exclude: bool,
    pub no_ignore_global: bool,
    /// Ignore files of directories above the searched paths.
    pub no_ignore_parent: bool,
    /// Respect `.gitignore` outside a git repository too.
    pub no_require_git: bool,
    /// `--ignore-file` paths, unless `--no-ignore-files`.
    pub ignore_files: Vec<PathBuf>,
    pub ignore_file_case_insensitive: bool,
    pub one_file_system: bool,
    pub glob_case_insensitive: bool,
    /// Say nothing of ignore files that cannot be read or parsed.
    pub no_ignore_messages: bool,
    pub follow_links: bool,
    pub max_depth: Option<usize>,
    pub max_filesize: Option<u64>,
    pub globs: Vec<String>,
    pub iglobs: Vec<String>,
    pub types: Vec<String>,
    pub types_not: Vec<String>,
    pub type_defs: Vec<String>,
    /// `--type-clear` names: their globs are forgotten before the
    /// definitions are added.
    pub type_clears: Vec<String>,
    /// Walk in path order: each directory's entries sorted by name.
    pub sorted: bool,
}

/// One thing to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Haystack {
    /// Standard input.
    Stdin,
    /// A file; `explicit` when it was named on the command line (anything
    /// else is a regular file found by the walk, or a link to one).
    File { path: PathBuf, explicit: bool },
}

impl Haystack {
    /// Turns a walker entry into a haystack, or `None` for what is not
    /// searched: directories, and anything but regular files found while
    /// walking (FIFOs, sockets, devices are never opened then). A `-`
    /// among the walked paths is standard input.
    pub fn from_entry(entry: DirEntry) -> Option<Haystack> {
        if entry.is_stdin() {
            return Some(Haystack::Stdin);
        }
        let explicit = entry.depth() == 0;
        let file_type = entry.file_type()?;
        if file_type.is_dir() || (!explicit && !file_type.is_file()) {
            return None;
        }
        // A link named on the command line to a directory: the walk goes
        // through it, as ripgrep's does; the link itself is no file.
        if explicit && file_type.is_symlink() && entry.path().is_dir() {
            return None;
        }
        Some(Haystack::File {
            path: entry.into_path(),
            explicit,
        })
    }

    /// The path ripgrep sorts this by: as walked, `<stdin>` for
    /// standard input.
    pub fn sort_path(&self) -> &Path {
        match self {
            Haystack::Stdin => Path::new("<stdin>"),
            Haystack::File { path, .. } => path,
        }
    }

    /// Whether the user named this on the command line (or it is stdin).
    pub fn is_explicit(&self) -> bool {
        match self {
            Haystack::Stdin => true,
            Haystack::File { explicit, .. } => *explicit,
        }
    }

    /// The path as it is printed: as given, but without the `./` lode adds
    /// itself when no path was given.
    /// The path as printed, with `separator` (`--path-separator`) for
    /// each `/`.
    pub fn display_with(
        &self,
        implicit_cwd: bool,
        separator: Option<u8>,
    ) -> std::borrow::Cow<'_, [u8]> {
        let bytes = self.display_bytes(implicit_cwd);
        match separator {
            Some(sep) if sep != b'/' && bytes.contains(&b'/') => bytes
                .iter()
                .map(|&b| if b == b'/' { sep } else { b })
                .collect::<Vec<u8>>()
                .into(),
            _ => bytes.into(),
        }
    }

    pub fn display_bytes(&self, implicit_cwd: bool) -> &[u8] {
        use std::os::unix::ffi::OsStrExt;
        match self {
            Haystack::Stdin => b"<stdin>",
            Haystack::File { path, .. } => {
                let bytes = path.as_os_str().as_bytes();
                match bytes.strip_prefix(b"./") {
                    Some(rest) if implicit_cwd => rest,
                    _ => bytes,
                }
            }
        }
    }
}

/// The file-type table: ripgrep's defaults plus `--type-add` definitions,
/// with `-t`/`-T` selections applied.
pub fn build_types(options: &WalkOptions) -> Result<Types, String> {
    let mut builder = TypesBuilder::new();
    builder.add_defaults();
    for name in &options.type_clears {
        builder.clear(name);
    }
    for def in &options.type_defs {
        builder.add_def(def).map_err(|e| e.to_string())?;
    }
    for name in &options.types {
        builder.select(name);
    }
    for name in &options.types_not {
        builder.negate(name);
    }
    builder.build().map_err(|e| e.to_string())
}

/// A walker over `paths` with every filter applied; `warn` hears of the
/// `--ignore-file`s that cannot be read.
pub fn build_walker(
    paths: &[PathBuf],
    options: &WalkOptions,
    threads: usize,
    warn: &dyn Fn(String),
) -> Result<WalkBuilder, String> {
    let mut builder = WalkBuilder::new(&paths[0]);
    for path in &paths[1..] {
        builder.add(path);
    }
    // As ripgrep sets up its walker.
    builder
        .threads(threads)
        .hidden(!options.hidden)
        .parents(!options.no_ignore_parent)
        .ignore(!options.no_ignore_dot)
        .git_ignore(!options.no_ignore_vcs)
        .git_global(!options.no_ignore_vcs && !options.no_ignore_global)
        .git_exclude(!options.no_ignore_vcs && !options.no_ignore_exclude)
        .require_git(!options.no_require_git)
        .ignore_case_insensitive(options.ignore_file_case_insensitive)
        .same_file_system(options.one_file_system)
        .follow_links(options.follow_links)
        .max_depth(options.max_depth)
        .max_filesize(options.max_filesize)
        .overrides(build_overrides(options)?)
        .types(build_types(options)?);
    if !options.no_ignore_dot {
        builder.add_custom_ignore_filename(".rgignore");
    }
    for path in &options.ignore_files {
        if let Some(err) = builder.add_ignore(path) {
            // A warning, as in ripgrep: the search goes on without it.
            if !options.no_ignore_messages {
                warn(err.to_string());
            }
        }
    }
    if options.sorted {
        builder.sort_by_file_name(|a, b| a.cmp(b));
    }
    Ok(builder)
}

fn build_overrides(options: &WalkOptions) -> Result<ignore::overrides::Override, String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| Path::new(".").to_path_buf());
    let mut builder = OverrideBuilder::new(cwd);
    builder
        .case_insensitive(options.glob_case_insensitive)
        .map_err(|e| e.to_string())?;
    for glob in &options.globs {
        builder.add(glob).map_err(|e| e.to_string())?;
    }
    builder.case_insensitive(true).map_err(|e| e.to_string())?;
    for glob in &options.iglobs {
        builder.add(glob).map_err(|e| e.to_string())?;
    }
    builder.build().map_err(|e| e.to_string())
}
