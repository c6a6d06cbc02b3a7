//! What a witness keeps: the node it watches and the key it pinned, every signed head it saw, and
//! (unless it keeps heads only) every leaf, so that a later rewrite can be named to the entry.
//! One JSON object per line, appended as the witness runs:
//!
//! ```text
//! {"node":{"url":"https://node.example","key_id":"…","public_key":"…"}}
//! {"head":{"tree":"journal","size":120,"root":"…","at":"…","key_id":"…","public_key":"…","signature":"…"}}
//! {"leaves":{"tree":"journal","from":0,"hashes":["…", …]}}
//! ```

use super::heads::{SignedHead, TREES};
use super::merkle::{Hash, from_hex, root_of, to_hex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The node a witness watches, as its first line names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Watched {
    pub url: String,
    /// The key the witness trusts first (pinned at its first run or given by the operator).
    pub key_id: String,
    pub public_key: String,
}

/// A run of leaf hashes of one tree, from leaf `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leaves {
    pub tree: String,
    pub from: i64,
    pub hashes: Vec<String>,
}

/// One line of a witness store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Line {
    Node(Watched),
    Head(SignedHead),
    Leaves(Leaves),
}

/// A witness store, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub node: Watched,
    /// Per tree, the heads in the order seen.
    pub heads: BTreeMap<String, Vec<SignedHead>>,
    /// Per tree, the leaves kept (empty for a witness that keeps heads only).
    pub leaves: BTreeMap<String, Vec<Hash>>,
}

impl Witness {
    /// Reads a store; the error names the line.
    pub fn parse(text: &str) -> Result<Witness, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let node = match lines
            .next()
            .map(|(i, l)| (i, serde_json::from_str::<Line>(l)))
        {
            Some((_, Ok(Line::Node(n)))) => n,
            Some((i, _)) => {
                return Err(format!(
                    "line {}: a witness store starts with its node",
                    i + 1
                ));
            }
            None => return Err("the witness store is empty".into()),
        };
        let mut w = Witness {
            node,
            heads: BTreeMap::new(),
            leaves: BTreeMap::new(),
        };
        for (i, text) in lines {
            let bad = |why: &str| format!("line {}: {why}", i + 1);
            match serde_json::from_str::<Line>(text).map_err(|e| bad(&e.to_string()))? {
                Line::Node(_) => return Err(bad("a second node line")),
                Line::Head(h) => {
                    if !TREES.contains(&h.tree.as_str()) {
                        return Err(bad("a head of an unknown tree"));
                    }
                    w.heads.entry(h.tree.clone()).or_default().push(h);
                }
                Line::Leaves(l) => {
                    let kept = w.leaves.entry(l.tree.clone()).or_default();
                    if l.from != kept.len() as i64 {
                        return Err(bad("leaves do not continue where the last ones ended"));
                    }
                    for h in &l.hashes {
                        kept.push(from_hex(h).ok_or_else(|| bad("a malformed leaf"))?);
                    }
                }
            }
        }
        Ok(w)
    }

    /// The latest head of `tree` the witness saw.
    pub fn latest(&self, tree: &str) -> Option<&SignedHead> {
        self.heads
            .get(tree)
            .and_then(|h| h.iter().max_by_key(|h| h.size))
    }

    /// Every size of `tree` the witness saw a head at.
    pub fn sizes(&self, tree: &str) -> Vec<i64> {
        self.heads
            .get(tree)
            .map(|h| h.iter().map(|h| h.size).collect())
            .unwrap_or_default()
    }
}

/// Where a log stops matching what a witness saw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Divergence {
    #[error(
        "{tree} entry {seq} differs from what the witness saw: the log was rewritten from there"
    )]
    Leaf { tree: String, seq: i64 },
    #[error(
        "the witness saw {seen} {tree} entries; the log now has {now}: entries {} to {seen} were removed",
        .now + 1
    )]
    Shorter { tree: String, seen: i64, now: i64 },
    #[error(
        "the {tree} log no longer matches the head of {size} entries the witness saw at {at}; it still matches up to entry {matches}: an entry from {} to {size} was rewritten",
        .matches + 1
    )]
    Head {
        tree: String,
        size: i64,
        at: String,
        matches: i64,
    },
}

/// Compares a log's leaves with a witness. `roots(size)` is the root of the log's first `size`
/// leaves (the verifier computed it while reading the log).
pub fn compare(
    witness: &Witness,
    tree: &str,
    leaves: &[Hash],
    roots: &BTreeMap<i64, Hash>,
) -> Result<(), Divergence> {
    let now = leaves.len() as i64;
    if let Some(kept) = witness.leaves.get(tree)
        && let Some(i) = kept.iter().zip(leaves).position(|(a, b)| a != b)
    {
        return Err(Divergence::Leaf {
            tree: tree.into(),
            seq: i as i64 + 1,
        });
    }
    let mut heads: Vec<&SignedHead> = witness.heads.get(tree).into_iter().flatten().collect();
    heads.sort_by_key(|h| h.size);
    let mut matches = 0;
    for h in heads {
        if h.size > now {
            return Err(Divergence::Shorter {
                tree: tree.into(),
                seen: h.size,
                now,
            });
        }
        let root = roots
            .get(&h.size)
            .copied()
            .unwrap_or_else(|| root_of(&leaves[..h.size as usize]));
        if to_hex(&root) != h.root {
            return Err(Divergence::Head {
                tree: tree.into(),
                size: h.size,
                at: h.at.clone(),
                matches,
            });
        }
        matches = h.size;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::merkle::leaf_hash;

    fn head(size: i64, leaves: &[Hash]) -> String {
        let h = SignedHead {
            tree: "journal".into(),
            size,
            root: to_hex(&root_of(&leaves[..size as usize])),
            at: format!("t{size}"),
            key_id: "k".into(),
            public_key: "p".into(),
            signature: "s".into(),
        };
        serde_json::to_string(&Line::Head(h)).unwrap_or_default()
    }

    fn store(leaves: &[Hash], sizes: &[i64], keep: usize) -> String {
        let node = Line::Node(Watched {
            url: "http://n".into(),
            key_id: "k".into(),
            public_key: "p".into(),
        });
        let mut out = vec![serde_json::to_string(&node).unwrap_or_default()];
        out.extend(sizes.iter().map(|s| head(*s, leaves)));
        let kept = Line::Leaves(Leaves {
            tree: "journal".into(),
            from: 0,
            hashes: leaves[..keep].iter().map(to_hex).collect(),
        });
        out.push(serde_json::to_string(&kept).unwrap_or_default());
        out.join("\n")
    }

    fn leaves(n: u32) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn a_rewrite_is_named_to_the_entry_with_leaves_and_to_a_range_with_heads_only() {
        let honest = leaves(30);
        let mut rewritten = honest.clone();
        rewritten[24] = leaf_hash(b"rewritten");
        let none = BTreeMap::new();
        let with_leaves = Witness::parse(&store(&honest, &[10, 20, 30], 30)).unwrap();
        assert_eq!(compare(&with_leaves, "journal", &honest, &none), Ok(()));
        assert_eq!(
            compare(&with_leaves, "journal", &rewritten, &none),
            Err(Divergence::Leaf {
                tree: "journal".into(),
                seq: 25
            })
        );
        let heads_only = Witness::parse(&store(&honest, &[10, 20, 30], 0)).unwrap();
        assert!(matches!(
            compare(&heads_only, "journal", &rewritten, &none),
            Err(Divergence::Head {
                size: 30,
                matches: 20,
                ..
            })
        ));
        assert!(matches!(
            compare(&heads_only, "journal", &honest[..25], &none),
            Err(Divergence::Shorter {
                seen: 30,
                now: 25,
                ..
            })
        ));
    }

    #[test]
    fn damaged_stores_are_refused_by_line() {
        let honest = leaves(4);
        let text = store(&honest, &[4], 4);
        assert!(Witness::parse(&text.replace("\"from\":0", "\"from\":2")).is_err());
        assert!(Witness::parse(&text.lines().skip(1).collect::<Vec<_>>().join("\n")).is_err());
        let err = Witness::parse(&format!("{text}\nnot json")).unwrap_err();
        assert!(err.starts_with("line 4"), "{err}");
    }
}
