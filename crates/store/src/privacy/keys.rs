//! Per-person data keys (wrapped by the master key, outside the journal) and erasure: destroying a
//! key is crypto-shredding, and the projection forgets the ciphertext too.

use crate::db::{Arg, Tx};
use crate::{Store, StoreError, Write};
use homeward_domain::events::PersonErased;

impl Store {
    pub async fn wrapped_person_key(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT wrapped FROM person_keys WHERE person_id = $1",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].text()))
    }
}

impl Write {
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
}

pub(crate) async fn apply_erased(
    tx: &mut Tx,
    at: &str,
    p: &PersonErased,
) -> Result<(), StoreError> {
    let id = p.person_id.to_string();
    // The ciphertext is unreadable once the key is gone; dropping it from the projection
    // also keeps it out of backups made from here on.
    tx.execute(
        "UPDATE persons SET sealed = NULL, erased_at = $1 WHERE id = $2",
        &[Arg::Text(at), Arg::Text(&id)],
    )
    .await?;
    crate::lifecycle::case_file::erase_notes(tx, &id).await?;
    Ok(())
}
