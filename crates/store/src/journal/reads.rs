//! Reading the journal back: entries in order, one subject's history.

use crate::db::{Arg, Row};
use crate::{Store, StoreError};
use homeward_domain::journal::chain::Entry;

/// A journal row (`seq, at, actor, organisation, kind, subject, payload, prev_hash, hash`).
pub(crate) fn entry(r: &Row) -> Entry {
    Entry {
        seq: r[0].int(),
        at: r[1].text(),
        actor: r[2].text(),
        organisation: r[3].text(),
        kind: r[4].text(),
        subject: r[5].text(),
        payload: r[6].text(),
        prev_hash: r[7].text(),
        hash: r[8].text(),
    }
}

const ENTRIES_AFTER: &str = "SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2";

/// Reads the journal in order, a page at a time, starting after `after`.
pub async fn entries_after(
    store: &Store,
    after: i64,
    limit: i64,
) -> Result<Vec<Entry>, StoreError> {
    let rows = store
        .pool()
        .fetch(ENTRIES_AFTER, &[Arg::Int(after), Arg::Int(limit)])
        .await?;
    Ok(rows.iter().map(entry).collect())
}

impl Store {
    /// Journal entries about one subject, oldest first.
    pub async fn history(&self, subject: &str) -> Result<Vec<Entry>, StoreError> {
        let rows = self
            .pool()
            .fetch("SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal WHERE subject = $1 ORDER BY seq", &[Arg::Text(subject)])
            .await?;
        Ok(rows.iter().map(entry).collect())
    }
}
