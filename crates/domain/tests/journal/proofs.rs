//! Inclusion and consistency proofs (RFC 9162 2.1.3 and 2.1.4), exhaustively on small trees and
//! by property on larger ones. A proof binds the leaf, its index and the roots; the tree size is
//! bound by the signature on the head that names it (a proof for size n often also passes the
//! RFC's check for size n + 1 with the same root), so sizes are checked with heads, not here.

use homeward_domain::journal::merkle::{
    Frontier, Hash, NodeId, consistency_proof, inclusion_proof, leaf_hash, root_of,
    verify_consistency, verify_inclusion,
};
use proptest::prelude::*;
use std::collections::HashMap;

fn leaves(n: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

/// The perfect subtrees of a tree of these leaves, as the store keeps them.
fn nodes(leaves: &[Hash]) -> HashMap<NodeId, Hash> {
    let mut f = Frontier::default();
    let mut nodes = HashMap::new();
    for l in leaves {
        nodes.extend(f.push(*l));
    }
    nodes
}

/// Every way of damaging a proof by one bit: each element, each byte, one flipped bit.
fn damaged(proof: &[Hash]) -> impl Iterator<Item = Vec<Hash>> + '_ {
    (0..proof.len()).flat_map(move |i| {
        (0..32).map(move |b| {
            let mut p = proof.to_vec();
            p[i][b] ^= 0x01;
            p
        })
    })
}

#[test]
fn every_inclusion_proof_of_small_trees_verifies_and_any_changed_byte_fails() {
    let all = leaves(33);
    let stored = nodes(&all);
    for size in 1..=33u64 {
        let root = root_of(&all[..size as usize]);
        for index in 0..size {
            let proof = inclusion_proof(index, size, &mut |id| stored[&id]).unwrap();
            let leaf = &all[index as usize];
            assert!(
                verify_inclusion(index, size, leaf, &proof, &root),
                "{index} of {size}"
            );
            for bad in damaged(&proof) {
                assert!(!verify_inclusion(index, size, leaf, &bad, &root));
            }
            let mut other = *leaf;
            other[0] ^= 0x80;
            assert!(!verify_inclusion(index, size, &other, &proof, &root));
            if size > 1 {
                let wrong = (index + 1) % size;
                assert!(!verify_inclusion(wrong, size, leaf, &proof, &root));
            }
            if !proof.is_empty() {
                assert!(!verify_inclusion(index, size, leaf, &proof[1..], &root));
            }
        }
    }
}

#[test]
fn every_consistency_proof_of_small_trees_verifies_and_any_changed_byte_fails() {
    let all = leaves(33);
    let stored = nodes(&all);
    for new in 1..=33u64 {
        let new_root = root_of(&all[..new as usize]);
        for old in 1..=new {
            let old_root = root_of(&all[..old as usize]);
            let proof = consistency_proof(old, new, &mut |id| stored[&id]).unwrap();
            assert!(
                verify_consistency(old, new, &old_root, &new_root, &proof),
                "{old} → {new}"
            );
            for bad in damaged(&proof) {
                assert!(!verify_consistency(old, new, &old_root, &new_root, &bad));
            }
            let mut forged = old_root;
            forged[31] ^= 0x01;
            assert!(!verify_consistency(old, new, &forged, &new_root, &proof));
            let mut moved = new_root;
            moved[0] ^= 0x01;
            assert!(!verify_consistency(old, new, &old_root, &moved, &proof));
        }
    }
}

#[test]
fn a_rewritten_leaf_breaks_consistency_with_every_head_that_covered_it() {
    let honest = leaves(40);
    let mut rewritten = honest.clone();
    rewritten[34] = leaf_hash(b"back-dated");
    let stored = nodes(&rewritten);
    for old in 35..=40u64 {
        let seen = root_of(&honest[..old as usize]);
        let proof = consistency_proof(old, 40, &mut |id| stored[&id]).unwrap();
        assert!(!verify_consistency(
            old,
            40,
            &seen,
            &root_of(&rewritten),
            &proof
        ));
    }
    // Heads from before the rewritten leaf stay consistent: the rewrite is after them.
    let seen = root_of(&honest[..34]);
    let proof = consistency_proof(34, 40, &mut |id| stored[&id]).unwrap();
    assert!(verify_consistency(
        34,
        40,
        &seen,
        &root_of(&rewritten),
        &proof
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn proofs_of_large_trees_verify(size in 1u64..5_000, a in any::<u64>(), b in any::<u64>()) {
        let all = leaves(size);
        let stored = nodes(&all);
        let root = root_of(&all);
        let index = a % size;
        let proof = inclusion_proof(index, size, &mut |id| stored[&id]).unwrap();
        prop_assert!(verify_inclusion(index, size, &all[index as usize], &proof, &root));
        prop_assert!(proof.len() <= 64 - size.leading_zeros() as usize);
        let old = 1 + b % size;
        let proof = consistency_proof(old, size, &mut |id| stored[&id]).unwrap();
        prop_assert!(verify_consistency(old, size, &root_of(&all[..old as usize]), &root, &proof));
    }
}
