//! The witness against a live node, the real binary: kept heads carried across restarts, a
//! rewrite of entry N − 5 after the witness saw head N refused by the witness and named by
//! `audit verify --witness`, a key rotation followed; and the public endpoints witnesses read,
//! with their proofs checked here and their bad input refused.

use crate::kit::db::{CliOutput, TestDb};
use crate::kit::fixtures::household;
use crate::kit::forge::{rebuild_tree, resign_heads, rewrite_from};
use crate::kit::http::{http_client, send};
use crate::kit::node::TestNode;
use crate::kit::served::{Server, fresh_node, start_server};
use homeward_domain::accounts::roles::Role;
use homeward_domain::journal::merkle::{from_hex, verify_consistency, verify_inclusion};
use serde_json::Value;
use std::path::Path;

async fn witness(db: &TestDb, base: &str, store: &Path) -> CliOutput {
    db.cli(&[
        "audit",
        "witness",
        "--node",
        base,
        "--store",
        store.to_str().expect("path"),
    ])
    .await
}

async fn register(client: &reqwest::Client, server: &Server, token: &str, n: usize) {
    for i in 0..n {
        let r = send(
            client
                .post(format!("{}/api/v1/households", server.base))
                .bearer_auth(token)
                .json(&household(&format!("Watched{i}"), "Live")),
        )
        .await;
        assert_eq!(r.status, 201, "{r:#?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_witness_keeps_heads_across_restarts_and_refuses_a_rewrite_of_entry_n_minus_5() {
    let client = http_client();
    let (db, mut server, token) = fresh_node(&client).await;
    let store = db.root.join("ombudsperson.jsonl");
    register(&client, &server, &token, 2).await;
    let first = witness(&db, &server.base, &store).await.ok();
    assert!(
        first.stdout.contains("consistent with 0 heads kept"),
        "{first:#?}"
    );

    // The node restarts, writes more; the witness checks the new head against the kept one.
    server.child.kill().await.expect("stop");
    server = start_server(&db, &client).await;
    register(&client, &server, &token, 2).await;
    let second = witness(&db, &server.base, &store).await.ok();
    assert!(
        second.stdout.contains("consistent with 1 heads kept"),
        "{second:#?}"
    );
    server.child.kill().await.expect("stop");
    server = start_server(&db, &client).await;
    let n = db.raw().await.int("SELECT MAX(seq) FROM journal").await;
    let third = witness(&db, &server.base, &store).await.ok();
    assert!(
        third.stdout.contains(&format!("head of {n} entries")),
        "{third:#?}"
    );

    // Entry N − 5 rewritten with the chain, the tree and the heads made to match, signed with
    // the node's own key: everything local agrees.
    server.child.kill().await.expect("stop");
    let raw = db.raw().await;
    // Back-dated: the day it was recorded moved a year earlier.
    rewrite_from(&raw, n - 5, |r| {
        r.at = r.at.replacen("2026", "2025", 1);
    })
    .await;
    rebuild_tree(&raw).await;
    resign_heads(&raw, &db.node_key()).await;
    server = start_server(&db, &client).await;
    let refused = witness(&db, &server.base, &store).await;
    assert_eq!(refused.code, Some(1), "{refused:#?}");
    // It names the first kept head the node's log no longer extends: one covering entry N − 5.
    let seen: i64 = refused
        .stdout
        .split("does not extend the log of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|size| size.parse().ok())
        .unwrap_or_else(|| panic!("no kept head named: {refused:#?}"));
    assert!((n - 5..=n).contains(&seen), "{refused:#?}");
    let verified = db
        .cli(&[
            "audit",
            "verify",
            "--witness",
            store.to_str().expect("path"),
        ])
        .await;
    assert_eq!(verified.code, Some(1), "{verified:#?}");
    assert!(
        verified.stdout.contains(&format!(
            "journal entry {} differs from what the witness saw",
            n - 5
        )),
        "{verified:#?}"
    );
    server.child.kill().await.expect("stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_rotation_is_an_endorsed_entry_that_witnesses_and_verifiers_follow() {
    let client = http_client();
    let (db, mut server, token) = fresh_node(&client).await;
    let store = db.root.join("witness.jsonl");
    register(&client, &server, &token, 1).await;
    witness(&db, &server.base, &store).await.ok();
    let old = db.cli(&["audit", "public-key"]).await.ok().stdout;
    server.child.kill().await.expect("stop");
    let rotated = db.cli(&["keys", "rotate-node"]).await.ok();
    assert!(
        rotated.stdout.contains("node key rotated at entry"),
        "{rotated:#?}"
    );
    let new = db.cli(&["audit", "public-key"]).await.ok().stdout;
    assert_ne!(old.trim(), new.trim());
    server = start_server(&db, &client).await;
    register(&client, &server, &token, 1).await;
    let keys = send(client.get(format!("{}/api/v1/journal/keys", server.base))).await;
    assert_eq!(keys.status, 200);
    assert_eq!(keys.json.as_array().map(Vec::len), Some(1), "{keys:#?}");
    assert_eq!(keys.json[0]["public_key"], new.trim());
    // The witness pinned the old key and follows the endorsed hand-over.
    witness(&db, &server.base, &store).await.ok();
    let verified = db
        .cli(&[
            "audit",
            "verify",
            "--witness",
            store.to_str().expect("path"),
        ])
        .await
        .ok();
    assert!(verified.stdout.contains("journal intact"), "{verified:#?}");
    server.child.kill().await.expect("stop");
}

fn hex_list(v: &Value) -> Vec<[u8; 32]> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|h| from_hex(h.as_str().expect("hex")).expect("a hash"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn witnesses_read_heads_and_proofs_without_signing_in_and_bad_input_is_refused() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    node.register(&cw, &household("Proof", "Reader")).await;
    let old = node.get("/api/v1/journal/head", None).await;
    assert_eq!(old.status, 200, "{old:#?}");
    node.register(&cw, &household("Proof", "Later")).await;
    let head = node.get("/api/v1/journal/head?tree=journal", None).await;
    let (m, n) = (
        old.json["size"].as_i64().expect("size"),
        head.json["size"].as_i64().expect("size"),
    );
    assert!(n > m);
    let root = |h: &Value| from_hex(h["root"].as_str().expect("root")).expect("hash");

    let c = node
        .get(&format!("/api/v1/journal/proof/consistency?from={m}"), None)
        .await;
    assert_eq!(c.status, 200, "{c:#?}");
    assert_eq!(c.json["to"], n);
    assert!(verify_consistency(
        m as u64,
        n as u64,
        &root(&old.json),
        &root(&head.json),
        &hex_list(&c.json["proof"])
    ));

    let seq = m - 1;
    let i = node
        .get(
            &format!("/api/v1/journal/proof/inclusion?seq={seq}&size={n}"),
            None,
        )
        .await;
    assert_eq!(i.status, 200, "{i:#?}");
    let leaf = from_hex(i.json["leaf"].as_str().expect("leaf")).expect("hash");
    assert!(verify_inclusion(
        (seq - 1) as u64,
        n as u64,
        &leaf,
        &hex_list(&i.json["proof"]),
        &root(&head.json)
    ));

    let l = node
        .get(
            &format!("/api/v1/journal/leaves?from={}&limit=3", seq - 1),
            None,
        )
        .await;
    assert_eq!(l.status, 200);
    assert_eq!(l.json["leaves"].as_array().map(Vec::len), Some(3));
    assert_eq!(l.json["leaves"][0], i.json["leaf"]);
    let a = node.get("/api/v1/journal/head?tree=access_log", None).await;
    assert!(a.status == 200 || a.status == 404, "{a:#?}");
    assert_eq!(
        node.get("/api/v1/journal/keys", None).await.json,
        serde_json::json!([])
    );

    // Bad input: named, nothing else said.
    let past_head = format!("/api/v1/journal/proof/consistency?from={}", n + 1);
    let refused = [
        ("/api/v1/journal/head?tree=ledger", 422, "/tree"),
        ("/api/v1/journal/head?tre=journal", 400, "/tre"),
        ("/api/v1/journal/proof/consistency?from=0", 422, "/from"),
        (past_head.as_str(), 422, "/from"),
        (
            "/api/v1/journal/proof/consistency?from=1&to=999999",
            422,
            "/to",
        ),
        ("/api/v1/journal/proof/consistency?from=x", 400, ""),
        ("/api/v1/journal/proof/inclusion?seq=0", 422, "/seq"),
        (
            "/api/v1/journal/proof/inclusion?seq=1&size=999999",
            422,
            "/size",
        ),
        ("/api/v1/journal/leaves?limit=10001", 422, "/limit"),
        ("/api/v1/journal/leaves?from=-1", 422, "/from"),
    ];
    for (path, status, pointer) in refused {
        let r = node.get(path, None).await;
        r.assert_problem(status);
        if !pointer.is_empty() {
            assert_eq!(r.pointers(), [pointer], "{path}: {r:#?}");
        }
    }
}
