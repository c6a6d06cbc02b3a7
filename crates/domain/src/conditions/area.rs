//! Administrative areas with P-codes (country > adm1 > adm2 > adm3).

use crate::Invalid;
use crate::macros::string_enum;

string_enum! {
    AreaLevel { Country = "country", Adm1 = "adm1", Adm2 = "adm2", Adm3 = "adm3" }
}

impl AreaLevel {
    pub fn parent(self) -> Option<AreaLevel> {
        match self {
            Self::Country => None,
            Self::Adm1 => Some(Self::Country),
            Self::Adm2 => Some(Self::Adm1),
            Self::Adm3 => Some(Self::Adm2),
        }
    }
}

/// A P-code: two upper-case letters (the country) followed by up to 18 upper-case letters or
/// digits, as OCHA's common operational datasets write them.
pub fn pcode(pointer: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    let b = v.as_bytes();
    let ok = (2..=20).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(v.to_owned())
    } else {
        Err(Invalid::one(pointer, "error-pcode"))
    }
}

/// Checks that an area fits its place in the hierarchy: a country has a two-letter code and no
/// parent; any other level has a parent one level up whose P-code prefixes its own.
pub fn check_hierarchy(
    level: AreaLevel,
    code: &str,
    parent: Option<(&str, AreaLevel)>,
) -> Result<(), Invalid> {
    match (level.parent(), parent) {
        (None, None) if code.len() == 2 => Ok(()),
        (None, None) => Err(Invalid::one("/pcode", "error-pcode")),
        (None, Some(_)) => Err(Invalid::one("/parent", "error-area-parent-level")),
        (Some(_), None) => Err(Invalid::one("/parent", "error-area-parent-unknown")),
        (Some(expected), Some((parent_code, parent_level))) => {
            if parent_level != expected {
                Err(Invalid::one("/parent", "error-area-parent-level"))
            } else if !code.starts_with(parent_code) || code.len() <= parent_code.len() {
                Err(Invalid::one("/pcode", "error-pcode-prefix"))
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AreaLevel::*;

    #[test]
    fn pcodes() {
        for good in ["XA", "XA01", "XA0102", "XB12AB"] {
            assert!(pcode("/p", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "X",
            "xa01",
            "01XA",
            "XA-01",
            "XA 01",
            "XA\u{200B}01",
            "XAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert!(pcode("/p", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hierarchy() {
        assert!(check_hierarchy(Country, "XA", None).is_ok());
        assert!(check_hierarchy(Adm1, "XA01", Some(("XA", Country))).is_ok());
        assert!(check_hierarchy(Adm2, "XA0101", Some(("XA01", Adm1))).is_ok());
        assert!(check_hierarchy(Adm2, "XA0101", Some(("XA", Country))).is_err());
        assert!(check_hierarchy(Adm1, "XB01", Some(("XA", Country))).is_err());
        assert!(check_hierarchy(Adm1, "XA01", None).is_err());
        assert!(check_hierarchy(Country, "XA01", None).is_err());
    }
}
