//! Sessions (list, sign out everywhere, idle timeout, expiry) and API tokens (scopes no wider
//! than the user's roles, expiry, revocation, deactivation).

use crate::kit::fixtures::{PASSWORD, email, household};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_listed_end_everywhere_and_time_out_when_idle() {
    let mut node = TestNode::start().await;
    let first = node.login_as(Role::Caseworker).await;
    let second = node.login_as(Role::Caseworker).await;
    let list = node.get("/api/v1/me/sessions", Some(&first)).await;
    assert_eq!(list.status, 200, "{list:#?}");
    let sessions = list.json.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["second_factor"] == true));
    assert!(!list.text.contains(&first) && !list.text.contains(&second));

    // Idle for longer than the setting: the session ends; the other one lives on.
    let raw = node.db.raw().await;
    let idle_seconds = node.app.settings().idle_minutes * 60 + 5;
    let digest = homeward_crypto::token_digest(&first);
    raw.exec(&format!(
        "UPDATE sessions SET last_seen = last_seen - {idle_seconds} WHERE token_digest = '{digest}'"
    ))
    .await;
    node.get("/api/v1/me", Some(&first))
        .await
        .assert_problem(401);
    assert_eq!(node.get("/api/v1/me", Some(&second)).await.status, 200);
    // Past its expiry a session ends however busy it is. (Other users from here on: each sign-in
    // of a user takes a fresh time step of their second factor.)
    let third = node.login_as(Role::Supervisor).await;
    let digest = homeward_crypto::token_digest(&third);
    raw.exec(&format!(
        "UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE token_digest = '{digest}'"
    ))
    .await;
    node.get("/api/v1/me", Some(&third))
        .await
        .assert_problem(401);

    // Sign out everywhere.
    let one = node.login_as(Role::Monitor).await;
    let two = node.login_as(Role::Monitor).await;
    assert_eq!(
        node.delete("/api/v1/me/sessions", Some(&one)).await.status,
        204
    );
    node.get("/api/v1/me", Some(&one)).await.assert_problem(401);
    node.get("/api/v1/me", Some(&two)).await.assert_problem(401);
    assert_eq!(node.get("/api/v1/me", Some(&second)).await.status, 200);
    raw.close().await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_the_other_sessions() {
    let mut node = TestNode::start().await;
    let here = node.login_as(Role::Dpo).await;
    let elsewhere = node.login_as(Role::Dpo).await;
    let change = |current: &str, new: &str| {
        let body = json!({"current_password": current, "new_password": new});
        let node = &node;
        let here = here.clone();
        async move {
            node.post_json("/api/v1/me/password", Some(&here), &body)
                .await
        }
    };
    let before = node.journal_len().await;
    let bad = change("not the password", "password1234").await;
    bad.assert_problem(422);
    assert_eq!(bad.pointers(), ["/current_password", "/new_password"]);
    assert_eq!(node.journal_len().await, before);
    assert_eq!(node.get("/api/v1/me", Some(&elsewhere)).await.status, 200);
    let new = "a much longer and fresher passphrase";
    assert_eq!(change(PASSWORD, new).await.status, 204);
    assert_eq!(node.journal_len().await, before + 1);
    assert_eq!(node.get("/api/v1/me", Some(&here)).await.status, 200);
    node.get("/api/v1/me", Some(&elsewhere))
        .await
        .assert_problem(401);
    // The old password no longer works; the new one does (with the second factor).
    let who = email(Role::Dpo);
    // (A wrong password is refused before the code is looked at, so the code is still unused.)
    let code = node.next_code(&who).await.unwrap();
    let old = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": who, "password": PASSWORD, "code": code}),
        )
        .await;
    old.assert_problem(401);
    let ok = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": who, "password": new, "code": code}),
        )
        .await;
    assert_eq!(ok.status, 201, "{ok:#?}");
    node.stop().await;
}

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
    let _ = (PASSWORD, email(Role::Caseworker));
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_list_and_create_users_of_their_organisation() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let before = node.journal_len().await;
    let bad = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "not an email", "display_name": "", "roles": ["pilot"], "password": "short"}),
        )
        .await;
    bad.assert_problem(422);
    let mut pointers = bad.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        ["/display_name", "/email", "/password", "/roles/0"]
    );
    assert_eq!(node.journal_len().await, before);
    let made = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "new.worker@a.test", "display_name": "New Worker", "roles": ["caseworker"], "password": PASSWORD}),
        )
        .await;
    assert_eq!(made.status, 201, "{made:#?}");
    let users = node.get("/api/v1/users", Some(&admin)).await;
    let new = users
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "new.worker@a.test")
        .cloned()
        .unwrap();
    assert_eq!(new["second_factor"], false);
    assert_eq!(new["second_factor_required"], true);
    assert_eq!(new["roles"], json!(["caseworker"]));
    // Only their own organisation's users.
    node.login(crate::kit::fixtures::B_CASEWORKER).await;
    assert!(!users.text.contains(crate::kit::fixtures::B_CASEWORKER));
    node.stop().await;
}
