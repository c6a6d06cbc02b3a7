//! Homeward's cryptography, kept in one small crate so that it can be read in one sitting.
//!
//! - Personal fields are sealed with XChaCha20-Poly1305 under a per-person data key. The field's
//!   name and the person's id are bound in as associated data, so a ciphertext cannot be moved to
//!   another field or person unnoticed.
//! - Data keys are wrapped by the node's master key, which never enters the database.
//!   Destroying a wrapped data key makes that person's fields unreadable (crypto-shredding).
//! - The node signs the journal's tree heads with Ed25519 so auditors and witnesses can verify
//!   offline.
//! - Passwords are hashed with Argon2id; session tokens are random and stored only as hashes.

mod aead;
mod keys;
mod password;
mod seal;
mod signing;
mod totp;

pub use aead::SealError;
pub use keys::{DataKey, KeyError, MasterKey};
pub use password::{hash_password, verify_password};
pub use seal::{open, seal};
pub use signing::{NodeKey, key_id, verify_signature};
pub use totp::{
    STEP_SECONDS, new_totp_secret, totp_code, totp_matching_step, totp_secret_base32, totp_step,
    totp_uri,
};

/// 32 random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS random source failing is unrecoverable for a system that must make keys; there is
    // no safe fallback, so it is reported as the process-level failure it is.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut b).expect("the operating system's random source failed");
    b
}

/// A fresh session or API token (URL-safe base64 of 32 random bytes).
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// What the database stores for a token: its SHA-256, so a stolen database yields no sessions.
pub fn token_digest(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}
