//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` line each.

use super::{display_path, Diagnostic, Severity};

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, col) = d.file.line_col(d.span.start);
        let (end_line, end_col) = d.file.line_col(d.span.end);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            property(&display_path(&d.file.path)),
            property(&format!("{} ({})", d.rule, d.category.as_str())),
            data(&message)
        ));
    }
    out
}

/// Escaping for the message part of a workflow command.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value (also `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
