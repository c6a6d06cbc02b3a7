//! The tamper drills of issue #11, each against a witness store: edit, delete, insert, reorder,
//! truncate the tail, append a forged entry with a correct hash, rewrite and re-hash after the
//! last head, rewrite before a head and re-sign with the stolen key. Every one is detected by
//! `homeward audit verify --witness`, naming the entry after which the log no longer matches;
//! the untampered log passes, and every entry is vouched for.

use super::tamper::{assert_detected, node_with_events, of_kind, verify};
use crate::kit::db::CliOutput;
use crate::kit::fixtures::household;
use crate::kit::forge::{
    append_forged, cut_journal, rebuild_tree, rehash, resign_heads, rewrite_from, sql_text,
};
use crate::kit::node::TestNode;
use crate::kit::raw::JournalRow;
use homeward_domain::accounts::roles::Role;
use std::path::{Path, PathBuf};

/// Runs the witness against the node, keeping its store at `store`.
pub(crate) async fn witness(node: &TestNode, store: &Path, extra: &[&str]) -> CliOutput {
    let mut args = vec![
        "audit",
        "witness",
        "--node",
        &node.base_url,
        "--store",
        store.to_str().expect("path"),
    ];
    args.extend_from_slice(extra);
    node.cli(&args).await
}

/// A node with events, watched once by a witness that keeps leaves.
async fn watched() -> (TestNode, PathBuf) {
    let node = node_with_events().await;
    let store = node.db.root.join("witness.jsonl");
    witness(&node, &store, &[]).await.ok();
    (node, store)
}

async fn verify_with(node: &TestNode, store: &Path) -> CliOutput {
    node.cli(&[
        "audit",
        "verify",
        "--witness",
        store.to_str().expect("path"),
    ])
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_untampered_log_passes_and_is_vouched_for() {
    let (node, store) = watched().await;
    let out = verify_with(&node, &store).await.ok();
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
    assert!(
        out.stdout
            .contains("every entry is vouched for by a witness"),
        "{out:#?}"
    );
    // Entries written after the witness ran are named as not yet vouched for.
    let cw = node.login_as(Role::Caseworker).await;
    node.register(&cw, &household("Later", "Unwitnessed")).await;
    let out = verify_with(&node, &store).await.ok();
    assert!(
        out.stdout
            .contains("come after the latest head a witness saw"),
        "{out:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_deletions_insertions_and_reorderings_are_named() {
    let (node, store) = watched().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let opened = of_kind(&rows, "case.opened")[1].seq;
    let edit = format!(
        "UPDATE journal SET payload = replace(payload, 'XB0101', 'XB0102') WHERE seq = {opened}"
    );
    raw.exec(&edit).await;
    assert_detected(
        &verify_with(&node, &store).await,
        &format!("entry {opened}:"),
    );
    raw.exec(&edit.replace("'XB0101', 'XB0102'", "'XB0102', 'XB0101'"))
        .await;
    verify_with(&node, &store).await.ok();

    // Reordered: two neighbours swapped.
    let a = of_kind(&rows, "household.registered")[1].seq;
    raw.exec(&format!("UPDATE journal SET seq = -1 WHERE seq = {a}"))
        .await;
    raw.exec(&format!(
        "UPDATE journal SET seq = {a} WHERE seq = {}",
        a + 1
    ))
    .await;
    raw.exec(&format!(
        "UPDATE journal SET seq = {} WHERE seq = -1",
        a + 1
    ))
    .await;
    assert_detected(&verify_with(&node, &store).await, &format!("entry {a}:"));
    raw.exec(&format!("UPDATE journal SET seq = -1 WHERE seq = {a}"))
        .await;
    raw.exec(&format!(
        "UPDATE journal SET seq = {a} WHERE seq = {}",
        a + 1
    ))
    .await;
    raw.exec(&format!(
        "UPDATE journal SET seq = {} WHERE seq = -1",
        a + 1
    ))
    .await;
    verify_with(&node, &store).await.ok();

    // Inserted: a well-formed forgery linked to its predecessor, the rest renumbered.
    let after = of_kind(&rows, "household.registered")[1].clone();
    raw.exec(&format!(
        "UPDATE journal SET seq = -seq WHERE seq > {}",
        after.seq
    ))
    .await;
    raw.exec("UPDATE journal SET seq = 1 - seq WHERE seq < 0")
        .await;
    let mut forged = JournalRow {
        seq: after.seq + 1,
        kind: "organisation.created".into(),
        subject: "01900000-0000-7000-8000-00000000f0f0".into(),
        payload: r#"{"id":"01900000-0000-7000-8000-00000000f0f0","name":"Shadow","country":"XA"}"#
            .into(),
        prev_hash: after.hash.clone(),
        ..after.clone()
    };
    rehash(&mut forged);
    raw.insert_journal(&forged).await;
    assert_detected(
        &verify_with(&node, &store).await,
        &format!("journal entry {} differs", after.seq + 1),
    );
    raw.exec(&format!(
        "DELETE FROM journal WHERE seq = {}",
        after.seq + 1
    ))
    .await;

    // Deleted: with the forgery gone, entry `after + 1` is missing from the sequence.
    assert_detected(
        &verify_with(&node, &store).await,
        &format!("expected sequence number {}", after.seq + 1),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cleanly_truncated_tail_is_caught_only_by_the_witness() {
    let (node, store) = watched().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    // The last registration removed from the journal, its heads, its tree and the tables.
    let last = of_kind(&rows, "household.registered")
        .last()
        .copied()
        .cloned()
        .expect("a registration");
    let case = rows
        .iter()
        .find(|r| r.seq == last.seq + 1)
        .expect("its case");
    assert_eq!(case.kind, "case.opened");
    assert_eq!(case.seq, rows.len() as i64, "the registration is the tail");
    cut_journal(&raw, last.seq - 1).await;
    raw.exec(&format!(
        "DELETE FROM cases WHERE id = {}",
        sql_text(&case.subject)
    ))
    .await;
    raw.exec(&format!(
        "DELETE FROM persons WHERE household_id = {}",
        sql_text(&last.subject)
    ))
    .await;
    raw.exec(&format!(
        "DELETE FROM households WHERE id = {}",
        sql_text(&last.subject)
    ))
    .await;
    // The node's own data is consistent again: nothing local can tell, and verify says so.
    let alone = verify(&node).await.ok();
    assert!(
        alone.stdout.contains("nothing is vouched for from outside"),
        "{alone:#?}"
    );
    let out = verify_with(&node, &store).await;
    assert_detected(
        &out,
        &format!(
            "the witness saw {} journal entries; the log now has {}: entries {} to {} were removed",
            case.seq,
            last.seq - 1,
            last.seq,
            case.seq
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_entry_appended_with_a_correct_hash_is_named() {
    let (node, store) = watched().await;
    let raw = node.db.raw().await;
    let forged = append_forged(
        &raw,
        "person.erased",
        "01900000-0000-7000-8000-00000000beef",
        r#"{"person_id":"01900000-0000-7000-8000-00000000beef","reason":"data_subject_request"}"#,
    )
    .await;
    assert_detected(
        &verify_with(&node, &store).await,
        &format!("journal entry {}: the node's tree has no leaf", forged.seq),
    );
    // The forger who also adds its leaf: no head the node signed covers it.
    rebuild_tree(&raw).await;
    assert_detected(
        &verify_with(&node, &store).await,
        &format!(
            "journal entries {} to {} are covered by no signed head",
            forged.seq, forged.seq
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rewrite_after_the_last_witnessed_head_is_caught_by_the_nodes_heads() {
    let (node, store) = watched().await;
    let cw = node.login_as(Role::Caseworker).await;
    node.register(&cw, &household("After", "Witness")).await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = of_kind(&rows, "case.opened")
        .last()
        .copied()
        .cloned()
        .expect("a case");
    rewrite_from(&raw, target.seq, |r| {
        r.payload = r.payload.replace("XB0101", "XB0102");
    })
    .await;
    raw.exec(&format!(
        "UPDATE cases SET destination_area = 'XB0102' WHERE id = {}",
        sql_text(&target.subject)
    ))
    .await;
    rebuild_tree(&raw).await;
    let out = verify_with(&node, &store).await;
    assert_detected(
        &out,
        "its root differs from the tree rebuilt from the entries",
    );
    assert!(
        out.stdout.contains(&format!(
            "heads before it hold up to entry {}",
            target.seq - 2
        )),
        "{out:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rewrite_re_signed_with_the_stolen_key_is_caught_by_the_witness() {
    let (node, store) = watched().await;
    let heads_only = node.db.root.join("heads-only.jsonl");
    witness(&node, &heads_only, &["--heads-only"]).await.ok();
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = of_kind(&rows, "case.opened")[0].clone();
    // A consent back-dated, in spirit: an entry well inside the witnessed log rewritten, the
    // chain re-hashed, the table, the tree and every head made to match, with the node's key.
    rewrite_from(&raw, target.seq, |r| {
        r.payload = r.payload.replace("XB0101", "XB0102");
    })
    .await;
    raw.exec(&format!(
        "UPDATE cases SET destination_area = 'XB0102' WHERE id = {}",
        sql_text(&target.subject)
    ))
    .await;
    rebuild_tree(&raw).await;
    resign_heads(&raw, &node.db.node_key()).await;
    // The node's own verification cannot tell: whoever holds the key can re-sign.
    let alone = verify(&node).await.ok();
    assert!(alone.stdout.contains("journal intact"), "{alone:#?}");
    // The witness that kept leaves names the entry; one that kept heads only, the range.
    assert_detected(
        &verify_with(&node, &store).await,
        &format!(
            "journal entry {} differs from what the witness saw",
            target.seq
        ),
    );
    let out = verify_with(&node, &heads_only).await;
    assert_detected(&out, "no longer matches the head of");
    // And the witness itself refuses the node's new view.
    let again = witness(&node, &store, &[]).await;
    assert_eq!(again.code, Some(1), "{again:#?}");
    assert!(again.stdout.contains("NODE INCONSISTENT"), "{again:#?}");
}
