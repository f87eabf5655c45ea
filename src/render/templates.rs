//! Loading Tera templates: the theme's (built in, or the site's), overridden by name by the
//! site's own `templates/`.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use tera::Tera;

use crate::error::{Error, Result};
use crate::theme::{Files, Origin};

/// Template name (`partials/x.html`) -> where it comes from: the built-in default theme, the
/// site's theme folder, or the site's own `templates/` (see `crate::theme`).
pub(crate) fn template_files(root: &Path, theme: &str) -> Result<Files> {
    crate::theme::templates(root, theme)
}

pub(crate) fn load(root: &Path, theme: &str) -> Result<(Tera, Files)> {
    let files = template_files(root, theme)?;
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.register_filter("human_date", human_date);
    let mut sources = Vec::with_capacity(files.len());
    for (name, origin) in &files {
        let text = match origin {
            Origin::BuiltIn(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Origin::File(path) => {
                std::fs::read_to_string(path).map_err(|e| Error::io(path, "read template", e))?
            }
        };
        sources.push((name.as_str(), text));
    }
    // Parse errors name the template ("Failed to parse 'page.html'"), which maps back to its file.
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&e, &files))?;
    Ok((tera, files))
}

/// Checks that every `template:` of the front matter names a loaded template, so that a typo
/// is reported at the article that has it.
pub(crate) fn check_chosen(site: &crate::site::Site, tera: &Tera) -> Result<()> {
    for doc in &site.docs {
        let chosen = match &doc.kind {
            crate::content::DocKind::Page(m) => m.template.as_deref(),
            crate::content::DocKind::Section(m) => m.template.as_deref(),
        };
        let Some(name) = chosen.filter(|n| tera.get_template(n).is_err()) else {
            continue;
        };
        let mut names: Vec<&str> = tera
            .get_template_names()
            .filter(|n| !n.starts_with("partials/") && *n != "base.html")
            .collect();
        names.sort_unstable();
        return Err(Error::at(
            &doc.file.path,
            Some(doc.key_line("template")),
            format!("unknown template `{name}`"),
        )
        .with_help(format!(
            "use one of {}, or add `templates/{name}`",
            names.join(", ")
        )));
    }
    Ok(())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `"2026-03-04" | human_date` is "4 March 2026"; anything that is not a date is left as it is.
fn human_date(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().unwrap_or_default();
    Ok(match crate::date::Date::parse(text) {
        Some(d) => tera::Value::String(format!(
            "{} {} {}",
            d.day,
            MONTHS[d.month as usize - 1],
            d.year
        )),
        None => value.clone(),
    })
}

static LOCATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").unwrap());
static NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"'([^']+\.(?:html|xml|txt|htm))'").unwrap());
static VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Variable `([^`]+)` not found").unwrap());

/// Turns a Tera error into one that names the template file and line (a built-in template is
/// named as such).
pub(crate) fn template_error(err: &tera::Error, files: &Files) -> Error {
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let all = chain.join("\n");
    // The innermost template named is the one that failed.
    let name = NAMED.captures_iter(&all).last().map(|c| c[1].to_owned());
    let found = name.as_ref().and_then(|n| {
        files.get_key_value(n).or_else(|| {
            files
                .iter()
                .find(|(_, o)| o.path().is_some_and(|p| p.ends_with(n)))
        })
    });
    let mut line = LOCATION.captures(&all).and_then(|c| c[1].parse().ok());
    if line.is_none() {
        // Render errors carry no line; find the variable in the template.
        if let (Some(var), Some((_, origin))) = (VARIABLE.captures(&all), found) {
            let text = origin.read().unwrap_or_default();
            line = String::from_utf8_lossy(&text)
                .lines()
                .position(|l| l.contains(&var[1]))
                .map(|i| i + 1);
        }
    }
    let message = chain
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let message = format!("template error: {}", message.replace('\n', "\n  "));
    match found {
        Some((_, Origin::File(path))) => Error::at(path, line, message),
        Some((name, Origin::BuiltIn(_))) => {
            let at = line.map(|l| format!(", line {l}")).unwrap_or_default();
            Error::new(format!(
                "{message}\n  in the built-in default theme's templates/{name}{at}"
            ))
            .with_help(
                "`vetted init --theme` copies the default theme into themes/default/ to edit it",
            )
        }
        None => Error::new(message),
    }
}
