//! Concurrent writers never fork or lose journal entries.

use crate::kit::db::run_command;
use crate::kit::fixtures::household;
use crate::kit::http::{http_client, send};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_registrations_all_land() {
    const N: usize = 40;
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let supervisor = node.login_as(Role::Supervisor).await;
    let before = node.journal_len().await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..N {
        // Each request on its own connection, from two users, all at once.
        let client = http_client();
        let url = node.url("/api/v1/households");
        let token = if i % 2 == 0 {
            cw.clone()
        } else {
            supervisor.clone()
        };
        let body = household(&format!("Parallel{i}"), "Writer");
        tasks.spawn(async move { send(client.post(url).bearer_auth(token).json(&body)).await });
    }
    let mut ids = HashSet::new();
    let mut references = HashSet::new();
    while let Some(r) = tasks.join_next().await {
        let r = r.expect("task");
        assert_eq!(r.status, 201, "{r:#?}");
        ids.insert(r.json["id"].as_str().expect("id").to_owned());
        references.insert(r.json["reference"].as_str().expect("reference").to_owned());
    }
    assert_eq!(ids.len(), N);
    assert_eq!(references.len(), N, "duplicate case references");
    assert_eq!(
        node.journal_len().await,
        before + 2 * N as i64,
        "journal entries lost or duplicated"
    );
    let counts = node.app.store().counts(None).await.expect("counts");
    assert_eq!(counts.cases, N as i64);
    assert_eq!(counts.households, N as i64);
    // Every case reads back (the supervisor reaches cases no team holds, the case worker only
    // her own).
    for id in &ids {
        let r = node
            .get(&format!("/api/v1/cases/{id}"), Some(&supervisor))
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
    }
    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_in_other_processes_are_serialised_too() {
    // The in-process lock does not cover another process: the engine's own lock must.
    const HTTP: usize = 20;
    const PROCESSES: usize = 4;
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let before = node.journal_len().await;
    let mut http = tokio::task::JoinSet::new();
    for i in 0..HTTP {
        let client = http_client();
        let url = node.url("/api/v1/households");
        let (token, body) = (cw.clone(), household(&format!("Mixed{i}"), "Writer"));
        http.spawn(async move { send(client.post(url).bearer_auth(token).json(&body)).await });
    }
    let mut processes = tokio::task::JoinSet::new();
    for i in 0..PROCESSES {
        let mut cmd = node.db.command();
        cmd.args([
            "org",
            "add",
            "--name",
            &format!("Process {i}"),
            "--country",
            "XA",
        ]);
        processes.spawn(run_command(cmd, ""));
    }
    while let Some(r) = http.join_next().await {
        let r = r.expect("task");
        assert_eq!(r.status, 201, "{r:#?}");
    }
    while let Some(out) = processes.join_next().await {
        out.expect("task").ok();
    }
    assert_eq!(
        node.journal_len().await,
        before + 2 * HTTP as i64 + PROCESSES as i64
    );
    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_under_write_load_reports_intact() {
    // Auditors verify a node that is serving: writes landing during the replay must not be
    // mistaken for tampering.
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let auditor = node.login_as(Role::Auditor).await;
    for i in 0..20 {
        node.register(&cw, &household(&format!("Seed{i}"), "Writer"))
            .await;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..2 {
        let client = http_client();
        let url = node.url("/api/v1/households");
        let (token, stop) = (cw.clone(), stop.clone());
        writers.spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let body = household(&format!("Load{w}x{n}"), "Writer");
                let r = send(client.post(&url).bearer_auth(&token).json(&body)).await;
                assert_eq!(r.status, 201, "{r:#?}");
                n += 1;
            }
            n
        });
    }
    let mut failures = Vec::new();
    for _ in 0..3 {
        let out = node.cli(&["audit", "verify"]).await;
        if !out.success() {
            failures.push(out.stdout);
        }
        let r = node
            .post_json(
                "/api/v1/journal/verifications",
                Some(&auditor),
                &serde_json::json!({}),
            )
            .await;
        assert_eq!(r.status, 200, "{r:#?}");
        if r.json["intact"] != true {
            failures.push(r.text);
        }
    }
    // An export taken under load verifies offline too.
    let export = node.db.root.join("under-load.jsonl");
    let export = export.to_str().expect("path");
    node.cli(&["audit", "export", "--out", export]).await.ok();
    let offline = node
        .cli(&[
            "audit",
            "verify",
            "--export",
            export,
            "--public-key",
            &node.db.public_key,
        ])
        .await;
    if !offline.success() {
        failures.push(offline.stdout);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut written = 0;
    while let Some(n) = writers.join_next().await {
        written += n.expect("writer");
    }
    assert!(written > 0, "no write overlapped the verifications");
    assert!(
        failures.is_empty(),
        "verification under load reported tampering ({written} writes): {failures:#?}"
    );
    // And once quiet, it verifies as well.
    node.cli(&["audit", "verify"]).await.ok();
}
