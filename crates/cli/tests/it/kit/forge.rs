//! What a forger with write access to the database does, knowing Homeward's recipes: rewrite an
//! entry and re-hash the chain after it, rebuild the stored Merkle tree over the journal as it
//! now is, re-sign the heads with a stolen key, cut the tail, forge an entry at the end.

use super::raw::{JournalRow, Raw};
use homeward_crypto::NodeKey;
use homeward_domain::journal::chain::Unhashed;
use homeward_domain::journal::heads::{entry_leaf, head_message};
use homeward_domain::journal::merkle::{Frontier, Hash, root_of, to_hex};

/// SQL text literal.
pub fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Recomputes a row's own hash.
pub fn rehash(row: &mut JournalRow) {
    row.hash = Unhashed {
        seq: row.seq,
        at: &row.at,
        actor: &row.actor,
        organisation: &row.organisation,
        kind: &row.kind,
        subject: &row.subject,
        payload: &row.payload,
        prev_hash: &row.prev_hash,
    }
    .hash();
}

/// Edits entry `seq` with `edit` and re-hashes it and every entry after it, so the chain holds.
pub async fn rewrite_from(raw: &Raw, seq: i64, edit: impl FnOnce(&mut JournalRow)) {
    let rows = raw.journal().await;
    let mut edit = Some(edit);
    let mut prev: Option<String> = None;
    for row in rows.iter().filter(|r| r.seq >= seq) {
        let mut r = row.clone();
        if r.seq == seq
            && let Some(e) = edit.take()
        {
            e(&mut r);
        }
        if let Some(p) = &prev {
            r.prev_hash = p.clone();
        }
        rehash(&mut r);
        raw.exec(&format!(
            "UPDATE journal SET at = {}, payload = {}, prev_hash = {}, hash = {} WHERE seq = {}",
            sql_text(&r.at),
            sql_text(&r.payload),
            sql_text(&r.prev_hash),
            sql_text(&r.hash),
            r.seq
        ))
        .await;
        prev = Some(r.hash);
    }
}

/// The journal's leaves as it now stands.
pub async fn leaves(raw: &Raw) -> Vec<Hash> {
    raw.journal()
        .await
        .iter()
        .map(|r| entry_leaf(&r.hash).expect("a well-formed hash"))
        .collect()
}

/// Replaces the stored journal tree with one built over the journal as it now stands.
pub async fn rebuild_tree(raw: &Raw) {
    raw.exec("DELETE FROM merkle_nodes WHERE tree = 'journal'")
        .await;
    let mut frontier = Frontier::default();
    let mut values = Vec::new();
    for leaf in leaves(raw).await {
        for (id, hash) in frontier.push(leaf) {
            values.push(format!(
                "('journal', {}, {}, '{}')",
                id.level,
                id.index,
                to_hex(&hash)
            ));
        }
    }
    for chunk in values.chunks(200) {
        raw.exec(&format!(
            "INSERT INTO merkle_nodes (tree, level, idx, hash) VALUES {}",
            chunk.join(", ")
        ))
        .await;
    }
}

/// Re-signs every journal head over the journal as it now stands, with `key` (stolen).
pub async fn resign_heads(raw: &Raw, key: &NodeKey) {
    let leaves = leaves(raw).await;
    let heads = raw
        .texts("SELECT CAST(size AS TEXT), at FROM tree_heads WHERE tree = 'journal' ORDER BY tree_heads.size")
        .await;
    for head in heads {
        let size: i64 = head[0].clone().expect("size").parse().expect("a size");
        let at = head[1].clone().expect("at");
        if size as usize > leaves.len() {
            continue;
        }
        let root = to_hex(&root_of(&leaves[..size as usize]));
        let signature = key.sign_base64(&head_message("journal", size, &root, &at, &key.key_id()));
        raw.exec(&format!(
            "UPDATE tree_heads SET root = '{root}', key_id = '{}', public_key = '{}', signature = '{signature}' WHERE tree = 'journal' AND size = {size}",
            key.key_id(),
            key.public_base64()
        ))
        .await;
    }
}

/// Removes entries after `keep`, their leaves and nodes, and the heads that covered them.
pub async fn cut_journal(raw: &Raw, keep: i64) {
    raw.exec(&format!("DELETE FROM journal WHERE seq > {keep}"))
        .await;
    raw.exec(&format!(
        "DELETE FROM tree_heads WHERE tree = 'journal' AND size > {keep}"
    ))
    .await;
    rebuild_tree(raw).await;
}

/// A well-formed forgery appended after the last entry: a valid event, linked to its predecessor,
/// with its own hash right.
pub async fn append_forged(raw: &Raw, kind: &str, subject: &str, payload: &str) -> JournalRow {
    let last = raw.journal().await.pop().expect("a journal");
    let mut forged = JournalRow {
        seq: last.seq + 1,
        at: last.at.clone(),
        actor: last.actor.clone(),
        organisation: last.organisation.clone(),
        kind: kind.into(),
        subject: subject.into(),
        payload: payload.into(),
        prev_hash: last.hash.clone(),
        hash: String::new(),
    };
    rehash(&mut forged);
    raw.insert_journal(&forged).await;
    forged
}
