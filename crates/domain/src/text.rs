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

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
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

/// A name: free text on one line that must still say something once invisible characters are
/// removed.
pub fn name(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let value = free_text(pointer, raw, 200)?;
    if value.contains('\n') || value.contains('\t') {
        return Err(Invalid::one(pointer, "error-text-control-characters"));
    }
    let visible = value
        .chars()
        .filter(|c| !is_invisible(*c) && !c.is_whitespace())
        .count();
    if visible == 0 {
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
    if value
        .chars()
        .any(|c| c.is_control() || is_bidi_override(c) || is_invisible(c) || c.is_whitespace())
    {
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

/// A language tag as used for a person's languages: two or three lower-case letters (ISO 639).
pub fn language(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    if (2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(v.to_owned())
    } else {
        Err(Invalid::one(pointer, "error-language-code"))
    }
}

/// A language code that names a real language (ISO 639-1, or an ISO 639-3 code listed in
/// `iso639`): where a consent or a counselling session records the language it was held in, a
/// made-up code would make "in a language they speak" unverifiable.
pub fn known_language(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let code = language(pointer, raw)?;
    if crate::iso639::ISO_639_1.contains(&code.as_str())
        || crate::iso639::ISO_639_3_EXTRA.contains(&code.as_str())
    {
        Ok(code)
    } else {
        Err(Invalid::one(pointer, "error-language-unknown"))
    }
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
    fn identifiers_refuse_invisible_characters() {
        assert!(identifier("/id", "XA01", 20).is_ok());
        assert!(identifier("/id", "XA\u{200B}01", 20).is_err());
        assert!(identifier("/id", "XA 01", 20).is_err());
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
        assert!(language("/l", "ar").is_ok());
        assert!(language("/l", "AR").is_err());
        assert!(language("/l", "arabic").is_err());
        assert!(country("/c", "XA").is_ok());
        assert!(country("/c", "xa").is_err());
    }
}
