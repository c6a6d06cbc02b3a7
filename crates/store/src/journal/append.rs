//! Appending to the two chains: each event hashed onto the journal and applied to the projections
//! in the same transaction, with the signed checkpoints; each read of personal data onto the
//! access log.

use super::write::{Author, Write, now};
use crate::db::Arg;
use crate::privacy::Access;
use crate::{CHECKPOINT_INTERVAL, StoreError, projection};
use homeward_domain::events::Event;
use homeward_domain::journal::chain::{Entry, Unhashed, checkpoint_message};

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
        if seq % CHECKPOINT_INTERVAL == 0 {
            self.sign_checkpoint(seq, &hash, &at).await?;
        }
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

    async fn sign_checkpoint(&mut self, seq: i64, hash: &str, at: &str) -> Result<(), StoreError> {
        let signature = self.node_key.sign_base64(&checkpoint_message(seq, hash));
        let public = self.node_key.public_base64();
        self.tx
            .execute(
                "INSERT INTO checkpoints (seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)",
                &[Arg::Int(seq), Arg::Text(hash), Arg::Text(at), Arg::Text(&public), Arg::Text(&signature)],
            )
            .await?;
        Ok(())
    }

    /// Signs a checkpoint at the current head unless one exists there (e.g. before an export).
    pub async fn checkpoint_head(&mut self) -> Result<Option<i64>, StoreError> {
        if self.seq == 0
            || self
                .tx
                .fetch_optional(
                    "SELECT seq FROM checkpoints WHERE seq = $1",
                    &[Arg::Int(self.seq)],
                )
                .await?
                .is_some()
        {
            return Ok(None);
        }
        let (seq, head, at) = (self.seq, self.head.clone(), now());
        self.sign_checkpoint(seq, &head, &at).await?;
        Ok(Some(seq))
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
