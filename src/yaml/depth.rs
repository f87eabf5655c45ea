//! A cap on how deeply YAML may nest, checked before the parser builds anything.
//!
//! libyaml's scanner walks its stack of possible keys, one entry per open flow collection, for
//! every token: a file of 100,000 nested `[` takes most of a minute to parse. No front matter,
//! site.yaml or registry file nests more than a few levels, so anything deeper than
//! [`MAX_DEPTH`] is refused at the token where it goes past it. The tokens come from the very
//! scanner serde_yaml runs (its C-to-Rust translation, `unsafe-libyaml`), so what counts as a
//! collection here is exactly what the parser will see; scanning stops at the first token too
//! deep, which keeps the check linear.

use std::mem::MaybeUninit;

/// Deepest nesting of collections (lists and mappings) a YAML file may have.
pub(super) const MAX_DEPTH: usize = 64;

/// Where a document first nests deeper than [`MAX_DEPTH`]: a byte offset into `text`. `None`
/// when it never does, or when the scanner meets a syntax error first (the parser reports it).
pub(super) fn too_deep_at(text: &str) -> Option<usize> {
    // Nesting needs brackets or lines: most front matter has too few of either to go deep,
    // and is not scanned twice.
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_DEPTH && text.lines().count() <= MAX_DEPTH {
        return None;
    }
    Scanner::new(text).too_deep_at()
}

/// libyaml's scanner over one text, freed when dropped.
struct Scanner<'a> {
    parser: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    /// The scanner reads from this text by pointer: it must outlive the scanner.
    _text: &'a str,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        let mut parser = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: the parser is initialised in place before any other use and never moves out
        // of its box; the input is `text`, borrowed for the scanner's whole life.
        unsafe {
            let p = parser.as_mut_ptr();
            assert!(
                unsafe_libyaml::yaml_parser_initialize(p).ok,
                "out of memory starting the YAML scanner"
            );
            unsafe_libyaml::yaml_parser_set_encoding(p, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        }
        Scanner {
            parser,
            _text: text,
        }
    }

    fn too_deep_at(&mut self) -> Option<usize> {
        let mut depth = 0usize;
        loop {
            let mut token = MaybeUninit::<unsafe_libyaml::yaml_token_t>::uninit();
            // SAFETY: the parser was initialised in `new`; a token the scanner filled in is
            // read, then freed once.
            let (kind, at) = unsafe {
                if unsafe_libyaml::yaml_parser_scan(self.parser.as_mut_ptr(), token.as_mut_ptr())
                    .fail
                {
                    return None;
                }
                let token = token.as_mut_ptr();
                let found = ((*token).type_, (*token).start_mark.index);
                unsafe_libyaml::yaml_token_delete(token);
                found
            };
            match kind {
                unsafe_libyaml::YAML_BLOCK_SEQUENCE_START_TOKEN
                | unsafe_libyaml::YAML_BLOCK_MAPPING_START_TOKEN
                | unsafe_libyaml::YAML_FLOW_SEQUENCE_START_TOKEN
                | unsafe_libyaml::YAML_FLOW_MAPPING_START_TOKEN => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return usize::try_from(at).ok();
                    }
                }
                unsafe_libyaml::YAML_BLOCK_END_TOKEN
                | unsafe_libyaml::YAML_FLOW_SEQUENCE_END_TOKEN
                | unsafe_libyaml::YAML_FLOW_MAPPING_END_TOKEN => depth = depth.saturating_sub(1),
                unsafe_libyaml::YAML_STREAM_END_TOKEN | unsafe_libyaml::YAML_NO_TOKEN => {
                    return None
                }
                _ => {}
            }
        }
    }
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!("{}1{}", open.repeat(depth), close.repeat(depth))
    }

    #[test]
    fn counts_flow_and_block_nesting_as_the_parser_does() {
        assert_eq!(too_deep_at(&nested("[", "]", MAX_DEPTH)), None);
        assert_eq!(
            too_deep_at(&nested("[", "]", MAX_DEPTH + 1)),
            Some(MAX_DEPTH)
        );
        assert_eq!(
            too_deep_at(&nested("{a: ", "}", MAX_DEPTH + 1)),
            Some(4 * MAX_DEPTH)
        );
        // Brackets in quoted, plain and block scalars and in comments are text, not nesting.
        let mut text = String::from("a: |\n");
        text.push_str(&"  [[[[\n".repeat(100));
        text.push_str(&format!(
            "b: '{}'\nc: x {} # {}\n",
            "[".repeat(100),
            "{".repeat(100),
            "[".repeat(100)
        ));
        assert_eq!(too_deep_at(&text), None);
        // Block nesting counts too.
        let block: String = (0..=MAX_DEPTH)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep_at(&format!("{block}{}v: 1\n", " ".repeat(MAX_DEPTH + 1))).is_some());
    }

    #[test]
    fn a_syntax_error_is_left_to_the_parser() {
        assert_eq!(too_deep_at(&format!("a: \"{}", "[".repeat(200))), None);
    }
}
