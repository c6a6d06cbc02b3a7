//! The node master key and per-person data keys.

use crate::aead::{SealError, aead_open, aead_seal};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the master key must be 32 bytes in base64 (44 characters); got something else")]
    BadMasterKey,
    #[error("a wrapped data key could not be unwrapped: wrong master key or damaged record")]
    Unwrap,
}

/// The node's master key. It wraps every data key, so it lives outside the database: in a key
/// file readable only by the service user, or in an environment variable.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    pub fn generate() -> Self {
        Self(crate::random_bytes())
    }

    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| KeyError::BadMasterKey)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyError::BadMasterKey)?;
        Ok(Self(arr))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Wraps a person's data key; the person's id is bound in so wrapped keys cannot be swapped.
    pub fn wrap(&self, key: &DataKey, person_id: &str) -> String {
        aead_seal(&self.0, &format!("wrap|{person_id}"), &key.0)
    }

    pub fn unwrap_key(&self, wrapped: &str, person_id: &str) -> Result<DataKey, KeyError> {
        let bytes = aead_open(&self.0, &format!("wrap|{person_id}"), wrapped)
            .map_err(|_: SealError| KeyError::Unwrap)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Unwrap)?;
        Ok(DataKey(arr))
    }
}

impl MasterKey {
    /// Seals a user's credential secret (a TOTP key) so that the database alone cannot read it.
    /// `purpose` and `user_id` are bound in, so a sealed secret cannot be moved to another user.
    pub fn seal_secret(&self, purpose: &str, user_id: &str, secret: &[u8]) -> String {
        aead_seal(&self.0, &format!("secret|{purpose}|{user_id}"), secret)
    }

    pub fn open_secret(
        &self,
        purpose: &str,
        user_id: &str,
        sealed: &str,
    ) -> Result<Vec<u8>, KeyError> {
        aead_open(&self.0, &format!("secret|{purpose}|{user_id}"), sealed)
            .map_err(|_: SealError| KeyError::Unwrap)
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// One person's data key. It exists in clear only in memory, for the length of one request.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey(pub(crate) [u8; 32]);

impl DataKey {
    pub fn generate() -> Self {
        Self(crate::random_bytes())
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_keys_are_bound_to_their_person() {
        let master = MasterKey::generate();
        let key = DataKey::generate();
        let wrapped = master.wrap(&key, "p1");
        assert_eq!(master.unwrap_key(&wrapped, "p1").unwrap().0, key.0);
        assert!(master.unwrap_key(&wrapped, "p2").is_err());
        assert!(MasterKey::generate().unwrap_key(&wrapped, "p1").is_err());
    }

    #[test]
    fn master_keys_round_trip_as_base64() {
        let m = MasterKey::generate();
        assert_eq!(MasterKey::from_base64(&m.to_base64()).unwrap().0, m.0);
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
    }
}
