//! Signed tree heads on the node's own data: one is signed in every commit, and `audit verify`
//! checks every one against the tree rebuilt from the entries and the node's keys. A forged
//! signature, a swapped key, a cut tail, a rewritten tree and an entry the node did not write are
//! each named; replay names the entry a changed row comes from.

use super::tamper::{assert_detected, node_with_events, verify};
use crate::kit::fixtures::household;
use crate::kit::forge::{append_forged, rebuild_tree, rewrite_from, sql_text};
use homeward_domain::accounts::roles::Role;
use homeward_store::journal::verify::{Against, Failure};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_commit_signs_a_head_over_every_entry() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let entries = node.journal_len().await;
    assert_eq!(
        raw.int("SELECT MAX(size) FROM tree_heads WHERE tree = 'journal'")
            .await,
        entries,
        "the last commit signed a head over the whole journal"
    );
    assert_eq!(
        raw.int("SELECT COUNT(*) FROM merkle_nodes WHERE tree = 'journal' AND level = 0")
            .await,
        entries,
        "one leaf per entry"
    );
    // Reading a case logs the read: the access log has a tree and heads of its own.
    let cw = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw, &household("Head", "Reader")).await;
    let id = case["id"].as_str().expect("id");
    assert_eq!(
        node.get(&format!("/api/v1/cases/{id}"), Some(&cw))
            .await
            .status,
        200
    );
    let reads = raw.int("SELECT COUNT(*) FROM access_log").await;
    assert!(reads > 0);
    assert_eq!(
        raw.int("SELECT MAX(size) FROM tree_heads WHERE tree = 'access_log'")
            .await,
        reads
    );
    let out = verify(&node).await.ok();
    assert!(out.stdout.contains("signed heads verified"), "{out:#?}");
    assert!(out.stdout.contains("no witness store given"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_signatures_swapped_keys_and_cut_tails_are_named() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let head = raw.int("SELECT MAX(seq) FROM journal").await;

    // A forged signature on the latest head.
    let original = raw
        .texts("SELECT signature FROM tree_heads WHERE tree = 'journal' ORDER BY size DESC LIMIT 1")
        .await[0][0]
        .clone()
        .expect("signature");
    let forged = homeward_crypto::NodeKey::generate().sign_base64(b"something else");
    let set = |sig: &str| {
        format!(
            "UPDATE tree_heads SET signature = {} WHERE tree = 'journal' AND size = {head}",
            sql_text(sig)
        )
    };
    raw.exec(&set(&forged)).await;
    let out = verify(&node).await;
    assert_detected(&out, &format!("journal head of {head} entries"));
    assert!(out.stdout.contains("signature does not verify"), "{out:#?}");
    raw.exec(&set(&original)).await;
    verify(&node).await.ok();

    // The node's key file swapped for another: the journal's key is no longer the node's.
    let key_file = node.db.data_dir.join("node.key");
    std::fs::write(&key_file, homeward_crypto::NodeKey::generate().to_base64()).expect("swap key");
    assert_detected(&verify(&node).await, "is not this node's key");
    std::fs::write(&key_file, &node.db.node_key_b64).expect("restore key");
    verify(&node).await.ok();

    // The last entry cut off, its leaf left behind: the stored tree names it.
    raw.exec(&format!("DELETE FROM journal WHERE seq = {head}"))
        .await;
    let out = verify(&node).await;
    assert_detected(
        &out,
        &format!("journal entry {head}: the node's tree has no leaf"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rewritten_chain_and_tree_are_caught_by_the_heads_signed_before() {
    // The thorough forger without the key: the entry rewritten, the chain re-hashed after it,
    // the projection changed to match and the stored tree rebuilt. The heads signed at every
    // commit since the entry no longer hold; those before it do, which bounds the rewrite.
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = super::tamper::of_kind(&rows, "case.opened")[0].clone();
    rewrite_from(&raw, target.seq, |r| {
        r.payload = r.payload.replace("XB0101", "XB0102");
    })
    .await;
    raw.exec(&format!(
        "UPDATE cases SET destination_area = 'XB0102' WHERE id = {}",
        sql_text(&target.subject)
    ))
    .await;
    // Without the tree rebuilt, the stored leaf names the entry itself.
    let out = verify(&node).await;
    assert_detected(
        &out,
        &format!("journal entry {} differs from the leaf", target.seq),
    );
    rebuild_tree(&raw).await;
    let out = verify(&node).await;
    assert_detected(
        &out,
        "its root differs from the tree rebuilt from the entries",
    );
    let failure =
        homeward_store::journal::verify::verify(node.app.store(), &Against::default(), &|_, _| {})
            .await
            .expect("verify runs")
            .expect_err("a rewrite must fail");
    let first = failure.first_bad_entry().expect("the rewrite is bounded");
    assert!(
        first <= target.seq,
        "the heads before the rewrite hold: {failure}"
    );
    assert!(target.seq - first < 3, "one commit wide: {failure}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_the_node_did_not_write_is_refused_a_head() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    // A replayed event attributed to the DPO, appended with a correct hash behind the node.
    let forged = append_forged(
        &raw,
        "person.erased",
        "01900000-0000-7000-8000-00000000dead",
        r#"{"person_id":"01900000-0000-7000-8000-00000000dead","reason":"retention"}"#,
    )
    .await;
    let out = verify(&node).await;
    assert_detected(
        &out,
        &format!("journal entry {}: the node's tree has no leaf", forged.seq),
    );
    // The node keeps serving: its next commit notices the entry it did not write, records the
    // alarm, and signs no head that would vouch for it.
    let cw = node.login_as(Role::Caseworker).await;
    node.register(&cw, &household("After", "Forgery")).await;
    let last = node.journal_len().await;
    assert!(
        raw.int("SELECT MAX(size) FROM tree_heads WHERE tree = 'journal'")
            .await
            < forged.seq
    );
    assert_eq!(raw.int("SELECT COUNT(*) FROM journal_alarms").await, 1);
    let out = verify(&node).await;
    assert_detected(&out, &format!("journal entries {} to {last}", forged.seq));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_names_the_entry_a_changed_row_comes_from() {
    let node = node_with_events().await;
    let against = Against::default();
    let report = homeward_store::journal::verify::verify(node.app.store(), &against, &|_, _| {})
        .await
        .expect("verify runs")
        .expect("journal intact");
    assert_eq!(report.entries, node.journal_len().await);
    assert_eq!(report.tables, 19, "every projection table compared");
    let raw = node.db.raw().await;
    let imported = raw
        .int("SELECT MAX(seq) FROM journal WHERE kind = 'area.imported' AND subject = 'XB0102'")
        .await;
    raw.exec("UPDATE areas SET name = 'Renamed' WHERE pcode = 'XB0102'")
        .await;
    let failure = homeward_store::journal::verify::verify(node.app.store(), &against, &|_, _| {})
        .await
        .expect("verify runs")
        .expect_err("a changed projection must fail");
    assert_eq!(
        failure,
        Failure::Projection {
            table: "areas",
            key: "XB0102".into(),
            seq: Some(imported)
        }
    );
    assert_eq!(failure.first_bad_entry(), Some(imported));
}
