#!/usr/bin/env python3
"""Generate a deterministic micro-needling patient-guide corpus for benchmarking vetted and Hugo.

    gen_corpus.py --articles N --out DIR --flavor vetted|hugo [--seed S] [--claims clean|dirty]
                  [--repo REPO]

Every article is about 700 words: front matter (title, description, dates, reviewer, author,
tags, concerns, weight, sometimes get_help), H2/H3 headings, paragraphs, a bullet list, a
numbered list, a table, 2 or 3 cited claim-bearing sentences (citation ids from the copied
lints/sources.yaml), internal links to other articles (some with #anchors, all valid) and a
link to a heading of the same page. The N articles are spread over 10 sections, each with an
_index.md, plus content/_index.md.

Article i depends only on (seed, i, N, --claims): the two flavors get the same words; only the
front matter shape, the link syntax and the citation syntax differ. Same arguments, same bytes.

--claims clean   only correct, cited claims: `vetted build` passes with zero findings.
--claims dirty   the clean text plus violations in about one article in three (absolute-safety
                 wording, uncited statistics, wrong needle lengths, a length given as a
                 diameter, certainty and cure wording, an unsupported claim that contradicts
                 clean articles, uncited "a study found", inconsistent session times) and a
                 missing reviewer in one article in 50: `vetted build` fails, `--lint warn`
                 builds. No broken links: those stop every build.

vetted  DIR/site.yaml, DIR/content/**, DIR/lints (copied from REPO/lints), DIR/themes/default
        (copied from REPO/themes/default). Citations are [@id]; links are relative .md paths
        (../section/page.md#anchor, page.md, @/section/page.md).
hugo    DIR/hugo.toml, DIR/content/**, DIR/layouts/** (pages, paginated sections and taxonomy
        terms, term lists, a home page with section cards, a JSON search index, one RSS feed,
        sitemap): the same pages as vetted's theme, in simpler HTML. Citations become footnotes
        [^id] with the reference text from sources.yaml; links use relref. Build with
        `hugo --minify=false`.

REPO defaults to the folder above this script. Python 3 standard library only.
"""
import argparse
import datetime
import random
import re
import shutil
import sys
from pathlib import Path

SECTIONS = [  # folder, title, description, topics (one per article, by rotation)
    ("basics", "The basics", "What micro-needling is, how skin responds to it and the words you will hear.",
     ["how needling works", "skin healing", "the history of needling", "words explained", "what a session involves"]),
    ("safety", "Safety and risks", "The usual effects, the less common problems and the warning signs.",
     ["side effects", "infection", "dark patches", "allergic reactions", "who should wait"]),
    ("aftercare", "Aftercare and recovery", "What to do in the days after treatment.",
     ["the first day", "the first week", "sun care", "skin care after needling", "make-up after needling"]),
    ("treats", "What it may help", "What the studies say about scars, stretch marks and lines.",
     ["acne scars", "stretch marks", "fine lines", "large pores", "old scars"]),
    ("home-vs-clinic", "Home or clinic", "How home rollers differ from treatment in a clinic.",
     ["home rollers", "clinic pens", "choosing a clinic", "questions for your clinician", "cleaning a roller"]),
    ("evidence", "Evidence and claims", "How to read claims, adverts and before-and-after photos.",
     ["reading a study", "common claims", "before and after photos", "how we check facts", "adverts"]),
    ("skin-types", "Skin types and tones", "How skin type and tone change the risks and the plan.",
     ["darker skin", "sensitive skin", "oily skin", "dry skin", "older skin"]),
    ("hair", "Hair and scalp", "Needling on the scalp, and what it adds to hair loss treatment.",
     ["thinning hair", "scalp care", "hair loss care", "needling with minoxidil", "patchy hair loss"]),
    ("body", "Body areas", "Needling on the face, neck, hands and body.",
     ["the face", "the neck", "the hands", "the tummy", "the thighs"]),
    ("planning", "Costs and planning", "Planning a course, time off, costs and follow-up.",
     ["planning a course", "costs", "time off work", "booking a visit", "follow-up visits"]),
]
ASPECTS = ["a guide for patients", "what to expect", "common questions", "key facts",
           "before you book", "a plain guide"]
TAGS = ["basics", "safety", "aftercare", "procedure", "home devices", "clinics", "evidence",
        "skin of colour", "scalp", "body", "costs", "side effects", "recovery", "claims"]
CONCERNS = ["acne scars", "stretch marks", "wrinkles", "dark patches", "infection", "hair loss",
            "skin texture", "scarring", "side effects", "skin of colour"]
REVIEWERS = [("Dr Amara Okafor", "MBBS, MRCP, consultant dermatologist"),
             ("Dr Daniel Reyes", "MD, FAAD, board-certified dermatologist"),
             ("Dr Mei Lin Tan", "MBBS, FRCP, consultant dermatologist"),
             ("Sarah Blake", "RN, nurse prescriber, dermatology nurse specialist")]
AUTHORS = ["Vetted editorial team", "Jo Hart, health writer", "Priya Shah, health writer"]
PEOPLE = ["your clinician", "the nurse", "your GP", "a dermatologist", "the clinic team", "your pharmacist"]

# Plain filler: no numbers, no claims, short words (the corpus must stay under reading grade 8).
FILLER = [
    "Many people ask about {t} before they book a first visit.",
    "It helps to write down your questions before you see {p}.",
    "Ask {p} to explain each step in plain words.",
    "Take photos in the same light each time so you can compare them.",
    "Bring a list of the creams and tablets you use to each visit.",
    "A good clinic will talk you through the risks as well as the hoped-for gains.",
    "Tell {p} if you have had cold sores, raised scars or a skin rash.",
    "Changes in the skin build up slowly, over weeks rather than days.",
    "Keep the treated skin clean and try not to touch it.",
    "Use a mild cleanser and a plain cream while your skin settles.",
    "Wear sunscreen each day, even when the sky is grey.",
    "Stop and get advice if something does not feel right.",
    "Prices vary a lot, so ask what is included before you pay.",
    "A written plan makes it easier to keep track of each visit.",
    "Some clinics offer a short phone call before the first visit.",
    "Read the aftercare sheet again when you get home.",
    "A friend can come with you to the first visit if you like.",
    "{P} should check your skin before each visit.",
    "Skin that is sore, broken or red needs time to heal first.",
    "Ask how the needles are kept clean and whether each one is used once.",
    "Notes and photos help you and {p} see what has changed.",
    "Simple routines are easier to keep up than long ones.",
    "If you feel unsure, it is okay to ask for a second opinion.",
    "{T} is a common reason people look into micro-needling.",
    "This page explains {t} in plain words.",
    "Your own plan will depend on your skin and what you hope for.",
    "It is normal to feel a bit nervous before a first visit.",
    "Some people like to read about {t} before they talk to {p}.",
    "There is no rush, and you can change your mind at any time.",
    "Clear, honest answers are a good sign that a clinic takes care.",
]
KEY_POINTS = [
    "Needling makes tiny wounds that the skin then repairs.",
    "Results build up slowly and are partial, not complete.",
    "A trained person with clean, single-use needles lowers the risks.",
    "Tell your clinician about your skin, your health and your tablets.",
    "Stop and get advice if your skin gets worse instead of better.",
    "Protect treated skin from the sun while it heals.",
]
TIPS = ["use a mild cleanser for the first few days", "wear sunscreen each day",
        "do not pick at flakes or scabs", "skip make-up until your skin has closed over",
        "leave out strong acids and retinoids for a while", "use a clean pillowcase",
        "keep your hands away from your face", "ask before you use a new serum"]
STEPS = ["Check that the clinic is registered and that the person is trained.",
         "Ask what needle depth they plan to use and why.",
         "Tell them about cold sores, raised scars and the tablets you take.",
         "Ask what aftercare you will need and who to call if there is a problem.",
         "Agree on a plan and a price before the first session."]
TABLE_ROWS = [("Straight after", "Red, tight, warm skin", "Keep it clean and leave it alone"),
              ("Next day", "Redness fading, some dryness", "Use a plain cream"),
              ("Later that week", "Light flaking", "Do not pick at flakes"),
              ("Next few weeks", "Skin looks calmer", "Keep using sunscreen"),
              ("Any time", "Pus, heat or a fever", "Get medical advice")]
GET_HELP = ["Redness, pain or swelling that gets worse instead of better: contact your clinic",
            "Pus, yellow crusts, spreading redness or a fever: get urgent medical advice",
            "Blisters or a cold sore outbreak in the treated area: contact your clinic or doctor",
            "Dark patches that do not fade: see a doctor"]

# Correct, cited claim-bearing sentences (the citation sits before the full stop). Each
# exercises a registry check: quantities, statistics with registered figures, claims.
FACTS = [
    ("Mild redness usually settles in one to three days", ["chu2021"]),
    ("In a split-face trial, acne scars improved after three sessions, with about 41% perceived "
     "improvement at six months", ["alam2014"]),
    ("Home devices mostly have needles about 0.2 to 0.5 mm long", ["scirep2022", "aad2018"]),
    ("Clinic needles are usually 0.5 to 1.5 mm long, and can go up to about 3 mm", ["hou2017", "gowda2021"]),
    ("In a trial of 100 men, 82% of those who had needling plus minoxidil reported a clear gain, "
     "against 4.5% with minoxidil alone", ["dhurat2013"]),
    ("Clinic treatment is expected to work better than home rolling, because its needles go deeper",
     ["aad2018"]),
    ("Side effects are usually mild and short-lived", ["chu2021"]),
    ("Darker skin has a higher risk of dark patches, so ask about a test patch", ["cohen2016", "chu2021"]),
    ("Studies used about three to six sessions, usually about four weeks apart", ["harris2015", "alam2014"]),
    ("A needling session on the face takes roughly 10 to 30 minutes", ["roco"]),
    ("One trial found dermal density up about 102% three months after four sessions", ["asj2021"]),
    ("A review of 22 studies with 1127 people found that needling helped hair growth mainly as an "
     "add-on", ["english2022"]),
    ("Micro-needles are about 0.1 to 0.25 mm thick", ["gowda2021", "kalluri2011"]),
    ("Reported problems include dark patches in up to 13.8% of people in one group and tram-track "
     "scars in up to 5.3%", ["gowda2021"]),
    ("In small trials, needling made stretch marks less visible", ["striae2024"]),
    ("The FDA has cleared some devices to improve the look of facial acne scars", ["fdadevices"]),
]
# Violations for --claims dirty; each is caught by a registry rule or a built-in check.
DIRTY = [
    "Micro-needling is completely safe and has no downtime.",                # absolute-safety
    "Eight in ten patients reported smoother skin.",                        # uncited-statistic
    "About 60% of people see a change after one session.",                  # uncited-statistic
    "Our at-home roller has 1.5 mm needles for the best results.",          # quantity-out-of-range
    "The cartridge needles measure 1.5 mm in diameter.",                    # length-as-diameter
    "It is clinically proven to reverse ageing.",                           # certainty + cure
    "Using a derma roller yourself delivers results equal to an in-office procedure.",  # unsupported, contradicts FACTS[5]
    "A recent study found a drop in scar depth.",                           # study-reference
    "Micro-needling devices are FDA approved.",                             # fda-approved (false)
    "A full-face session takes about an hour of needling.",                 # inconsistent-quantity
    "The procedure is suitable for every skin type.",                       # universal-suitability
]
ANCHORS = ["", "", "key-points", "what-the-evidence-says", "recovery-and-aftercare",
           "when-to-get-medical-help"]
FLAVORS = ("vetted", "hugo")


def slugify(text):
    return re.sub(r"-+", "-", "".join(c if c.isalnum() else "-" for c in text.lower())).strip("-")


def cap(text):
    return text[:1].upper() + text[1:]


def read_sources(path):
    """{id: reference text} from sources.yaml (a line-based reader for its simple layout)."""
    sources, cur = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^- id:\s*(\S+)", line)
        if m:
            cur = sources.setdefault(m.group(1), {})
            continue
        m = re.match(r"^  (authors|title|container|year):\s*(.+)$", line)
        if cur is not None and m:
            cur[m.group(1)] = m.group(2).strip().strip("[]").strip('"')
    return {k: ". ".join(v[f] for f in ("authors", "title", "container", "year") if f in v) + "."
            for k, v in sources.items()}


def catalogue(n, seed):
    """[(section folder, slug, title, topic)] for n articles, spread round-robin over the sections."""
    rng = random.Random(f"{seed}-catalogue")
    items = []
    for i in range(n):
        folder, _, _, topics = SECTIONS[i % len(SECTIONS)]
        topic = topics[(i // len(SECTIONS)) % len(topics)]
        aspect = rng.choice(ASPECTS)
        items.append((folder, f"{slugify(topic)}-{slugify(aspect)}-{i:06d}", f"{cap(topic)}: {aspect}", topic))
    return items


class Writer:
    """Link and citation syntax of one flavor; collects the citation keys of one article."""

    def __init__(self, flavor, items, here):
        self.flavor, self.items, self.here, self.keys = flavor, items, here, []

    def link(self, j, anchor, text=None):
        sec, slug, title, _ = self.items[j]
        frag = f"#{anchor}" if anchor else ""
        text = text or title
        if self.flavor == "hugo":
            return f'[{text}]({{{{< relref "/{sec}/{slug}.md{frag}" >}}}})'
        style = j % 3
        if self.here is None or style == 0:
            target = f"@/{sec}/{slug}.md{frag}"
        elif sec == self.items[self.here][0]:
            target = f"{slug}.md{frag}"
        else:
            target = f"../{sec}/{slug}.md{frag}"
        return f"[{text}]({target})"

    def cite(self, keys):
        for k in keys:
            if k not in self.keys:
                self.keys.append(k)
        if self.flavor == "hugo":
            return "".join(f"[^{k}]" for k in keys)
        return " [" + "; ".join(f"@{k}" for k in keys) + "]"


def article(i, items, flavor, seed, claims, refs):
    rng = random.Random(f"{seed}-{i}")
    n = len(items)
    sec, slug, title, topic = items[i]
    w = Writer(flavor, items, i)

    def para(k):
        return " ".join(f.format(t=topic, T=cap(topic), p=(p := rng.choice(PEOPLE)), P=cap(p))
                        for f in rng.sample(FILLER, k))

    def fact(k):
        text, keys = FACTS[k]
        return text + w.cite(keys) + "."

    others = [rng.randrange(n) for _ in range(5)]
    anchors = [rng.choice(ANCHORS) for _ in range(5)]
    facts = rng.sample(range(len(FACTS)), rng.choice((2, 3)))
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(540))
    updated = date + datetime.timedelta(days=rng.randrange(0, 120))
    reviewed = updated
    reviewer = rng.choice(REVIEWERS)
    author = rng.choice(AUTHORS)
    tags = list(dict.fromkeys([SECTIONS[i % len(SECTIONS)][0].replace("-", " ")] + rng.sample(TAGS, 2)))
    concerns = rng.sample(CONCERNS, rng.choice((1, 2)))
    desc = f"Plain facts about {topic}: what to expect, the risks and how to plan care."
    get_help = rng.sample(GET_HELP, 3) if rng.random() < 0.25 else None
    # Dirty-only choices come from their own stream so the clean text is the same in both.
    drng = random.Random(f"{seed}-{i}-dirty")
    bad = drng.sample(DIRTY, drng.choice((1, 2))) if claims == "dirty" and i % 3 == 0 else []
    no_reviewer = claims == "dirty" and i % 50 == 7

    lines = ["---", f'title: "{title}"', f'description: "{desc}"', f"date: {date}"]
    if flavor == "hugo":
        lines.append(f"lastmod: {updated}")
    else:
        lines.append(f"updated: {updated}")
    lines.append(f"reviewed: {reviewed}")
    if not no_reviewer:
        lines += ["reviewer:", f"  name: {reviewer[0]}", f'  credentials: "{reviewer[1]}"']
    lines += [f"author: {author}", f"tags: [{', '.join(tags)}]", f"concerns: [{', '.join(concerns)}]",
              f"weight: {i + 1}"]
    if get_help:
        lines.append("get_help: |")
        lines += [f"  - {g}" for g in get_help]
    lines.append("---")
    head = "\n".join(lines) + "\n"

    kp = rng.sample(KEY_POINTS, 3)
    evidence = [fact(k) for k in facts]
    evidence_para = " ".join([para(1)] + evidence[:2] + [para(2)])
    for b in bad:  # violations go into the evidence paragraph
        evidence_para += " " + b
    table = "| When | What you may notice | What to do |\n|---|---|---|\n" + "\n".join(
        f"| {a} | {b} | {c} |" for a, b, c in TABLE_ROWS[:rng.choice((3, 4, 5))])
    tips = "\n".join(f"- {cap(t)}" for t in rng.sample(TIPS, 4))
    steps = "\n".join(f"{k}. {s}" for k, s in enumerate(rng.sample(STEPS, 4), 1))
    last_fact = evidence[2] if len(evidence) > 2 else ""
    help_text = "the warning signs below" if get_help else "the warning signs"
    body = f"""## Key points

""" + "\n".join(f"- {p}" for p in kp) + f"""
- {evidence[0]}

{para(4)}

## What it is

{para(5)}

{para(4)} See also {w.link(others[0], anchors[0])}.

## What the evidence says

{evidence_para}

{" ".join(filter(None, [para(3), last_fact]))}

### Questions about {topic}

{para(4)} If you are unsure, read {w.link(others[1], anchors[1])} first.

## Before your visit

{steps}

{para(4)}

## What to expect

{table}

{para(5)}

## Recovery and aftercare

Practical tips:

{tips}

{para(4)} Know {w.link(i, "when-to-get-medical-help", help_text)} before you go home.

## When to get medical help

{para(2)} Contact the clinic or a doctor if redness, pain or swelling gets worse instead of better.

## Related pages

""" + "\n".join(f"- {w.link(j, a)}" for j, a in zip(others[2:], anchors[2:])) + "\n"
    if flavor == "hugo" and w.keys:
        body += "\n" + "\n".join(f"[^{k}]: {refs[k]}" for k in w.keys) + "\n"
    return head + "\n" + body


# --- site scaffolding -----------------------------------------------------------------------------

VETTED_SITE = """# Benchmark corpus generated by benches/gen_corpus.py ({n} articles, seed {seed}, claims {claims}).
title: "Micro-needling: a patient guide (benchmark corpus)"
description: "A generated corpus for measuring vetted."
base_url: "https://example.org"
language: en-GB
publisher: Vetted patient guides
theme: default
taxonomies: [tags, concerns]
# Reviews are dated 2024-2025; a long interval keeps review-overdue out of the results, whatever today is.
review_interval_days: 36500
lint: deny
paginate_by: 20
feed_limit: 20
"""
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Micro-needling: a patient guide (benchmark corpus)"
languageCode = "en-GB"
paginate = 20
enableRobotsTXT = true

[taxonomies]
tag = "tags"
concern = "concerns"

[outputs]
home = ["HTML", "RSS", "JSON"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
typographer = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""
# Like vetted's output: one feed (home RSS; vetted writes one atom.xml), a JSON search index
# (vetted: search-index.json), sitemap.xml and robots.txt; no feeds per section or term.
HUGO_LAYOUTS = {
    "layouts/_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ $cur := . }}{{ range .Site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $cur.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ul></nav>
<form role="search"><input type="search" name="q" aria-label="Search"></form>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>Published by Vetted patient guides. This guide does not replace advice from your own doctor.</p></footer>
</body>
</html>
""",
    "layouts/_default/single.html": """{{ define "main" }}
<nav class="breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>{{ with .Parent }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
<article>
<h1>{{ .Title }}</h1>
<p class="lede">{{ .Description }}</p>
<p class="meta">By {{ .Params.author }}. {{ with .Params.reviewer }}Reviewed by {{ .name }} ({{ .credentials }}){{ end }} on {{ .Params.reviewed }}. {{ .ReadingTime }} min read.</p>
<nav class="toc" aria-label="On this page">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
<aside class="get-help"><h2>When to get medical help</h2>{{ with .Params.get_help }}{{ . | markdownify }}{{ else }}<ul><li>Redness, pain or swelling that gets worse: contact your clinic</li></ul>{{ end }}</aside>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ range .GetTerms "concerns" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
{{ end }}
""",
    "layouts/_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lede">{{ . }}</p>{{ end }}
{{ .Content }}
{{ $pag := .Paginate .Pages.ByWeight }}
<ul class="cards">{{ range $pag.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p><p>{{ .ReadingTime }} min read, reviewed {{ .Params.reviewed }}</p></li>{{ end }}</ul>
<nav class="pagination">{{ if $pag.HasPrev }}<a rel="prev" href="{{ $pag.Prev.URL }}">Previous</a>{{ end }} Page {{ $pag.PageNumber }} of {{ $pag.TotalPages }} {{ if $pag.HasNext }}<a rel="next" href="{{ $pag.Next.URL }}">Next</a>{{ end }}</nav>
{{ end }}
""",
    "layouts/_default/terms.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "layouts/index.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Site.Sections.ByWeight }}<section class="card"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Description }} ({{ len .Pages }} pages)</p>
<ul>{{ range first 6 .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}
{{ end }}
""",
    "layouts/index.json": """[{{ range $i, $p := where .Site.RegularPages "Kind" "page" }}{{ if $i }},{{ end }}{"t":{{ $p.Title | jsonify }},"u":{{ $p.RelPermalink | jsonify }},"d":{{ $p.Description | jsonify }},"s":{{ $p.Section | jsonify }}}{{ end }}]
""",
    "static/style.css": "body{font-family:system-ui,sans-serif;max-width:46rem;margin:auto;line-height:1.5}\n",
}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--flavor", choices=FLAVORS, default="vetted")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--claims", choices=("clean", "dirty"), default="clean")
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="vetted repository to copy lints/ and themes/default from")
    args = ap.parse_args()
    if args.articles < 1:
        sys.exit("--articles must be at least 1")
    sources_path = args.repo / "lints" / "sources.yaml"
    refs = read_sources(sources_path)
    missing = sorted({k for _, keys in FACTS for k in keys} - refs.keys())
    if missing:
        sys.exit(f"citation ids not in {sources_path}: {', '.join(missing)}")
    if args.out.exists():
        shutil.rmtree(args.out)
    content = args.out / "content"
    items = catalogue(args.articles, args.seed)
    for i, (sec, slug, _, _) in enumerate(items):
        write(content / sec / f"{slug}.md", article(i, items, args.flavor, args.seed, args.claims, refs))
    hugo = args.flavor == "hugo"
    used = [(k, s) for k, s in enumerate(SECTIONS) if any(it[0] == s[0] for it in items)]
    for k, (folder, title, desc, _) in used:
        sort = ("weight", "date", "title")[k % 3]
        fm = f'---\ntitle: "{title}"\ndescription: "{desc}"\nweight: {(k + 1) * 10}\n'
        fm += "---\n" if hugo else f"sort_by: {sort}\n---\n"
        write(content / folder / "_index.md",
              fm + f"These pages cover {title.lower()}. Each one was checked by a clinical reviewer.\n")
    w = Writer(args.flavor, items, None)  # content/_index.md: site-absolute links
    starts = "\n".join(f"- {w.link(j, '')}" for j in range(min(len(items), 3)))
    write(content / "_index.md",
          '---\ntitle: "Micro-needling: a patient guide"\ndescription: "Plain-language, '
          'evidence-checked information about micro-needling."\n' + ("" if hugo else "sort_by: weight\n")
          + "---\nWelcome. This guide explains micro-needling in plain words.\n\n"
          "This guide does not replace advice from your own doctor or nurse.\n\n"
          f"Good places to start:\n\n{starts}\n")
    if hugo:
        write(args.out / "hugo.toml", HUGO_CONFIG)
        for rel, text in HUGO_LAYOUTS.items():
            write(args.out / rel, text)
    else:
        write(args.out / "site.yaml", VETTED_SITE.format(n=args.articles, seed=args.seed, claims=args.claims))
        shutil.copytree(args.repo / "lints", args.out / "lints")
        shutil.copytree(args.repo / "themes" / "default", args.out / "themes" / "default")


if __name__ == "__main__":
    main()
