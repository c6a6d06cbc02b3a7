//! The hash chain that makes the journal tamper-evident.
//!
//! Each entry's hash covers its own columns and the previous entry's hash, so editing, deleting,
//! inserting or reordering any entry changes every hash after it. The encoding is length-prefixed
//! so that no two different entries can encode to the same bytes.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One journal entry as stored. `payload` is kept as the exact JSON text that was hashed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub organisation: String,
    pub kind: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The columns of an entry that its hash covers, before the hash is known.
pub struct Unhashed<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub organisation: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub payload: &'a str,
    pub prev_hash: &'a str,
}

impl Unhashed<'_> {
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"homeward-journal-v1");
        let seq = self.seq.to_string();
        for part in [
            seq.as_str(),
            self.at,
            self.actor,
            self.organisation,
            self.kind,
            self.subject,
            self.payload,
            self.prev_hash,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

impl Entry {
    pub fn unhashed(&self) -> Unhashed<'_> {
        Unhashed {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            organisation: &self.organisation,
            kind: &self.kind,
            subject: &self.subject,
            payload: &self.payload,
            prev_hash: &self.prev_hash,
        }
    }
}

/// Where and why a chain stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error(
        "entry {found}: expected sequence number {expected} (an entry was deleted, inserted or moved)"
    )]
    Sequence { expected: i64, found: i64 },
    #[error("entry {seq}: prev_hash does not match the hash of entry {}", .seq - 1)]
    Link { seq: i64 },
    #[error("entry {seq}: its content does not match its hash (the entry was edited)")]
    Content { seq: i64 },
}

impl Break {
    pub fn seq(&self) -> i64 {
        match self {
            Break::Sequence { found, .. } => *found,
            Break::Link { seq } | Break::Content { seq } => *seq,
        }
    }
}

/// Checks entries one at a time, in the order they are read. Sequence numbers start at 1 and
/// have no gaps; each entry links to the one before and matches its own hash.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: i64,
    head: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            next_seq: 1,
            head: GENESIS.to_owned(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &Entry) -> Result<(), Break> {
        if e.seq != self.next_seq {
            return Err(Break::Sequence {
                expected: self.next_seq,
                found: e.seq,
            });
        }
        if e.prev_hash != self.head {
            return Err(Break::Link { seq: e.seq });
        }
        if e.unhashed().hash() != e.hash {
            return Err(Break::Content { seq: e.seq });
        }
        self.next_seq += 1;
        self.head = e.hash.clone();
        Ok(())
    }

    /// The number of entries verified and the hash of the last one.
    pub fn head(&self) -> (i64, &str) {
        (self.next_seq - 1, &self.head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let payload = format!("{{\"n\":{seq}}}");
                let u = Unhashed {
                    seq,
                    at: "2026-11-22T10:00:00Z",
                    actor: "system",
                    organisation: "",
                    kind: "test",
                    subject: "s",
                    payload: &payload,
                    prev_hash: &prev,
                };
                let e = Entry {
                    seq,
                    at: u.at.into(),
                    actor: u.actor.into(),
                    organisation: String::new(),
                    kind: "test".into(),
                    subject: "s".into(),
                    payload: payload.clone(),
                    prev_hash: prev.clone(),
                    hash: u.hash(),
                };
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(entries: &[Entry]) -> Result<(), Break> {
        let mut v = ChainVerifier::default();
        entries.iter().try_for_each(|e| v.push(e))
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(()));
    }

    #[test]
    fn every_kind_of_tampering_is_named() {
        let mut edited = chain(5);
        edited[2].payload = "{\"n\":99}".into();
        assert_eq!(verify(&edited), Err(Break::Content { seq: 3 }));

        let mut deleted = chain(5);
        deleted.remove(2);
        assert_eq!(
            verify(&deleted),
            Err(Break::Sequence {
                expected: 3,
                found: 4
            })
        );

        let mut reordered = chain(5);
        reordered.swap(1, 2);
        assert_eq!(verify(&reordered).unwrap_err().seq(), 3);

        // An inserted entry renumbered to fit still cannot link to its neighbours.
        let mut inserted = chain(5);
        let mut forged = inserted[1].clone();
        forged.payload = "{\"forged\":true}".into();
        forged.hash = forged.unhashed().hash();
        inserted.insert(2, forged);
        for (i, e) in inserted.iter_mut().enumerate() {
            e.seq = i as i64 + 1;
        }
        assert!(verify(&inserted).is_err());
    }
}
