//! ripgrep's default colors, written through termcolor so the escape
//! sequences are the same bytes ripgrep writes.

use std::io::Write;

use termcolor::{Ansi, Color, ColorSpec, WriteColor};

/// The color of each part of the output.
#[derive(Clone, Debug)]
pub struct Colors {
    pub path: ColorSpec,
    pub line: ColorSpec,
    pub matched: ColorSpec,
    /// Columns and byte offsets: no color, but ripgrep still wraps them in
    /// reset sequences.
    pub plain: ColorSpec,
}

impl Default for Colors {
    fn default() -> Colors {
        let mut path = ColorSpec::new();
        path.set_fg(Some(Color::Magenta));
        let mut line = ColorSpec::new();
        line.set_fg(Some(Color::Green));
        let mut matched = ColorSpec::new();
        matched.set_fg(Some(Color::Red)).set_bold(true);
        Colors {
            path,
            line,
            matched,
            plain: ColorSpec::new(),
        }
    }
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
