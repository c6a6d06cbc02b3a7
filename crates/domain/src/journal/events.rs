//! The journal's own events: the node's signing key handed over to a new one.

use serde::{Deserialize, Serialize};

/// The node signs with a new key from this entry on; the key it replaces endorses the new one
/// (see `heads::rotation_message`), so a verifier that trusts either can follow the hand-over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeKeyRotated {
    pub previous_key_id: String,
    pub key_id: String,
    /// Base64 Ed25519 public key.
    pub public_key: String,
    /// The previous key's base64 signature.
    pub endorsement: String,
}
