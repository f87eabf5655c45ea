//! schema.org `MedicalWebPage` structured data for each article.

use serde_json::{json, Value};

use crate::content::PageMeta;
use crate::site::Site;

pub(crate) fn medical_web_page(site: &Site, index: usize, meta: &PageMeta) -> String {
    let doc = &site.docs[index];
    let citations: Vec<Value> = doc
        .md
        .references
        .iter()
        .filter_map(|id| site.registry.bib.get(id))
        .map(|s| {
            let mut c = json!({"@type": if s.kind.as_deref() == Some("article") { "ScholarlyArticle" } else { "CreativeWork" }, "name": s.title});
            if let Some(doi) = &s.doi {
                c["identifier"] = json!(format!("doi:{doi}"));
                c["url"] = json!(s.doi_url());
            } else if let Some(url) = &s.url {
                c["url"] = json!(url);
            }
            if let Some(year) = &s.year {
                c["datePublished"] = json!(year);
            }
            c
        })
        .collect();
    let mut page = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "description": meta.description,
        "url": site.permalink(index),
        "inLanguage": site.config.language,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "citation": citations,
    });
    if let Some(date) = meta.date {
        page["datePublished"] = json!(date.to_string());
    }
    if let Some(date) = meta.updated.or(meta.reviewed).or(meta.date) {
        page["dateModified"] = json!(date.to_string());
    }
    if let Some(reviewed) = meta.reviewed {
        page["lastReviewed"] = json!(reviewed.to_string());
    }
    // An illustrative reviewer is no reviewer: machines cannot read the caveat on the page.
    if let Some(r) = meta
        .reviewer
        .as_ref()
        .filter(|_| !site.config.illustrative_reviewers)
    {
        let mut person = json!({"@type": "Person", "name": r.name});
        if let Some(c) = &r.credentials {
            person["honorificSuffix"] = json!(c);
        }
        page["reviewedBy"] = person;
    }
    if let Some(author) = &meta.author {
        page["author"] = json!({"@type": "Organization", "name": author});
    }
    if !site.config.publisher.is_empty() {
        page["publisher"] = json!({"@type": "Organization", "name": site.config.publisher});
    }
    if let Some(tags) = meta.taxonomies.get("tags") {
        page["keywords"] = json!(tags.join(", "));
    }
    // Inside <script>, "</script>" or "<!--" would change how the page parses; JSON may
    // escape any character, so none of `<`, `>` and `&` is left as is.
    let json = serde_json::to_string(&page).unwrap_or_default();
    let mut out = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}
