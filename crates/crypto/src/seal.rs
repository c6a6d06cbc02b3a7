//! Field sealing with XChaCha20-Poly1305 (random 192-bit nonces are safe at any volume).

use crate::aead::{SealError, aead_open, aead_seal};
use crate::keys::DataKey;

/// Seals one personal field of one person.
pub fn seal(key: &DataKey, person_id: &str, field: &str, plaintext: &str) -> String {
    aead_seal(
        &key.0,
        &format!("field|{person_id}|{field}"),
        plaintext.as_bytes(),
    )
}

/// Opens one personal field of one person.
pub fn open(
    key: &DataKey,
    person_id: &str,
    field: &str,
    sealed: &str,
) -> Result<String, SealError> {
    let bytes = aead_open(&key.0, &format!("field|{person_id}|{field}"), sealed)?;
    String::from_utf8(bytes).map_err(|_| SealError::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_fields_open_only_in_place() {
        let k = DataKey::generate();
        let s = seal(&k, "p1", "given_name", "Amal");
        assert!(!s.contains("Amal"));
        assert_eq!(open(&k, "p1", "given_name", &s).unwrap(), "Amal");
        assert!(open(&k, "p1", "family_name", &s).is_err());
        assert!(open(&k, "p2", "given_name", &s).is_err());
        assert!(open(&DataKey::generate(), "p1", "given_name", &s).is_err());
        assert!(open(&k, "p1", "given_name", "x1:AAAA").is_err());
    }

    #[test]
    fn the_same_name_seals_differently_each_time() {
        let k = DataKey::generate();
        assert_ne!(seal(&k, "p", "f", "Amal"), seal(&k, "p", "f", "Amal"));
    }
}
