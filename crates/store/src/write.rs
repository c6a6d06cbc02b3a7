//! The write path: one serialised transaction that appends journal entries and updates the
//! projections they describe.

use crate::db::{Arg, Pool, Tx};
use crate::{CHECKPOINT_INTERVAL, StoreError, projection};
use homeward_crypto::NodeKey;
use homeward_domain::events::Event;
use homeward_domain::journal::{GENESIS, Unhashed, checkpoint_message};
use std::sync::Arc;

/// The current time as stored: RFC 3339, UTC, microseconds.
pub(crate) fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.format(&fmt).unwrap_or_default()
}

/// Opens a transaction that holds the engine's write lock until it ends.
pub(crate) async fn begin_tx(pool: &Pool) -> Result<Tx, StoreError> {
    Ok(match pool {
        // IMMEDIATE takes SQLite's write lock at once, so two writers never both read the same
        // journal head (a DEFERRED transaction would fail with "database is locked" on upgrade).
        Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
        Pool::Postgres(p) => {
            let mut tx = Tx::Postgres(p.begin().await?);
            // Serialises writers across processes; released at commit or rollback.
            tx.execute("SELECT pg_advisory_xact_lock(7226)", &[])
                .await?;
            tx
        }
    })
}

/// One write transaction, shared by the commands of one commit group (see `writer`). Each
/// command runs inside its own savepoint. Dropping it without committing rolls everything back.
pub struct Write {
    tx: Tx,
    node_key: Arc<NodeKey>,
    seq: i64,
    head: String,
}

/// Who is writing, as recorded in every entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// A user id, or `system` for the node itself (demo, command line).
    pub actor: String,
    /// The acting organisation's id, or empty for the node.
    pub organisation: String,
}

impl Write {
    pub(crate) async fn begin(pool: &Pool, node_key: Arc<NodeKey>) -> Result<Write, StoreError> {
        let mut tx = begin_tx(pool).await?;
        let head = tx
            .fetch_optional(
                "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1",
                &[],
            )
            .await?;
        let (seq, head) = head
            .map(|r| (r[0].int(), r[1].text()))
            .unwrap_or((0, GENESIS.to_owned()));
        Ok(Write {
            tx,
            node_key,
            seq,
            head,
        })
    }

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
        self.tx
            .execute(
                "INSERT INTO journal (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[Arg::Int(seq), Arg::Text(&at), Arg::Text(&author.actor), Arg::Text(&author.organisation), Arg::Text(event.kind()), Arg::Text(&subject), Arg::Text(&payload), Arg::Text(&self.head), Arg::Text(&hash)],
            )
            .await?;
        projection::apply(&mut self.tx, seq, &at, event).await?;
        if seq % CHECKPOINT_INTERVAL == 0 {
            self.sign_checkpoint(seq, &hash, &at).await?;
        }
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

    /// The next case number, counted within the node.
    pub async fn next_case_number(&mut self) -> Result<i64, StoreError> {
        let row = self
            .tx
            .fetch_optional("SELECT COALESCE(MAX(number), 0) FROM cases", &[])
            .await?;
        Ok(row.map(|r| r[0].int()).unwrap_or(0) + 1)
    }

    /// Stores a person's wrapped data key (operational table, outside the journal).
    pub async fn put_person_key(
        &mut self,
        person_id: &str,
        wrapped: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO person_keys (person_id, wrapped) VALUES ($1, $2)",
                &[Arg::Text(person_id), Arg::Text(wrapped)],
            )
            .await?;
        Ok(())
    }

    /// Destroys a person's data key: crypto-shredding. Returns whether a key existed.
    pub async fn destroy_person_key(&mut self, person_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .execute(
                "DELETE FROM person_keys WHERE person_id = $1",
                &[Arg::Text(person_id)],
            )
            .await?
            > 0)
    }

    /// Sets a user's password hash (operational table; the journal records only the fact).
    pub async fn put_password_hash(&mut self, user_id: &str, hash: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM credentials WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        self.tx
            .execute(
                "INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2)",
                &[Arg::Text(user_id), Arg::Text(hash)],
            )
            .await?;
        Ok(())
    }

    /// Opens the savepoint of one command; returns the journal position to restore if the
    /// command fails.
    pub(crate) async fn begin_command(&mut self) -> Result<(i64, String), StoreError> {
        self.tx.execute("SAVEPOINT command", &[]).await?;
        Ok((self.seq, self.head.clone()))
    }

    /// Keeps the command's changes in the group.
    pub(crate) async fn keep_command(&mut self) -> Result<(), StoreError> {
        self.tx.execute("RELEASE SAVEPOINT command", &[]).await?;
        Ok(())
    }

    /// Undoes the command's changes, and its journal entries, without touching the rest of the
    /// group.
    pub(crate) async fn undo_command(
        &mut self,
        (seq, head): (i64, String),
    ) -> Result<(), StoreError> {
        self.tx
            .execute("ROLLBACK TO SAVEPOINT command", &[])
            .await?;
        self.tx.execute("RELEASE SAVEPOINT command", &[]).await?;
        self.seq = seq;
        self.head = head;
        Ok(())
    }

    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}
