//! The access log: every read of personal data is recorded (who, what, when, why) in a chain of
//! its own; the data-protection officer reads a person's history; tampering is found.

use crate::kit::fixtures::{household, random_hex};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::Value;

/// Registers a household as a caseworker; returns (token, case id, head person id).
async fn case_with_head(node: &TestNode) -> (String, String, String) {
    let cw = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw, &household("Access", "Logged")).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let head = case["members"][0]["id"].as_str().unwrap().to_owned();
    (cw, id, head)
}

async fn history(node: &TestNode, token: &str, person: &str) -> Vec<Value> {
    let r = node
        .get(&format!("/api/v1/persons/{person}/access-log"), Some(token))
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.json.as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_read_of_personal_data_is_logged_with_its_purpose() {
    let mut node = TestNode::start().await;
    let (cw, case, head) = case_with_head(&node).await;
    let dpo = node.login_as(Role::Dpo).await;
    // The registration answer showed the names: that is already one read.
    let before = history(&node, &dpo, &head).await;
    assert_eq!(before.len(), 1, "{before:#?}");

    assert_eq!(
        node.get(&format!("/api/v1/cases/{case}"), Some(&cw))
            .await
            .status,
        200
    );
    let declared = node
        .client
        .get(node.url(&format!("/api/v1/cases/{case}")))
        .bearer_auth(&cw)
        .header("x-homeward-purpose", "supervision");
    assert_eq!(send(declared).await.status, 200);
    assert_eq!(
        node.get("/api/v1/cases?limit=5", Some(&cw)).await.status,
        200
    );

    let entries = history(&node, &dpo, &head).await;
    assert_eq!(entries.len(), 4, "{entries:#?}");
    // Newest first: the list, the read with a declared purpose, the plain read.
    assert_eq!(entries[0]["kind"], "cases.list");
    assert_eq!(entries[1]["kind"], "case.read");
    assert_eq!(entries[1]["purpose"], "supervision");
    assert_eq!(entries[2]["purpose"], "case_management");
    assert_eq!(entries[2]["subject"], case.as_str());
    let me = node.get("/api/v1/me", Some(&cw)).await;
    assert_eq!(entries[2]["actor"], me.json["user_id"]);
    // The log names people by id, never by name.
    assert!(!serde_json::to_string(&entries).unwrap().contains("Access"));

    // A role that sees no names leaves no entry.
    let pm = node.login_as(Role::ProgrammeManager).await;
    assert_eq!(
        node.get(&format!("/api/v1/cases/{case}"), Some(&pm))
            .await
            .status,
        200
    );
    assert_eq!(history(&node, &dpo, &head).await.len(), 4);

    // An unknown purpose is refused before anything is read.
    let bad = node
        .client
        .get(node.url(&format!("/api/v1/cases/{case}")))
        .bearer_auth(&cw)
        .header("x-homeward-purpose", "curiosity");
    let bad = send(bad).await;
    bad.assert_problem(422);
    assert_eq!(bad.pointers(), vec!["/purpose".to_owned()]);
    assert_eq!(history(&node, &dpo, &head).await.len(), 4);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_dpo_and_auditors_of_the_organisation_read_the_access_log() {
    let mut node = TestNode::start().await;
    let (cw, _case, head) = case_with_head(&node).await;
    let path = format!("/api/v1/persons/{head}/access-log");
    for role in [
        Role::Caseworker,
        Role::Supervisor,
        Role::Monitor,
        Role::ProgrammeManager,
        Role::Admin,
    ] {
        let token = if role == Role::Caseworker {
            cw.clone()
        } else {
            node.login_as(role).await
        };
        node.get(&path, Some(&token)).await.assert_problem(403);
    }
    let auditor = node.login_as(Role::Auditor).await;
    assert_eq!(node.get(&path, Some(&auditor)).await.status, 200);
    node.get(&path, None).await.assert_problem(401);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_with_the_access_log_is_found() {
    let mut node = TestNode::start().await;
    let (cw, case, head) = case_with_head(&node).await;
    for _ in 0..3 {
        assert_eq!(
            node.get(&format!("/api/v1/cases/{case}"), Some(&cw))
                .await
                .status,
            200
        );
    }
    let intact = node.cli(&["audit", "verify"]).await;
    assert!(intact.success(), "{intact:#?}");

    // Hiding that someone read a person: drop the index rows of one read.
    let raw = node.db.raw().await;
    raw.exec(&format!(
        "DELETE FROM access_log_persons WHERE person_id = '{head}' AND seq = 2"
    ))
    .await;
    raw.close().await;
    let out = node.cli(&["audit", "verify"]).await;
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stdout.contains("access log entry 2"), "{out:#?}");

    // Rewriting who read: edit an entry's actor.
    raw_restore_and_edit(&node, &head).await;
    let out = node.cli(&["audit", "verify"]).await;
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stdout.contains("access log entry 3"), "{out:#?}");
    node.stop().await;
}

async fn raw_restore_and_edit(node: &TestNode, head: &str) {
    let raw = node.db.raw().await;
    raw.exec(&format!(
        "INSERT INTO access_log_persons (person_id, seq) VALUES ('{head}', 2)"
    ))
    .await;
    raw.exec("UPDATE access_log SET actor = 'someone-else' WHERE seq = 3")
        .await;
    raw.close().await;
}

/// Over the whole API as the OpenAPI document lists it: every GET route that answers with a
/// person's name has written an access-log entry by the time the answer arrives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_that_shows_names_logs_the_read() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let canary = format!("Zq{}", random_hex(8));
    let case = node.register(&cw, &household(&canary, "Canary")).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let person_id = case["members"][0]["id"].as_str().unwrap().to_owned();
    let doc = node.get("/api/v1/openapi.json", None).await;
    let paths = doc.json["paths"].as_object().unwrap().clone();
    let dpo = node.login_as(Role::Dpo).await;
    let mut showing_names = Vec::new();
    let mut checked = 0;
    for (template, ops) in &paths {
        if ops.get("get").is_none() {
            continue;
        }
        checked += 1;
        let id = if template.starts_with("/api/v1/persons/") {
            &person_id
        } else {
            &case_id
        };
        let path = template.replace("{id}", id).replace("{pcode}", "XB0101");
        for token in [&cw, &dpo] {
            let logged_before = access_entries(&node).await;
            let r = node.get(&path, Some(token)).await;
            if r.text.contains(&canary) {
                showing_names.push(template.clone());
                assert!(
                    access_entries(&node).await > logged_before,
                    "{template} showed a name without logging the read"
                );
            }
        }
    }
    // The check above is only as good as the routes it saw show names.
    for expected in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/persons/{id}/export",
    ] {
        assert!(
            showing_names.iter().any(|t| t == expected),
            "{expected} did not show the name: {showing_names:?}"
        );
    }
    println!(
        "access log: {checked} GET routes checked as caseworker and DPO, {} showed names and logged the read",
        showing_names.len()
    );
    node.stop().await;
}

async fn access_entries(node: &TestNode) -> i64 {
    let raw = node.db.raw().await;
    let n = raw.int("SELECT COUNT(*) FROM access_log").await;
    raw.close().await;
    n
}
