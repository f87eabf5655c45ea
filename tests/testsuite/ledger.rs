//! The evidence ledger (issue 13): a page per registry claim and per source, indexes, the
//! markers after sentences that state claims, `claim:`/`source:` links, and every link of the
//! shipped site resolving.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::{copy_dir, manifest_dir, read_tree, Site};

/// A copy of this repository's site (content, registry, theme, settings).
pub(crate) fn shipped() -> Site {
    let site = Site::empty();
    for part in ["content", "lints"] {
        copy_dir(&manifest_dir().join(part), &site.path(part));
    }
    site.write(
        "site.yaml",
        &std::fs::read_to_string(manifest_dir().join("site.yaml")).unwrap(),
    );
    site
}

/// Undoes Tera's escaping of attribute values.
fn unescape(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The values of `attr="..."` in an HTML text, unescaped.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| unescape(&rest[..end]))
        })
        .collect()
}

/// The output file a root-relative path is served from.
fn file_of(path: &str) -> String {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    }
}

/// Every internal link of every HTML page in `tree` that does not resolve: the target file is
/// missing, or it has no element with the link's `#id`. External links are not followed.
fn broken_links(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let pages: BTreeMap<&str, String> = tree
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(p, html)| (*p, attrs(html, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        for href in attrs(html, "href").into_iter().chain(attrs(html, "src")) {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
                continue;
            }
            let (path, anchor) = href.split_once('#').unwrap_or((&href, ""));
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.to_string()
            } else if path.starts_with('/') {
                file_of(path)
            } else {
                broken.push(format!("{page}: relative link {href}"));
                continue;
            };
            if !tree.contains_key(&target) {
                broken.push(format!("{page}: {href} (no {target})"));
            } else if !anchor.is_empty()
                && !ids
                    .get(target.as_str())
                    .is_some_and(|set| set.contains(anchor))
            {
                broken.push(format!("{page}: {href} (no #{anchor} in {target})"));
            }
        }
    }
    broken
}

// Checks the ledger of the shipped site: every registry claim and source has a page, every
// claim the content asserts is linked from the articles that assert it by a marker, the old
// address of the hand-written claims page redirects, and no link of the whole site is broken.
#[test]
fn shipped_site_publishes_its_registry_and_links_nothing_broken() {
    let site = shipped();
    site.build(&[]).assert_code(0);
    let tree = read_tree(&site.path("public"));
    let broken = broken_links(&tree);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    let claims = site.vetted(&["claims", "--json"]);
    claims.assert_code(0);
    let claims = claims.json();
    let claims = claims.as_array().unwrap();
    assert!(claims.len() > 40);
    let index = site.read("public/evidence/claims/index.html");
    for claim in claims {
        let id = claim["id"].as_str().unwrap();
        let page = format!("evidence/claims/{id}/index.html");
        assert!(tree.contains_key(&page), "no page for claim {id}");
        assert!(
            index.contains(&format!(
                "href=\"&#x2F;evidence&#x2F;claims&#x2F;{id}&#x2F;\""
            )),
            "{id} is not in the index"
        );
        // Each article that asserts the claim links to its page from a marker.
        for place in claim["asserted_at"].as_array().unwrap() {
            let file = place.as_str().unwrap().split(':').next().unwrap();
            let rel = file.trim_start_matches("content/").trim_end_matches(".md");
            let html = site.read(&format!("public/{rel}/index.html"));
            assert!(
                html.contains(&format!(
                    "class=\"claim-mark claim-mark-{}\" href=\"/evidence/claims/{id}/\"",
                    claim["verdict"].as_str().unwrap()
                )),
                "{rel} asserts {id} but has no marker for it"
            );
        }
        let is_documented = claim["documentation_only"].as_bool().unwrap();
        let has_places = !claim["asserted_at"].as_array().unwrap().is_empty()
            || !claim["discussed_at"].as_array().unwrap().is_empty();
        assert!(!(is_documented && has_places), "{id}");
    }
    // The registry asserts at least some claims somewhere: markers exist and lead to pages.
    let marked: usize = tree
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| {
            String::from_utf8_lossy(b)
                .matches("class=\"claim-marks\"")
                .count()
        })
        .sum();
    assert!(marked > 20, "{marked} markers");
    let sources = std::fs::read_to_string(site.path("lints/sources.yaml")).unwrap();
    for id in sources
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .map(str::trim)
    {
        assert!(
            tree.contains_key(&format!("evidence/sources/{id}/index.html")),
            "no page for source {id}"
        );
    }
    let alias = site.read("public/evidence/common-claims/index.html");
    assert!(alias.contains("http-equiv=\"refresh\""), "{alias}");
    assert!(alias.contains("/evidence/claims/"), "{alias}");
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/evidence/claims/no-downtime/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/evidence/sources/alam2014/</loc>"));
}

/// The small registry fixture, with an article stating and denying its claims.
fn small() -> Site {
    let site = Site::new("registry-small");
    site.replace(
        "lints/claims.yaml",
        "  help: Say that no trial compared them.\n",
        "  help: Say that no trial compared them.\n  summary: No trial compared home and clinic treatment [@alpha2020].\n",
    );
    site.write(
        "content/claims.md",
        "---\ntitle: Claims\ndescription: A page that states a claim.\ndate: 2026-05-01\nreviewed: 2026-10-01\nreviewer: {name: Dr Test Reviewer, credentials: MBBS}\nauthor: Test team\n---\n## Results\n\nSome say more. Home treatment is the same as clinic treatment. More text follows here.\n\nSee [the check](claim:home-equals-clinic) and [the source](source:alpha2020).\n",
    );
    site
}

// Checks a claim's page: statement, verdict in words with its badge, the summary with its
// numbered citation, the sources with their links, and the article that states it, linked to
// its marker; the marker sits right after the sentence's full stop.
#[test]
fn claim_page_and_marker() {
    let site = small();
    site.build(&["--lint", "warn"]).assert_code(0);
    let page = unescape(&site.read("public/evidence/claims/home-equals-clinic/index.html"));
    assert!(page.contains("Home treatment works as well as clinic treatment."));
    assert!(
        page.contains("<span class=\"verdict verdict-unsupported\">"),
        "{page}"
    );
    assert!(page.contains("Unsupported</span>"));
    assert!(page.contains("No trial compared home and clinic treatment<sup class=\"citation\">[<a href=\"#ref-1\""), "{page}");
    assert!(page.contains("<li id=\"ref-1\" value=\"1\">"));
    assert!(page.contains("href=\"/evidence/sources/alpha2020/\""));
    assert!(page.contains("Pages that say it"), "{page}");
    assert!(
        page.contains("href=\"/claims/#claim-mark-1\">Claims</a>"),
        "{page}"
    );
    let article = site.read("public/claims/index.html");
    assert!(
        article.contains("clinic treatment.<span class=\"claim-marks\" id=\"claim-mark-1\"><a class=\"claim-mark claim-mark-unsupported\" href=\"/evidence/claims/home-equals-clinic/\""),
        "{article}"
    );
    assert!(article.contains("Evidence check: \u{201c}Home treatment works as well as clinic treatment\u{201d}, verdict: unsupported"));
    // Ledger links resolve to the pages.
    assert!(article.contains("<a href=\"/evidence/claims/home-equals-clinic/\">the check</a>"));
    assert!(article.contains("<a href=\"/evidence/sources/alpha2020/\">the source</a>"));
    // A documentation-only claim says so; the source page lists the article and both claims.
    let other = site.read("public/evidence/claims/clinic-better/index.html");
    assert!(other.contains("background evidence"), "{other}");
    let source = unescape(&site.read("public/evidence/sources/alpha2020/index.html"));
    assert!(
        source.contains("<a href=\"/ok/\">A fine page</a>"),
        "{source}"
    );
    assert!(source.contains("href=\"/evidence/claims/clinic-better/\""));
    assert!(broken_links(&read_tree(&site.path("public"))).is_empty());
    // Without the linter nothing is matched: no markers, the claim page lists no article.
    site.build(&["--lint", "off", "--force"]).assert_code(0);
    assert!(!site.read("public/claims/index.html").contains("claim-mark"));
    assert!(site
        .read("public/evidence/claims/home-equals-clinic/index.html")
        .contains("None of our pages makes this claim."));
}

// Checks that `vetted claims` says where a claim is asserted and where it is only discussed,
// and marks documentation-only claims.
#[test]
fn claims_command_separates_asserted_discussed_and_documentation_only() {
    let site = small();
    site.append(
        "content/claims.md",
        "\nHome treatment is not the same as clinic treatment.\n",
    );
    site.replace(
        "lints/claims.yaml",
        "    - all: [\"{home}\", \"{same}\", \"{clinic}\"]\n",
        "    - all: [\"{home}\", \"{same}\", \"{clinic}\"]\n    - all: [\"{home}\", \"{same}\", \"{clinic}\"]\n      negated: true\n",
    );
    let out = site.vetted(&["claims"]);
    out.assert_code(0)
        .assert_stdout_contains("asserted at content/claims.md:11:16")
        .assert_stdout_contains("discussed at content/claims.md:15:1 (hedged or denied)")
        .assert_stdout_contains("documentation only: not looked for in articles");
    let json = site.vetted(&["claims", "--json"]).json();
    assert_eq!(
        json[0]["asserted_at"],
        serde_json::json!(["content/claims.md:11:16"])
    );
    assert_eq!(
        json[0]["discussed_at"],
        serde_json::json!(["content/claims.md:15:1"])
    );
    assert_eq!(json[1]["documentation_only"], true);
}

// Checks that a link to a claim or source the registry does not have is a broken link naming
// the file and line, with the closest id suggested.
#[test]
fn unknown_ledger_links_are_broken_links() {
    let site = small();
    site.replace(
        "content/claims.md",
        "claim:home-equals-clinic",
        "claim:home-equals-clnic",
    );
    site.build(&["--lint", "warn"])
        .assert_code(1)
        .assert_stderr_contains("link to an unknown claim: `home-equals-clnic`")
        .assert_stderr_contains("content/claims.md:13:5")
        .assert_stderr_contains("did you mean `claim:home-equals-clinic`?");
}

// Checks that a page in the ledger's folders is refused (it would hide or be hidden by a
// generated page), while its `_index.md` gives the index its title and introduction.
#[test]
fn ledger_folders_hold_only_their_introductions() {
    let site = small();
    site.write(
        "content/evidence/claims/_index.md",
        "---\ntitle: Claims we checked\ndescription: All of them.\naliases: [/old-claims/]\n---\nAn introduction with [a link](../../claims.md).\n",
    );
    site.build(&["--lint", "warn"]).assert_code(0);
    let index = unescape(&site.read("public/evidence/claims/index.html"));
    assert!(index.contains("<h1>Claims we checked</h1>"), "{index}");
    assert!(
        index.contains("An introduction with <a href=\"/claims/\">a link</a>"),
        "{index}"
    );
    assert!(site
        .read("public/old-claims/index.html")
        .contains("/evidence/claims/"));
    site.write(
        "content/evidence/claims/home-equals-clinic.md",
        "---\ntitle: X\ndescription: Y\n---\nText.\n",
    );
    site.build(&["--lint", "warn"])
        .assert_code(2)
        .assert_stderr_contains(
            "/evidence/claims/home-equals-clinic/ is where vetted publishes the evidence ledger",
        );
    // `ledger: false` turns it off, markers and all.
    site.remove("content/evidence/claims/home-equals-clinic.md");
    site.write("site.yaml", "ledger: false\n");
    site.build(&["--lint", "warn", "--force"]).assert_code(0);
    assert!(!site.exists("public/evidence/claims/home-equals-clinic/index.html"));
    assert!(!site.read("public/claims/index.html").contains("claim-mark"));
}

// Checks that the search index holds the text a reader sees: an article stating a claim gets
// a marker on its page, but its search fragment keeps the sentence without the internal
// placeholder, and the placeholder's numbers are not searchable words.
#[test]
fn search_text_has_no_claim_marker_placeholders() {
    let site = small();
    site.build(&["--lint", "warn"]).assert_code(0);
    assert!(site
        .read("public/claims/index.html")
        .contains("claim-marks"));
    let fragments = site.tree("public/search/d");
    let text: String = fragments
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        text.contains("Home treatment is the same as clinic treatment. More text follows here."),
        "{text}"
    );
    assert!(!text.contains('\u{2}'), "{text}");
    assert!(!text.contains("\\u0002"), "{text}");
    let terms: String = site
        .tree("public/search/t")
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        !terms.contains("\"1\""),
        "a marker's number is indexed: {terms}"
    );
}

// Checks that a page that denies a claim in the claim's own words ("is not the same as") is
// listed as discussing it, in `vetted claims` and on the claim's page, though the claim has
// no `negated` alternative: the README promises denied statements under "discussed".
#[test]
fn a_page_that_denies_a_claim_discusses_it() {
    let site = small();
    site.write(
        "content/denies.md",
        &crate::harness::article(
            "Denies",
            "## Results\n\nHome treatment is not the same as clinic treatment.\n",
        ),
    );
    let json = site.vetted(&["claims", "--json"]).json();
    assert_eq!(json[0]["id"], "home-equals-clinic");
    assert_eq!(
        json[0]["discussed_at"],
        serde_json::json!(["content/denies.md:11:1"]),
        "{json}"
    );
    assert_eq!(
        json[0]["asserted_at"],
        serde_json::json!(["content/claims.md:11:16"])
    );
    // A documentation-only claim stays without places.
    assert_eq!(json[1]["discussed_at"], serde_json::json!([]));
    site.build(&["--lint", "warn"]).assert_code(0);
    let page = unescape(&site.read("public/evidence/claims/home-equals-clinic/index.html"));
    let discussed = page
        .split("Other pages that discuss it")
        .nth(1)
        .unwrap_or_else(|| panic!("no discussing pages: {page}"));
    assert!(discussed.contains("<a href=\"/denies/\""), "{page}");
    // The denial gets no evidence marker: it does not state the claim.
    assert!(!site
        .read("public/denies/index.html")
        .contains("claim-marks"));
}
