//! `homeward audit verify`: both hash chains recomputed, both Merkle trees rebuilt from the
//! entries and compared with the leaves the node stored, every signed tree head checked against
//! the rebuilt tree and the node's chain of keys, the journal replayed into a scratch database to
//! prove the projections are exactly what it says — and, given witness stores, the logs compared
//! with what each witness saw. The first failure names where trust ends.

mod logs;
mod tables;

use crate::db::Tx;
use crate::journal::heads::HeadPolicy;
use crate::{Location, Store, StoreError};
use homeward_crypto::{NodeKey, key_id, verify_signature};
use homeward_domain::journal::chain::Break;
use homeward_domain::journal::heads::{ACCESS_LOG, ChainError, JOURNAL, KeyChain, SignedHead};
use homeward_domain::journal::merkle::to_hex;
use homeward_domain::journal::witness::{Divergence, Witness, compare};
use std::collections::BTreeSet;

/// What to verify against besides the node's own data.
#[derive(Debug, Clone, Default)]
pub struct Against<'a> {
    /// Witness stores, with the names (file names) to report them by.
    pub witnesses: &'a [(String, Witness)],
    /// Heads are signed at this interval (zero: at every commit); entries younger than it may be
    /// past the last head.
    pub head_interval: std::time::Duration,
}

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub entries: i64,
    /// The journal chain's last hash.
    pub head: String,
    /// The journal tree's root.
    pub root: String,
    pub access_entries: i64,
    /// Signed heads checked (both trees).
    pub heads: usize,
    pub tables: usize,
    /// The key the node signs with now.
    pub key_id: String,
    /// Journal entries no witness has vouched for: after the last head any witness saw (all of
    /// them without witnesses).
    pub unwitnessed: i64,
    /// Recent entries past the last signed head, with heads signed at intervals.
    pub unsigned: i64,
}

/// The first thing found wrong, naming the entry (or the head, table or witness) where trust ends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Chain(Break),
    #[error("entry {seq}: payload is not a valid {kind} event")]
    Payload { seq: i64, kind: String },
    #[error("{}", leaf_message(tree, *seq, *missing))]
    Leaf {
        tree: String,
        seq: i64,
        missing: bool,
    },
    #[error("the signed {tree} head of {size} entries: {reason}")]
    Head {
        tree: String,
        size: i64,
        reason: &'static str,
    },
    #[error("{0}")]
    Keys(ChainError),
    #[error(
        "the key in force in the journal ({in_force}) is not this node's key ({node}): the key was replaced without a rotation, or the heads were signed elsewhere"
    )]
    ForeignKey { in_force: String, node: String },
    #[error(
        "{tree} entries {first} to {last} are covered by no signed head: they were not appended by this node, or its heads were removed"
    )]
    Uncovered { tree: String, first: i64, last: i64 },
    #[error(
        "the node found {tree} entries {first} to {last} it did not write ({kind}) and signs no more heads of that log"
    )]
    Alarm {
        tree: String,
        kind: String,
        first: i64,
        last: i64,
    },
    #[error("witness {witness}: {divergence}")]
    Witness {
        witness: String,
        divergence: Divergence,
    },
    #[error("{}", projection_message(table, key, *seq))]
    Projection {
        table: &'static str,
        key: String,
        seq: Option<i64>,
    },
    /// The access log's own chain is broken.
    #[error("access log {0}")]
    AccessLog(Break),
    /// The index of persons per access does not match what the access log's entries say.
    #[error("access log entry {seq}: the persons indexed for it differ from the entry")]
    AccessIndex { seq: i64 },
}

fn leaf_message(tree: &str, seq: i64, missing: bool) -> String {
    if missing {
        format!(
            "{tree} entry {seq}: the node's tree has no leaf for it, or a leaf for an entry that is gone (appended or removed outside the node)"
        )
    } else {
        format!(
            "{tree} entry {seq} differs from the leaf the node stored when it was appended (the entry was changed afterwards)"
        )
    }
}

fn projection_message(table: &str, key: &str, seq: Option<i64>) -> String {
    match seq {
        Some(seq) => format!(
            "replaying the journal gives another row {key:?} of table {table}; entry {seq} is the last about it: it was added outside the node, or the table was changed outside the journal"
        ),
        None => format!(
            "replaying the journal does not rebuild table {table} (row {key:?}): it was changed outside the journal"
        ),
    }
}

impl Failure {
    /// The first journal entry that cannot be trusted, when the failure names one.
    pub fn first_bad_entry(&self) -> Option<i64> {
        let journal = |tree: &str, seq: i64| (tree == JOURNAL).then_some(seq);
        match self {
            Failure::Chain(b) => Some(b.seq()),
            Failure::Payload { seq, .. } => Some(*seq),
            Failure::Leaf { tree, seq, .. } => journal(tree, *seq),
            Failure::Uncovered { tree, first, .. } | Failure::Alarm { tree, first, .. } => {
                journal(tree, *first)
            }
            Failure::Witness {
                divergence: Divergence::Leaf { tree, seq },
                ..
            } => journal(tree, *seq),
            Failure::Witness {
                divergence: Divergence::Shorter { tree, now, .. },
                ..
            } => journal(tree, now + 1),
            Failure::Projection { seq, .. } => *seq,
            Failure::Head { .. }
            | Failure::Keys(_)
            | Failure::ForeignKey { .. }
            | Failure::Witness { .. }
            | Failure::AccessLog(_)
            | Failure::AccessIndex { .. } => None,
        }
    }
}

/// Verifies everything; `progress(done, total)` is called after each page of the journal.
pub async fn verify(
    store: &Store,
    against: &Against<'_>,
    progress: &(dyn Fn(i64, i64) + Sync),
) -> Result<Result<Report, Failure>, StoreError> {
    // Everything read from the live database comes from one snapshot, so that commands
    // committed while the node serves are neither half-seen nor mistaken for tampering.
    let mut live = store.pool().begin_snapshot().await?;
    let scratch = Scratch::open(store).await?;
    let node = key_id(&store.public_key()).unwrap_or_default();
    let result = check(&mut live, &scratch.store, &node, against, progress).await;
    scratch.close().await;
    live.commit().await?;
    result
}

macro_rules! fail {
    ($r:expr) => {
        match $r {
            Ok(v) => v,
            Err(f) => return Ok(Err(f)),
        }
    };
}

async fn check(
    live: &mut Tx,
    scratch: &Store,
    node: &str,
    against: &Against<'_>,
    progress: &(dyn Fn(i64, i64) + Sync),
) -> Result<Result<Report, Failure>, StoreError> {
    let total = live
        .fetch_optional("SELECT COUNT(*) FROM journal", &[])
        .await?
        .map(|r| r[0].int())
        .unwrap_or(0);
    let heads = all_heads(live).await?;
    let mut journal_log = None;
    let mut access_log = None;
    for tree in [JOURNAL, ACCESS_LOG] {
        let mut wanted: BTreeSet<i64> = heads
            .iter()
            .filter(|h| h.tree == tree)
            .map(|h| h.size)
            .collect();
        for (_, w) in against.witnesses {
            wanted.extend(w.sizes(tree));
        }
        let last = last_signed(&heads, tree);
        let replay = (tree == JOURNAL).then_some(scratch);
        let log = fail!(logs::read(live, tree, &wanted, last, replay, progress, total).await?);
        if tree == JOURNAL {
            journal_log = Some(log);
        } else {
            access_log = Some(log);
        }
    }
    let (Some(journal), Some(access)) = (journal_log, access_log) else {
        return Err(StoreError::Corrupt("a log was not read".into()));
    };
    let chain = fail!(key_chain(&heads, &journal.rotations));
    if !heads.is_empty() && chain.current() != node {
        return Ok(Err(Failure::ForeignKey {
            in_force: chain.current().to_owned(),
            node: node.to_owned(),
        }));
    }
    let mut checked = 0;
    let mut unsigned = 0;
    for (tree, log) in [(JOURNAL, &journal), (ACCESS_LOG, &access)] {
        for h in heads.iter().filter(|h| h.tree == tree) {
            fail!(check_head(h, log, &chain));
            checked += 1;
        }
        for (name, w) in against.witnesses {
            if let Err(divergence) = compare(w, tree, &log.leaves, &log.roots) {
                return Ok(Err(Failure::Witness {
                    witness: name.clone(),
                    divergence,
                }));
            }
        }
        let last = last_signed(&heads, tree);
        if last < log.size {
            let young = young_tail(log, last, against.head_interval);
            if !young {
                return Ok(Err(Failure::Uncovered {
                    tree: tree.into(),
                    first: last + 1,
                    last: log.size,
                }));
            }
            if tree == JOURNAL {
                unsigned = log.size - last;
            }
        }
    }
    fail!(alarms(live).await?);
    let tables = fail!(tables::compare(live, scratch).await?);
    let witnessed = against
        .witnesses
        .iter()
        .filter_map(|(_, w)| w.latest(JOURNAL).map(|h| h.size))
        .max()
        .unwrap_or(0);
    Ok(Ok(Report {
        entries: journal.size,
        head: journal.head,
        root: journal
            .roots
            .get(&journal.size)
            .map(to_hex)
            .unwrap_or_else(|| to_hex(&homeward_domain::journal::merkle::root_of(&journal.leaves))),
        access_entries: access.size,
        heads: checked,
        tables,
        key_id: chain.current().to_owned(),
        unwitnessed: journal.size - witnessed.min(journal.size),
        unsigned,
    }))
}

async fn all_heads(live: &mut Tx) -> Result<Vec<SignedHead>, StoreError> {
    let rows = live
        .fetch(
            "SELECT tree, size, root, at, key_id, public_key, signature FROM tree_heads ORDER BY tree, size",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| SignedHead {
            tree: r[0].text(),
            size: r[1].int(),
            root: r[2].text(),
            at: r[3].text(),
            key_id: r[4].text(),
            public_key: r[5].text(),
            signature: r[6].text(),
        })
        .collect())
}

fn last_signed(heads: &[SignedHead], tree: &str) -> i64 {
    heads
        .iter()
        .filter(|h| h.tree == tree)
        .map(|h| h.size)
        .max()
        .unwrap_or(0)
}

/// The node's keys: the first journal head's key, then each hand-over in the journal.
fn key_chain(
    heads: &[SignedHead],
    rotations: &[homeward_domain::journal::heads::Rotation],
) -> Result<KeyChain, Failure> {
    let first = heads
        .iter()
        .filter(|h| h.tree == JOURNAL)
        .min_by_key(|h| h.size)
        .or_else(|| heads.first())
        .map(|h| (h.key_id.clone(), h.public_key.clone()))
        .unwrap_or_default();
    KeyChain::build(first, rotations, verify_signature, key_id).map_err(Failure::Keys)
}

fn check_head(h: &SignedHead, log: &logs::Log, chain: &KeyChain) -> Result<(), Failure> {
    let bad = |reason| Failure::Head {
        tree: h.tree.clone(),
        size: h.size,
        reason,
    };
    let Some(root) = log.roots.get(&h.size) else {
        return Err(bad(
            "the log no longer reaches it (entries were removed from its end)",
        ));
    };
    if to_hex(root) != h.root {
        return Err(bad(
            "its root differs from the tree rebuilt from the entries (an entry it covers was rewritten)",
        ));
    }
    let (want_id, want_public) = chain.key_for(h.size);
    if h.key_id != want_id || h.public_key != want_public {
        return Err(bad("it is not signed by the key in force for it"));
    }
    if !verify_signature(&h.public_key, &h.message(), &h.signature) {
        return Err(bad("its signature does not verify"));
    }
    Ok(())
}

/// Whether every entry past the last head is younger than the head interval (plus a grace for
/// the commit in flight): an interval's tail not yet signed.
fn young_tail(log: &logs::Log, last: i64, interval: std::time::Duration) -> bool {
    if interval.is_zero() {
        return false;
    }
    let cutoff =
        time::OffsetDateTime::now_utc() - time::Duration::seconds(interval.as_secs() as i64 + 5);
    log.times.range(last + 1..).all(|(_, at)| {
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
            .is_ok_and(|t| t > cutoff)
    })
}

async fn alarms(live: &mut Tx) -> Result<Result<(), Failure>, StoreError> {
    let row = live
        .fetch_optional(
            "SELECT tree, kind, first_seq, last_seq FROM journal_alarms ORDER BY first_seq LIMIT 1",
            &[],
        )
        .await?;
    Ok(match row {
        Some(r) => Err(Failure::Alarm {
            tree: r[0].text(),
            kind: r[1].text(),
            first: r[2].int(),
            last: r[3].int(),
        }),
        None => Ok(()),
    })
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
        let store = Store::open(&location, NodeKey::generate(), HeadPolicy::default()).await?;
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
