//! The write path: one serialised transaction that appends journal entries and updates the
//! projections they describe.

use super::heads;
use super::tree::{self, Cached, Opened, Tree};
use super::tx::{begin_tx, now};
use crate::StoreError;
use crate::db::{Arg, Pool, Tx};
use homeward_crypto::NodeKey;
use homeward_domain::journal::chain::{Entry, GENESIS};
use homeward_domain::journal::heads::{ACCESS_LOG, JOURNAL};
use homeward_domain::journal::merkle::Frontier;
use std::sync::Arc;

/// One write transaction, shared by the commands of one commit group (see `writer`). Each
/// command runs inside its own savepoint. Dropping it without committing rolls everything back.
pub struct Write {
    pub(crate) tx: Tx,
    pub(super) node_key: Arc<NodeKey>,
    pub(super) seq: i64,
    pub(super) head: String,
    /// Entries appended by the running command, not yet inserted (see `flush_journal`).
    pub(super) pending: Vec<Entry>,
    /// Sequence number and hash of the access log's last entry.
    pub(super) access: (i64, String),
    /// The Merkle trees over the journal and the access log.
    pub(super) trees: [Signed; 2],
    /// The journal hands the node over to a key this writer does not hold (another process
    /// rotated it): heads signed with the old key would not verify, so none are signed.
    stale_key: bool,
}

/// A tree with what its heads say: the size last signed, and whether an alarm holds it.
pub(super) struct Signed {
    pub(super) tree: Tree,
    signed: i64,
    alarmed: bool,
}

/// What the writer carries from one commit to the next.
#[derive(Default)]
pub(crate) struct Cache {
    trees: [Option<Cached>; 2],
}

/// Where both chains and their trees stood when a command began, to return there if it fails.
pub(crate) struct Mark {
    journal: (i64, String),
    access: (i64, String),
    frontiers: [Frontier; 2],
    pending: [usize; 2],
    signed: [i64; 2],
    key: Arc<NodeKey>,
}

const INSERT_JOURNAL: &str = "INSERT INTO journal (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const JOURNAL_BATCH: usize = 16;
const INSERT_JOURNAL_BATCH: &str = "INSERT INTO journal (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, $14, $15, $16, $17, $18), ($19, $20, $21, $22, $23, $24, $25, $26, $27), ($28, $29, $30, $31, $32, $33, $34, $35, $36), ($37, $38, $39, $40, $41, $42, $43, $44, $45), ($46, $47, $48, $49, $50, $51, $52, $53, $54), ($55, $56, $57, $58, $59, $60, $61, $62, $63), ($64, $65, $66, $67, $68, $69, $70, $71, $72), ($73, $74, $75, $76, $77, $78, $79, $80, $81), ($82, $83, $84, $85, $86, $87, $88, $89, $90), ($91, $92, $93, $94, $95, $96, $97, $98, $99), ($100, $101, $102, $103, $104, $105, $106, $107, $108), ($109, $110, $111, $112, $113, $114, $115, $116, $117), ($118, $119, $120, $121, $122, $123, $124, $125, $126), ($127, $128, $129, $130, $131, $132, $133, $134, $135), ($136, $137, $138, $139, $140, $141, $142, $143, $144)";

fn entry_args(e: &Entry) -> [Arg<'_>; 9] {
    [
        Arg::Int(e.seq),
        Arg::Text(&e.at),
        Arg::Text(&e.actor),
        Arg::Text(&e.organisation),
        Arg::Text(&e.kind),
        Arg::Text(&e.subject),
        Arg::Text(&e.payload),
        Arg::Text(&e.prev_hash),
        Arg::Text(&e.hash),
    ]
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
    /// Opens the transaction of one commit group. `cache` is what the last commit left; `strict`
    /// when heads are signed at every commit (see [`tree::open`]).
    pub(crate) async fn begin(
        pool: &Pool,
        node_key: Arc<NodeKey>,
        cache: Cache,
        strict: bool,
    ) -> Result<Write, StoreError> {
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
        let access = tx
            .fetch_optional(
                "SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1",
                &[],
            )
            .await?
            .map(|r| (r[0].int(), r[1].text()))
            .unwrap_or((0, GENESIS.to_owned()));
        let at = now();
        let [journal_cache, access_cache] = cache.trees;
        let journal = tree::open(&mut tx, JOURNAL, seq, journal_cache, strict, &at).await?;
        let access_tree =
            tree::open(&mut tx, ACCESS_LOG, access.0, access_cache, strict, &at).await?;
        let latest_key = tx
            .fetch_optional(
                "SELECT key_id FROM key_rotations ORDER BY seq DESC LIMIT 1",
                &[],
            )
            .await?
            .map(|r| r[0].text());
        let stale_key = latest_key.is_some_and(|id| id != node_key.key_id());
        if stale_key {
            tracing::error!(
                "the node's signing key was rotated by another process: this one signs no more heads; restart it with the new key"
            );
        }
        let signed = |o: Opened| Signed {
            tree: o.tree,
            signed: o.signed,
            alarmed: o.alarmed,
        };
        Ok(Write {
            tx,
            node_key,
            seq,
            head,
            pending: Vec::new(),
            access,
            trees: [signed(journal), signed(access_tree)],
            stale_key,
        })
    }

    /// Whether a tree holds entries no head covers yet.
    pub(crate) fn unsigned(&self) -> bool {
        !self.stale_key
            && self
                .trees
                .iter()
                .any(|t| !t.alarmed && t.tree.frontier.size() as i64 > t.signed)
    }

    /// Signs a head of each tree that grew since its last head, unless an alarm holds it.
    pub(crate) async fn sign_heads(&mut self) -> Result<bool, StoreError> {
        let at = now();
        let mut signed_any = false;
        if self.stale_key {
            return Ok(false);
        }
        for t in &mut self.trees {
            if !t.alarmed && t.tree.frontier.size() as i64 > t.signed {
                t.signed = heads::sign(&mut self.tx, &t.tree, &self.node_key, &at).await?;
                signed_any = true;
            }
        }
        Ok(signed_any)
    }

    /// From here on, this transaction signs with `key` (a key rotation).
    pub(super) fn switch_key(&mut self, key: Arc<NodeKey>) {
        self.node_key = key;
        self.stale_key = false;
    }

    pub(super) fn node_key(&self) -> &NodeKey {
        &self.node_key
    }

    /// Writes the journal entries of the command that just ended. Entries are held until then
    /// so that a bulk command writes them sixteen to a statement: on SQLite each statement costs
    /// a round trip to the connection's thread, more than the insert itself. (Tree nodes wait
    /// for the commit, so the small commands of a group share their statements.)
    async fn flush_journal(&mut self) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        for chunk in pending.chunks(JOURNAL_BATCH) {
            if chunk.len() == JOURNAL_BATCH {
                let args: Vec<Arg<'_>> = chunk.iter().flat_map(entry_args).collect();
                self.tx.execute(INSERT_JOURNAL_BATCH, &args).await?;
            } else {
                for e in chunk {
                    self.tx.execute(INSERT_JOURNAL, &entry_args(e)).await?;
                }
            }
        }
        Ok(())
    }

    /// Opens the savepoint of one command; returns the journal position to restore if the
    /// command fails.
    pub(crate) async fn begin_command(&mut self) -> Result<Mark, StoreError> {
        self.tx.execute("SAVEPOINT command", &[]).await?;
        Ok(Mark {
            journal: (self.seq, self.head.clone()),
            access: self.access.clone(),
            frontiers: [
                self.trees[0].tree.frontier.clone(),
                self.trees[1].tree.frontier.clone(),
            ],
            pending: [self.trees[0].tree.pending(), self.trees[1].tree.pending()],
            signed: [self.trees[0].signed, self.trees[1].signed],
            key: self.node_key.clone(),
        })
    }

    /// Keeps the command's changes in the group.
    pub(crate) async fn keep_command(&mut self) -> Result<(), StoreError> {
        self.flush_journal().await?;
        self.tx.execute("RELEASE SAVEPOINT command", &[]).await?;
        Ok(())
    }

    /// Undoes the command's changes, and its journal entries, without touching the rest of the
    /// group.
    pub(crate) async fn undo_command(&mut self, mark: Mark) -> Result<(), StoreError> {
        self.tx
            .execute("ROLLBACK TO SAVEPOINT command", &[])
            .await?;
        self.tx.execute("RELEASE SAVEPOINT command", &[]).await?;
        self.pending.clear();
        (self.seq, self.head) = mark.journal;
        self.access = mark.access;
        self.node_key = mark.key;
        for (i, t) in self.trees.iter_mut().enumerate() {
            t.tree.undo(mark.frontiers[i].clone(), mark.pending[i]);
            t.signed = mark.signed[i];
        }
        Ok(())
    }

    /// Commits; returns what the next commit starts from, and the key it signs with.
    pub(crate) async fn commit(mut self) -> Result<(Cache, Arc<NodeKey>), StoreError> {
        for t in &mut self.trees {
            t.tree.flush(&mut self.tx).await?;
        }
        self.tx.commit().await?;
        let [j, a] = self.trees;
        let cached = |t: Signed| {
            Some(Cached {
                frontier: t.tree.frontier,
                signed: t.signed,
                alarmed: t.alarmed,
            })
        };
        Ok((
            Cache {
                trees: [cached(j), cached(a)],
            },
            self.node_key,
        ))
    }
}
