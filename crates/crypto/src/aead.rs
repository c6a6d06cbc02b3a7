//! The one AEAD construction every sealed value uses: XChaCha20-Poly1305 with a random 192-bit
//! nonce (safe at any volume), the associated data binding the value to its place, and a version
//! prefix so the format can change without ambiguity. Data keys, wrapped keys and credential
//! secrets all go through here.

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
