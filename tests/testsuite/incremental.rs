//! The preview's incremental rebuild (`vetted serve`): after each of a series of edits (text,
//! title, tags, a heading that a link elsewhere points to, a new article, a rename and back, a
//! deletion, a contradicting claim), every output file and every finding of the in-memory
//! preview equals a fresh full build of the same tree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use vetted::serve::state::{Change, Preview};
use vetted::site::LoadOptions;

use crate::harness::Site;

/// A finding as the overlay and the terminal show it.
fn findings(preview: &Preview) -> Vec<String> {
    preview
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {}:{}-{} {} | {:?} | {:?}",
                d.rule,
                d.severity,
                d.file.path.display(),
                d.span.start,
                d.span.end,
                d.message,
                d.label,
                d.help
            )
        })
        .collect()
}

fn files(preview: &Preview) -> BTreeMap<&str, &[u8]> {
    (preview.files.iter())
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect()
}

/// Compares the preview with a full build of the same tree, naming the first files that
/// differ.
fn assert_same_as_full_build(step: &str, preview: &Preview, site: &Site) {
    let fresh = Preview::build(site.root(), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{step}: full build failed: {e}"));
    let (ours, theirs) = (files(preview), files(&fresh));
    let missing: Vec<&&str> = theirs.keys().filter(|p| !ours.contains_key(*p)).collect();
    let extra: Vec<&&str> = ours.keys().filter(|p| !theirs.contains_key(*p)).collect();
    let differ: Vec<&&str> = (ours.iter())
        .filter(|(p, bytes)| theirs.get(*p).is_some_and(|b| b != *bytes))
        .map(|(p, _)| p)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "{step}: output differs from a full build: missing {missing:?}, extra {extra:?}, different {differ:?}"
    );
    assert_eq!(
        findings(preview),
        findings(&fresh),
        "{step}: findings differ from a full build"
    );
}

struct Session {
    site: Site,
    preview: Preview,
}

impl Session {
    fn new() -> Session {
        let site = Site::new("site").with_registry();
        let preview = Preview::build(site.root(), &LoadOptions::default()).expect("first build");
        Session { site, preview }
    }

    /// Tells the preview that these files changed, as the watcher would; returns whether
    /// it says anything served changed, after checking it against a full build.
    fn changed(&mut self, step: &str, rels: &[&str]) -> bool {
        let paths: Vec<PathBuf> = rels.iter().map(|r| self.site.path(r)).collect();
        let changed = self
            .preview
            .update(&Change::Content(paths))
            .unwrap_or_else(|e| panic!("{step}: update failed: {e}"));
        assert_same_as_full_build(step, &self.preview, &self.site);
        changed
    }

    fn has_finding(&self, rule: &str, file: &str) -> bool {
        (self.preview.diagnostics.iter()).any(|d| d.rule == rule && d.file.path.ends_with(file))
    }
}

const SIDE_EFFECTS: &str = "content/safety/side-effects.md";

// Checks that every step of a series of edits leaves the preview equal to a full build, that
// an edit which changes nothing served says so, and that findings follow the edits.
#[test]
fn every_edit_gives_the_output_of_a_full_build() {
    let mut s = Session::new();
    assert_same_as_full_build("first build", &s.preview, &s.site);

    s.site.replace(
        SIDE_EFFECTS,
        "Redness is common.",
        "Redness is common and fades.",
    );
    assert!(s.changed("text", &[SIDE_EFFECTS]));
    let page = &s.preview.files["safety/side-effects/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Redness is common and fades."));

    // Saved again unchanged: nothing to reload.
    let text = s.site.read(SIDE_EFFECTS);
    s.site.write(SIDE_EFFECTS, &text);
    assert!(!s.changed("same text", &[SIDE_EFFECTS]));

    s.site.replace(
        SIDE_EFFECTS,
        "title: Side effects",
        "title: Side effects and risks",
    );
    assert!(s.changed("title", &[SIDE_EFFECTS]));

    s.site.replace(
        SIDE_EFFECTS,
        "tags: [side effects]",
        "tags: [side effects, aftercare]",
    );
    assert!(s.changed("tags", &[SIDE_EFFECTS]));

    // A new link, and a term left: the related articles of the pages they reach change.
    s.site.replace(
        SIDE_EFFECTS,
        "Redness is common and fades.",
        "Redness is common and fades ([how it works](../basics/how-it-works.md)).",
    );
    assert!(s.changed("link added", &[SIDE_EFFECTS]));
    s.site.replace(
        SIDE_EFFECTS,
        "tags: [side effects, aftercare]",
        "tags: [aftercare]",
    );
    assert!(s.changed("term left", &[SIDE_EFFECTS]));

    // basics/what-is-it.md links to #infection.
    s.site
        .replace(SIDE_EFFECTS, "## Infection", "## Infections");
    assert!(s.changed("heading renamed", &[SIDE_EFFECTS]));
    assert!(s.has_finding("broken-link", "basics/what-is-it.md"));
    s.site
        .replace(SIDE_EFFECTS, "## Infections", "## Infection");
    assert!(s.changed("heading back", &[SIDE_EFFECTS]));
    assert!(!s.has_finding("broken-link", "basics/what-is-it.md"));

    s.site.write(
        "content/safety/clinic.md",
        "---\ntitle: Clinic treatment\ndescription: Treatment by a professional.\ndate: 2026-05-01\nreviewed: 2026-10-01\nreviewer: {name: Dr Test Reviewer, credentials: MBBS}\nauthor: Test team\ntags: [clinics]\n---\n## Who treats you\n\nProfessional treatment is more effective than home rolling [@aad2018].\n",
    );
    assert!(s.changed("new article", &["content/safety/clinic.md"]));

    // A `slug` keeps the URL: renaming the file changes nothing served.
    let june = s.site.read("content/news/june.md");
    s.site.remove("content/news/june.md");
    s.site.write("content/news/july.md", &june);
    assert!(!s.changed(
        "rename with a slug",
        &["content/news/june.md", "content/news/july.md"]
    ));

    // basics/what-is-it.md links to how-it-works.md.
    let how = s.site.read("content/basics/how-it-works.md");
    s.site.remove("content/basics/how-it-works.md");
    s.site.write("content/basics/how-it-all-works.md", &how);
    assert!(s.changed(
        "rename",
        &[
            "content/basics/how-it-works.md",
            "content/basics/how-it-all-works.md"
        ]
    ));
    assert!(s.has_finding("broken-link", "basics/what-is-it.md"));

    // The page the link points at is back: the link elsewhere is mended.
    s.site.remove("content/basics/how-it-all-works.md");
    s.site.write("content/basics/how-it-works.md", &how);
    assert!(s.changed(
        "renamed back",
        &[
            "content/basics/how-it-works.md",
            "content/basics/how-it-all-works.md"
        ]
    ));
    assert!(!s.has_finding("broken-link", "basics/what-is-it.md"));

    let aftercare = s.site.read("content/basics/aftercare-basics.md");
    s.site.remove("content/basics/aftercare-basics.md");
    assert!(s.changed("deletion", &["content/basics/aftercare-basics.md"]));
    // Back as it was: its page, listings and search entry are made again, not taken for
    // kept (they were gone in between).
    s.site
        .write("content/basics/aftercare-basics.md", &aftercare);
    assert!(s.changed("deleted and back", &["content/basics/aftercare-basics.md"]));
    s.site.remove("content/basics/aftercare-basics.md");
    assert!(s.changed("deleted again", &["content/basics/aftercare-basics.md"]));

    // A section's title shows on its pages and in their search entries (a nested section:
    // the top ones are in every page's navigation, which renders everything again).
    s.site
        .write(
            "content/safety/home/_index.md",
            "---\ntitle: At home\ndescription: Rolling at home.\n---\n",
        )
        .write(
            "content/safety/home/cleaning.md",
            "---\ntitle: Cleaning a roller\ndescription: Keeping it clean.\ndate: 2026-06-04\n---\nRinse the roller in alcohol after each use.\n",
        );
    assert!(s.changed(
        "nested section",
        &[
            "content/safety/home/_index.md",
            "content/safety/home/cleaning.md"
        ]
    ));
    s.site.replace(
        "content/safety/home/_index.md",
        "title: At home",
        "title: Rolling at home",
    );
    assert!(s.changed("section title", &["content/safety/home/_index.md"]));
    let fragments = (s.preview.files.iter())
        .filter(|(path, _)| path.starts_with("search/"))
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("Rolling at home"))
        .count();
    assert!(
        fragments > 0,
        "the search entry shows the new section title"
    );

    assert!(!s.has_finding("contradicting-claims", "safety/allergies.md"));
    s.site.append(
        "content/safety/allergies.md",
        "\nHome treatment is every bit as good as seeing a dermatologist.\n",
    );
    assert!(s.changed("contradicting claim", &["content/safety/allergies.md"]));
    assert!(
        (s.preview.diagnostics.iter()).any(|d| d.rule == "contradicting-claims"),
        "the new claim contradicts the clinic article"
    );

    s.site.remove("content/safety/clinic.md");
    assert!(s.changed("contradiction removed", &["content/safety/clinic.md"]));
}

// Checks that after an article is added the site's own static file still wins over the
// generated one at its path, and that an article whose section goes away (its parent becomes
// the home page, of the same title) gets the search entry of a full build.
#[test]
fn added_and_removed_sections_match_a_full_build() {
    let site = Site::new("site").with_registry();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n")
        .write(
            "content/guides/home/_index.md",
            "---\ntitle: Micro-needling guide\ndescription: A nested section.\n---\n",
        )
        .write(
            "content/guides/home/rinse.md",
            "---\ntitle: Rinsing a roller\ndescription: After each use.\ndate: 2026-06-05\n---\nRinse it in alcohol.\n",
        );
    let root_title = site.read("content/_index.md");
    let root_title = root_title
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("the home page has a title")
        .to_owned();
    site.replace(
        "content/guides/home/_index.md",
        "title: Micro-needling guide",
        &format!("title: {root_title}"),
    );
    let mut s = Session {
        preview: Preview::build(site.root(), &LoadOptions::default()).expect("first build"),
        site,
    };
    s.site.write(
        "content/guides/home/dry.md",
        "---\ntitle: Drying a roller\ndescription: Air-dry it.\ndate: 2026-06-06\n---\nLet it dry in its case.\n",
    );
    assert!(s.changed("article added", &["content/guides/home/dry.md"]));
    assert_eq!(
        &s.preview.files["robots.txt"][..],
        b"User-agent: *\nDisallow: /drafts/\n"
    );
    s.site.remove("content/guides/home/_index.md");
    s.changed("section removed", &["content/guides/home/_index.md"]);
}

const CLINIC: &str = "content/safety/clinic.md";

// Checks the ledger pages an edit in place renders again: a new title only on the pages that
// list the article (its claim's and its source's), a citation changed on its sources' pages
// and the sources index (which counts citing articles), a claim moved within the article on
// its claim's page, and a claim no longer asserted on every page that counts it.
#[test]
fn ledger_pages_follow_titles_citations_and_claims() {
    let mut s = Session::new();
    s.site.write(
        CLINIC,
        "---\ntitle: Clinic treatment\ndescription: Treatment by a professional.\ndate: 2026-05-01\nreviewed: 2026-10-01\nreviewer: {name: Dr Test Reviewer, credentials: MBBS}\nauthor: Test team\ntags: [clinics]\n---\n## Who treats you\n\nProfessional treatment is more effective than home rolling [@aad2018].\n",
    );
    assert!(s.changed("article stating a claim", &[CLINIC]));
    let claim_page = "evidence/claims/professional-more-effective/index.html";
    let shows = |s: &Session, path: &str, text: &str| {
        String::from_utf8_lossy(&s.preview.files[path]).contains(text)
    };
    assert!(shows(&s, claim_page, "Clinic treatment"));

    s.site.replace(
        CLINIC,
        "title: Clinic treatment",
        "title: Treatment in a clinic",
    );
    assert!(s.changed("title of an article stating a claim", &[CLINIC]));
    assert!(shows(&s, claim_page, "Treatment in a clinic"));
    assert!(shows(
        &s,
        "evidence/sources/aad2018/index.html",
        "Treatment in a clinic"
    ));

    s.site.replace(CLINIC, "[@aad2018]", "[@hou2017]");
    assert!(s.changed("citation changed", &[CLINIC]));

    s.site.replace(
        CLINIC,
        "## Who treats you\n",
        "## Who treats you\n\nA first paragraph moves the claim down.\n",
    );
    assert!(s.changed("claim moved down", &[CLINIC]));

    s.site.replace(
        CLINIC,
        "Professional treatment is more effective than home rolling",
        "Professional treatment may be more effective than home rolling",
    );
    s.changed("claim hedged", &[CLINIC]);
    s.site.replace(
        CLINIC,
        "Professional treatment may be more effective than home rolling",
        "Rolling at home is cheaper",
    );
    assert!(s.changed("claim dropped", &[CLINIC]));
}

/// An article of the tie test: tagged `tie` only, all on the same day.
fn tie_article(title: &str) -> String {
    format!("---\ntitle: {title}\ndescription: One of five alike.\ndate: 2026-04-01\ntags: [tie]\n---\nAlike in every way but the title.\n")
}

// Checks that a title change re-ranks the related pages it breaks a tie in: five articles
// score the same for a sixth, which shows the first four by title; a new title moves the
// fifth into its list and back out. (A title breaks only ties, so the preview ranks again
// only the pages where the article is listed or scores as the last one listed.)
#[test]
fn a_new_title_breaks_ties_among_related_pages() {
    let mut s = Session::new();
    let mut rels = Vec::new();
    for (name, title) in [
        ("p", "Tie P"),
        ("a", "Tie A"),
        ("b", "Tie B"),
        ("c", "Tie C"),
        ("d", "Tie D"),
        ("e", "Tie E"),
    ] {
        let rel = format!("content/tie/{name}.md");
        s.site.write(&rel, &tie_article(title));
        rels.push(rel);
    }
    let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
    assert!(s.changed("tied articles", &rels));
    let p_page = "tie/p/index.html";
    let shows =
        |s: &Session, text: &str| String::from_utf8_lossy(&s.preview.files[p_page]).contains(text);
    assert!(!shows(&s, "Tie E"), "the fifth by title is not related");

    s.site
        .replace("content/tie/e.md", "title: Tie E", "title: Tie 0");
    assert!(s.changed("title sorting first", &["content/tie/e.md"]));
    assert!(shows(&s, "Tie 0"), "a tie broken by the new title");
    assert!(!shows(&s, "Tie D"));

    s.site
        .replace("content/tie/e.md", "title: Tie 0", "title: Tie Z");
    assert!(s.changed("title sorting last", &["content/tie/e.md"]));
    assert!(!shows(&s, "Tie Z"));
    assert!(shows(&s, "Tie D"));
}

/// A claim's and a source's page that show every field of their article entries, which the
/// preview takes from the last render where they are unchanged (`ledger::Entries`).
const ENTRY_TEMPLATES: [(&str, &str); 2] = [
    (
        "templates/evidence_claim.html",
        "{% for list in [claim.asserted_in, claim.discussed_in] %}<ul>{% for p in list %}<li>{{ p.title }} {{ p.url | safe }} {{ p.first_url | safe }}{% for x in p.places %} [{{ x.url | safe }} {{ x.line }} {{ x.marked }}]{% endfor %}</li>{% endfor %}</ul>{% endfor %}\n",
    ),
    (
        "templates/evidence_source.html",
        "{% for p in source.cited_in %}<li>{{ p.title }} {{ p.url | safe }}</li>{% endfor %}\n",
    ),
];

// Checks that the ledger's pages, made again from the article entries of the last render,
// show what a full build shows after each edit: a new title, a claim moved to another line,
// a marker renumbered by a claim stated before it, a claim hedged (it moves to the other
// list), an article renamed (a new URL) and one removed; another article stating the same
// claim keeps its entry throughout.
#[test]
fn ledger_entries_taken_again_match_a_full_build() {
    let site = Site::new("site").with_registry();
    for (path, text) in ENTRY_TEMPLATES {
        site.write(path, text);
    }
    let mut s = Session {
        preview: Preview::build(site.root(), &LoadOptions::default()).expect("first build"),
        site,
    };
    let article = |title: &str, body: &str| {
        format!("---\ntitle: {title}\ndescription: About clinics.\ndate: 2026-05-01\ntags: [clinics]\n---\n## Who treats you\n\n{body}\n")
    };
    let claim = "Professional treatment is more effective than home rolling [@aad2018].";
    s.site
        .write(CLINIC, &article("Clinic treatment", claim))
        .write("content/safety/other.md", &article("Another clinic", claim));
    assert!(s.changed("two articles", &[CLINIC, "content/safety/other.md"]));
    let claim_page = "evidence/claims/professional-more-effective/index.html";
    let page = |s: &Session| String::from_utf8_lossy(&s.preview.files[claim_page]).into_owned();
    assert!(page(&s).contains("Another clinic"));

    s.site
        .replace(CLINIC, "title: Clinic treatment", "title: A clinic");
    assert!(s.changed("title", &[CLINIC]));
    assert!(page(&s).contains("A clinic /safety/clinic/"));

    s.site.replace(
        CLINIC,
        "## Who treats you\n",
        "## Who treats you\n\nA line.\n",
    );
    assert!(s.changed("line", &[CLINIC]));

    s.site.replace(
        CLINIC,
        "A line.",
        "Home treatment is every bit as good as seeing a dermatologist.",
    );
    assert!(s.changed("marker renumbered", &[CLINIC]));

    s.site.replace(
        CLINIC,
        "Professional treatment is more effective",
        "Professional treatment may be more effective",
    );
    assert!(s.changed("hedged", &[CLINIC]));

    let text = s.site.read(CLINIC);
    s.site.remove(CLINIC);
    s.site.write("content/safety/clinics.md", &text);
    assert!(s.changed("renamed", &[CLINIC, "content/safety/clinics.md"]));
    assert!(page(&s).contains("/safety/clinics/"));

    s.site.remove("content/safety/clinics.md");
    assert!(s.changed("removed", &["content/safety/clinics.md"]));
    assert!(!page(&s).contains("A clinic"));
    assert!(page(&s).contains("Another clinic"));
}

// Checks that only the first page of the home listing gets the section cards (`sections`),
// with a theme that would print them on every page, and that a new title in a card renders
// that page again as a full build does while the later pages stay as they were.
#[test]
fn home_section_cards_are_on_the_first_listing_page_only() {
    let site = Site::new("site").with_registry();
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: The home page.\npaginate_by: 2\n---\nHello.\n",
    )
    .write(
        "templates/index.html",
        "{% if sections %}cards:{% for s in sections %}{% for p in s.pages %} {{ p.title }};{% endfor %}{% endfor %}{% endif %}\n{% for p in section.pages %}{{ p.title }}\n{% endfor %}",
    );
    let mut s = Session {
        preview: Preview::build(site.root(), &LoadOptions::default()).expect("first build"),
        site,
    };
    let page =
        |s: &Session, path: &str| String::from_utf8_lossy(&s.preview.files[path]).into_owned();
    assert!(page(&s, "index.html").contains("cards: "));
    assert!(page(&s, "index.html").contains("Side effects;"));
    let later: Vec<(String, String)> = (2..)
        .map(|n| format!("page/{n}/index.html"))
        .take_while(|path| s.preview.files.contains_key(path))
        .map(|path| (page(&s, &path), path))
        .map(|(text, path)| (path, text))
        .collect();
    assert!(later.len() > 1);
    for (path, text) in &later {
        assert!(!text.contains("cards:"), "{path}: {text}");
    }

    s.site.replace(
        SIDE_EFFECTS,
        "title: Side effects",
        "title: Side effects and risks",
    );
    assert!(s.changed("title in a card", &[SIDE_EFFECTS]));
    assert!(page(&s, "index.html").contains("Side effects and risks;"));
    for (path, text) in later
        .iter()
        .filter(|(_, text)| !text.contains("Side effects"))
    {
        assert_eq!(&page(&s, path), text, "{path} does not list the article");
    }
}

// Checks that after articles come or go the listings show each article as it is now: the
// other articles' summaries are taken from the last render only when their file is the same
// (here an article retitled in place, then put back as it was in the same save as a new
// article).
#[test]
fn summaries_taken_again_follow_the_articles() {
    let mut s = Session::new();
    let original = s.site.read(SIDE_EFFECTS);
    s.site.replace(
        SIDE_EFFECTS,
        "title: Side effects",
        "title: Side effects and risks",
    );
    assert!(s.changed("retitled in place", &[SIDE_EFFECTS]));
    s.site.write(SIDE_EFFECTS, &original).write(
        "content/safety/sunburn.md",
        "---\ntitle: Sunburn\ndescription: After treatment.\ndate: 2026-06-02\ntags: [side effects]\n---\nKeep out of the sun.\n",
    );
    assert!(s.changed(
        "put back, with a new article",
        &[SIDE_EFFECTS, "content/safety/sunburn.md"]
    ));
    let listing = String::from_utf8_lossy(&s.preview.files["safety/index.html"]).into_owned();
    assert!(listing.contains("Side effects") && !listing.contains("Side effects and risks"));
}
