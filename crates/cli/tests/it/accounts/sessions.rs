//! Sessions through the JSON API: signing in (wrong and unknown accounts answer alike) and out,
//! and cookie sessions that change nothing without their CSRF token.

use crate::kit::fixtures::{email, household};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_sign_out() {
    let mut node = TestNode::start().await;
    node.ensure_user(&email(Role::Caseworker)).await;
    let wrong = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": email(Role::Caseworker), "password": "not the password at all"}),
        )
        .await;
    wrong.assert_problem(401);
    let unknown = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": "nobody@a.test", "password": "not the password at all"}),
        )
        .await;
    unknown.assert_problem(401);
    assert_eq!(
        wrong.text, unknown.text,
        "unknown email and wrong password must answer alike"
    );
    assert!(
        wrong.json.get("token").is_none(),
        "no token on failure: {wrong:#?}"
    );
    // Malformed sign-in requests are 4xx problems too.
    node.post_raw("/api/v1/session", None, "application/json", "{\"email\":")
        .await
        .assert_problem(400);
    node.post_json(
        "/api/v1/session",
        None,
        &json!({"email": email(Role::Caseworker)}),
    )
    .await
    .assert_problem(422);

    // The e-mail is not case-sensitive.
    let token = node.login(&email(Role::Caseworker).to_uppercase()).await;
    let me = node.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, 200, "{me:#?}");
    assert_eq!(me.json["email"], email(Role::Caseworker));
    assert_eq!(me.json["roles"], json!(["caseworker"]));
    // A second session is independent of the first.
    let other = node.login_as(Role::Caseworker).await;
    assert_ne!(token, other);

    let out = node.delete("/api/v1/session", Some(&token)).await;
    assert_eq!(out.status, 204, "{out:#?}");
    node.get("/api/v1/me", Some(&token))
        .await
        .assert_problem(401);
    node.get("/api/v1/cases", Some(&token))
        .await
        .assert_problem(401);
    node.delete("/api/v1/session", Some(&token))
        .await
        .assert_problem(401);
    let still = node.get("/api/v1/me", Some(&other)).await;
    assert_eq!(still.status, 200, "signing out one session ended another");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_sessions_need_the_csrf_token_to_change_anything() {
    let mut node = TestNode::start().await;
    let token = node.login_as(Role::Caseworker).await;
    let (_, csrf) = node.app.actor_for_session(&token).await.expect("session");
    let cookie = format!("hw_session={token}");
    let post = |csrf: Option<String>| {
        let mut req = node
            .client
            .post(node.url("/api/v1/households"))
            .header("cookie", &cookie)
            .json(&household("Cookie", "Jar"));
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        send(req)
    };
    // Reading with the cookie alone is fine.
    let list = send(
        node.client
            .get(node.url("/api/v1/cases"))
            .header("cookie", &cookie),
    )
    .await;
    assert_eq!(list.status, 200, "{list:#?}");
    // Writing needs the session's CSRF token: a cross-site form cannot send it.
    let before = node.journal_len().await;
    post(None).await.assert_problem(403);
    post(Some("forged".into())).await.assert_problem(403);
    post(Some(format!("{csrf}x"))).await.assert_problem(403);
    assert_eq!(node.journal_len().await, before);
    let ok = post(Some(csrf.clone())).await;
    assert_eq!(ok.status, 201, "{ok:#?}");
    // Unknown API paths answer with problem documents too.
    node.get("/api/v1/no-such-thing", Some(&token))
        .await
        .assert_problem(404);
    node.stop().await;
}
