//! Machine-readable outputs: sitemap.xml, atom.xml and robots.txt (the search index is
//! `search.rs`).

use crate::html::escape_html;
use crate::site::Site;

/// Escapes text for XML, dropping the characters XML 1.0 does not allow (NUL and the other
/// control characters but tab and line breaks, U+FFFE, U+FFFF): a single one in a title would
/// make the whole feed unreadable.
fn esc(text: &str) -> String {
    let allowed = |c: &char| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(|c| allowed(&c)) {
        return escape_html(text);
    }
    escape_html(&text.chars().filter(allowed).collect::<String>())
}

/// `(root-relative URL, last modified)` of every HTML page in the sitemap.
pub(crate) fn sitemap(site: &Site, urls: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            esc(&site.absolute(url))
        ));
        if let Some(date) = lastmod {
            out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The newest articles (by date, then title), `feed_limit` of them.
pub(crate) fn atom(site: &Site) -> String {
    let pages = &site.pages_by_date()[..site.pages_by_date().len().min(site.config.feed_limit)];
    let date_of = |i: usize| {
        site.docs[i]
            .page()
            .and_then(|m| m.updated.or(m.reviewed).or(m.date))
    };
    let updated = pages
        .iter()
        .filter_map(|&i| date_of(i))
        .max()
        .map_or("1970-01-01".to_owned(), |d| d.to_string());
    let home = site.absolute(&format!("{}/", site.config.root_path()));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        esc(&site.config.language),
        esc(&site.config.title),
        esc(&site.config.description),
        esc(&site.absolute(&format!("{}/atom.xml", site.config.root_path()))),
        esc(&home),
        esc(&home),
    );
    let publisher = if site.config.publisher.is_empty() {
        site.config.title.clone()
    } else {
        site.config.publisher.clone()
    };
    for &i in pages {
        let Some(meta) = site.docs[i].page() else {
            continue;
        };
        let link = site.permalink(i);
        let entry_updated = date_of(i).map_or("1970-01-01".to_owned(), |d| d.to_string());
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{entry_updated}T00:00:00Z</updated>\n",
            esc(&meta.title),
            esc(&link),
            esc(&link)
        ));
        if let Some(date) = meta.date {
            out.push_str(&format!("    <published>{date}T00:00:00Z</published>\n"));
        }
        out.push_str(&format!(
            "    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            esc(meta.author.as_deref().unwrap_or(&publisher)),
            esc(&meta.description)
        ));
    }
    out.push_str("</feed>\n");
    out
}

pub(crate) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute(&format!("{}/sitemap.xml", site.config.root_path()))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_text_has_no_forbidden_characters() {
        assert_eq!(
            super::esc("a\u{0}b\u{1b}c\u{fffe}\td & <e>\u{1F600}"),
            "abc\td &amp; &lt;e&gt;\u{1F600}"
        );
    }
}
