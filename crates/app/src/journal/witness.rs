//! What a node shows its witnesses: its latest signed heads, consistency proofs between signed
//! sizes, inclusion proofs of entries, the leaves themselves, and the hand-overs of its signing
//! key. None of it carries personal data (sizes, hashes, keys), so none of it needs a sign-in:
//! an ombudsperson, another organisation's node or anyone can keep the node honest.

use crate::{App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::journal::heads::{SignedHead, TREES};
use homeward_domain::journal::merkle::to_hex;

/// The most leaves one answer carries.
pub const MAX_LEAVES: i64 = 10_000;

/// A signed tree head, as witnesses keep it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HeadView {
    /// `journal` or `access_log`.
    pub tree: String,
    pub size: i64,
    /// Hex root of the tree of `size` leaves (RFC 9162 hashing).
    pub root: String,
    pub at: String,
    /// Hex SHA-256 of the signing key.
    pub key_id: String,
    /// Base64 Ed25519 public key.
    pub public_key: String,
    /// Base64 signature over `homeward-tree-head-v1\n{tree}\n{size}\n{root}\n{at}\n{key_id}\n`.
    pub signature: String,
}

impl From<SignedHead> for HeadView {
    fn from(h: SignedHead) -> Self {
        HeadView {
            tree: h.tree,
            size: h.size,
            root: h.root,
            at: h.at,
            key_id: h.key_id,
            public_key: h.public_key,
            signature: h.signature,
        }
    }
}

/// A consistency proof between two signed sizes.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ConsistencyView {
    pub tree: String,
    pub from: i64,
    pub to: i64,
    /// Hex hashes, as RFC 9162 section 2.1.4 orders them.
    pub proof: Vec<String>,
}

/// An entry's leaf and its inclusion proof in the tree of a signed size.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct InclusionView {
    pub tree: String,
    pub seq: i64,
    pub size: i64,
    pub leaf: String,
    /// Hex hashes, nearest the leaf first (RFC 9162 section 2.1.3).
    pub proof: Vec<String>,
}

/// A run of leaf hashes.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LeavesView {
    pub tree: String,
    /// The index of the first leaf (entry `from + 1`).
    pub from: i64,
    pub leaves: Vec<String>,
}

/// One hand-over of the node's signing key.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct KeyRotationView {
    pub seq: i64,
    pub previous_key_id: String,
    pub key_id: String,
    pub public_key: String,
    pub endorsement: String,
}

fn tree(name: &str) -> Result<&'static str> {
    TREES
        .into_iter()
        .find(|t| *t == name)
        .ok_or_else(|| Invalid::one("/tree", "error-unknown-value").into())
}

impl App {
    /// The latest signed head of a tree.
    pub async fn journal_head(&self, name: &str) -> Result<HeadView> {
        self.store
            .latest_head(tree(name)?)
            .await?
            .map(HeadView::from)
            .ok_or(AppError::NotFound)
    }

    /// The signed head at `size`, or the latest when `size` is absent.
    async fn signed(
        &self,
        tree: &'static str,
        size: Option<i64>,
        field: &str,
    ) -> Result<SignedHead> {
        let head = match size {
            Some(s) => self.store.head_at(tree, s).await?,
            None => self.store.latest_head(tree).await?,
        };
        head.ok_or_else(|| match size {
            Some(_) => Invalid::one(field, "error-journal-no-head").into(),
            None => AppError::NotFound,
        })
    }

    /// The proof that the tree of `from` leaves is a prefix of the signed tree of `to` leaves
    /// (the latest head when `to` is absent).
    pub async fn journal_consistency(
        &self,
        name: &str,
        from: i64,
        to: Option<i64>,
    ) -> Result<ConsistencyView> {
        let tree = tree(name)?;
        let to = self.signed(tree, to, "/to").await?.size;
        if from < 1 || from > to {
            return Err(Invalid::one("/from", "error-journal-size").into());
        }
        let proof = self
            .store
            .consistency_proof(tree, from, to)
            .await?
            .ok_or_else(|| Invalid::one("/from", "error-journal-size"))?;
        Ok(ConsistencyView {
            tree: tree.to_owned(),
            from,
            to,
            proof: proof.iter().map(to_hex).collect(),
        })
    }

    /// Entry `seq`'s leaf and its inclusion proof in the signed tree of `size` leaves (the latest
    /// head when `size` is absent).
    pub async fn journal_inclusion(
        &self,
        name: &str,
        seq: i64,
        size: Option<i64>,
    ) -> Result<InclusionView> {
        let tree = tree(name)?;
        let size = self.signed(tree, size, "/size").await?.size;
        let (leaf, proof) = self
            .store
            .inclusion_proof(tree, seq, size)
            .await?
            .ok_or_else(|| Invalid::one("/seq", "error-journal-size"))?;
        Ok(InclusionView {
            tree: tree.to_owned(),
            seq,
            size,
            leaf: to_hex(&leaf),
            proof: proof.iter().map(to_hex).collect(),
        })
    }

    /// Leaf hashes from index `from`, at most `limit` ([`MAX_LEAVES`]).
    pub async fn journal_leaves(&self, name: &str, from: i64, limit: i64) -> Result<LeavesView> {
        let tree = tree(name)?;
        let mut errors = homeward_domain::error::Errors::default();
        if from < 0 {
            errors.push("/from", "error-journal-size");
        }
        if !(1..=MAX_LEAVES).contains(&limit) {
            errors.push("/limit", "error-journal-leaves-limit");
        }
        errors.into_result()?;
        let leaves = self.store.leaves(tree, from, limit).await?;
        Ok(LeavesView {
            tree: tree.to_owned(),
            from,
            leaves: leaves.iter().map(to_hex).collect(),
        })
    }

    /// Every hand-over of the node's signing key, oldest first.
    pub async fn key_rotations(&self) -> Result<Vec<KeyRotationView>> {
        Ok(self
            .store
            .key_rotations()
            .await?
            .into_iter()
            .map(|r| KeyRotationView {
                seq: r.seq,
                previous_key_id: r.previous_key_id,
                key_id: r.key_id,
                public_key: r.public_key,
                endorsement: r.endorsement,
            })
            .collect())
    }
}
