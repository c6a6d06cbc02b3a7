//! The Merkle tree over a log (RFC 9162 section 2.1, the hashing of Certificate Transparency v2):
//! leaf hashes `SHA-256(0x00 || leaf)`, interior nodes `SHA-256(0x01 || left || right)`, so that
//! a leaf can never pass for a node; the tree of `n` leaves splits at the largest power of two
//! below `n`.
//!
//! The store keeps every *perfect* subtree's hash, addressed by `(level, index)`: the subtree of
//! `2^level` leaves starting at leaf `index << level`. Every other subtree hash an RFC 9162
//! proof needs is a fold of perfect ones, so proofs read only `O(log n)` stored hashes, and an
//! append writes one leaf plus the perfect subtrees it completes (two rows per leaf on average).

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// `MTH({})`: the hash of the empty tree.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The leaf hash of one log entry's bytes.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(leaf);
    h.finalize().into()
}

/// An interior node.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of a tree over the given leaf hashes, computed straight from the definition. Used by
/// verifiers that hold the leaves; `O(n)`.
pub fn root_of(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n as u64) as usize;
            node_hash(&root_of(&leaves[..k]), &root_of(&leaves[k..]))
        }
    }
}

/// The largest power of two strictly below `n` (for `n >= 2`).
fn split(n: u64) -> u64 {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// A perfect subtree's place: `2^level` leaves from leaf `index << level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId {
    pub level: u32,
    pub index: u64,
}

/// The right edge of the tree: the perfect subtrees that make up its leaves, largest first. An
/// append merges equal neighbours, as a binary counter carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    peaks: Vec<(NodeId, Hash)>,
}

impl Frontier {
    /// The perfect subtrees a tree of `size` leaves is made of, largest first: the nodes to read
    /// to resume appending.
    pub fn peak_ids(size: u64) -> Vec<NodeId> {
        let mut ids = Vec::new();
        let mut start = 0u64;
        for level in (0..64u32).rev() {
            if size & (1 << level) != 0 {
                ids.push(NodeId {
                    level,
                    index: start >> level,
                });
                start += 1 << level;
            }
        }
        ids
    }

    /// The frontier of a tree of `size` leaves from its peaks (as [`Frontier::peak_ids`] names
    /// them, with their hashes).
    pub fn from_peaks(size: u64, peaks: Vec<(NodeId, Hash)>) -> Frontier {
        Frontier { size, peaks }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf hash; returns the perfect subtrees it completed (the leaf itself first),
    /// which the store keeps.
    pub fn push(&mut self, leaf: Hash) -> Vec<(NodeId, Hash)> {
        let mut made = vec![(
            NodeId {
                level: 0,
                index: self.size,
            },
            leaf,
        )];
        let mut top = made[0];
        while let Some(&(left, left_hash)) = self.peaks.last() {
            if left.level != top.0.level {
                break;
            }
            self.peaks.pop();
            top = (
                NodeId {
                    level: left.level + 1,
                    index: left.index >> 1,
                },
                node_hash(&left_hash, &top.1),
            );
            made.push(top);
        }
        self.peaks.push(top);
        self.size += 1;
        made
    }

    /// The tree head: `MTH` of all leaves so far.
    pub fn root(&self) -> Hash {
        let mut peaks = self.peaks.iter().rev();
        let Some(&(_, mut acc)) = peaks.next() else {
            return empty_root();
        };
        for (_, left) in peaks {
            acc = node_hash(left, &acc);
        }
        acc
    }
}

/// `MTH(D[start:end])` for a range the RFC's recursion visits: `start` is aligned to the largest
/// power of two not above `end - start`, so the range is a perfect subtree or splits into one and
/// a smaller such range.
fn range_hash(start: u64, end: u64, node: &mut impl FnMut(NodeId) -> Hash) -> Hash {
    let n = end - start;
    if n.is_power_of_two() {
        let level = n.trailing_zeros();
        return node(NodeId {
            level,
            index: start >> level,
        });
    }
    let k = split(n);
    let left = range_hash(start, start + k, node);
    node_hash(&left, &range_hash(start + k, end, node))
}

/// The root of the first `size` leaves, from the stored perfect subtrees.
pub fn root_at(size: u64, node: &mut impl FnMut(NodeId) -> Hash) -> Hash {
    if size == 0 {
        return empty_root();
    }
    range_hash(0, size, node)
}

/// `PATH(m, D[n])` (RFC 9162 2.1.3.1): the inclusion proof of leaf `index` in the tree of `size`
/// leaves, nearest the leaf first. `None` when the leaf is not in the tree.
pub fn inclusion_proof(
    index: u64,
    size: u64,
    node: &mut impl FnMut(NodeId) -> Hash,
) -> Option<Vec<Hash>> {
    if index >= size {
        return None;
    }
    let mut proof = Vec::new();
    path(index, 0, size, node, &mut proof);
    Some(proof)
}

fn path(m: u64, start: u64, end: u64, node: &mut impl FnMut(NodeId) -> Hash, out: &mut Vec<Hash>) {
    let n = end - start;
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, start, start + k, node, out);
        out.push(range_hash(start + k, end, node));
    } else {
        path(m - k, start + k, end, node, out);
        out.push(range_hash(start, start + k, node));
    }
}

/// `PROOF(m, D[n])` (RFC 9162 2.1.4.1): that the tree of `old` leaves is a prefix of the tree of
/// `new` leaves. Empty when the sizes are equal; `None` when `old` is 0 or larger than `new`.
pub fn consistency_proof(
    old: u64,
    new: u64,
    node: &mut impl FnMut(NodeId) -> Hash,
) -> Option<Vec<Hash>> {
    if old == 0 || old > new {
        return None;
    }
    let mut proof = Vec::new();
    if old < new {
        subproof(old, 0, new, true, node, &mut proof);
    }
    Some(proof)
}

fn subproof(
    m: u64,
    start: u64,
    end: u64,
    whole: bool,
    node: &mut impl FnMut(NodeId) -> Hash,
    out: &mut Vec<Hash>,
) {
    let n = end - start;
    if m == n {
        if !whole {
            out.push(range_hash(start, end, node));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, start, start + k, whole, node, out);
        out.push(range_hash(start + k, end, node));
    } else {
        subproof(m - k, start + k, end, false, node, out);
        out.push(range_hash(start, start + k, node));
    }
}

/// Checks an inclusion proof (RFC 9162 2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    sn == 0 && r == *root
}

/// Checks a consistency proof between the tree of `old` leaves with root `old_root` and the tree
/// of `new` leaves with root `new_root` (RFC 9162 2.1.4.2).
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old == 0 || old > new {
        return false;
    }
    if old == new {
        return proof.is_empty() && old_root == new_root;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut fn_, mut sn) = (old - 1, new - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    fr == *old_root && sr == *new_root && sn == 0
}

/// Lowercase hex of a hash, as heads and proofs travel.
pub fn to_hex(h: &Hash) -> String {
    hex::encode(h)
}

/// A hash from its hex form; `None` unless it is 64 hex digits.
pub fn from_hex(text: &str) -> Option<Hash> {
    let bytes = hex::decode(text).ok()?;
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The leaves of Certificate Transparency's reference test tree, and the roots of its first
    /// one to eight leaves (certificate-transparency-go, `merkle` test data; recomputed from the
    /// definition with Python's hashlib in the integration tests).
    const CT_LEAVES: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    const CT_ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    /// A tree kept as the store keeps it: every perfect subtree by its id.
    pub(crate) fn stored(leaves: &[Hash]) -> (Frontier, HashMap<NodeId, Hash>) {
        let mut f = Frontier::default();
        let mut nodes = HashMap::new();
        for l in leaves {
            nodes.extend(f.push(*l));
        }
        (f, nodes)
    }

    #[test]
    fn roots_match_certificate_transparencys_reference_tree() {
        let leaves: Vec<Hash> = CT_LEAVES.iter().map(|l| leaf_hash(l)).collect();
        let (mut f, mut nodes) = (Frontier::default(), HashMap::new());
        for (i, leaf) in leaves.iter().enumerate() {
            nodes.extend(f.push(*leaf));
            assert_eq!(to_hex(&f.root()), CT_ROOTS[i], "frontier root at {}", i + 1);
            assert_eq!(to_hex(&root_of(&leaves[..=i])), CT_ROOTS[i]);
            let mut get = |id: NodeId| nodes[&id];
            assert_eq!(to_hex(&root_at(i as u64 + 1, &mut get)), CT_ROOTS[i]);
        }
        assert_eq!(
            to_hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_leaf_never_passes_for_a_node() {
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut joined = a.to_vec();
        joined.extend_from_slice(&b);
        assert_ne!(leaf_hash(&joined), node_hash(&a, &b));
    }

    #[test]
    fn the_frontier_resumes_from_stored_nodes() {
        let leaves: Vec<Hash> = (0u32..37).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let (f, nodes) = stored(&leaves[..21]);
        let peaks = Frontier::peak_ids(21)
            .into_iter()
            .map(|id| (id, nodes[&id]))
            .collect();
        let mut resumed = Frontier::from_peaks(21, peaks);
        assert_eq!(resumed, f);
        for l in &leaves[21..] {
            resumed.push(*l);
        }
        assert_eq!(resumed.root(), root_of(&leaves));
    }

    #[test]
    fn proofs_outside_the_tree_are_refused() {
        let leaves: Vec<Hash> = (0u32..5).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let (_, nodes) = stored(&leaves);
        let mut get = |id: NodeId| nodes[&id];
        assert!(inclusion_proof(5, 5, &mut get).is_none());
        assert!(consistency_proof(0, 5, &mut get).is_none());
        assert!(consistency_proof(6, 5, &mut get).is_none());
        assert_eq!(consistency_proof(5, 5, &mut get), Some(vec![]));
        let root = root_of(&leaves);
        assert!(verify_consistency(5, 5, &root, &root, &[]));
        assert!(!verify_inclusion(5, 5, &leaves[4], &[], &root));
    }
}
