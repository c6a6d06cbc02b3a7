//! Concurrent writers never fork or lose journal entries.

use crate::kit::{TestNode, household};
use homeward_domain::roles::Role;
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
        let client = crate::kit::http_client();
        let url = node.url("/api/v1/households");
        let token = if i % 2 == 0 {
            cw.clone()
        } else {
            supervisor.clone()
        };
        let body = household(&format!("Parallel{i}"), "Writer");
        tasks.spawn(async move {
            crate::kit::send(client.post(url).bearer_auth(token).json(&body)).await
        });
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
    // Every case reads back.
    for id in &ids {
        let r = node.get(&format!("/api/v1/cases/{id}"), Some(&cw)).await;
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
        let client = crate::kit::http_client();
        let url = node.url("/api/v1/households");
        let (token, body) = (cw.clone(), household(&format!("Mixed{i}"), "Writer"));
        http.spawn(async move {
            crate::kit::send(client.post(url).bearer_auth(token).json(&body)).await
        });
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
        processes.spawn(crate::kit::run_command(cmd, ""));
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
