//! Word forms: a registry term written in its base form also matches its inflections, so an
//! editor writes "scar" and the linter finds "scars", "scarred" and "scarring"; "fade" finds
//! "fades", "faded" and "fading".
//!
//! English inflection is regular enough to generate instead of stemming the text: the forms
//! become alternatives of the term's pattern, so matching stays one pass of the prefilter's
//! automaton. Words that are already inflected ("-ing", "-ed", "-ly" or a final "s") and short
//! function words are left as they are.

/// Function words that are never inflected ("your own" stays "your own").
const FIXED: &[&str] = &[
    "and", "any", "are", "but", "can", "for", "from", "has", "her", "his", "its", "not", "off",
    "one", "our", "own", "the", "than", "that", "their", "them", "then", "this", "too", "two",
    "very", "was", "were", "what", "when", "who", "why", "will", "with", "you", "your", "all",
    "per", "via", "yet", "nor", "out", "over", "into", "onto", "upon", "each", "every", "same",
    "such", "more", "most", "much", "many", "less", "just", "only", "even", "also", "both",
    "there", "here", "where", "which", "while", "whose", "other", "another", "about", "after",
    "before", "under", "above", "below", "between", "through", "without", "within", "against",
    "among", "home",
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// One syllable ending consonant-vowel-consonant ("scar", "plan", "rub"): its final consonant
/// doubles before "-ed" and "-ing" ("scarred", not "scared").
fn doubles(word: &[u8]) -> bool {
    let n = word.len();
    if n < 3 {
        return false;
    }
    let (a, b, c) = (word[n - 3], word[n - 2], word[n - 1]);
    let vowel_groups = word
        .iter()
        .enumerate()
        .filter(|&(i, &ch)| is_vowel(ch) && (i == 0 || !is_vowel(word[i - 1])))
        .count();
    vowel_groups == 1 && !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !b"wxy".contains(&c)
}

/// The forms of one word, the word itself first. Only lower-case ASCII words of three
/// letters or more are inflected.
pub(crate) fn forms(word: &str) -> Vec<String> {
    let w = word.as_bytes();
    let plain = word.len() < 3
        || !w.iter().all(u8::is_ascii_lowercase)
        || FIXED.contains(&word)
        || word.ends_with("ly")
        || word.ends_with("ed") && !word.ends_with("eed")
        || word.ends_with("ing") && word.len() >= 6
        || word.ends_with('s') && !word.ends_with("ss");
    if plain {
        return vec![word.to_owned()];
    }
    let last = w[w.len() - 1];
    let before = w[w.len() - 2];
    let stem = &word[..word.len() - 1];
    let mut out = vec![word.to_owned()];
    let mut add = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if last == b'y' && !is_vowel(before) {
        add(format!("{stem}ies"));
        add(format!("{stem}ied"));
        add(format!("{word}ing"));
    } else if let Some(root) = word.strip_suffix("ie") {
        add(format!("{word}s"));
        add(format!("{word}d"));
        add(format!("{root}ying"));
    } else if last == b'e' {
        add(format!("{word}s"));
        add(format!("{word}d"));
        if matches!(before, b'e' | b'o' | b'y') {
            add(format!("{word}ing"));
        } else {
            add(format!("{stem}ing"));
        }
    } else {
        let sibilant = matches!(last, b'x' | b'z' | b'o' | b's')
            || word.ends_with("sh")
            || word.ends_with("ch");
        add(format!("{word}{}", if sibilant { "es" } else { "s" }));
        if doubles(w) {
            let c = last as char;
            add(format!("{word}{c}ed"));
            add(format!("{word}{c}ing"));
        } else {
            add(format!("{word}ed"));
            add(format!("{word}ing"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::forms;

    #[test]
    fn regular_inflections() {
        assert_eq!(forms("fade"), ["fade", "fades", "faded", "fading"]);
        assert_eq!(forms("scar"), ["scar", "scars", "scarred", "scarring"]);
        assert_eq!(forms("treat"), ["treat", "treats", "treated", "treating"]);
        assert_eq!(
            forms("diminish"),
            ["diminish", "diminishes", "diminished", "diminishing"]
        );
        assert_eq!(forms("bury"), ["bury", "buries", "buried", "burying"]);
        assert_eq!(forms("agree"), ["agree", "agrees", "agreed", "agreeing"]);
        assert_eq!(forms("need"), ["need", "needs", "needed", "needing"]);
        assert_eq!(forms("bring"), ["bring", "brings", "bringed", "bringing"]);
    }

    #[test]
    fn inflected_short_and_function_words_stay() {
        for word in [
            "marks",
            "fading",
            "faded",
            "completely",
            "your",
            "of",
            "FDA",
            "x-ray",
        ] {
            assert_eq!(forms(word), [word], "{word}");
        }
    }
}
