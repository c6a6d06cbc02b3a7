//! Appending to the two chains: each event hashed onto the journal, its leaf added to the
//! journal's Merkle tree and the event applied to the projections, in the same transaction; each
//! read of personal data onto the access log and its tree. Heads are signed at commit (see
//! `writer`), or here when a command needs one now.

use super::tx::now;
use super::write::{Author, Write};
use crate::db::Arg;
use crate::privacy::Access;
use crate::{StoreError, projection};
use homeward_crypto::NodeKey;
use homeward_domain::events::{Event, NodeKeyRotated};
use homeward_domain::journal::chain::{Entry, Unhashed};
use homeward_domain::journal::heads::rotation_message;
use std::sync::Arc;

impl Write {
    /// Appends one event and applies it to the projections. Returns its sequence number.
    pub async fn append(&mut self, author: &Author, event: &Event) -> Result<i64, StoreError> {
        let seq = self.seq + 1;
        let at = now();
        let payload = event.payload_json();
        let subject = event.subject();
        let unhashed = Unhashed {
            seq,
            at: &at,
            actor: &author.actor,
            organisation: &author.organisation,
            kind: event.kind(),
            subject: &subject,
            payload: &payload,
            prev_hash: &self.head,
        };
        let hash = unhashed.hash();
        projection::apply(&mut self.tx, seq, &at, &author.actor, event).await?;
        self.trees[0].tree.push(&hash)?;
        self.pending.push(Entry {
            seq,
            at,
            actor: author.actor.clone(),
            organisation: author.organisation.clone(),
            kind: event.kind().to_owned(),
            subject,
            payload,
            prev_hash: std::mem::take(&mut self.head),
            hash: hash.clone(),
        });
        self.seq = seq;
        self.head = hash;
        Ok(seq)
    }

    /// Signs the heads of both trees now, where they grew (before an export, so that it is
    /// covered to its last entry). Returns whether anything was signed.
    pub async fn sign_heads_now(&mut self) -> Result<bool, StoreError> {
        self.sign_heads().await
    }

    /// Hands the node over to a new signing key: the current key endorses the new one in a
    /// `node.key_rotated` entry, and this transaction's heads, like every later head, are signed
    /// with the new key.
    pub async fn rotate_node_key(
        &mut self,
        author: &Author,
        key: Arc<NodeKey>,
    ) -> Result<i64, StoreError> {
        let (previous_key_id, key_id, public_key) =
            (self.node_key().key_id(), key.key_id(), key.public_base64());
        let endorsement =
            self.node_key()
                .sign_base64(&rotation_message(&previous_key_id, &key_id, &public_key));
        let event = Event::NodeKeyRotated(NodeKeyRotated {
            previous_key_id,
            key_id,
            public_key,
            endorsement,
        });
        // The heads that cover what came before the rotation are signed with the old key.
        self.sign_heads().await?;
        let seq = self.append(author, &event).await?;
        self.switch_key(key);
        Ok(seq)
    }

    /// Appends one entry to the access log (a chain of its own, beside the journal).
    pub async fn log_access(
        &mut self,
        author: &Author,
        access: &Access<'_>,
    ) -> Result<i64, StoreError> {
        let seq = self.access.0 + 1;
        let at = now();
        let payload =
            serde_json::json!({ "persons": access.persons, "purpose": access.purpose }).to_string();
        let unhashed = Unhashed {
            seq,
            at: &at,
            actor: &author.actor,
            organisation: &author.organisation,
            kind: access.kind,
            subject: access.subject,
            payload: &payload,
            prev_hash: &self.access.1,
        };
        let hash = unhashed.hash();
        self.tx
            .execute(
                "INSERT INTO access_log (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[Arg::Int(seq), Arg::Text(&at), Arg::Text(&author.actor), Arg::Text(&author.organisation), Arg::Text(access.kind), Arg::Text(access.subject), Arg::Text(&payload), Arg::Text(&self.access.1), Arg::Text(&hash)],
            )
            .await?;
        self.trees[1].tree.push(&hash)?;
        for person in access.persons {
            self.tx
                .execute(
                    "INSERT INTO access_log_persons (person_id, seq) VALUES ($1, $2)",
                    &[Arg::Text(person), Arg::Int(seq)],
                )
                .await?;
        }
        self.access = (seq, hash);
        Ok(seq)
    }
}
