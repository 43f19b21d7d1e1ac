//! The values a hyperlink format takes from the machine rather than from
//! the match: `{host}` and `{wslprefix}`, looked up once per run.

use std::path::Path;
use std::process::{Command, Stdio};

/// `{host}` and `{wslprefix}`, empty when unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HyperlinkEnv {
    /// The machine's hostname.
    pub host: Option<String>,
    /// `wsl$/` and the WSL distribution's name.
    pub wsl_prefix: Option<String>,
}

impl HyperlinkEnv {
    /// Looks the values up as ripgrep does: the hostname is what
    /// `hostname_bin` prints (run with no arguments, trimmed), or the
    /// system's when there is no such program, it fails or prints
    /// nothing; the WSL prefix comes from `WSL_DISTRO_NAME`. `want_host`
    /// false skips the hostname (the format has no `{host}`).
    pub fn discover(want_host: bool, hostname_bin: Option<&Path>) -> HyperlinkEnv {
        HyperlinkEnv {
            host: if want_host {
                hostname_bin
                    .and_then(hostname_from)
                    .or_else(system_hostname)
            } else {
                None
            },
            wsl_prefix: wsl_prefix(std::env::var_os("WSL_DISTRO_NAME")),
        }
    }
}

/// What `bin` prints, trimmed, if it runs, succeeds and prints some
/// UTF-8 text.
fn hostname_from(bin: &Path) -> Option<String> {
    let output = Command::new(bin)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let name = text.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The system's hostname (what `gethostname` gives), if it is UTF-8.
fn system_hostname() -> Option<String> {
    let uname = rustix::system::uname();
    let name = uname.nodename().to_str().ok()?;
    Some(name.to_string())
}

/// `wsl$/DISTRO`, for a UTF-8 distribution name.
fn wsl_prefix(distro: Option<std::ffi::OsString>) -> Option<String> {
    let distro = distro?.into_string().ok()?;
    Some(format!("wsl$/{distro}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_or_silent_program_falls_back() {
        assert_eq!(hostname_from(Path::new("/nonexistent/hostname-bin")), None);
        assert_eq!(hostname_from(Path::new("false")), None);
        assert_eq!(hostname_from(Path::new("true")), None);
        let env = HyperlinkEnv::discover(true, Some(Path::new("true")));
        assert_eq!(env.host, system_hostname());
        assert_eq!(HyperlinkEnv::discover(false, None).host, None);
    }

    #[test]
    fn the_wsl_prefix_names_the_distribution() {
        assert_eq!(
            wsl_prefix(Some("Ubuntu".into())),
            Some("wsl$/Ubuntu".to_string())
        );
        assert_eq!(wsl_prefix(None), None);
    }
}
