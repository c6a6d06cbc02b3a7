//! Accounts: deactivation ends a user's access at once; HSTS behind TLS.

use crate::kit::fixtures::{B_CASEWORKER, PASSWORD, email};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

async fn user_id(node: &TestNode, token: &str) -> String {
    node.get("/api/v1/me", Some(token)).await.json["user_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_user_is_out_at_once_and_only_an_administrator_can_do_it() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let cw = node.login_as(Role::Caseworker).await;
    let supervisor = node.login_as(Role::Supervisor).await;
    let (cw_id, admin_id) = (user_id(&node, &cw).await, user_id(&node, &admin).await);
    let b_id = user_id(&node, &node.login(B_CASEWORKER).await).await;
    let deactivate = |id: &str| format!("/api/v1/users/{id}/deactivation");

    // Not an administrator; another organisation's user; oneself; nobody.
    node.post_json(&deactivate(&cw_id), Some(&supervisor), &json!({}))
        .await
        .assert_problem(403);
    node.post_json(&deactivate(&b_id), Some(&admin), &json!({}))
        .await
        .assert_problem(404);
    node.post_json(&deactivate(&admin_id), Some(&admin), &json!({}))
        .await
        .assert_problem(409);
    node.post_json(
        &deactivate("00000000-0000-0000-0000-000000000000"),
        Some(&admin),
        &json!({}),
    )
    .await
    .assert_problem(404);
    assert_eq!(node.get("/api/v1/me", Some(&cw)).await.status, 200);

    let journal = node.journal_len().await;
    assert_eq!(
        node.post_json(&deactivate(&cw_id), Some(&admin), &json!({}))
            .await
            .status,
        204
    );
    assert_eq!(node.journal_len().await, journal + 1);
    // The open session ends, and signing in again answers like a wrong password.
    node.get("/api/v1/me", Some(&cw)).await.assert_problem(401);
    let again = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": email(Role::Caseworker), "password": PASSWORD}),
        )
        .await;
    let wrong = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": email(Role::Supervisor), "password": "not-the-password"}),
        )
        .await;
    again.assert_problem(401);
    assert_eq!(again.json, wrong.json);
    node.post_json(&deactivate(&cw_id), Some(&admin), &json!({}))
        .await
        .assert_problem(409);

    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_deactivates_from_the_command_line() {
    let mut node = TestNode::start().await;
    let monitor = node.login_as(Role::Monitor).await;
    let out = node
        .cli(&["user", "deactivate", "--email", &email(Role::Monitor)])
        .await;
    assert!(out.success(), "{out:#?}");
    node.get("/api/v1/me", Some(&monitor))
        .await
        .assert_problem(401);
    let unknown = node
        .cli(&["user", "deactivate", "--email", "nobody@a.test"])
        .await;
    assert!(!unknown.success(), "{unknown:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_browsers_are_told_to_stay_on_https() {
    let mut node = TestNode::start().await;
    assert_eq!(
        node.get("/healthz", None)
            .await
            .header("strict-transport-security"),
        ""
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = homeward_web::WebState {
        app: node.app.clone(),
        secure_cookies: true,
        trusted_proxies: Vec::new(),
    };
    let server = tokio::spawn(homeward_web::serve(listener, state, std::future::pending()));
    let r = crate::kit::http::send(node.client.get(format!("{base}/healthz"))).await;
    assert!(
        r.header("strict-transport-security")
            .starts_with("max-age="),
        "{r:#?}"
    );
    server.abort();
    node.stop().await;
}
