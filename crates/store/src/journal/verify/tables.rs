//! The projections compared with a replay of the journal, table by table. Where a table differs,
//! the first differing row is found and the last journal entry about it named: an entry added
//! outside the node leaves the tables as they were (so the replay differs at the row it would have
//! changed), and a table changed outside the journal differs at the row that was changed.

use super::Failure;
use crate::db::{Arg, Row, Tx};
use crate::projection::TABLES;
use crate::{Store, StoreError, Value};
use sha2::{Digest, Sha256};

/// Compares every projected table; returns how many were compared.
pub(super) async fn compare(
    live: &mut Tx,
    scratch: &Store,
) -> Result<Result<usize, Failure>, StoreError> {
    let mut count = 0;
    for (table, query) in TABLES.iter().flat_map(|t| t.iter()) {
        let mine = live.fetch(query, &[]).await?;
        let replayed = scratch.pool().fetch(query, &[]).await?;
        count += 1;
        if digest(&mine) == digest(&replayed) {
            continue;
        }
        let row = first_difference(&mine, &replayed);
        let key = row.map(key_of).unwrap_or_default();
        let seq = match row.and_then(|r| r.first()) {
            // Tables keyed by a sequence number (transitions, status changes) name their entry.
            Some(Value::Int(seq)) => Some(*seq),
            _ => last_entry_about(live, &key).await?,
        };
        return Ok(Err(Failure::Projection { table, key, seq }));
    }
    Ok(Ok(count))
}

fn digest(rows: &[Row]) -> String {
    let mut h = Sha256::new();
    for row in rows {
        for v in row {
            let (tag, text) = match v {
                Value::Null => ("n", String::new()),
                Value::Int(i) => ("i", i.to_string()),
                Value::Text(t) => ("t", t.clone()),
            };
            h.update(tag.as_bytes());
            h.update((text.len() as u64).to_be_bytes());
            h.update(text.as_bytes());
        }
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The first row that is not the same in both listings (both are in key order).
fn first_difference<'a>(mine: &'a [Row], replayed: &'a [Row]) -> Option<&'a Row> {
    mine.iter()
        .zip(replayed)
        .find(|(a, b)| a != b)
        .map(|(a, b)| if key_of(a) <= key_of(b) { a } else { b })
        .or_else(|| mine.get(replayed.len()).or(replayed.get(mine.len())))
}

/// A row's key as the journal names records: its first column (every listing starts with it).
fn key_of(row: &Row) -> String {
    match row.first() {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// The last journal entry whose subject or payload names `key`.
async fn last_entry_about(live: &mut Tx, key: &str) -> Result<Option<i64>, StoreError> {
    if key.is_empty() {
        return Ok(None);
    }
    let escaped = key
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let quoted = format!("%\"{escaped}\"%");
    let row = live
        .fetch_optional(
            "SELECT MAX(seq) FROM journal WHERE subject = $1 OR payload LIKE $2 ESCAPE '\\'",
            &[Arg::Text(key), Arg::Text(&quoted)],
        )
        .await?;
    Ok(row.and_then(|r| match &r[0] {
        Value::Int(i) => Some(*i),
        _ => None,
    }))
}
