//! Signed tree heads in the store: signed in the commit that grew a tree (or at most every
//! configured interval), and the reads witnesses make — the latest head, inclusion and
//! consistency proofs between signed sizes, and the leaves themselves.

use super::tree::{Tree, entry_hashes, log_table, nodes};
use crate::db::{Arg, Pool, Row, Tx};
use crate::{Store, StoreError};
use homeward_crypto::NodeKey;
use homeward_domain::journal::heads::{ACCESS_LOG, JOURNAL, SignedHead, head_message};
use homeward_domain::journal::merkle::{
    self, Frontier, Hash, NodeId, consistency_proof, from_hex, inclusion_proof, to_hex,
};
use std::collections::HashMap;

/// How often heads are signed while writes happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeadPolicy {
    /// At most one head per tree in this interval; zero signs one at every commit that grew a
    /// tree, so that no entry is ever outside a signed head.
    pub every: std::time::Duration,
}

fn head(r: &Row) -> SignedHead {
    SignedHead {
        tree: r[0].text(),
        size: r[1].int(),
        root: r[2].text(),
        at: r[3].text(),
        key_id: r[4].text(),
        public_key: r[5].text(),
        signature: r[6].text(),
    }
}

/// Signs the tree's current head with `key` and stores it.
pub(crate) async fn sign(
    tx: &mut Tx,
    tree: &Tree,
    key: &NodeKey,
    at: &str,
) -> Result<i64, StoreError> {
    let size = tree.frontier.size() as i64;
    let root = to_hex(&tree.frontier.root());
    let key_id = key.key_id();
    let signature = key.sign_base64(&head_message(tree.name, size, &root, at, &key_id));
    let public = key.public_base64();
    tx.execute(
        "INSERT INTO tree_heads (tree, size, root, at, key_id, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[Arg::Text(tree.name), Arg::Int(size), Arg::Text(&root), Arg::Text(at), Arg::Text(&key_id), Arg::Text(&public), Arg::Text(&signature)],
    )
    .await?;
    Ok(size)
}

/// Runs a proof function twice: once to learn which stored nodes it reads, once with them.
async fn with_nodes<T>(
    store: &Store,
    tree: &str,
    proof: impl Fn(&mut dyn FnMut(NodeId) -> Hash) -> T,
) -> Result<T, StoreError> {
    let mut wanted = Vec::new();
    proof(&mut |id| {
        wanted.push(id);
        [0; 32]
    });
    let found: HashMap<NodeId, Hash> = nodes(store.pool(), tree, &wanted)
        .await?
        .into_iter()
        .collect();
    Ok(proof(&mut |id| found.get(&id).copied().unwrap_or([0; 32])))
}

impl Store {
    /// The latest signed head of `tree`.
    pub async fn latest_head(&self, tree: &str) -> Result<Option<SignedHead>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT tree, size, root, at, key_id, public_key, signature FROM tree_heads WHERE tree = $1 ORDER BY size DESC LIMIT 1",
                &[Arg::Text(tree)],
            )
            .await?;
        Ok(row.as_ref().map(head))
    }

    /// The signed head of `tree` at exactly `size` leaves.
    pub async fn head_at(&self, tree: &str, size: i64) -> Result<Option<SignedHead>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT tree, size, root, at, key_id, public_key, signature FROM tree_heads WHERE tree = $1 AND size = $2",
                &[Arg::Text(tree), Arg::Int(size)],
            )
            .await?;
        Ok(row.as_ref().map(head))
    }

    /// Every signed head of both trees, smallest first (for verification and export).
    pub async fn all_heads(&self) -> Result<Vec<SignedHead>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT tree, size, root, at, key_id, public_key, signature FROM tree_heads ORDER BY tree, size",
                &[],
            )
            .await?;
        Ok(rows.iter().map(head).collect())
    }

    /// The leaf of entry `seq` and its inclusion proof in the tree of `size` leaves; `None` when
    /// the entry is not in that tree.
    pub async fn inclusion_proof(
        &self,
        tree: &str,
        seq: i64,
        size: i64,
    ) -> Result<Option<(Hash, Vec<Hash>)>, StoreError> {
        if seq < 1 || seq > size {
            return Ok(None);
        }
        let (index, size) = ((seq - 1) as u64, size as u64);
        let (leaf, proof) = with_nodes(self, tree, |node| {
            let leaf = node(NodeId { level: 0, index });
            (leaf, inclusion_proof(index, size, &mut |id| node(id)))
        })
        .await?;
        Ok(proof.map(|p| (leaf, p)))
    }

    /// The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves.
    pub async fn consistency_proof(
        &self,
        tree: &str,
        from: i64,
        to: i64,
    ) -> Result<Option<Vec<Hash>>, StoreError> {
        if from < 1 || from > to {
            return Ok(None);
        }
        with_nodes(self, tree, |node| {
            consistency_proof(from as u64, to as u64, &mut |id| node(id))
        })
        .await
    }

    /// The root of the stored tree of `size` leaves.
    pub async fn root_at(&self, tree: &str, size: i64) -> Result<Hash, StoreError> {
        with_nodes(self, tree, |node| {
            merkle::root_at(size.max(0) as u64, &mut |id| node(id))
        })
        .await
    }

    /// The leaf hashes of entries `after + 1 ..`, at most `limit` (for witnesses that keep them).
    pub async fn leaves(
        &self,
        tree: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Hash>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT hash FROM merkle_nodes WHERE tree = $1 AND level = 0 AND idx >= $2 ORDER BY idx LIMIT $3",
                &[Arg::Text(tree), Arg::Int(after), Arg::Int(limit)],
            )
            .await?;
        rows.iter()
            .map(|r| {
                from_hex(&r[0].text())
                    .ok_or_else(|| StoreError::Corrupt(format!("{tree} tree: a leaf is malformed")))
            })
            .collect()
    }
}

/// Builds both trees over a journal written before they existed, and signs their heads: run once,
/// when the migration that made the trees is applied.
pub(crate) async fn build_over_existing(pool: &Pool, key: &NodeKey) -> Result<(), StoreError> {
    let mut tx = super::tx::begin_tx(pool).await?;
    let at = super::tx::now();
    for name in [JOURNAL, ACCESS_LOG] {
        let query = match log_table(name)? {
            "journal" => "SELECT COALESCE(MAX(seq), 0) FROM journal",
            _ => "SELECT COALESCE(MAX(seq), 0) FROM access_log",
        };
        let size = tx
            .fetch_optional(query, &[])
            .await?
            .map(|r| r[0].int())
            .unwrap_or(0);
        let mut tree = Tree::new(name, Frontier::default());
        let mut after = 0;
        while after < size {
            let upto = (after + 10_000).min(size);
            for hash in entry_hashes(&mut tx, name, after, upto).await? {
                tree.push(&hash)?;
            }
            tree.flush(&mut tx).await?;
            after = upto;
        }
        if size > 0 {
            sign(&mut tx, &tree, key, &at).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
