//! `--hyperlink-format`: ripgrep's format strings, its aliases and its
//! error messages for a format it rejects.

use std::fmt;

/// A hyperlink format: text and variables, already checked.
///
/// An empty format is valid: it turns hyperlinks off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HyperlinkFormat {
    parts: Vec<Part>,
}

/// One piece of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Text(Vec<u8>),
    Host,
    WslPrefix,
    Path,
    Line,
    Column,
}

/// A built-in format, chosen by name.
struct Alias {
    name: &'static str,
    format: &'static str,
}

/// ripgrep's aliases, in the order its error message lists them (by
/// display priority: `default` and `none` first, then by name).
const ALIASES: &[Alias] = &[
    Alias {
        name: "default",
        format: "file://{host}{path}",
    },
    Alias {
        name: "none",
        format: "",
    },
    Alias {
        name: "cursor",
        format: "cursor://file{path}:{line}:{column}",
    },
    Alias {
        name: "file",
        format: "file://{host}{path}",
    },
    Alias {
        name: "grep+",
        format: "grep+://{path}:{line}",
    },
    Alias {
        name: "kitty",
        format: "file://{host}{path}#{line}",
    },
    Alias {
        name: "macvim",
        format: "mvim://open?url=file://{path}&line={line}&column={column}",
    },
    Alias {
        name: "textmate",
        format: "txmt://open?url=file://{path}&line={line}&column={column}",
    },
    Alias {
        name: "vscode",
        format: "vscode://file{path}:{line}:{column}",
    },
    Alias {
        name: "vscode-insiders",
        format: "vscode-insiders://file{path}:{line}:{column}",
    },
    Alias {
        name: "vscodium",
        format: "vscodium://file{path}:{line}:{column}",
    },
];

/// The names `--hyperlink-format` takes in place of a format.
pub fn alias_names() -> impl Iterator<Item = &'static str> {
    ALIASES.iter().map(|alias| alias.name)
}

/// Why a format was rejected; its `Display` is ripgrep's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HyperlinkFormatError {
    /// Only text: most likely a misspelt alias.
    NoVariables,
    NoPathVariable,
    /// `{column}` without `{line}`.
    NoLineVariable,
    InvalidVariable(String),
    /// The format does not start with `scheme:`.
    InvalidScheme,
    /// A `}` that closes nothing.
    InvalidCloseVariable,
    /// A `{` never closed.
    UnclosedVariable,
}

impl fmt::Display for HyperlinkFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use HyperlinkFormatError::*;
        match self {
            NoVariables => {
                let names: Vec<&str> = alias_names().collect();
                write!(
                    f,
                    "at least a {{path}} variable is required in a hyperlink format, \
                     or otherwise use a valid alias: {}",
                    names.join(", ")
                )
            }
            NoPathVariable => f.write_str("the {path} variable is required in a hyperlink format"),
            NoLineVariable => f.write_str(
                "the hyperlink format contains a {column} variable, \
                 but no {line} variable is present",
            ),
            InvalidVariable(name) => write!(
                f,
                "invalid hyperlink format variable: '{name}', \
                 choose from: path, line, column, host, wslprefix"
            ),
            InvalidScheme => f.write_str(
                "the hyperlink format must start with a valid URL scheme, i.e., [0-9A-Za-z+-.]+:",
            ),
            InvalidCloseVariable => {
                f.write_str("unopened variable: found '}' without a corresponding '{' preceding it")
            }
            UnclosedVariable => {
                f.write_str("unclosed variable: found '{' without a corresponding '}' following it")
            }
        }
    }
}

impl std::error::Error for HyperlinkFormatError {}

/// Where the parser is in a format string.
enum State {
    Text,
    /// After a `}` in text: only `}}` (a literal `}`) may follow.
    Close,
    /// After a `{`: `{{` is a literal `{`, else a variable's name starts.
    Open,
    InVariable,
}

impl HyperlinkFormat {
    /// Parses an alias's name or a format string as ripgrep does:
    /// `{name}` is a variable, `{{` and `}}` are literal braces.
    pub fn parse(text: &str) -> Result<HyperlinkFormat, HyperlinkFormatError> {
        let input = ALIASES
            .iter()
            .find(|alias| alias.name == text)
            .map_or(text, |alias| alias.format);
        let mut parts = Vec::new();
        let mut name = String::new();
        let mut state = State::Text;
        for ch in input.chars() {
            state = match (state, ch) {
                (State::Text, '{') => State::Open,
                (State::Text, '}') => State::Close,
                (State::Text, ch) | (State::Close, ch @ '}') | (State::Open, ch @ '{') => {
                    push_char(&mut parts, ch);
                    State::Text
                }
                (State::Close, _) => return Err(HyperlinkFormatError::InvalidCloseVariable),
                (State::Open | State::InVariable, '}') => {
                    parts.push(variable(&name)?);
                    name.clear();
                    State::Text
                }
                (State::Open | State::InVariable, ch) => {
                    name.push(ch);
                    State::InVariable
                }
            };
        }
        match state {
            State::Text => {}
            State::Close => return Err(HyperlinkFormatError::InvalidCloseVariable),
            State::Open | State::InVariable => return Err(HyperlinkFormatError::UnclosedVariable),
        }
        let format = HyperlinkFormat { parts };
        format.validate()?;
        Ok(format)
    }

    /// Whether the format is empty: hyperlinks are off.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether the format has `{line}`: a hyperlink per line is worth
    /// writing under a heading.
    pub fn has_line(&self) -> bool {
        self.parts.contains(&Part::Line)
    }

    /// Whether the format has `{column}`.
    pub fn has_column(&self) -> bool {
        self.parts.contains(&Part::Column)
    }

    /// Whether the format has `{host}`.
    pub fn has_host(&self) -> bool {
        self.parts.contains(&Part::Host)
    }

    /// The format's pieces, in order.
    pub(super) fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// ripgrep's checks, in its order.
    fn validate(&self) -> Result<(), HyperlinkFormatError> {
        use HyperlinkFormatError::*;
        if self.parts.is_empty() {
            return Ok(());
        }
        if self.parts.iter().all(|p| matches!(p, Part::Text(_))) {
            return Err(NoVariables);
        }
        if !self.parts.contains(&Part::Path) {
            return Err(NoPathVariable);
        }
        if self.has_column() && !self.has_line() {
            return Err(NoLineVariable);
        }
        let Some(Part::Text(first)) = self.parts.first() else {
            return Err(InvalidScheme);
        };
        let scheme = match memchr::memchr(b':', first) {
            Some(colon) => &first[..colon],
            None => return Err(InvalidScheme),
        };
        let valid = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.');
        if scheme.is_empty() || !scheme.iter().all(valid) {
            return Err(InvalidScheme);
        }
        Ok(())
    }
}

/// Appends a character to the format's text.
fn push_char(parts: &mut Vec<Part>, ch: char) {
    let mut buf = [0; 4];
    let bytes = ch.encode_utf8(&mut buf).as_bytes();
    match parts.last_mut() {
        Some(Part::Text(text)) => text.extend_from_slice(bytes),
        _ => parts.push(Part::Text(bytes.to_vec())),
    }
}

/// The variable `{name}` stands for.
fn variable(name: &str) -> Result<Part, HyperlinkFormatError> {
    Ok(match name {
        "host" => Part::Host,
        "wslprefix" => Part::WslPrefix,
        "path" => Part::Path,
        "line" => Part::Line,
        "column" => Part::Column,
        other => return Err(HyperlinkFormatError::InvalidVariable(other.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use HyperlinkFormatError::*;

    fn err(text: &str) -> HyperlinkFormatError {
        HyperlinkFormat::parse(text).unwrap_err()
    }

    #[test]
    fn aliases_and_formats_parse() {
        assert!(HyperlinkFormat::parse("none").unwrap().is_empty());
        assert!(HyperlinkFormat::parse("").unwrap().is_empty());
        let vscode = HyperlinkFormat::parse("vscode").unwrap();
        assert_eq!(
            vscode,
            HyperlinkFormat::parse("vscode://file{path}:{line}:{column}").unwrap()
        );
        assert!(vscode.has_line() && vscode.has_column() && !vscode.has_host());
        assert!(HyperlinkFormat::parse("default").unwrap().has_host());
        for ok in [
            "f://{path}",
            "f:{path}",
            "f-+.:{path}",
            "42:{path}",
            "+:{path}",
        ] {
            HyperlinkFormat::parse(ok).unwrap();
        }
        let braces = HyperlinkFormat::parse("F42://foo{{bar}}{path}").unwrap();
        assert_eq!(braces.parts()[0], Part::Text(b"F42://foo{bar}".to_vec()));
        for name in alias_names() {
            HyperlinkFormat::parse(name).unwrap();
        }
    }

    #[test]
    fn bad_formats_get_ripgreps_errors() {
        assert_eq!(err("foo://bar"), NoVariables);
        assert_eq!(err("foo://{line}"), NoPathVariable);
        assert_eq!(err("foo://{path"), UnclosedVariable);
        assert_eq!(err("foo://{path}:{column}"), NoLineVariable);
        assert_eq!(err("{path}"), InvalidScheme);
        assert_eq!(err(":{path}"), InvalidScheme);
        assert_eq!(err("f*:{path}"), InvalidScheme);
        assert_eq!(err("foo://{bar}"), InvalidVariable("bar".into()));
        assert_eq!(err("foo://{}}bar}"), InvalidVariable("".into()));
        assert_eq!(err("foo://{b}}ar}"), InvalidVariable("b".into()));
        assert_eq!(err("foo://{bar}}}"), InvalidVariable("bar".into()));
        assert_eq!(err("foo://{{bar}"), InvalidCloseVariable);
        assert_eq!(err("foo://{{{bar}"), InvalidVariable("bar".into()));
        assert_eq!(err("foo://{b{{ar}"), InvalidVariable("b{{ar".into()));
        assert_eq!(err("foo://{bar{{}"), InvalidVariable("bar{{".into()));
        assert_eq!(err("x://}"), InvalidCloseVariable);
    }

    #[test]
    fn the_no_variables_error_lists_the_aliases() {
        assert_eq!(
            NoVariables.to_string(),
            "at least a {path} variable is required in a hyperlink format, or otherwise \
             use a valid alias: default, none, cursor, file, grep+, kitty, macvim, \
             textmate, vscode, vscode-insiders, vscodium"
        );
    }
}
