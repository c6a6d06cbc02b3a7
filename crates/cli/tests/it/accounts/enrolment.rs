//! Enrolment links: an administrator never chooses a user's password. Creating a user answers a
//! one-time link (stored as a digest, short-lived, single use, replaced by a newer one, ended by
//! deactivation) with which the user chooses their own and is signed in; a new link is how a
//! forgotten password is reset, and it never bypasses the user's second factor.

use crate::kit::factor::enrol_via;
use crate::kit::fixtures::PASSWORD;
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

const NEW: &str = "new.worker@a.test";
const CHOSEN: &str = "a passphrase the worker chose alone";

fn token_of(link: &serde_json::Value) -> String {
    let path = link["path"].as_str().expect("a link path");
    path.strip_prefix("/enrol/")
        .expect("an /enrol/ page")
        .to_owned()
}

async fn enrol(node: &TestNode, token: &str, password: &str, code: Option<&str>) -> Resp {
    let mut body = json!({"token": token, "password": password});
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    node.post_json("/api/v1/enrolment", None, &body).await
}

async fn new_link(node: &TestNode, admin: &str, id: &str) -> Resp {
    node.post_json(
        &format!("/api/v1/users/{id}/enrolment-link"),
        Some(admin),
        &json!({}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_chooses_their_own_password_with_a_one_time_link() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let before = node.journal_len().await;
    // The administrator cannot choose the password any more.
    let chosen = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": NEW, "display_name": "New Worker", "roles": ["caseworker"], "password": PASSWORD}),
        )
        .await;
    chosen.assert_problem(422);
    assert_eq!(chosen.pointers(), ["/password"]);
    assert_eq!(node.journal_len().await, before);

    let made = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": NEW, "display_name": "New Worker", "roles": ["caseworker"]}),
        )
        .await;
    assert_eq!(made.status, 201, "{made:#?}");
    let token = token_of(&made.json["enrolment"]);
    let expires = time::OffsetDateTime::parse(
        made.json["enrolment"]["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let hours = (expires - time::OffsetDateTime::now_utc()).whole_hours();
    assert!((71..=72).contains(&hours), "{hours} hours");
    // Journaled: the user and the link's issue — never the token, which is kept as a digest.
    assert_eq!(node.journal_len().await, before + 2);
    let raw = node.db.raw().await;
    let journal = raw.journal().await;
    assert!(
        journal
            .iter()
            .any(|e| e.kind == "user.enrolment_link_issued")
    );
    assert!(journal.iter().all(|e| !e.payload.contains(&token)));
    let stored = raw.texts("SELECT token_digest FROM enrolment_links").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0][0].as_deref(),
        Some(homeward_crypto::token_digest(&token).as_str())
    );
    raw.close().await;

    // No password works before the user chose one.
    let none = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": NEW, "password": PASSWORD}),
        )
        .await;
    none.assert_problem(401);

    // The policy applies; a refused password leaves the link working.
    for (bad, code) in [
        ("short", "error-password-too-short"),
        ("Sunshine2026!!", "error-password-common"),
    ] {
        let r = enrol(&node, &token, bad, None).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), ["/password"]);
        assert_eq!(r.codes(), [code]);
    }
    let done = enrol(&node, &token, CHOSEN, None).await;
    assert_eq!(done.status, 201, "{done:#?}");
    assert_eq!(done.json["second_factor"], "enrolment_required");
    assert!(done.json["device_token"].is_string());
    // Once only.
    enrol(&node, &token, CHOSEN, None).await.assert_problem(404);
    // The user enrols their second factor as at any first sign-in, then signs in with both.
    let (secret, step, _) = enrol_via(
        &node.client,
        &node.base_url,
        done.json["token"].as_str().unwrap(),
    )
    .await;
    let code = homeward_crypto::totp_code(&secret, step + 1);
    let signed = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": NEW, "password": CHOSEN, "code": code}),
        )
        .await;
    assert_eq!(signed.status, 201, "{signed:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_link_resets_a_forgotten_password_without_bypassing_the_second_factor() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    // A monitor, enrolled by the kit, has forgotten their password.
    let monitor = node.login_as(Role::Monitor).await;
    let id = node.get("/api/v1/me", Some(&monitor)).await.json["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin_id = node.get("/api/v1/me", Some(&admin)).await.json["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Not for oneself; not for a stranger.
    new_link(&node, &admin, &admin_id).await.assert_problem(409);
    new_link(&node, &admin, "00000000-0000-0000-0000-000000000000")
        .await
        .assert_problem(404);

    let first = new_link(&node, &admin, &id).await;
    assert_eq!(first.status, 201, "{first:#?}");
    let second = new_link(&node, &admin, &id).await;
    // A newer link replaces the earlier one.
    enrol(&node, &token_of(&first.json), CHOSEN, None)
        .await
        .assert_problem(404);
    let token = token_of(&second.json);
    // The user's second factor is asked for: a link never bypasses it.
    let no_code = enrol(&node, &token, CHOSEN, None).await;
    no_code.assert_problem(422);
    assert_eq!(no_code.pointers(), ["/code"]);
    let code = node
        .next_code(&crate::kit::fixtures::email(Role::Monitor))
        .await
        .unwrap();
    let done = enrol(&node, &token, CHOSEN, Some(&code)).await;
    assert_eq!(done.status, 201, "{done:#?}");
    assert_eq!(done.json["second_factor"], "passed");
    // Whoever held a session with the old password is out; the new password works.
    node.get("/api/v1/me", Some(&monitor))
        .await
        .assert_problem(401);
    let journal = node.db.raw().await;
    assert!(
        journal
            .journal()
            .await
            .iter()
            .any(|e| e.kind == "user.password_set" && e.actor == id),
        "the user set their password"
    );
    journal.close().await;

    // Wrong codes used up a link; expiry and deactivation end one.
    let third = token_of(&new_link(&node, &admin, &id).await.json);
    for _ in 0..homeward_app::accounts::enrolment::LINK_CODE_FAILURES {
        enrol(&node, &third, CHOSEN, Some("000000x"))
            .await
            .assert_problem(422);
    }
    enrol(&node, &third, CHOSEN, Some(&code))
        .await
        .assert_problem(404);
    let fourth = token_of(&new_link(&node, &admin, &id).await.json);
    let raw = node.db.raw().await;
    raw.exec("UPDATE enrolment_links SET expires_at = 0").await;
    raw.close().await;
    enrol(&node, &fourth, CHOSEN, None)
        .await
        .assert_problem(404);
    let fifth = token_of(&new_link(&node, &admin, &id).await.json);
    let deactivated = node
        .post_json(
            &format!("/api/v1/users/{id}/deactivation"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(deactivated.status, 204);
    enrol(&node, &fifth, CHOSEN, None).await.assert_problem(404);
    new_link(&node, &admin, &id).await.assert_problem(409);
    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
    node.stop().await;
}
