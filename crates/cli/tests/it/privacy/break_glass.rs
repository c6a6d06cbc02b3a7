//! Break-glass: a case of another organisation opens only with a typed justification, for a
//! limited time, visibly to the case organisation's DPO, and every read under it is logged.

use crate::kit::fixtures::{B_CASEWORKER, household};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organisations_case_opens_only_through_a_justified_logged_grant() {
    let mut node = TestNode::start().await;
    let cw_a = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw_a, &household("Glass", "Broken")).await;
    let (case_id, head) = (
        case["id"].as_str().unwrap().to_owned(),
        case["members"][0]["id"].as_str().unwrap().to_owned(),
    );
    let cw_b = node.login(B_CASEWORKER).await;
    let read = format!("/api/v1/cases/{case_id}");
    let open = format!("/api/v1/cases/{case_id}/break-glass");

    node.get(&read, Some(&cw_b)).await.assert_problem(404);
    // No justification worth the name; nothing written.
    let journal = node.journal_len().await;
    let short = node
        .post_json(&open, Some(&cw_b), &json!({"justification": "urgent"}))
        .await;
    short.assert_problem(422);
    assert_eq!(short.pointers(), vec!["/justification".to_owned()]);
    assert_eq!(node.journal_len().await, journal);
    // Within one's own organisation there is nothing to break.
    node.post_json(
        &open,
        Some(&cw_a),
        &json!({"justification": "This is my own organisation's case"}),
    )
    .await
    .assert_problem(409);
    // Roles that may not read cases cannot break the glass either.
    let assessor = node.login_as(Role::Assessor).await;
    node.post_json(
        &open,
        Some(&assessor),
        &json!({"justification": "An assessor wants to read this case"}),
    )
    .await
    .assert_problem(403);

    let journal = node.journal_len().await;
    let why = "Medical emergency at the border crossing; the family's file is needed now";
    let grant = node
        .post_json(&open, Some(&cw_b), &json!({"justification": why}))
        .await;
    assert_eq!(grant.status, 201, "{grant:#?}");
    assert!(grant.json["expires_at"].as_str().unwrap() > grant.json["opened_at"].as_str().unwrap());
    assert_eq!(node.journal_len().await, journal + 1);

    let seen = node.get(&read, Some(&cw_b)).await;
    assert_eq!(seen.status, 200, "{seen:#?}");
    assert_eq!(seen.json["members"][0]["given_name"], "Glass");
    // The grant covers that one case, not the organisation's list.
    let list = node.get("/api/v1/cases", Some(&cw_b)).await;
    assert!(!list.text.contains(&case_id), "{list:#?}");

    // The DPO of the case's organisation sees the grant and the read it allowed.
    let dpo = node.login_as(Role::Dpo).await;
    let grants = node.get("/api/v1/break-glass", Some(&dpo)).await;
    assert_eq!(grants.status, 200);
    assert_eq!(grants.json[0]["justification"], why);
    assert_eq!(grants.json[0]["case_id"], case_id.as_str());
    let log = node
        .get(&format!("/api/v1/persons/{head}/access-log"), Some(&dpo))
        .await;
    assert_eq!(log.json[0]["purpose"], "break_glass", "{log:#?}");
    // A caseworker does not read the DPO's list.
    node.get("/api/v1/break-glass", Some(&cw_a))
        .await
        .assert_problem(403);

    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_grant_opens_nothing() {
    let mut node = TestNode::start().await;
    let cw_a = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw_a, &household("Expired", "Grant")).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let cw_b = node.login(B_CASEWORKER).await;
    let grant = node
        .post_json(
            &format!("/api/v1/cases/{case_id}/break-glass"),
            Some(&cw_b),
            &json!({"justification": "Checking a possible duplicate registration"}),
        )
        .await;
    assert_eq!(grant.status, 201);
    assert_eq!(
        node.get(&format!("/api/v1/cases/{case_id}"), Some(&cw_b))
            .await
            .status,
        200
    );
    // Time passes: move the grant's end into the past, as the clock would.
    let raw = node.db.raw().await;
    raw.exec("UPDATE break_glass SET expires_at = '2000-01-01T00:00:00Z'")
        .await;
    raw.close().await;
    node.get(&format!("/api/v1/cases/{case_id}"), Some(&cw_b))
        .await
        .assert_problem(404);
    node.stop().await;
}
