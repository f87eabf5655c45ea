//! Hostile front matter: markup in titles, descriptions, authors and tags is shown as text
//! everywhere (HTML, JSON-LD, Atom, search index) and can never break out of its context.

use crate::harness::{unescape_html, xml, Site};

const TITLE: &str = r#"</script><script>alert(1)</script> & <!--<script> Tom's "quote""#;
const DESCRIPTION: &str = r#"She said "fine" & <b>bold</b> </script> &amp; done"#;
const AUTHOR: &str = "Bob <bob@example.org> & co";
const TAG: &str = "<img src=x onerror=alert(1)>";

/// The `site` fixture plus `content/hostile.md`, built.
fn hostile_site() -> Site {
    let yaml = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let site = Site::new("site");
    site.write(
        "content/hostile.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\nauthor: {}\ntags: [{}]\ndate: 2026-11-01\nreviewed: 2026-11-01\nreviewer: {{name: {}, credentials: MBBS}}\n---\nBody text.\n",
            yaml(TITLE),
            yaml(DESCRIPTION),
            yaml(AUTHOR),
            yaml(TAG),
            yaml("Dr <i>Evil</i>"),
        ),
    );
    site.build(&[]).assert_code(0);
    site
}

/// The text of the first `<script type="application/ld+json">` element, as an HTML parser
/// would cut it (up to the first `</script`, case-insensitive).
fn jsonld_text(html: &str) -> &str {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("no JSON-LD script") + open.len();
    let end = html[start..]
        .to_ascii_lowercase()
        .find("</script")
        .expect("unclosed script")
        + start;
    &html[start..end]
}

// Checks that hostile title, description, author and reviewer are escaped in the article's HTML and show as text.
#[test]
fn hostile_front_matter_is_escaped_in_html() {
    let site = hostile_site();
    let page = site.read("public/hostile/index.html");
    // JSON-LD is checked on its own below; everything else must show markup as text.
    let html = page.replace(jsonld_text(&page), "");
    assert!(
        !html.contains("<script>alert"),
        "raw script tag from the title in the page"
    );
    assert!(
        !html.contains("<b>bold</b>"),
        "raw markup from the description in the page"
    );
    assert!(
        !html.contains("<img src=x"),
        "raw markup from a tag in the page"
    );
    assert!(
        !html.contains("<i>Evil</i>"),
        "raw markup from the reviewer in the page"
    );
    let h1 = regex::Regex::new(r#"<h1 id="page-title">([^<]*)</h1>"#).unwrap();
    let h1 = &h1.captures(&html).expect("an <h1> without child elements")[1];
    assert_eq!(unescape_html(h1), TITLE);
    let title = regex::Regex::new(r"<title>([^<]*)</title>").unwrap();
    assert_eq!(
        unescape_html(&title.captures(&html).unwrap()[1]),
        format!("{TITLE} | Test guide")
    );
    let meta = regex::Regex::new(r#"<meta name="description" content="([^"]*)">"#).unwrap();
    assert_eq!(
        unescape_html(&meta.captures(&html).unwrap()[1]),
        DESCRIPTION
    );
    // Listings and term pages escape too.
    for page in ["public/index.html", "public/tags/index.html"] {
        let listing = site.read(page);
        assert!(
            !listing.contains("<script>alert") && !listing.contains("<img src=x"),
            "raw markup in {page}"
        );
    }
    let term = site.read("public/tags/img-src-x-onerror-alert-1/index.html");
    assert!(!term.contains("<img src=x"), "raw markup in the term page");
}

// Checks that JSON-LD keeps hostile strings inside its <script> element: it parses as JSON with the exact values.
#[test]
fn jsonld_cannot_break_out_of_its_script_element() {
    let site = hostile_site();
    let html = site.read("public/hostile/index.html");
    let text = jsonld_text(&html);
    let value: serde_json::Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("JSON-LD was cut short by the title ({e}): {text}"));
    assert_eq!(value["@type"], "MedicalWebPage");
    assert_eq!(value["name"], TITLE);
    assert_eq!(value["description"], DESCRIPTION);
    assert_eq!(value["author"]["name"], AUTHOR);
    assert_eq!(value["reviewedBy"]["name"], "Dr <i>Evil</i>");
}

// Checks that JSON-LD escapes `<!--` and `<script`, which otherwise switch the HTML parser into a state where </script> no longer ends the element.
#[test]
fn jsonld_escapes_comment_and_script_openers() {
    let site = hostile_site();
    let html = site.read("public/hostile/index.html");
    let text = jsonld_text(&html).to_ascii_lowercase();
    assert!(!text.contains("<!--"), "`<!--` inside JSON-LD: {text}");
    assert!(
        !text.contains("<script"),
        "`<script` inside JSON-LD: {text}"
    );
}

// Checks that hostile front matter is escaped in atom.xml: it stays well-formed and the entry shows the exact text.
#[test]
fn hostile_front_matter_is_escaped_in_the_feed() {
    let site = hostile_site();
    let text = site.read("public/atom.xml");
    let feed =
        xml::parse(&text).unwrap_or_else(|e| panic!("atom.xml is not well-formed: {e}\n{text}"));
    let entry = feed
        .children_named("entry")
        .find(|e| {
            e.child("link").and_then(|l| l.attr("href")) == Some("https://example.org/hostile/")
        })
        .expect("an entry for the hostile page");
    assert_eq!(entry.child("title").unwrap().text, TITLE);
    assert_eq!(entry.child("summary").unwrap().text, DESCRIPTION);
    assert_eq!(
        entry.child("author").unwrap().child("name").unwrap().text,
        AUTHOR
    );
    let sitemap = site.read("public/sitemap.xml");
    xml::parse(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));
}

// Checks that the search index stays valid JSON and holds the hostile title as plain text.
#[test]
fn hostile_front_matter_is_plain_text_in_the_search_index() {
    let site = hostile_site();
    let entries: Vec<serde_json::Value> = site
        .tree("public/search/d")
        .values()
        .map(|bytes| serde_json::from_slice(bytes).unwrap())
        .collect();
    let entry = entries.iter().find(|e| e["u"] == "/hostile/").unwrap();
    assert_eq!(entry["t"], TITLE);
    assert_eq!(entry["d"], DESCRIPTION);
}

// Checks that NUL and other characters XML forbids, written in a title with YAML escapes, are left out of atom.xml and sitemap.xml, which stay well-formed.
#[test]
fn characters_xml_forbids_are_dropped_from_feeds() {
    let site = Site::new("site");
    site.write(
        "content/control.md",
        "---\ntitle: \"Nul\\0 bell\\a escape\\e end\\uFFFF\"\ndescription: \"Tab\\tand\\x01 one\"\ndate: 2026-11-20\n---\nBody.\n",
    );
    site.build(&[]).assert_code(0);
    let forbidden = |c: char| !matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    for file in ["public/atom.xml", "public/sitemap.xml"] {
        let text = site.read(file);
        assert!(
            !text.contains(forbidden),
            "{file} holds a character XML forbids"
        );
        xml::parse(&text).unwrap_or_else(|e| panic!("{file} is not well-formed: {e}"));
    }
    let feed = xml::parse(&site.read("public/atom.xml")).unwrap();
    let entry = feed
        .children_named("entry")
        .find(|e| {
            e.child("link").and_then(|l| l.attr("href")) == Some("https://example.org/control/")
        })
        .expect("an entry for the page");
    assert_eq!(entry.child("title").unwrap().text, "Nul bell escape end");
    assert_eq!(entry.child("summary").unwrap().text, "Tab\tand one");
}
