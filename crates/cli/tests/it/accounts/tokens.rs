//! API tokens: scopes no wider than the user's roles, kept from managing the account, stored as a
//! digest, and stopped by revocation, expiry and the user's deactivation.

use crate::kit::fixtures::household;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_carry_only_their_scopes_and_stop_at_expiry_revocation_and_deactivation() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let admin = node.login_as(Role::Admin).await;
    let make = |body: serde_json::Value| {
        let node = &node;
        let cw = cw.clone();
        async move { node.post_json("/api/v1/me/tokens", Some(&cw), &body).await }
    };

    // Bad requests name the field and make nothing.
    let raw = node.db.raw().await;
    for (body, pointer) in [
        (
            json!({"name": "x", "scopes": ["manage_users"], "expires_in_days": 7}),
            "/scopes/0",
        ),
        (
            json!({"name": "x", "scopes": ["read_cases", "fly"], "expires_in_days": 7}),
            "/scopes/1",
        ),
        (
            json!({"name": "x", "scopes": [], "expires_in_days": 7}),
            "/scopes",
        ),
        (
            json!({"name": "x", "scopes": ["read_cases"], "expires_in_days": 0}),
            "/expires_in_days",
        ),
        (
            json!({"name": "x", "scopes": ["read_cases"], "expires_in_days": 91}),
            "/expires_in_days",
        ),
        (
            json!({"name": "", "scopes": ["read_cases"], "expires_in_days": 7}),
            "/name",
        ),
        (
            json!({"name": "x", "scopes": ["read_cases"], "expires_in_days": 7, "admin": true}),
            "/admin",
        ),
    ] {
        let r = make(body).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), vec![pointer.to_owned()], "{r:#?}");
    }
    assert_eq!(raw.int("SELECT COUNT(*) FROM api_tokens").await, 0);

    let made = make(json!({"name": "Case list export", "scopes": ["read_cases", "read_personal"], "expires_in_days": 30})).await;
    assert_eq!(made.status, 201, "{made:#?}");
    let token = made.json["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("hwt_"));
    let id = made.json["id"].as_str().unwrap().to_owned();
    // Stored as a digest only; listed without the token.
    let stored = raw.texts("SELECT token_digest FROM api_tokens").await;
    assert_eq!(
        stored[0][0].as_deref(),
        Some(homeward_crypto::token_digest(&token).as_str())
    );
    let list = node.get("/api/v1/me/tokens", Some(&cw)).await;
    assert_eq!(list.json.as_array().unwrap().len(), 1);
    assert!(!list.text.contains(&token));

    // The token reads cases (in scope) but cannot register (the user can; the token cannot).
    node.register(&cw, &household("Token", "Scope")).await;
    assert_eq!(node.get("/api/v1/cases", Some(&token)).await.status, 200);
    node.post_json(
        "/api/v1/households",
        Some(&token),
        &household("No", "Scope"),
    )
    .await
    .assert_problem(403);
    node.get("/api/v1/areas", Some(&token))
        .await
        .assert_problem(403);
    let me = node.get("/api/v1/me", Some(&token)).await;
    assert_eq!(
        me.json["token_scopes"],
        json!(["read_cases", "read_personal"])
    );
    // A token cannot manage the account: no new tokens, no session list, no enrolment.
    node.post_json(
        "/api/v1/me/tokens",
        Some(&token),
        &json!({"name": "y", "scopes": ["read_cases"], "expires_in_days": 1}),
    )
    .await
    .assert_problem(403);
    node.get("/api/v1/me/sessions", Some(&token))
        .await
        .assert_problem(403);
    node.post_json("/api/v1/me/second-factor", Some(&token), &json!({}))
        .await
        .assert_problem(403);
    // Another user cannot revoke it.
    node.delete(&format!("/api/v1/me/tokens/{id}"), Some(&admin))
        .await
        .assert_problem(404);

    // Revocation stops it at once.
    assert_eq!(
        node.delete(&format!("/api/v1/me/tokens/{id}"), Some(&cw))
            .await
            .status,
        204
    );
    node.get("/api/v1/cases", Some(&token))
        .await
        .assert_problem(401);

    // Expiry stops one.
    let expiring = make(json!({"name": "Short", "scopes": ["read_cases"], "expires_in_days": 1}))
        .await
        .json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(node.get("/api/v1/cases", Some(&expiring)).await.status, 200);
    raw.exec("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00Z'")
        .await;
    node.get("/api/v1/cases", Some(&expiring))
        .await
        .assert_problem(401);

    // Deactivating the user stops the rest.
    let last = make(json!({"name": "Last", "scopes": ["read_cases"], "expires_in_days": 90}))
        .await
        .json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(node.get("/api/v1/cases", Some(&last)).await.status, 200);
    let cw_id = node.get("/api/v1/me", Some(&cw)).await.json["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        node.post_json(
            &format!("/api/v1/users/{cw_id}/deactivation"),
            Some(&admin),
            &json!({})
        )
        .await
        .status,
        204
    );
    node.get("/api/v1/cases", Some(&last))
        .await
        .assert_problem(401);
    raw.close().await;
    node.stop().await;
}
