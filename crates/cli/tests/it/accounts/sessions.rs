//! Sessions through the JSON API: signing in (wrong and unknown accounts answer alike) and out,
//! cookie sessions that change nothing without their CSRF token, the list of one's sessions,
//! signing out everywhere, the idle timeout and expiry, and a password change that ends the
//! other sessions.

use crate::kit::fixtures::{PASSWORD, email, household};
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
    let cookie = format!("__Host-hw_session={token}");
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
