//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` line each.

use std::io::{self, Write};

use super::{display_path, Diagnostic, Severity};

pub(crate) fn write(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = d.file.line_col(d.span.start);
        let (end_line, end_col) = d.file.line_col(d.span.end);
        write!(
            out,
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title=",
            property(&display_path(&d.file.path)),
        )?;
        write!(
            out,
            "{}::",
            property(&format!("{} ({})", d.rule, d.category.as_str()))
        )?;
        data(out, &d.message)?;
        if let Some(help) = &d.help {
            data(out, "\nhelp: ")?;
            data(out, help)?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The annotations as a string (what `write` writes).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    write(&mut out, diagnostics).expect("writing to memory");
    String::from_utf8(out).expect("annotations are UTF-8")
}

/// Escaping for the message part of a workflow command, written as it goes.
fn data(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut rest = text;
    while let Some(i) = rest.find(['%', '\r', '\n']) {
        out.write_all(&rest.as_bytes()[..i])?;
        out.write_all(match rest.as_bytes()[i] {
            b'%' => b"%25",
            b'\r' => b"%0D",
            _ => b"%0A",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest.as_bytes())
}

/// Escaping for a property value (also `:` and `,`).
fn property(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}
