//! Text hygiene for everything people type.
//!
//! Names and notes are stored in Unicode normal form C, so that the same name typed on two
//! keyboards compares equal. Identifiers (emails, P-codes, references) refuse every control and
//! formatting character; free text keeps the right-to-left and left-to-right marks that Arabic
//! and mixed-script writing legitimately needs, but refuses the other bidirectional overrides that
//! can disguise text ("Trojan Source").

use crate::Invalid;
use unicode_normalization::UnicodeNormalization;

/// Bidirectional embedding, override and isolate controls. Marks (U+200E, U+200F, U+061C) are
/// not in this list: they change no order by themselves and Arabic text uses them.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt, Unicode 16.0):
/// characters a renderer shows as nothing, such as zero-width spaces and joiners, the word
/// joiner, the soft hyphen, the combining grapheme joiner, variation selectors, the Hangul
/// fillers and the tag characters. Taken from the standard rather than listed by hand, so a
/// blank-looking name cannot slip through a gap in a hand-made list.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Shows nothing on screen: white space, the default-ignorable characters, and the Braille
/// pattern blank (U+2800), which is a symbol to Unicode but an empty cell to the eye.
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || is_default_ignorable(c) || c == '\u{2800}'
}

/// Ends a line: line feed, and Unicode's line and paragraph separators (the other breaks —
/// CR, VT, FF, NEL — are control characters, refused everywhere).
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

/// Invisible characters that no name or one-line value needs anywhere, even between letters:
/// tag characters (they can carry hidden text), the byte-order mark inside text, invisible
/// mathematical operators, deprecated format controls, interlinear annotation controls and
/// unassigned default-ignorables. What stays allowed inside text: the joiners ZWJ and ZWNJ
/// that Arabic, Persian and Indic spelling needs, the direction marks, variation selectors
/// (ideographic and Mongolian variants of letters), the soft hyphen and the zero-width space
/// that Thai, Khmer and Burmese writing uses between words.
fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{E0000}'..='\u{E00FF}'
            | '\u{E01F0}'..='\u{E0FFF}'
            | '\u{FEFF}'
            | '\u{2061}'..='\u{206F}'
            | '\u{FFF0}'..='\u{FFFB}'
    )
}

/// Free text written by a person (names, notes). Returns the NFC form, trimmed.
pub fn free_text(pointer: &str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let nfc: String = raw.nfc().collect();
    let trimmed = nfc.trim();
    if trimmed
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_override(c))
    {
        return Err(Invalid::one(pointer, "error-text-control-characters"));
    }
    if trimmed.chars().count() > max_chars {
        return Err(Invalid::one(pointer, "error-text-too-long"));
    }
    Ok(trimmed.to_owned())
}

/// Free text that must stay on one line (a phone number, a document number, a name): no line
/// or paragraph break, no tab, no hidden format character.
pub fn line(pointer: &str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let value = free_text(pointer, raw, max_chars)?;
    if value.chars().any(is_line_break) {
        return Err(Invalid::one(pointer, "error-text-single-line"));
    }
    if value.chars().any(|c| c == '\t' || is_hidden_format(c)) {
        return Err(Invalid::one(pointer, "error-text-control-characters"));
    }
    Ok(value)
}

/// A name: text on one line that must still say something once invisible characters are
/// removed. Invisible characters between visible letters stay (the joiners of Arabic and Indic
/// spelling); a name made only of them is refused like an empty one.
pub fn name(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let value = line(pointer, raw, 200)?;
    if value.chars().all(is_invisible) {
        return Err(Invalid::one(pointer, "error-required"));
    }
    Ok(value)
}

/// An identifier: printable ASCII-free-of-controls text with no invisible or formatting
/// characters at all.
pub fn identifier(pointer: &str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Invalid::one(pointer, "error-required"));
    }
    if value.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(Invalid::one(pointer, "error-identifier-characters"));
    }
    if value.chars().count() > max_chars {
        return Err(Invalid::one(pointer, "error-text-too-long"));
    }
    Ok(value.to_owned())
}

/// An email address, lower-cased. Deliberately simple: one `@`, something on each side, a dot in
/// the domain. Deliverability is proven by use, not by a regular expression.
pub fn email(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let value = identifier(pointer, raw, 254)?.to_lowercase();
    let mut parts = value.split('@');
    let (local, domain, rest) = (parts.next(), parts.next(), parts.next());
    match (local, domain, rest) {
        (Some(l), Some(d), None)
            if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') =>
        {
            Ok(value)
        }
        _ => Err(Invalid::one(pointer, "error-email")),
    }
}

/// A language code that names a real language (ISO 639-1, 639-2/B or 639-3; see `iso639`), in
/// the form Homeward records it under (the two-letter code where there is one). Every language
/// field takes this: a person's languages, and the language a consent or a counselling session
/// was held in, where a made-up code would make "in a language they speak" unverifiable.
pub fn known_language(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    if !((2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase())) {
        return Err(Invalid::one(pointer, "error-language-code"));
    }
    crate::iso639::canonical(v)
        .map(str::to_owned)
        .ok_or_else(|| Invalid::one(pointer, "error-language-unknown"))
}

/// A country code: ISO 3166-1 alpha-2, upper case. Fictional demo countries use the user-assigned
/// range (XA–XZ), which this accepts like any other pair of letters.
pub fn country(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(v.to_owned())
    } else {
        Err(Invalid::one(pointer, "error-country-code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stored_in_nfc() {
        let nfd = "Rene\u{301}";
        assert_eq!(name("/n", nfd).unwrap(), "Ren\u{e9}");
    }

    #[test]
    fn arabic_marks_survive_but_overrides_do_not() {
        assert!(free_text("/n", "\u{200F}سارة", 50).is_ok());
        assert_eq!(
            free_text("/n", "abc\u{202E}def", 50).unwrap_err().0[0].code,
            "error-text-control-characters"
        );
    }

    #[test]
    fn names_empty_after_removing_invisibles_are_refused() {
        assert_eq!(
            name("/n", "\u{200B}\u{200B}").unwrap_err().0[0].code,
            "error-required"
        );
        assert_eq!(name("/n", "   ").unwrap_err().0[0].code, "error-required");
    }

    #[test]
    fn names_that_only_look_like_names_are_refused() {
        let blanks = [
            "\u{3164}",
            "\u{3164}\u{3164} \u{3164}",
            "\u{115F}\u{1160}",
            "\u{FFA0}",
            "\u{2800}\u{2800}",
            "\u{200C}\u{200D}",
            "\u{2060}",
            "\u{00AD}\u{00AD}",
            "\u{034F}",
            "\u{FE0F}\u{FE00}",
            "\u{E0100}",
            "\u{180E}",
            "\u{200E}\u{200F}\u{061C}",
            "\u{3000}\u{2007}\u{205F}",
        ];
        for blank in blanks {
            assert_eq!(
                name("/n", blank).unwrap_err().0[0].code,
                "error-required",
                "{:?}",
                blank.escape_unicode().to_string()
            );
        }
    }

    #[test]
    fn names_stay_on_one_line_and_hide_nothing() {
        for broken in ["Amal\u{2028}Haddad", "Amal\u{2029}Haddad", "Amal\nHaddad"] {
            assert_eq!(
                name("/n", broken).unwrap_err().0[0].code,
                "error-text-single-line"
            );
        }
        assert_eq!(
            name("/n", "Amal\tHaddad").unwrap_err().0[0].code,
            "error-text-control-characters"
        );
        // Tag characters spell hidden text ("ASCII smuggling"); a BOM inside text is a relic.
        for hidden in ["Amal\u{E0041}\u{E0042}", "Am\u{FEFF}al", "Amal\u{2062}"] {
            assert_eq!(
                name("/n", hidden).unwrap_err().0[0].code,
                "error-text-control-characters"
            );
        }
        assert_eq!(
            line("/p", "+999\u{2028}123", 40).unwrap_err().0[0].code,
            "error-text-single-line"
        );
        // Free text keeps its lines.
        assert!(free_text("/notes", "first line\nsecond line", 100).is_ok());
    }

    #[test]
    fn joiners_and_marks_inside_real_names_survive() {
        let names = [
            // Persian: ZWNJ inside a compound given name.
            "فاطمه\u{200C}زهرا",
            // Sinhala: ZWJ forms the conjunct of "Sri".
            "ශ්\u{200D}රී",
            // Devanagari: ZWNJ keeps the half form.
            "क्\u{200C}ष",
            // Arabic with a right-to-left mark and an Arabic letter mark.
            "\u{200F}سارة",
            "سارة\u{061C} 2",
            // Japanese: an ideographic variation selector picks the variant of 葛.
            "葛\u{E0100}城",
            // Thai: a zero-width space between the words of a name.
            "สม\u{200B}ชาย",
        ];
        for n in names {
            assert_eq!(
                name("/n", n).unwrap(),
                n,
                "{:?}",
                n.escape_unicode().to_string()
            );
        }
    }

    #[test]
    fn identifiers_refuse_invisible_characters() {
        assert!(identifier("/id", "XA01", 20).is_ok());
        for bad in [
            "XA\u{200B}01",
            "XA 01",
            "XA\u{3164}01",
            "XA\u{2800}01",
            "XA\u{E0041}01",
            "XA\u{2028}01",
            "XA\u{202E}01",
        ] {
            assert_eq!(
                identifier("/id", bad, 20).unwrap_err().0[0].code,
                "error-identifier-characters",
                "{:?}",
                bad.escape_unicode().to_string()
            );
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("/e", " Amal@Example.org ").unwrap(),
            "amal@example.org"
        );
        for bad in ["a", "a@b", "@b.org", "a@b@c.org", "a@.org"] {
            assert!(email("/e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(known_language("/l", " ara ").unwrap(), "ar");
        assert_eq!(known_language("/l", "prs").unwrap(), "prs");
        for (bad, code) in [
            ("AR", "error-language-code"),
            ("arabic", "error-language-code"),
            ("qq", "error-language-unknown"),
            ("qaa", "error-language-unknown"),
        ] {
            assert_eq!(
                known_language("/l", bad).unwrap_err().0[0].code,
                code,
                "{bad}"
            );
        }
        assert!(country("/c", "XA").is_ok());
        assert!(country("/c", "xa").is_err());
    }
}
