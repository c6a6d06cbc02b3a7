//! Journal tamper drills: every edit, deletion, insertion and reordering made behind Homeward's
//! back is found by `homeward audit verify`, which names the first bad entry; so are changes to
//! the projections and to an exported journal.

use crate::kit::db::{BIN, CliOutput, run_command};
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
    assert_detected(&out, &format!("entry {}:", forged.seq + 1));
    assert!(out.stdout.contains("prev_hash"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rewritten_chain_is_caught_by_a_signed_checkpoint() {
    // The thorough forger rewrites every hash after the edit and the projection too. Only a
    // checkpoint signed with the node key before the forgery can tell.
    let node = node_with_events().await;
    let export = node.db.root.join("before.jsonl");
    node.cli(&["audit", "export", "--out", export.to_str().expect("path")])
        .await
        .ok();
    let raw = node.db.raw().await;
    let rows = raw.journal().await;
    let target = of_kind(&rows, "case.opened")[0].clone();
    let case_id = target.subject.clone();
    let mut prev = target.prev_hash.clone();
    for row in rows.iter().filter(|r| r.seq >= target.seq) {
        let mut r = row.clone();
        if r.seq == target.seq {
            r.payload = r.payload.replace("XB0101", "XB0102");
        }
        r.prev_hash = prev.clone();
        rehash(&mut r);
        raw.exec(&format!(
            "UPDATE journal SET payload = {}, prev_hash = {}, hash = {} WHERE seq = {}",
            sql_text(&r.payload),
            sql_text(&r.prev_hash),
            sql_text(&r.hash),
            r.seq
        ))
        .await;
        prev = r.hash;
    }
    raw.exec(&format!(
        "UPDATE cases SET destination_area = 'XB0102' WHERE id = {}",
        sql_text(&case_id)
    ))
    .await;
    let last = rows.last().expect("rows").seq;
    let out = verify(&node).await;
    assert_detected(&out, &format!("checkpoint at entry {last}"));
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
    assert_detected(&out, &format!("entry {}:", after.seq + 2));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_rebuilds_identical_projections() {
    let node = node_with_events().await;
    let report = homeward_store::journal::verify::verify(node.app.store(), &|_, _| {})
        .await
        .expect("verify runs")
        .expect("journal intact");
    assert_eq!(report.entries, node.journal_len().await);
    assert_eq!(report.tables, 18, "every projection table compared");
    // The comparison is real: a changed projection makes replay disagree.
    let raw = node.db.raw().await;
    raw.exec("UPDATE areas SET name = 'Renamed' WHERE pcode = 'XB0102'")
        .await;
    let failure = homeward_store::journal::verify::verify(node.app.store(), &|_, _| {})
        .await
        .expect("verify runs")
        .expect_err("a changed projection must fail");
    assert_eq!(
        failure,
        homeward_store::journal::verify::Failure::Projection { table: "areas" }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_verifies_offline_and_detects_edits() {
    let node = node_with_events().await;
    let file = node.db.root.join("journal.jsonl");
    let path = file.to_str().expect("path").to_owned();
    let out = node.cli(&["audit", "export", "--out", &path]).await.ok();
    let entries = node.journal_len().await;
    assert!(
        out.stdout.contains(&format!("exported {entries} entries")),
        "{out:#?}"
    );
    let key = node.cli(&["audit", "public-key"]).await.ok();
    let key = key.stdout.trim().to_owned();
    assert_eq!(key, node.db.public_key);

    // Offline verification needs only the file and the key: run it without any data dir.
    let offline = |file: String, key: String| {
        let cwd = node.db.root.clone();
        async move {
            let mut cmd = tokio::process::Command::new(BIN);
            for (k, _) in std::env::vars() {
                if k.starts_with("HOMEWARD_") {
                    cmd.env_remove(k);
                }
            }
            cmd.current_dir(cwd)
                .args(["audit", "verify", "--export", &file, "--public-key", &key]);
            run_command(cmd, "").await
        }
    };
    let ok = offline(path.clone(), key.clone()).await.ok();
    assert!(ok.stdout.contains("export intact"), "{ok:#?}");
    // The export signs a checkpoint at the head, which the node's own verification checks.
    let after = node.cli(&["audit", "verify"]).await.ok();
    assert!(after.stdout.contains("1 signed checkpoints"), "{after:#?}");

    let text = std::fs::read_to_string(&file).expect("read export");
    let lines: Vec<&str> = text.lines().collect();
    assert!(text.contains("XB0101"));
    // One line edited.
    let edited_at = lines
        .iter()
        .position(|l| l.contains("XB0101"))
        .expect("a line with XB0101");
    let mut edited = lines.clone();
    let replaced = lines[edited_at].replacen("XB0101", "XB0102", 1);
    edited[edited_at] = &replaced;
    let edited_file = node.db.root.join("edited.jsonl");
    std::fs::write(&edited_file, edited.join("\n") + "\n").expect("write");
    let bad = offline(edited_file.to_str().expect("path").to_owned(), key.clone()).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    assert!(bad.stdout.contains("EXPORT NOT INTACT"), "{bad:#?}");
    // The last entry removed (truncation): the signed checkpoint no longer matches.
    let last_entry = lines
        .iter()
        .rposition(|l| l.starts_with("{\"entry\""))
        .expect("an entry line");
    let mut truncated = lines.clone();
    truncated.remove(last_entry);
    let truncated_file = node.db.root.join("truncated.jsonl");
    std::fs::write(&truncated_file, truncated.join("\n") + "\n").expect("write");
    let bad = offline(
        truncated_file.to_str().expect("path").to_owned(),
        key.clone(),
    )
    .await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    // The checkpoint removed: nothing vouches for the entries.
    let unsigned: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with("{\"checkpoint\""))
        .collect();
    assert!(
        unsigned.len() < lines.len(),
        "no checkpoint line in the export"
    );
    let unsigned_file = node.db.root.join("unsigned.jsonl");
    std::fs::write(&unsigned_file, unsigned.join("\n") + "\n").expect("write");
    let bad = offline(unsigned_file.to_str().expect("path").to_owned(), key).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    // Another node's key does not verify the genuine file.
    let other = homeward_crypto::NodeKey::generate().public_base64();
    let bad = offline(path, other).await;
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    assert!(
        bad.stdout.contains("not signed by the given key"),
        "{bad:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_checkpoints_catch_truncation_forged_signatures_and_foreign_keys() {
    let node = node_with_events().await;
    let export = node.db.root.join("checkpoint.jsonl");
    node.cli(&["audit", "export", "--out", export.to_str().expect("path")])
        .await
        .ok();
    let raw = node.db.raw().await;
    let head = raw.int("SELECT MAX(seq) FROM journal").await;
    assert_eq!(
        raw.int("SELECT COUNT(*) FROM checkpoints WHERE seq = (SELECT MAX(seq) FROM journal)")
            .await,
        1,
        "the export signed no checkpoint at the head"
    );

    // A forged signature.
    let original = raw
        .texts("SELECT signature FROM checkpoints ORDER BY seq DESC LIMIT 1")
        .await[0][0]
        .clone()
        .expect("signature");
    let forged = homeward_crypto::NodeKey::generate().sign_base64(b"something else");
    raw.exec(&format!(
        "UPDATE checkpoints SET signature = {} WHERE seq = {head}",
        sql_text(&forged)
    ))
    .await;
    let out = verify(&node).await;
    assert_detected(&out, &format!("checkpoint at entry {head}"));
    assert!(out.stdout.contains("signature"), "{out:#?}");
    raw.exec(&format!(
        "UPDATE checkpoints SET signature = {} WHERE seq = {head}",
        sql_text(&original)
    ))
    .await;
    verify(&node).await.ok();

    // The node's key swapped for another: its old signatures are no longer its own.
    let key_file = node.db.data_dir.join("node.key");
    std::fs::write(&key_file, homeward_crypto::NodeKey::generate().to_base64()).expect("swap key");
    let out = verify(&node).await;
    assert_detected(&out, "not this node's");
    std::fs::write(&key_file, &node.db.node_key_b64).expect("restore key");
    verify(&node).await.ok();

    // The last entry cut off: the chain alone could not tell, the checkpoint does.
    raw.exec(&format!("DELETE FROM journal WHERE seq = {head}"))
        .await;
    let out = verify(&node).await;
    assert_detected(&out, &format!("checkpoint at entry {head}"));
    assert!(out.stdout.contains("no longer reaches"), "{out:#?}");
}
