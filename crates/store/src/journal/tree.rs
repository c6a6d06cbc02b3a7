//! The Merkle trees over the journal and the access log, in the store: every perfect subtree's
//! hash in `merkle_nodes`, written in the transaction that appends the entries, and the reads
//! proofs are made from.
//!
//! The writer keeps each tree's frontier between commits. When a transaction begins, the log and
//! its stored tree must agree with what this writer (or another process's writer, which signs a
//! head at every commit) left: leaves missing for entries means they were appended outside the
//! node; leaves beyond the log means entries were removed. Either is recorded in
//! `journal_alarms`, and no head of that tree is signed again (see [`super::heads`]).

use crate::StoreError;
use crate::db::{Arg, Pool, Tx};
use homeward_domain::journal::heads::{ACCESS_LOG, JOURNAL, entry_leaf};
use homeward_domain::journal::merkle::{Frontier, Hash, NodeId, from_hex, to_hex};

/// The log table a tree is built over.
pub(crate) fn log_table(tree: &str) -> Result<&'static str, StoreError> {
    match tree {
        JOURNAL => Ok("journal"),
        ACCESS_LOG => Ok("access_log"),
        other => Err(StoreError::Corrupt(format!("no tree {other:?}"))),
    }
}

/// One tree as a write transaction grows it.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub(crate) name: &'static str,
    pub(crate) frontier: Frontier,
    /// Nodes made in this transaction, not yet inserted.
    pending: Vec<(NodeId, Hash)>,
}

const INSERT_NODE: &str =
    "INSERT INTO merkle_nodes (tree, level, idx, hash) VALUES ($1, $2, $3, $4)";
const NODE_BATCH: usize = 16;
const INSERT_NODE_BATCH: &str = "INSERT INTO merkle_nodes (tree, level, idx, hash) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8), ($9, $10, $11, $12), ($13, $14, $15, $16), ($17, $18, $19, $20), ($21, $22, $23, $24), ($25, $26, $27, $28), ($29, $30, $31, $32), ($33, $34, $35, $36), ($37, $38, $39, $40), ($41, $42, $43, $44), ($45, $46, $47, $48), ($49, $50, $51, $52), ($53, $54, $55, $56), ($57, $58, $59, $60), ($61, $62, $63, $64)";

impl Tree {
    pub(crate) fn new(name: &'static str, frontier: Frontier) -> Tree {
        Tree {
            name,
            frontier,
            pending: Vec::new(),
        }
    }

    /// Adds the leaf of an entry whose hash (hex) is `entry_hash`.
    pub(crate) fn push(&mut self, entry_hash: &str) -> Result<(), StoreError> {
        let leaf = entry_leaf(entry_hash).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "{} entry hash {entry_hash:?} is malformed",
                self.name
            ))
        })?;
        let made = self.frontier.push(leaf);
        self.pending.extend(made);
        Ok(())
    }

    /// How many nodes wait to be written (a command's mark).
    pub(crate) fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Forgets the nodes of a command that failed: back to its frontier and its mark.
    pub(crate) fn undo(&mut self, frontier: Frontier, pending: usize) {
        self.frontier = frontier;
        self.pending.truncate(pending);
    }

    /// Writes the nodes made so far, sixteen to a statement. The writer calls it once per
    /// commit group, so small commands share statements.
    pub(crate) async fn flush(&mut self, tx: &mut Tx) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        let rows: Vec<(i64, i64, String)> = pending
            .iter()
            .map(|(id, h)| (i64::from(id.level), id.index as i64, to_hex(h)))
            .collect();
        for chunk in rows.chunks(NODE_BATCH) {
            let args: Vec<Arg<'_>> = chunk
                .iter()
                .flat_map(|(level, index, hash)| {
                    [
                        Arg::Text(self.name),
                        Arg::Int(*level),
                        Arg::Int(*index),
                        Arg::Text(hash),
                    ]
                })
                .collect();
            if chunk.len() == NODE_BATCH {
                tx.execute(INSERT_NODE_BATCH, &args).await?;
            } else {
                for one in args.chunks(4) {
                    tx.execute(INSERT_NODE, one).await?;
                }
            }
        }
        Ok(())
    }
}

const NODE: &str = "SELECT hash FROM merkle_nodes WHERE tree = $1 AND level = $2 AND idx = $3";

fn parse_node(tree: &str, id: NodeId, hash: Option<String>) -> Result<Hash, StoreError> {
    hash.as_deref().and_then(from_hex).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "{tree} tree: node {}/{} is missing or malformed",
            id.level, id.index
        ))
    })
}

/// Reads the stored nodes `ids` of `tree` inside a transaction.
pub(crate) async fn nodes_in(
    tx: &mut Tx,
    tree: &str,
    ids: &[NodeId],
) -> Result<Vec<(NodeId, Hash)>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = tx
            .fetch_optional(
                NODE,
                &[
                    Arg::Text(tree),
                    Arg::Int(i64::from(id.level)),
                    Arg::Int(id.index as i64),
                ],
            )
            .await?;
        out.push((*id, parse_node(tree, *id, row.map(|r| r[0].text()))?));
    }
    Ok(out)
}

/// Reads the stored nodes `ids` of `tree` through the pool (for proofs).
pub(crate) async fn nodes(
    pool: &Pool,
    tree: &str,
    ids: &[NodeId],
) -> Result<Vec<(NodeId, Hash)>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = pool
            .fetch_optional(
                NODE,
                &[
                    Arg::Text(tree),
                    Arg::Int(i64::from(id.level)),
                    Arg::Int(id.index as i64),
                ],
            )
            .await?;
        out.push((*id, parse_node(tree, *id, row.map(|r| r[0].text()))?));
    }
    Ok(out)
}

/// How many leaves the stored tree holds.
pub(crate) async fn stored_size(tx: &mut Tx, tree: &str) -> Result<i64, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_nodes WHERE tree = $1 AND level = 0",
            &[Arg::Text(tree)],
        )
        .await?;
    Ok(row.map(|r| r[0].int()).unwrap_or(0))
}

/// The frontier of the stored tree of `size` leaves.
pub(crate) async fn load(tx: &mut Tx, tree: &str, size: i64) -> Result<Frontier, StoreError> {
    let ids = Frontier::peak_ids(size as u64);
    let found = nodes_in(tx, tree, &ids).await?;
    Ok(Frontier::from_peaks(size as u64, found))
}

/// Removes the stored nodes that cover leaves at or beyond `size` (entries removed from the log).
pub(crate) async fn cut(tx: &mut Tx, tree: &str, size: i64) -> Result<(), StoreError> {
    // A node (level, idx) covers leaves idx << level .. (idx + 1) << level; it goes when that
    // range reaches `size`. Rare (it follows an alarm), so one statement per level is fine.
    for level in 0..63i64 {
        tx.execute(
            "DELETE FROM merkle_nodes WHERE tree = $1 AND level = $2 AND idx >= $3",
            &[Arg::Text(tree), Arg::Int(level), Arg::Int(size >> level)],
        )
        .await?;
    }
    Ok(())
}

/// Records something the writer found and did not write; idempotent.
pub(crate) async fn raise_alarm(
    tx: &mut Tx,
    tree: &str,
    kind: &str,
    first: i64,
    last: i64,
    at: &str,
) -> Result<(), StoreError> {
    tracing::error!(
        tree,
        kind,
        first,
        last,
        "the log holds entries this node did not account for; no heads will be signed for it: run `homeward audit verify`"
    );
    let known = tx
        .fetch_optional(
            "SELECT first_seq FROM journal_alarms WHERE tree = $1 AND kind = $2 AND first_seq = $3",
            &[Arg::Text(tree), Arg::Text(kind), Arg::Int(first)],
        )
        .await?;
    if known.is_none() {
        tx.execute(
            "INSERT INTO journal_alarms (tree, kind, first_seq, last_seq, detected_at) VALUES ($1, $2, $3, $4, $5)",
            &[Arg::Text(tree), Arg::Text(kind), Arg::Int(first), Arg::Int(last), Arg::Text(at)],
        )
        .await?;
    }
    Ok(())
}

/// Whether an alarm holds the tree.
pub(crate) async fn alarmed(tx: &mut Tx, tree: &str) -> Result<bool, StoreError> {
    Ok(tx
        .fetch_optional(
            "SELECT first_seq FROM journal_alarms WHERE tree = $1 LIMIT 1",
            &[Arg::Text(tree)],
        )
        .await?
        .is_some())
}

/// The hashes of the log's entries `after + 1 ..= upto`, in order (to extend a tree over them).
pub(crate) async fn entry_hashes(
    tx: &mut Tx,
    tree: &str,
    after: i64,
    upto: i64,
) -> Result<Vec<String>, StoreError> {
    let query = match log_table(tree)? {
        "journal" => "SELECT hash FROM journal WHERE seq > $1 AND seq <= $2 ORDER BY seq",
        _ => "SELECT hash FROM access_log WHERE seq > $1 AND seq <= $2 ORDER BY seq",
    };
    let rows = tx.fetch(query, &[Arg::Int(after), Arg::Int(upto)]).await?;
    Ok(rows.iter().map(|r| r[0].text()).collect())
}

/// What the writer remembers of a tree between commits.
#[derive(Debug, Clone)]
pub(crate) struct Cached {
    pub(crate) frontier: Frontier,
    /// The size of the latest signed head.
    pub(crate) signed: i64,
    pub(crate) alarmed: bool,
}

/// A tree as a transaction opens it: grown to the log, with what it knows of its heads.
pub(crate) struct Opened {
    pub(crate) tree: Tree,
    pub(crate) signed: i64,
    pub(crate) alarmed: bool,
}

/// Opens `tree` over a log of `log_size` entries. `cached` is what this writer left at its last
/// commit; when the log has moved since (another process wrote, or this writer just started),
/// the stored tree is checked against the log and every discrepancy raises an alarm. `strict`
/// (heads signed at every commit, the default): every honest writer signs a head in the commit
/// that appends, so entries beyond the last head were not written by one. With heads signed at
/// intervals an unsigned tail is normal and only missing or extra leaves are caught.
pub(crate) async fn open(
    tx: &mut Tx,
    name: &'static str,
    log_size: i64,
    cached: Option<Cached>,
    strict: bool,
    at: &str,
) -> Result<Opened, StoreError> {
    if let Some(c) = &cached
        && c.frontier.size() == log_size as u64
    {
        return Ok(Opened {
            tree: Tree::new(name, c.frontier.clone()),
            signed: c.signed,
            alarmed: c.alarmed,
        });
    }
    let stored = stored_size(tx, name).await?;
    if stored > log_size {
        raise_alarm(tx, name, "removed", log_size + 1, stored, at).await?;
        cut(tx, name, log_size).await?;
    }
    let mut tree = Tree::new(name, load(tx, name, stored.min(log_size)).await?);
    let signed = last_signed(tx, name).await?;
    if stored < log_size {
        raise_alarm(tx, name, "appended_outside", stored + 1, log_size, at).await?;
        for hash in entry_hashes(tx, name, stored, log_size).await? {
            tree.push(&hash)?;
        }
        tree.flush(tx).await?;
    } else if strict && signed < log_size {
        raise_alarm(tx, name, "unsigned", signed + 1, log_size, at).await?;
    }
    Ok(Opened {
        tree,
        signed,
        alarmed: alarmed(tx, name).await?,
    })
}

/// The size of the latest signed head of `tree` (0 when none).
async fn last_signed(tx: &mut Tx, tree: &str) -> Result<i64, StoreError> {
    Ok(tx
        .fetch_optional(
            "SELECT size FROM tree_heads WHERE tree = $1 ORDER BY size DESC LIMIT 1",
            &[Arg::Text(tree)],
        )
        .await?
        .map(|r| r[0].int())
        .unwrap_or(0))
}
