//! Which setting a statement is about: the registry's contexts (term groups such as `home`
//! and `professional`), found nearest first.
//!
//! "A 0.75 mm roller" is a home claim in a guide to rolling at home and a clinic claim on a
//! clinic's service page. The context of a phrase is the context term nearest to it in its
//! clause, then in its sentence, its paragraph, the paragraph that introduces its list, the
//! heading of its section, and last the context that dominates the whole document.

use std::cell::OnceCell;
use std::ops::Range;

use crate::lint::registry::Registry;
use crate::lint::text::Sentence;
use crate::markdown::prose::{BlockKind, ProseBlock};

/// The wider scopes of each block of one document, computed once per document.
pub struct Scopes<'d> {
    blocks: &'d [ProseBlock],
    /// The document's title: from its front matter, or its first top-level heading.
    title: Option<&'d str>,
    /// For each block, the heading of its section.
    heading: Vec<Option<usize>>,
    /// For each list item, the paragraph that introduces its list.
    lead_in: Vec<Option<usize>>,
    /// The document's dominant context, when a sentence needs it.
    document: OnceCell<Option<usize>>,
}

impl<'d> Scopes<'d> {
    pub fn new(blocks: &'d [ProseBlock], title: Option<&'d str>) -> Scopes<'d> {
        let title = title.filter(|t| !t.trim().is_empty()).or_else(|| {
            blocks
                .iter()
                .find(|b| b.level == 1)
                .map(|b| b.text.as_str())
        });
        let mut heading = Vec::with_capacity(blocks.len());
        let mut lead_in = Vec::with_capacity(blocks.len());
        let mut last_heading = None;
        let mut last_paragraph = None;
        for (i, block) in blocks.iter().enumerate() {
            heading.push(last_heading);
            lead_in.push(match block.kind {
                BlockKind::ListItem => last_paragraph,
                _ => None,
            });
            match block.kind {
                // A title (level 1) is about the whole document, not a section.
                BlockKind::Heading => {
                    last_heading = (block.level > 1).then_some(i);
                    last_paragraph = None;
                }
                BlockKind::Paragraph => last_paragraph = Some(i),
                _ => {}
            }
        }
        Scopes {
            blocks,
            title,
            heading,
            lead_in,
            document: OnceCell::new(),
        }
    }

    /// The index of the block a sentence belongs to.
    fn index_of(&self, sentence: &Sentence) -> Option<usize> {
        self.blocks
            .iter()
            .position(|b| std::ptr::eq(b, sentence.block))
    }

    /// The heading of the section a sentence is in (not the title).
    pub fn heading(&self, sentence: &Sentence) -> Option<&'d str> {
        let i = self.index_of(sentence)?;
        self.heading[i].map(|h| self.blocks[h].text.as_str())
    }

    /// The paragraph that introduces a list item's list and the heading of its section: where
    /// a subject named once ("Needle sizes") still applies.
    pub fn surroundings(&self, sentence: &Sentence) -> Vec<&'d str> {
        let Some(i) = self.index_of(sentence) else {
            return Vec::new();
        };
        // The items before it in its list ("Needle depth: 0.5 to 1.5 mm" / "For stubborn
        // patches we go to 3.5 mm"), then what introduces and heads the list.
        let mut around: Vec<&'d str> = Vec::new();
        if self.blocks[i].kind == BlockKind::ListItem {
            around.extend(
                (0..i)
                    .rev()
                    .take_while(|&b| self.blocks[b].kind == BlockKind::ListItem)
                    .take(4)
                    .map(|b| self.blocks[b].text.as_str()),
            );
        }
        around.extend(
            [self.lead_in[i], self.heading[i]]
                .into_iter()
                .flatten()
                .map(|b| self.blocks[b].text.as_str()),
        );
        around
    }

    /// The passage a sentence belongs to, beyond its own block: the block before it (a
    /// question before its answer), its list and what introduces it, the heading of its
    /// section and the document's title. Where a topic named once ("a 1.5 mm home roller",
    /// "Needle sizes") still applies.
    pub fn passage(&self, sentence: &Sentence) -> Vec<&'d str> {
        let Some(i) = self.index_of(sentence) else {
            return Vec::new();
        };
        let mut around = vec![self.blocks[i].text.as_str()];
        if let Some(previous) = i.checked_sub(1) {
            around.push(self.blocks[previous].text.as_str());
        }
        around.extend(self.surroundings(sentence));
        around.extend(self.title);
        around
    }

    /// For a list item, whether its list is introduced or headed as claims, myths or red
    /// flags (see `cues::frames`).
    pub fn framing(
        &self,
        sentence: &Sentence,
        cues: &crate::lint::cues::CueSet,
    ) -> Option<crate::lint::cues::NonAssertion> {
        if sentence.block.kind != BlockKind::ListItem {
            return None;
        }
        self.surroundings(sentence)
            .into_iter()
            .find_map(|text| crate::lint::cues::frames(text, cues))
    }

    /// The context (an index into `registry.contexts`) of the phrase at `range` of a sentence
    /// whose clause is `clause`, and whether the sentence itself names it; the document's own
    /// context only if `whole_document`.
    pub fn context(
        &self,
        registry: &Registry,
        sentence: &Sentence,
        clause: &Range<usize>,
        range: &Range<usize>,
        whole_document: bool,
    ) -> Option<(usize, bool)> {
        let text = sentence.text();
        match nearest(registry, text, clause, range) {
            Found::Setting(c) => return Some((c, true)),
            Found::Alternatives => return None,
            Found::Nothing => {}
        }
        match nearest(registry, text, &(0..text.len()), range) {
            Found::Setting(c) => return Some((c, true)),
            Found::Alternatives => return None,
            Found::Nothing => {}
        }
        self.wider_context(registry, sentence, whole_document)
            .map(|c| (c, false))
    }

    /// The context from outside the sentence: its paragraph, list introduction, section and
    /// (if `whole_document`) the document.
    fn wider_context(
        &self,
        registry: &Registry,
        sentence: &Sentence,
        whole_document: bool,
    ) -> Option<usize> {
        // In the paragraph, what came before sets the topic ("In clinics, needles are 0.5 to
        // 1.5 mm. The full range is 0.5 to 3 mm. Home devices use 0.2 to 0.5 mm."): the
        // context mentioned most before the sentence, the nearest on a tie; else after it.
        let block = sentence.block;
        let at = sentence.range.start;
        let before = most_mentioned(registry, &block.text[..at])
            .or_else(|| nearest(registry, &block.text, &(0..at), &(at..at)).setting());
        if let Some(c) = before.or_else(|| most_mentioned(registry, &block.text[at..])) {
            return Some(c);
        }
        let index = self.index_of(sentence)?;
        // A paragraph of one sentence, as news pages write them, goes on from the paragraph
        // before it ("A roller is a handheld tool." / "Its drum is studded with ..."): that
        // paragraph's last mention of a setting holds.
        if let Some(c) = self.run_on_from(registry, index, sentence) {
            return Some(c);
        }
        let wider = [self.lead_in[index], self.heading[index]];
        for b in wider.into_iter().flatten() {
            let text = &self.blocks[b].text;
            let end = text.len()..text.len();
            if let Some(c) = nearest(registry, text, &(0..text.len()), &end).setting() {
                return Some(c);
            }
        }
        if !whole_document {
            return None;
        }
        *self
            .document
            .get_or_init(|| dominant(registry, self.blocks, self.title))
    }
}

impl Scopes<'_> {
    /// For a one-sentence paragraph right after another paragraph, the setting nearest to the
    /// end of that paragraph.
    fn run_on_from(&self, registry: &Registry, index: usize, sentence: &Sentence) -> Option<usize> {
        let block = &self.blocks[index];
        let previous = &self.blocks[index.checked_sub(1)?];
        let one_sentence = block.text[..sentence.range.start].trim().is_empty()
            && block.text[sentence.range.end..].trim().is_empty();
        if block.kind != BlockKind::Paragraph
            || previous.kind != BlockKind::Paragraph
            || !one_sentence
        {
            return None;
        }
        let text = &previous.text;
        let end = text.len()..text.len();
        nearest(registry, text, &(0..text.len()), &end).setting()
    }
}

/// What a scope says about the setting of a phrase.
enum Found {
    /// The context whose term is nearest.
    Setting(usize),
    /// Context terms only as one of several alternatives ("with a pen or a roller"): the
    /// statement is about all of them, so it has no one setting.
    Alternatives,
    Nothing,
}

impl Found {
    fn setting(self) -> Option<usize> {
        match self {
            Found::Setting(c) => Some(c),
            _ => None,
        }
    }
}

/// The context whose term is nearest to `range` within `scope` of `text`.
fn nearest(registry: &Registry, text: &str, scope: &Range<usize>, range: &Range<usize>) -> Found {
    let mut best: Option<(usize, usize)> = None;
    let mut alternatives = false;
    for (c, (_, re)) in registry.contexts.iter().enumerate() {
        for hit in re.find_iter(&text[scope.clone()]) {
            let (start, end) = (scope.start + hit.start(), scope.start + hit.end());
            if among_alternatives(&text[..start], &text[end..]) {
                alternatives = true;
                continue;
            }
            if set_aside(&text[..start]) {
                continue;
            }
            let distance = if end <= range.start {
                // "from 0.2 mm for home use up to 2.5 mm for clinic use": a setting that
                // follows another value belongs to that value.
                let claimed = qualifies_value_before(&text[..start]);
                range.start - end + if claimed { text.len() } else { 0 }
            } else {
                start.saturating_sub(range.end)
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, c));
            }
        }
    }
    match best {
        Some((_, c)) => Found::Setting(c),
        None if alternatives => Found::Alternatives,
        None => Found::Nothing,
    }
}

/// Whether a term sits in a list of alternatives, each with its own article: "either a pen or
/// a roller", "a roller, a stamp or a pen". ("A roller or pen" is one device, and "at home or
/// in a clinic" names two settings, each of which still counts.)
fn among_alternatives(before: &str, after: &str) -> bool {
    static BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::lint::terms::builtin(r"(?i)(?:\beither\s+|\w\s+or\s+)(?:an?|the)\s+$")
    });
    static AFTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::lint::terms::builtin(r"(?i)^(?:\s*,\s*|\s+or\s+)(?:an?|the)\s+\w")
    });
    static ARTICLE_BEFORE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| crate::lint::terms::builtin(r"(?i)\b(?:an?|the)\s+$"));
    let from = crate::source::floor_char_boundary(before, before.len().saturating_sub(40));
    let before = &before[from..];
    let after = &after[..crate::source::floor_char_boundary(after, after.len().min(40))];
    BEFORE.is_match(before)
        || (ARTICLE_BEFORE.is_match(before) && AFTER.is_match(after) && after.contains(" or "))
}

/// Whether a setting term after `before` is not what the sentence is about: "a dermatologist
/// gets better results than a home roller" is about the clinic; "... is not regarded as safe to
/// use at home" rules the setting out.
fn set_aside(before: &str) -> bool {
    compared_against(before) || ruled_out(before)
}

/// Whether a term is what something else is measured against: "better than a home roller",
/// "compared with rolling at home".
fn compared_against(before: &str) -> bool {
    static AGAINST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)\b(?:than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:[\w'’-]+\s+){0,3}$",
        )
    });
    let from = crate::source::floor_char_boundary(before, before.len().saturating_sub(60));
    AGAINST.is_match(&before[from..])
}

/// Whether a setting term is ruled out by what comes before it: "not regarded as safe to use
/// unsupervised at home", "never meant for home use". What the sentence measures is then not
/// stated for that setting.
fn ruled_out(before: &str) -> bool {
    static DENIED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::lint::terms::builtin(
            r"(?i)\b(?:not|never|n['’]t)\s+(?:[\w'’-]+\s+){0,3}?(?:safe|suitable|recommended|meant|designed|intended|advised|appropriate|approved|made)\b(?:\s+[\w'’-]+){0,4}\s+$",
        )
    });
    let from = crate::source::floor_char_boundary(before, before.len().saturating_sub(100));
    DENIED.is_match(&before[from..])
}

/// Whether `before` ends with a value and "for" or "in" ("0.2 mm for ", "2 mm in the"): the
/// context term after it qualifies that value.
fn qualifies_value_before(before: &str) -> bool {
    static VALUE_FOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::lint::terms::builtin(r"(?i)\d\s*[a-zµ]*\.?\s+(?:for|in)\s+(?:the\s+|an?\s+)?$")
    });
    // Only the end matters: "2.5 mm or more for the " is well under 40 bytes.
    let from = crate::source::floor_char_boundary(before, before.len().saturating_sub(40));
    VALUE_FOR.is_match(&before[from..])
}

/// The context mentioned strictly more often than any other in `text`.
fn most_mentioned(registry: &Registry, text: &str) -> Option<usize> {
    let counts: Vec<usize> = registry
        .contexts
        .iter()
        .map(|(_, re)| {
            (re.find_iter(text))
                .filter(|m| !set_aside(&text[..m.start()]))
                .count()
        })
        .collect();
    let (best, &most) = counts.iter().enumerate().max_by_key(|&(_, n)| n)?;
    let tie = counts
        .iter()
        .enumerate()
        .any(|(c, &n)| c != best && n == most);
    (most > 0 && !tie).then_some(best)
}

/// The context a document is mostly about: the one mentioned most (headings count three
/// times), if it has at least two mentions and twice as many as any other.
fn dominant(registry: &Registry, blocks: &[ProseBlock], title: Option<&str>) -> Option<usize> {
    // A title that names one setting says what the page is about ("Six months of rolling at
    // home"), however often its sections then weigh it against the other ("Do you need a
    // clinic?").
    if let Some(title) = title {
        let mut named =
            (registry.contexts.iter().enumerate()).filter(|(_, (_, re))| re.is_match(title));
        if let (Some((only, _)), None) = (named.next(), named.next()) {
            return Some(only);
        }
    }
    // A title from the front matter is not among the blocks; it weighs like a heading.
    let front_title = title.filter(|t| !blocks.iter().any(|b| b.text == *t));
    // The headings' texts and the other blocks' texts, each joined by NUL bytes: a context's
    // terms cannot match a NUL (see `terms::term_regex`), so one search of each context per
    // kind counts exactly the matches that a search of every block would, without the cost of
    // a search per block and context.
    let (mut headings, mut others) = (String::new(), String::new());
    for block in blocks {
        let joined = if block.kind == BlockKind::Heading {
            &mut headings
        } else {
            &mut others
        };
        joined.push_str(&block.text);
        joined.push('\0');
    }
    let counts: Vec<usize> = (registry.contexts.iter())
        .map(|(_, re)| {
            let heavy = front_title.map_or(0, |t| re.find_iter(t).count())
                + re.find_iter(&headings).count();
            3 * heavy + re.find_iter(&others).count()
        })
        .collect();
    let (best, &most) = counts.iter().enumerate().max_by_key(|&(_, n)| n)?;
    let runner_up = counts
        .iter()
        .enumerate()
        .filter(|&(c, _)| c != best)
        .map(|(_, &n)| n)
        .max()
        .unwrap_or(0);
    (most >= 2 && most >= 2 * runner_up).then_some(best)
}
