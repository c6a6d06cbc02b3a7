//! Signed tree heads: "the tree of the journal (or of the access log) holding `size` leaves has
//! root `root`", signed by the node at `at` with the key `key_id`. Witnesses keep the heads they
//! saw; a later log that does not extend them is caught by a consistency proof.
//!
//! The node's signing key can change: a `node.key_rotated` entry at sequence number `R`, endorsed
//! by the key it replaces, hands over, and every head of `R` leaves or more is signed by the new
//! key. [`KeyChain`] says which key a head of a given size must carry.

use super::merkle::{Hash, leaf_hash};
use serde::{Deserialize, Serialize};

/// The journal's tree.
pub const JOURNAL: &str = "journal";
/// The access log's tree.
pub const ACCESS_LOG: &str = "access_log";
/// Both trees, as their names travel.
pub const TREES: [&str; 2] = [JOURNAL, ACCESS_LOG];

/// One signed tree head, as stored, served and kept by witnesses. `root` is hex, `public_key`
/// and `signature` base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedHead {
    pub tree: String,
    pub size: i64,
    pub root: String,
    pub at: String,
    pub key_id: String,
    pub public_key: String,
    pub signature: String,
}

impl SignedHead {
    /// The bytes its signature covers.
    pub fn message(&self) -> Vec<u8> {
        head_message(&self.tree, self.size, &self.root, &self.at, &self.key_id)
    }
}

/// The bytes a node signs for a tree head. Every field is on its own line and none can hold a
/// line break, so no two heads share a message.
pub fn head_message(tree: &str, size: i64, root: &str, at: &str, key_id: &str) -> Vec<u8> {
    format!("homeward-tree-head-v1\n{tree}\n{size}\n{root}\n{at}\n{key_id}\n").into_bytes()
}

/// The bytes the outgoing key signs to hand over to the next one.
pub fn rotation_message(previous_key_id: &str, key_id: &str, public_key: &str) -> Vec<u8> {
    format!("homeward-key-rotation-v1\n{previous_key_id}\n{key_id}\n{public_key}\n").into_bytes()
}

/// The leaf of an entry of either chain: its hash (hex) as bytes. `None` for a malformed hash.
pub fn entry_leaf(entry_hash: &str) -> Option<Hash> {
    let bytes = hex::decode(entry_hash).ok()?;
    (bytes.len() == 32).then(|| leaf_hash(&bytes))
}

/// One hand-over found in the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The sequence number of the `node.key_rotated` entry.
    pub seq: i64,
    pub previous_key_id: String,
    pub key_id: String,
    pub public_key: String,
    /// The previous key's signature over [`rotation_message`].
    pub endorsement: String,
}

/// The node's keys in the order they signed: the first head's key, then each endorsed successor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChain {
    /// (from size, key id, public key): the key signs heads of at least `from` leaves.
    keys: Vec<(i64, String, String)>,
}

/// Why a key chain cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("entry {seq}: the key rotation does not follow the key in force ({expected})")]
    NotTheKeyInForce { seq: i64, expected: String },
    #[error("entry {seq}: the key rotation is not endorsed by the key it replaces")]
    NotEndorsed { seq: i64 },
    #[error("entry {seq}: the key rotation names a malformed public key")]
    BadKey { seq: i64 },
}

impl KeyChain {
    /// The chain that starts with `first` (id, public key) and follows `rotations` in order.
    /// `verify(public, message, signature)` and `key_id(public)` are the node's cryptography,
    /// passed in because the domain does none.
    pub fn build(
        first: (String, String),
        rotations: &[Rotation],
        verify: impl Fn(&str, &[u8], &str) -> bool,
        key_id: impl Fn(&str) -> Option<String>,
    ) -> Result<KeyChain, ChainError> {
        let mut keys = vec![(0, first.0, first.1)];
        for r in rotations {
            let (_, current_id, current_public) = &keys[keys.len() - 1];
            if &r.previous_key_id != current_id {
                return Err(ChainError::NotTheKeyInForce {
                    seq: r.seq,
                    expected: current_id.clone(),
                });
            }
            if key_id(&r.public_key).as_deref() != Some(r.key_id.as_str()) {
                return Err(ChainError::BadKey { seq: r.seq });
            }
            let message = rotation_message(&r.previous_key_id, &r.key_id, &r.public_key);
            if !verify(current_public, &message, &r.endorsement) {
                return Err(ChainError::NotEndorsed { seq: r.seq });
            }
            keys.push((r.seq, r.key_id.clone(), r.public_key.clone()));
        }
        Ok(KeyChain { keys })
    }

    /// The key (id, public key) that must sign a head of `size` leaves.
    pub fn key_for(&self, size: i64) -> (&str, &str) {
        let (_, id, public) = self
            .keys
            .iter()
            .rev()
            .find(|(from, _, _)| *from <= size)
            .unwrap_or(&self.keys[0]);
        (id, public)
    }

    /// Whether the key with this id ever signed for the node.
    pub fn contains(&self, key_id: &str) -> bool {
        self.keys.iter().any(|(_, id, _)| id == key_id)
    }

    /// The key in force now.
    pub fn current(&self) -> &str {
        &self.keys[self.keys.len() - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in signature: the signer's public key and the message, so tests need no crypto.
    fn sign(public: &str, message: &[u8]) -> String {
        format!("{public}:{}", hex::encode(message))
    }

    fn verify(public: &str, message: &[u8], signature: &str) -> bool {
        signature == sign(public, message)
    }

    fn id(public: &str) -> Option<String> {
        Some(format!("id-{public}"))
    }

    fn rotation(seq: i64, from: &str, to: &str) -> Rotation {
        let (prev, next) = (format!("id-{from}"), format!("id-{to}"));
        Rotation {
            seq,
            endorsement: sign(from, &rotation_message(&prev, &next, to)),
            previous_key_id: prev,
            key_id: next,
            public_key: to.into(),
        }
    }

    #[test]
    fn each_key_signs_from_its_rotation_on() {
        let rotations = [rotation(10, "a", "b"), rotation(25, "b", "c")];
        let chain = KeyChain::build(("id-a".into(), "a".into()), &rotations, verify, id).unwrap();
        assert_eq!(chain.key_for(9).0, "id-a");
        assert_eq!(chain.key_for(10).0, "id-b");
        assert_eq!(chain.key_for(24).0, "id-b");
        assert_eq!(chain.key_for(25).1, "c");
        assert_eq!(chain.current(), "id-c");
        assert!(chain.contains("id-a") && !chain.contains("id-z"));
    }

    #[test]
    fn a_rotation_needs_the_key_it_replaces() {
        let first = || ("id-a".to_owned(), "a".to_owned());
        let skipped = [rotation(10, "b", "c")];
        assert!(matches!(
            KeyChain::build(first(), &skipped, verify, id),
            Err(ChainError::NotTheKeyInForce { seq: 10, .. })
        ));
        let mut forged = rotation(10, "a", "b");
        forged.endorsement = sign("b", b"self-endorsed");
        assert_eq!(
            KeyChain::build(first(), &[forged], verify, id),
            Err(ChainError::NotEndorsed { seq: 10 })
        );
        let mut renamed = rotation(10, "a", "b");
        renamed.key_id = "id-z".into();
        assert_eq!(
            KeyChain::build(first(), &[renamed], verify, id),
            Err(ChainError::BadKey { seq: 10 })
        );
    }

    #[test]
    fn heads_sign_distinct_messages_and_leaves_are_entry_hashes() {
        assert_ne!(
            head_message(JOURNAL, 12, "ab", "t", "k"),
            head_message(JOURNAL, 1, "2ab", "t", "k")
        );
        assert!(entry_leaf(&"00".repeat(32)).is_some());
        assert!(entry_leaf("zz").is_none());
        assert!(entry_leaf(&"00".repeat(31)).is_none());
    }
}
