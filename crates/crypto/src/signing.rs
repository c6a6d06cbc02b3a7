//! The node's Ed25519 signing key, for the journal's signed tree heads.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use zeroize::Zeroize;

pub struct NodeKey(SigningKey);

impl NodeKey {
    pub fn generate() -> Self {
        let mut seed: [u8; 32] = crate::random_bytes();
        let key = SigningKey::from_bytes(&seed);
        seed.zeroize();
        Self(key)
    }

    pub fn from_base64(text: &str) -> Option<Self> {
        let bytes = STANDARD.decode(text.trim()).ok()?;
        let seed: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(SigningKey::from_bytes(&seed)))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.to_bytes())
    }

    /// The public key, base64, as auditors receive it.
    pub fn public_base64(&self) -> String {
        STANDARD.encode(self.0.verifying_key().to_bytes())
    }

    /// The key's id as heads name it: the SHA-256 of the raw public key, hex.
    pub fn key_id(&self) -> String {
        key_id_of_bytes(&self.0.verifying_key().to_bytes())
    }

    pub fn sign_base64(&self, message: &[u8]) -> String {
        STANDARD.encode(self.0.sign(message).to_bytes())
    }
}

fn key_id_of_bytes(public: &[u8; 32]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(public))
}

/// The id of a base64 public key (see [`NodeKey::key_id`]); `None` unless it is an Ed25519 key.
pub fn key_id(public_base64: &str) -> Option<String> {
    let bytes: [u8; 32] = STANDARD
        .decode(public_base64.trim())
        .ok()?
        .try_into()
        .ok()?;
    VerifyingKey::from_bytes(&bytes).ok()?;
    Some(key_id_of_bytes(&bytes))
}

/// Verifies a base64 signature with a base64 public key; false for anything malformed.
pub fn verify_signature(public_base64: &str, message: &[u8], signature_base64: &str) -> bool {
    let Ok(pk) = STANDARD.decode(public_base64.trim()) else {
        return false;
    };
    let Ok(pk): Result<[u8; 32], _> = pk.try_into() else {
        return false;
    };
    let Ok(pk) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = STANDARD.decode(signature_base64.trim()) else {
        return false;
    };
    let Ok(sig): Result<[u8; 64], _> = sig.try_into() else {
        return false;
    };
    pk.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_with_the_public_key_only() {
        let k = NodeKey::generate();
        let sig = k.sign_base64(b"tree head");
        assert!(verify_signature(&k.public_base64(), b"tree head", &sig));
        assert!(!verify_signature(&k.public_base64(), b"tree heaD", &sig));
        assert!(!verify_signature(
            &NodeKey::generate().public_base64(),
            b"tree head",
            &sig
        ));
        let again = NodeKey::from_base64(&k.to_base64()).unwrap();
        assert_eq!(again.public_base64(), k.public_base64());
        assert_eq!(key_id(&k.public_base64()), Some(k.key_id()));
        assert_eq!(k.key_id().len(), 64);
        assert_eq!(key_id("not a key"), None);
    }
}
