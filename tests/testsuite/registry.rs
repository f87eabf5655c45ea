//! Errors in the claims registry (`lints/`): every one exits 2 and names the file and line, for
//! `lint`, `build`, `explain` and `claims` alike. Uses the small `registry-small` fixture.

use crate::harness::{Output, Site};

/// `registry-small` with one registry file edited by replacing `from` with `to`.
fn broken(file: &str, from: &str, to: &str) -> Site {
    let site = Site::new("registry-small");
    site.replace(&format!("lints/{file}"), from, to);
    site
}

/// Runs `vetted lint` and asserts exit 2 with `file:line` in stderr.
fn assert_registry_error(site: &Site, location: &str) -> Output {
    let out = site.vetted(&["lint"]);
    out.assert_code(2)
        .assert_stderr_contains(&format!("[ROOT]/lints/{location}"));
    assert!(
        out.stdout.is_empty(),
        "no report on a broken registry\n{out}"
    );
    out
}

// Checks that the small registry fixture itself is valid and its content is clean.
#[test]
fn small_registry_is_valid() {
    let site = Site::new("registry-small");
    site.vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("0 errors, 0 warnings, 0 infos in 1 file");
}

// Checks that invalid YAML in claims.yaml exits 2 naming file and line.
#[test]
fn invalid_yaml_in_claims() {
    let site = broken(
        "claims.yaml",
        "topic: home-vs-clinic",
        "topic: [home-vs-clinic",
    );
    assert_registry_error(&site, "claims.yaml:");
}

// Checks that invalid YAML in terms.yaml exits 2 naming file and line.
#[test]
fn invalid_yaml_in_terms() {
    let site = Site::new("registry-small");
    site.write("lints/terms.yaml", "home: [home\nclinic: [clinic]\n");
    assert_registry_error(&site, "terms.yaml:2");
}

// Checks that an unknown key in a claim exits 2 at its line and lists the valid keys.
#[test]
fn unknown_key_in_claim() {
    let site = broken(
        "claims.yaml",
        "  verdict: unsupported",
        "  verdikt: unsupported",
    );
    assert_registry_error(&site, "claims.yaml:5")
        .assert_stderr_contains("unknown field `verdikt`")
        .assert_stderr_contains("`verdict`");
}

// Checks that an unknown key in a phrase rule exits 2 at its line.
#[test]
fn unknown_key_in_rule() {
    let site = broken(
        "rules/miracle.yaml",
        "summary: Miracle wording",
        "sumary: Miracle wording",
    );
    assert_registry_error(&site, "rules/miracle.yaml:4")
        .assert_stderr_contains("unknown field `sumary`");
}

// Checks that an unknown key in a source exits 2 at its line.
#[test]
fn unknown_key_in_source() {
    let site = broken("sources.yaml", "  year: 2021", "  yeer: 2021");
    assert_registry_error(&site, "sources.yaml:11").assert_stderr_contains("unknown field `yeer`");
}

// Checks that an unknown rule in config.yaml exits 2 and suggests the closest rule id.
#[test]
fn unknown_rule_in_config() {
    let site = broken("config.yaml", "rules: {}", "rules:\n  miracle-word: off");
    assert_registry_error(&site, "config.yaml:5")
        .assert_stderr_contains("did you mean `miracle-words`?");
}

// Checks that a duplicate claim id exits 2 at the line of the second occurrence.
#[test]
fn duplicate_claim_id() {
    let site = broken(
        "claims.yaml",
        "- id: clinic-better",
        "- id: home-equals-clinic",
    );
    assert_registry_error(&site, "claims.yaml:13")
        .assert_stderr_contains("duplicate id `home-equals-clinic`");
}

// Checks that a duplicate source id exits 2 at the line of the second occurrence.
#[test]
fn duplicate_source_id() {
    let site = broken("sources.yaml", "- id: beta2021", "- id: alpha2020");
    assert_registry_error(&site, "sources.yaml:8")
        .assert_stderr_contains("duplicate source id `alpha2020`");
}

// Checks that an unknown source id in a claim exits 2 at its line and suggests the closest id.
#[test]
fn unknown_source_id() {
    let site = broken(
        "claims.yaml",
        "sources: [alpha2020, beta2021]",
        "sources: [alpha2020, beta2012]",
    );
    assert_registry_error(&site, "claims.yaml:18")
        .assert_stderr_contains("unknown source id `beta2012`")
        .assert_stderr_contains("did you mean `beta2021`?");
}

// Checks that a claim contradicting an unknown claim exits 2 at its line.
#[test]
fn contradicts_unknown_claim() {
    let site = broken(
        "claims.yaml",
        "contradicts: [clinic-better]",
        "contradicts: [clinic-beter]",
    );
    assert_registry_error(&site, "claims.yaml:9").assert_stderr_contains("clinic-beter");
}

// Checks that a phrase rule whose `stance` names an unknown claim exits 2 at that line.
#[test]
fn rule_stance_unknown_claim() {
    let site = broken(
        "rules/miracle.yaml",
        "severity: error\n",
        "severity: error\nstance: clinic-beter\n",
    );
    assert_registry_error(&site, "rules/miracle.yaml:4").assert_stderr_contains("clinic-beter");
}

// Checks that an invalid regular expression in a rule exits 2 at the pattern's line.
#[test]
fn invalid_regex_in_rule() {
    let site = broken("rules/miracle.yaml", r"'\bmiracle\b'", r"'\bmir(acle\b'");
    assert_registry_error(&site, "rules/miracle.yaml:8").assert_stderr_contains("invalid pattern");
}

// Checks that an invalid regular expression in a claim exits 2 at the pattern's line (the
// syntax is checked on a second thread while the prefilter compiles).
#[test]
fn invalid_regex_in_claim() {
    let site = broken(
        "claims.yaml",
        r#"- all: ["{home}", "{same}", "{clinic}"]"#,
        r"- regex: '{home}\s+(?:{clinic}'",
    );
    assert_registry_error(&site, "claims.yaml:11").assert_stderr_contains("invalid pattern");
}

// Checks that a regular expression too large for the regex engine exits 2 at the pattern's line, in a claim and in a rule.
#[test]
fn oversized_regex_names_its_line() {
    let site = broken(
        "claims.yaml",
        r#"- all: ["{home}", "{same}", "{clinic}"]"#,
        r"- regex: '(?:ab{1000}){1000}'",
    );
    assert_registry_error(&site, "claims.yaml:11")
        .assert_stderr_contains("pattern too large")
        .assert_stderr_contains("help: make it smaller");
    let site = broken(
        "rules/miracle.yaml",
        r"'\bmiracle\b'",
        r"'(?:x{500}\w){500}'",
    );
    assert_registry_error(&site, "rules/miracle.yaml:8")
        .assert_stderr_contains("pattern too large");
}

// Checks that an unknown {group} in a rule pattern exits 2 at the pattern's line.
#[test]
fn unknown_group_in_rule() {
    let site = broken(
        "rules/miracle.yaml",
        r"{home}\s+wonder",
        r"{homes}\s+wonder",
    );
    assert_registry_error(&site, "rules/miracle.yaml:9")
        .assert_stderr_contains("unknown term group `{homes}`");
}

// Checks that an unknown {group} in a claim's match exits 2 at its line.
#[test]
fn unknown_group_in_claim() {
    let site = broken("claims.yaml", "\"{same}\"", "\"{similar}\"");
    assert_registry_error(&site, "claims.yaml:11")
        .assert_stderr_contains("unknown term group `{similar}`");
}

// Checks that registry errors also stop `build`, `explain` and `claims` with exit 2 and write nothing.
#[test]
fn registry_errors_stop_every_command() {
    let site = broken(
        "claims.yaml",
        "sources: [alpha2020, beta2021]",
        "sources: [alpha2020, beta2012]",
    );
    for args in [&["build"][..], &["explain", "miracle-words"], &["claims"]] {
        site.vetted(args)
            .assert_code(2)
            .assert_stderr_contains("[ROOT]/lints/claims.yaml:18");
    }
    assert!(!site.exists("public"));
}

// Checks that a claim with neither `match` nor `documentation_only: true` exits 2 at its line
// and says how to fix it, and that a claim cannot have both.
#[test]
fn claim_without_match_must_say_documentation_only() {
    let site = broken("claims.yaml", "  documentation_only: true\n", "");
    assert_registry_error(&site, "claims.yaml:13")
        .assert_stderr_contains("claim `clinic-better` has no `match` rules")
        .assert_stderr_contains("`documentation_only: true`");
    let site = broken(
        "claims.yaml",
        "  documentation_only: true\n",
        "  documentation_only: true\n  match:\n    - all: [\"{clinic}\"]\n",
    );
    assert_registry_error(&site, "claims.yaml:13")
        .assert_stderr_contains("has both `match` and `documentation_only: true`");
}

// Checks that a claim's `summary` may cite only known sources and link only to other sites.
#[test]
fn summary_citations_and_links_are_checked() {
    let site = broken(
        "claims.yaml",
        "  help: Say that no trial compared them.\n",
        "  help: Say that no trial compared them.\n  summary: No trial compared them [@gamma2000].\n",
    );
    assert_registry_error(&site, "claims.yaml:9")
        .assert_stderr_contains("claim `home-equals-clinic`: `summary` cites `gamma2000`");
    let site = broken(
        "claims.yaml",
        "  help: Say that no trial compared them.\n",
        "  help: Say that no trial compared them.\n  summary: See [our page](../ok.md).\n",
    );
    assert_registry_error(&site, "claims.yaml:9")
        .assert_stderr_contains("a summary may link to other sites only");
}

// Checks that a term or pattern that matches the empty string, and so every sentence, is a
// registry error at its line rather than a finding on every sentence of the site.
#[test]
fn a_term_or_pattern_matching_nothing_at_all_is_an_error() {
    let all = r#"    - all: ["{home}", "{same}", "{clinic}"]"#;
    for (to, line, says) in [
        (
            r#"    - all: ["{home}", ""]"#,
            11,
            "an empty term matches every sentence",
        ),
        (
            r#"    - all: ["{home}", "*"]"#,
            11,
            "the term `*` matches every sentence",
        ),
        (
            "    - all: [\"{home}\"]\n    - regex: \"\"",
            12,
            "an empty pattern matches every sentence",
        ),
        (
            "    - regex: 'a*'",
            11,
            "the pattern `a*` matches the empty string",
        ),
    ] {
        let site = broken("claims.yaml", all, to);
        assert_registry_error(&site, &format!("claims.yaml:{line}:")).assert_stderr_contains(says);
    }
    let site = broken("terms.yaml", "  - at home", "  - at home\n  - \"-\"");
    assert_registry_error(&site, "terms.yaml:2:")
        .assert_stderr_contains("group `home`: the term `-` matches every sentence");
}

// Checks that a byte-order mark before a list-type registry file (sources, claims) is ignored,
// as it is everywhere else: it used to cut the first entry's keys ("missing field `title`").
#[test]
fn a_byte_order_mark_before_a_registry_file_is_ignored() {
    let site = Site::new("registry-small");
    for file in [
        "lints/sources.yaml",
        "lints/claims.yaml",
        "lints/terms.yaml",
    ] {
        let text: String = site
            .read(file)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(file, &format!("\u{feff}{text}"));
    }
    site.vetted(&["lint"])
        .assert_code(0)
        .assert_stdout_contains("0 errors, 0 warnings, 0 infos in 1 file");
    // Locations stay right: the duplicate of the first source is found on its line.
    site.append(
        "lints/sources.yaml",
        "- id: alpha2020\n  type: web\n  title: Again\n  year: 2020\n  url: https://example.com/a\n",
    );
    let lines = site.read("lints/sources.yaml").lines().count();
    assert_registry_error(&site, &format!("sources.yaml:{}", lines - 4))
        .assert_stderr_contains("duplicate source id `alpha2020`");
}
