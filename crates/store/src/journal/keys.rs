//! The hand-overs of the node's signing key: the projection of `node.key_rotated`, and its read.

use crate::db::{Arg, Tx};
use crate::{Store, StoreError};
use homeward_domain::events::NodeKeyRotated;
use homeward_domain::journal::heads::Rotation;

/// The tables this module projects, with the canonical query that lists each; `audit verify`
/// compares them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[(
    "key_rotations",
    "SELECT seq, previous_key_id, key_id, public_key, endorsement FROM key_rotations ORDER BY seq",
)];

pub(crate) async fn apply_rotated(
    tx: &mut Tx,
    seq: i64,
    r: &NodeKeyRotated,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO key_rotations (seq, previous_key_id, key_id, public_key, endorsement) VALUES ($1, $2, $3, $4, $5)",
        &[Arg::Int(seq), Arg::Text(&r.previous_key_id), Arg::Text(&r.key_id), Arg::Text(&r.public_key), Arg::Text(&r.endorsement)],
    )
    .await?;
    Ok(())
}

impl Store {
    /// Every hand-over of the node's signing key, oldest first.
    pub async fn key_rotations(&self) -> Result<Vec<Rotation>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT seq, previous_key_id, key_id, public_key, endorsement FROM key_rotations ORDER BY seq",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Rotation {
                seq: r[0].int(),
                previous_key_id: r[1].text(),
                key_id: r[2].text(),
                public_key: r[3].text(),
                endorsement: r[4].text(),
            })
            .collect())
    }
}
