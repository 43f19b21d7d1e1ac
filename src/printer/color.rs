//! ripgrep's colors, its defaults changed by `--colors`, written through
//! termcolor so the escape sequences are the same bytes ripgrep writes.

use std::io::Write;

use termcolor::{Ansi, Color, ColorSpec, WriteColor};

/// The color of each part of the output.
#[derive(Clone, Debug)]
pub struct Colors {
    pub path: ColorSpec,
    pub line: ColorSpec,
    /// Columns and byte offsets. With no color set, ripgrep still wraps
    /// them in reset sequences.
    pub column: ColorSpec,
    pub matched: ColorSpec,
    /// The rest of a line with colored matches (none by default).
    pub highlight: ColorSpec,
}

/// ripgrep's default colors, applied before the user's `--colors`.
const DEFAULT_SPECS: [&str; 4] = [
    "path:fg:magenta",
    "line:fg:green",
    "match:fg:red",
    "match:style:bold",
];

impl Default for Colors {
    fn default() -> Colors {
        Colors::with_specs(&[]).expect("the default color specs are valid")
    }
}

impl Colors {
    /// ripgrep's defaults changed by each `--colors` spec in turn
    /// (`{type}:{fg|bg|style}:{value}` or `{type}:none`); the error is
    /// ripgrep's text for the first bad one.
    pub fn with_specs(specs: &[String]) -> Result<Colors, String> {
        let mut colors = Colors {
            path: ColorSpec::new(),
            line: ColorSpec::new(),
            column: ColorSpec::new(),
            matched: ColorSpec::new(),
            highlight: ColorSpec::new(),
        };
        let defaults = DEFAULT_SPECS.iter().copied();
        for spec in defaults.chain(specs.iter().map(String::as_str)) {
            colors
                .apply(spec)
                .map_err(|e| format!("error parsing flag --colors: {e}"))?;
        }
        Ok(colors)
    }

    /// Applies one spec.
    fn apply(&mut self, spec: &str) -> Result<(), String> {
        let invalid = || {
            format!(
                "invalid color spec format: '{spec}'. Valid format is \
                 '(path|line|column|match|highlight):(fg|bg|style):(value)'."
            )
        };
        let pieces: Vec<&str> = spec.split(':').collect();
        if pieces.len() < 2 || pieces.len() > 3 {
            return Err(invalid());
        }
        let target = match pieces[0].to_lowercase().as_str() {
            "path" => &mut self.path,
            "line" => &mut self.line,
            "column" => &mut self.column,
            "match" => &mut self.matched,
            "highlight" => &mut self.highlight,
            other => {
                return Err(format!(
                    "unrecognized output type '{other}'. Choose from: path, line, column, \
                     match, highlight."
                ))
            }
        };
        let attribute = pieces[1].to_lowercase();
        if attribute == "none" {
            target.clear();
            return Ok(());
        }
        if !matches!(attribute.as_str(), "fg" | "bg" | "style") {
            return Err(format!(
                "unrecognized spec type '{attribute}'. Choose from: fg, bg, style, none."
            ));
        }
        let Some(value) = pieces.get(2) else {
            return Err(invalid());
        };
        match attribute.as_str() {
            "fg" => {
                target.set_fg(Some(parse_color(value)?));
            }
            "bg" => {
                target.set_bg(Some(parse_color(value)?));
            }
            _ => apply_style(target, value)?,
        }
        Ok(())
    }

    /// Writes a match's text in the match color, or plain when that
    /// color was cleared (`match:none`), as ripgrep does.
    pub fn write_match(&self, out: &mut Vec<u8>, text: &[u8]) {
        if self.matched.is_none() {
            out.extend_from_slice(text);
        } else {
            write_spec(out, Some(&self.matched), text);
        }
    }

    /// Whether lines with colored matches get the highlight color too.
    pub fn highlights(&self) -> bool {
        !self.highlight.is_none()
    }

    /// Turns the highlight on, at the start of a line (with a reset) or
    /// again after a match (without one), as ripgrep's printer does.
    pub fn start_highlight(&self, out: &mut Vec<u8>, at_line_start: bool) {
        let mut spec = self.highlight.clone();
        spec.set_reset(at_line_start);
        // Writing into a Vec cannot fail.
        let _ = Ansi::new(out).set_color(&spec);
    }

    /// Turns the highlight off at the end of a line.
    pub fn end_highlight(&self, out: &mut Vec<u8>) {
        let _ = Ansi::new(out).reset();
    }
}

/// A color as ripgrep (through termcolor) reads one: a name, an ANSI 256
/// number, or an `r,g,b` triple (decimal or 0x hex).
fn parse_color(value: &str) -> Result<Color, String> {
    value.parse::<Color>().map_err(|e| e.to_string())
}

fn apply_style(spec: &mut ColorSpec, style: &str) -> Result<(), String> {
    match style.to_lowercase().as_str() {
        "bold" => spec.set_bold(true),
        "nobold" => spec.set_bold(false),
        "intense" => spec.set_intense(true),
        "nointense" => spec.set_intense(false),
        "underline" => spec.set_underline(true),
        "nounderline" => spec.set_underline(false),
        "italic" => spec.set_italic(true),
        "noitalic" => spec.set_italic(false),
        other => {
            return Err(format!(
                "unrecognized style attribute '{other}'. Choose from: nobold, bold, \
                 nointense, intense, nounderline, underline, noitalic, italic."
            ))
        }
    };
    Ok(())
}

/// Appends `text` to `out`, wrapped in `spec`'s escapes when coloring.
pub(crate) fn write_spec(out: &mut Vec<u8>, spec: Option<&ColorSpec>, text: &[u8]) {
    match spec {
        None => out.extend_from_slice(text),
        Some(spec) => {
            let mut ansi = Ansi::new(out);
            // Writing into a Vec cannot fail.
            let _ = ansi.set_color(spec);
            let _ = ansi.write_all(text);
            let _ = ansi.reset();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colors(specs: &[&str]) -> Result<Colors, String> {
        let specs: Vec<String> = specs.iter().map(|s| s.to_string()).collect();
        Colors::with_specs(&specs)
    }

    #[test]
    fn specs_change_the_defaults_in_order() {
        let c = colors(&["match:none", "match:fg:blue", "line:bg:0,128,255"]).unwrap();
        assert_eq!(c.matched.fg(), Some(&Color::Blue));
        assert!(!c.matched.bold());
        assert_eq!(c.line.fg(), Some(&Color::Green));
        assert_eq!(c.line.bg(), Some(&Color::Rgb(0, 128, 255)));
        assert_eq!(c.path.fg(), Some(&Color::Magenta));
        assert!(c.highlight.is_none());
    }

    #[test]
    fn bad_specs_say_what_was_wrong() {
        let err = |spec: &str| colors(&[spec]).unwrap_err();
        assert!(err("foo:fg:red").contains("unrecognized output type 'foo'"));
        assert!(err("match:xx:red").contains("unrecognized spec type 'xx'"));
        assert!(err("match").contains("invalid color spec format: 'match'"));
        assert!(err("match:fg").contains("invalid color spec format"));
        assert!(err("match:style:blink").contains("unrecognized style attribute 'blink'"));
        assert!(err("match:fg:purple").contains("unrecognized color name 'purple'"));
    }
}
