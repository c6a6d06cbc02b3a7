//! Users: administrators list and create the users of their own organisation (each gets an
//! enrolment link, `enrolment.rs`), and deactivate one (so does the operator, from the command
//! line), which ends the user's access at once.

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
async fn administrators_list_and_create_users_of_their_organisation() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let before = node.journal_len().await;
    let bad = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "not an email", "display_name": "", "roles": ["pilot"]}),
        )
        .await;
    bad.assert_problem(422);
    let mut pointers = bad.pointers();
    pointers.sort();
    assert_eq!(pointers, ["/display_name", "/email", "/roles/0"]);
    assert_eq!(node.journal_len().await, before);
    let made = node
        .post_json(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "new.worker@a.test", "display_name": "New Worker", "roles": ["caseworker"]}),
        )
        .await;
    assert_eq!(made.status, 201, "{made:#?}");
    // The user chooses their password with the link (`enrolment.rs`).
    assert!(made.json["enrolment"]["path"].is_string(), "{made:#?}");
    // Another organisation's user exists (signing in creates it) but is not listed.
    node.login(B_CASEWORKER).await;
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
    assert!(!users.text.contains(B_CASEWORKER));
    node.stop().await;
}
