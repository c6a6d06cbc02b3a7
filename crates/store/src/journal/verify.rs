//! `homeward audit verify`: recompute the hash chain, check the signed checkpoints, and replay
//! the journal into a scratch database to prove the projections are exactly what it says.

use super::reads::{CHECKPOINTS, ENTRIES_AFTER, checkpoint_rows, entry};
use crate::db::{Arg, Row, Tx};
use crate::projection::{self, TABLES};
use crate::{Location, Store, StoreError};
use homeward_crypto::{NodeKey, verify_signature};
use homeward_domain::events::Event;
use homeward_domain::journal::chain::{Break, ChainVerifier, Entry, checkpoint_message};
use sha2::{Digest, Sha256};

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub entries: i64,
    pub head: String,
    pub checkpoints: usize,
    pub tables: usize,
}

/// The first thing found wrong, naming the entry (or table) where trust ends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Chain(Break),
    #[error("entry {seq}: payload is not a valid {kind} event")]
    Payload { seq: i64, kind: String },
    #[error("checkpoint at entry {seq}: {reason}")]
    Checkpoint { seq: i64, reason: &'static str },
    #[error(
        "replaying the journal does not rebuild table {table}: a projection was changed outside the journal"
    )]
    Projection { table: &'static str },
    /// The access log's own chain is broken.
    #[error("access log {0}")]
    AccessLog(Break),
    /// The index of persons per access does not match what the access log's entries say.
    #[error("access log entry {seq}: the persons indexed for it differ from the entry")]
    AccessIndex { seq: i64 },
}

impl Failure {
    /// The first journal entry that cannot be trusted, when the failure is about one entry.
    pub fn first_bad_entry(&self) -> Option<i64> {
        match self {
            Failure::Chain(b) => Some(b.seq()),
            Failure::Payload { seq, .. } | Failure::Checkpoint { seq, .. } => Some(*seq),
            Failure::Projection { .. } | Failure::AccessLog(_) | Failure::AccessIndex { .. } => {
                None
            }
        }
    }
}

const PAGE: i64 = 2000;

/// Verifies everything; `progress(done, total)` is called after each page.
pub async fn verify(
    store: &Store,
    progress: &(dyn Fn(i64, i64) + Sync),
) -> Result<Result<Report, Failure>, StoreError> {
    // Everything read from the live database comes from one snapshot, so that commands
    // committed while the node serves are neither half-seen nor mistaken for tampering.
    let mut live = store.pool().begin_snapshot().await?;
    let total = live
        .fetch_optional("SELECT COUNT(*) FROM journal", &[])
        .await?
        .map(|r| r[0].int())
        .unwrap_or(0);
    let scratch = Scratch::open(store).await?;
    let result = check(store, &mut live, &scratch.store, total, progress).await;
    scratch.close().await;
    live.commit().await?;
    result
}

async fn check(
    store: &Store,
    live: &mut Tx,
    scratch: &Store,
    total: i64,
    progress: &(dyn Fn(i64, i64) + Sync),
) -> Result<Result<Report, Failure>, StoreError> {
    let mut chain = ChainVerifier::default();
    let mut hashes_at_checkpoints = std::collections::BTreeMap::new();
    let checkpoints = checkpoint_rows(live.fetch(CHECKPOINTS, &[]).await?);
    let wanted: std::collections::BTreeSet<i64> = checkpoints.iter().map(|c| c.0).collect();
    let mut after = 0;
    loop {
        let page: Vec<Entry> = live
            .fetch(ENTRIES_AFTER, &[Arg::Int(after), Arg::Int(PAGE)])
            .await?
            .iter()
            .map(entry)
            .collect();
        if page.is_empty() {
            break;
        }
        let mut tx = crate::journal::write::begin_tx(scratch.pool()).await?;
        for e in &page {
            if let Err(b) = chain.push(e) {
                return Ok(Err(Failure::Chain(b)));
            }
            let Ok(event) = Event::from_parts(&e.kind, &e.payload) else {
                return Ok(Err(Failure::Payload {
                    seq: e.seq,
                    kind: e.kind.clone(),
                }));
            };
            projection::apply(&mut tx, e.seq, &e.at, &e.actor, &event).await?;
            if wanted.contains(&e.seq) {
                hashes_at_checkpoints.insert(e.seq, e.hash.clone());
            }
        }
        tx.commit().await?;
        after = page.last().map(|e| e.seq).unwrap_or(after);
        progress(after, total);
    }
    let public = store.public_key();
    for (seq, hash, _at, key, signature) in &checkpoints {
        let reason = match hashes_at_checkpoints.get(seq) {
            None => {
                Some("the journal no longer reaches this entry (entries were removed from its end)")
            }
            Some(h) if h != hash => Some("the journal's hash here differs from the signed one"),
            Some(_) if *key != public => Some("signed by a key that is not this node's"),
            Some(_) if !verify_signature(key, &checkpoint_message(*seq, hash), signature) => {
                Some("the signature does not verify")
            }
            Some(_) => None,
        };
        if let Some(reason) = reason {
            return Ok(Err(Failure::Checkpoint { seq: *seq, reason }));
        }
    }
    for (table, query) in TABLES.iter().flat_map(|t| t.iter()) {
        let mine = digest(live.fetch(query, &[]).await?);
        if mine != digest(scratch.pool().fetch(query, &[]).await?) {
            return Ok(Err(Failure::Projection { table }));
        }
    }
    if let Err(failure) = check_access_log(live).await? {
        return Ok(Err(failure));
    }
    let (entries, head) = chain.head();
    Ok(Ok(Report {
        entries,
        head: head.to_owned(),
        checkpoints: checkpoints.len(),
        tables: TABLES.iter().map(|t| t.len()).sum(),
    }))
}

const ACCESS_AFTER: &str = "SELECT seq, at, actor, organisation, kind, subject, payload, prev_hash, hash FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2";

/// Verifies the access log's chain, and that its person index says what its entries say.
async fn check_access_log(live: &mut Tx) -> Result<Result<(), Failure>, StoreError> {
    let mut chain = ChainVerifier::default();
    let mut expected: Vec<(i64, String)> = Vec::new();
    let mut after = 0;
    loop {
        let page: Vec<Entry> = live
            .fetch(ACCESS_AFTER, &[Arg::Int(after), Arg::Int(PAGE)])
            .await?
            .iter()
            .map(entry)
            .collect();
        let Some(last) = page.last().map(|e| e.seq) else {
            break;
        };
        for e in &page {
            if let Err(b) = chain.push(e) {
                return Ok(Err(Failure::AccessLog(b)));
            }
            let persons = serde_json::from_str::<serde_json::Value>(&e.payload)
                .ok()
                .and_then(|v| v["persons"].as_array().cloned());
            let Some(persons) = persons else {
                return Ok(Err(Failure::AccessIndex { seq: e.seq }));
            };
            expected.extend(
                persons
                    .iter()
                    .map(|p| (e.seq, p.as_str().unwrap_or_default().to_owned())),
            );
        }
        after = last;
    }
    expected.sort();
    let indexed: Vec<(i64, String)> = live
        .fetch(
            "SELECT seq, person_id FROM access_log_persons ORDER BY seq, person_id",
            &[],
        )
        .await?
        .iter()
        .map(|r| (r[0].int(), r[1].text()))
        .collect();
    let differs = expected
        .iter()
        .zip(&indexed)
        .find(|(a, b)| a != b)
        .map(|(a, b)| a.0.min(b.0));
    let differs = differs.or_else(|| {
        (expected.len() != indexed.len()).then(|| {
            expected
                .get(indexed.len())
                .or(indexed.get(expected.len()))
                .map_or(0, |p| p.0)
        })
    });
    Ok(match differs {
        Some(seq) => Err(Failure::AccessIndex { seq }),
        None => Ok(()),
    })
}

fn digest(rows: Vec<Row>) -> String {
    let mut h = Sha256::new();
    for row in rows {
        for v in row {
            let (tag, text) = match v {
                crate::Value::Null => ("n", String::new()),
                crate::Value::Int(i) => ("i", i.to_string()),
                crate::Value::Text(t) => ("t", t),
            };
            h.update(tag.as_bytes());
            h.update((text.len() as u64).to_be_bytes());
            h.update(text.as_bytes());
        }
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// A throw-away database of the same engine to replay into.
struct Scratch {
    store: Store,
    pg_schema: Option<(String, String)>,
}

impl Scratch {
    async fn open(live: &Store) -> Result<Scratch, StoreError> {
        let (location, pg_schema) = match live.location() {
            Location::Sqlite(_) | Location::SqliteMemory => (Location::SqliteMemory, None),
            Location::Postgres { url, .. } => {
                let schema = format!(
                    "homeward_replay_{}",
                    hex::encode(homeward_crypto::random_bytes::<6>())
                );
                crate::create_pg_schema(url, &schema).await?;
                (
                    Location::Postgres {
                        url: url.clone(),
                        schema: Some(schema.clone()),
                    },
                    Some((url.clone(), schema)),
                )
            }
        };
        // The scratch store never signs anything; it gets a throw-away key.
        let store = Store::open(&location, NodeKey::generate()).await?;
        Ok(Scratch { store, pg_schema })
    }

    async fn close(self) {
        self.store.close().await;
        if let Some((url, schema)) = self.pg_schema
            && let Err(e) = crate::drop_pg_schema(&url, &schema).await
        {
            tracing::warn!(error = %e, "could not drop the replay schema");
        }
    }
}
