//! Field sealing with XChaCha20-Poly1305 (random 192-bit nonces are safe at any volume).

use crate::keys::DataKey;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

const VERSION: &str = "x1:";

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("ciphertext is damaged, was moved to another field, or its key is gone")]
    Open,
}

pub(crate) fn aead_seal(key: &[u8; 32], aad: &str, plaintext: &[u8]) -> String {
    let cipher = XChaCha20Poly1305::new(key.into());
    let nonce_bytes: [u8; 24] = crate::random_bytes();
    let nonce = XNonce::from(nonce_bytes);
    // Encryption with a valid key and in-memory buffers does not fail.
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: aad.as_bytes(),
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(24 + ct.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&ct);
    format!("{VERSION}{}", STANDARD.encode(out))
}

pub(crate) fn aead_open(key: &[u8; 32], aad: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
    let b64 = sealed.strip_prefix(VERSION).ok_or(SealError::Open)?;
    let bytes = STANDARD.decode(b64).map_err(|_| SealError::Open)?;
    if bytes.len() < 24 + 16 {
        return Err(SealError::Open);
    }
    let (nonce, ct) = bytes.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().map_err(|_| SealError::Open)?;
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ct,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| SealError::Open)
}

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
