//! Journal tamper drills on the chain and the tables: every edit, deletion, insertion and
//! reordering made behind Homeward's back is found by `homeward audit verify`, which names the
//! first bad entry; so are changes to the projections. (Signed heads, exports and witnesses have
//! drills of their own beside this file.)

use crate::kit::db::CliOutput;
use crate::kit::fixtures::household;
use crate::kit::node::TestNode;
use crate::kit::raw::JournalRow;
use homeward_domain::accounts::roles::Role;
use homeward_domain::journal::chain::Unhashed;

/// A node with three registered households, verified intact before anything is touched.
async fn node_with_events() -> TestNode {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    for i in 0..3 {
        node.register(&cw, &household(&format!("Tamper{i}"), "Drill"))
            .await;
    }
    let baseline = verify(&node).await;
    assert!(baseline.success(), "fresh journal fails: {baseline:#?}");
    node
}

async fn verify(node: &TestNode) -> CliOutput {
    node.cli(&["audit", "verify"]).await
}

/// Asserts that verification failed and that its report contains `needle`.
fn assert_detected(out: &CliOutput, needle: &str) {
    assert_eq!(out.code, Some(1), "verification did not fail: {out:#?}");
    assert!(
        out.stdout.contains("NOT INTACT"),
        "no failure report: {out:#?}"
    );
    assert!(
        out.stdout.contains(needle),
        "report does not name {needle:?}: {out:#?}"
    );
}

/// The rows of one kind, oldest first.
fn of_kind<'a>(rows: &'a [JournalRow], kind: &str) -> Vec<&'a JournalRow> {
    rows.iter().filter(|r| r.kind == kind).collect()
}

fn rehash(row: &mut JournalRow) {
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

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_entry_is_named() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = of_kind(&rows, "case.opened")[1];
    assert!(target.payload.contains("XB0101"), "{target:?}");
    let n = raw
        .exec(&format!(
            "UPDATE journal SET payload = replace(payload, 'XB0101', 'XB0102') WHERE seq = {}",
            target.seq
        ))
        .await;
    assert_eq!(n, 1);
    let out = verify(&node).await;
    assert_detected(&out, &format!("entry {}:", target.seq));
    assert!(out.stdout.contains("edited"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let mut forged = of_kind(&rows, "case.opened")[0].clone();
    forged.payload = forged.payload.replace("XB0101", "XB0102");
    rehash(&mut forged);
    raw.exec(&format!(
        "UPDATE journal SET payload = {}, hash = {} WHERE seq = {}",
        sql_text(&forged.payload),
        sql_text(&forged.hash),
        forged.seq
    ))
    .await;
    let out = verify(&node).await;
    // The chain would break at the next entry; the leaf stored when the entry was appended
    // names the edited one itself.
    assert_detected(
        &out,
        &format!("journal entry {} differs from the leaf", forged.seq),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_entry_is_named() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = of_kind(&rows, "household.registered")[1].seq;
    assert_eq!(
        raw.exec(&format!("DELETE FROM journal WHERE seq = {target}"))
            .await,
        1
    );
    let out = verify(&node).await;
    assert_detected(&out, &format!("expected sequence number {target}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inserted_entry_is_detected() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let after = of_kind(&rows, "household.registered")[1].clone();
    // Make room after `after` by renumbering (in two steps: a key may not collide midway).
    raw.exec(&format!(
        "UPDATE journal SET seq = -seq WHERE seq > {}",
        after.seq
    ))
    .await;
    raw.exec("UPDATE journal SET seq = 1 - seq WHERE seq < 0")
        .await;
    // A well-formed forgery: valid event, linked to its predecessor, correct own hash.
    let mut forged = JournalRow {
        seq: after.seq + 1,
        at: after.at.clone(),
        actor: "system".into(),
        organisation: String::new(),
        kind: "organisation.created".into(),
        subject: "01900000-0000-7000-8000-00000000f0f0".into(),
        payload: r#"{"id":"01900000-0000-7000-8000-00000000f0f0","name":"Shadow","country":"XA"}"#
            .into(),
        prev_hash: after.hash.clone(),
        hash: String::new(),
    };
    rehash(&mut forged);
    raw.insert_journal(&forged).await;
    let out = verify(&node).await;
    // The forgery links to its predecessor and has its own hash right, but the node stored
    // another leaf at its place when it appended the real entry there.
    assert_detected(
        &out,
        &format!("journal entry {} differs from the leaf", after.seq + 1),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reordered_entries_are_detected() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let a = of_kind(&rows, "household.registered")[1].seq;
    let b = a + 1;
    raw.exec(&format!("UPDATE journal SET seq = -1 WHERE seq = {a}"))
        .await;
    raw.exec(&format!("UPDATE journal SET seq = {a} WHERE seq = {b}"))
        .await;
    raw.exec(&format!("UPDATE journal SET seq = {b} WHERE seq = -1"))
        .await;
    let swapped = raw.journal().await;
    assert_eq!(swapped[(a - 1) as usize].kind, "case.opened");
    let out = verify(&node).await;
    assert_detected(&out, &format!("entry {a}:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projections_changed_outside_the_journal_are_detected() {
    let node = node_with_events().await;
    let raw = node.db.raw().await;
    let n = raw
        .exec("UPDATE cases SET state = 'approved' WHERE number = 2")
        .await;
    assert_eq!(n, 1);
    let out = verify(&node).await;
    assert_detected(&out, "table cases");
    // The row is named, and the last entry about it.
    assert!(out.stdout.contains("entry "), "{out:#?}");
    // Undone, the journal verifies again: it was that change and nothing else.
    raw.exec("UPDATE cases SET state = 'registered' WHERE number = 2")
        .await;
    verify(&node).await.ok();
    let first = raw
        .texts("SELECT id, sex FROM persons ORDER BY id LIMIT 1")
        .await;
    let (person, sex) = (
        first[0][0].clone().expect("id"),
        first[0][1].clone().expect("sex"),
    );
    raw.exec(&format!(
        "UPDATE persons SET sex = 'other' WHERE id = {}",
        sql_text(&person)
    ))
    .await;
    assert_detected(&verify(&node).await, "table persons");
    raw.exec(&format!(
        "UPDATE persons SET sex = {} WHERE id = {}",
        sql_text(&sex),
        sql_text(&person)
    ))
    .await;
    verify(&node).await.ok();
    // A quiet privilege escalation.
    raw.exec("UPDATE users SET roles = 'caseworker,admin' WHERE email = 'caseworker@a.test'")
        .await;
    assert_detected(&verify(&node).await, "table users");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untouched_journal_verifies() {
    let node = node_with_events().await;
    let auditor = node.login_as(Role::Auditor).await;
    let out = verify(&node).await.ok();
    let entries = node.journal_len().await;
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
    assert!(
        out.stdout.contains(&format!("{entries} entries")),
        "{out:#?}"
    );
    // The same answer over the API, for an auditor; refused to a caseworker.
    let r = node
        .post_json(
            "/api/v1/journal/verifications",
            Some(&auditor),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["intact"], true);
    assert_eq!(r.json["entries"], entries);
    let cw = node.login_as(Role::Caseworker).await;
    node.post_json(
        "/api/v1/journal/verifications",
        Some(&cw),
        &serde_json::json!({}),
    )
    .await
    .assert_problem(403);
}
