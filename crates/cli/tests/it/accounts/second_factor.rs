//! Second factor: who must have one, the session held at enrolment, codes used once and only
//! near now, recovery codes, and the administrator's reset.

use crate::kit::factor::{enrol_via, unix_now};
use crate::kit::fixtures::{B_CASEWORKER, PASSWORD, add_user, email};
use crate::kit::http::{Resp, send};
use crate::kit::node::TestNode;
use crate::policy::matrix::{Owner, call, makers, objects};
use crate::policy::routes::ROUTES;
use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_crypto::{totp_code, totp_step};
use homeward_domain::accounts::roles::Role;
use serde_json::json;

async fn password_only(node: &TestNode, who: &str) -> Resp {
    node.post_json(
        "/api/v1/session",
        None,
        &json!({"email": who, "password": PASSWORD}),
    )
    .await
}

/// Routes a session held at enrolment may still use.
const WHILE_ENROLLING: &[(&str, &str)] = &[
    ("GET", "/api/v1/me"),
    ("DELETE", "/api/v1/session"),
    ("POST", "/api/v1/me/second-factor"),
    ("POST", "/api/v1/me/second-factor/confirmation"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_without_the_required_factor_can_only_enrol() {
    let mut node = TestNode::start().await;
    let m = makers(&node).await;
    // Roles that reach personal data or manage users are held; the others are not.
    for role in Role::ALL {
        let fresh = format!("fresh-{}@a.test", role.as_str().replace('_', "-"));
        add_user(&node.app, &node.org_a, &[*role], &fresh).await;
        let r = password_only(&node, &fresh).await;
        assert_eq!(r.status, 201, "{role}: {r:#?}");
        let required = homeward_app::policy::second_factor_required(&[*role]);
        let expected = if required {
            "enrolment_required"
        } else {
            "not_enrolled"
        };
        assert_eq!(r.json["second_factor"], expected, "{role}");
    }
    let held = password_only(&node, "fresh-supervisor@a.test").await.json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = node.get("/api/v1/me", Some(&held)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json["enrolment_required"], true);

    // Every route of the API, except the few above, refuses the held session.
    for route in ROUTES {
        if WHILE_ENROLLING.contains(&(route.method, route.template)) {
            continue;
        }
        let ids = objects(&node, Owner::Own, route, &m, None).await;
        let journal = node.journal_len().await;
        let status = call(&node, route, Some(&held), &ids, &m).await;
        assert_eq!(
            status, 403,
            "{} {} answered a session held at enrolment",
            route.method, route.template
        );
        assert_eq!(node.journal_len().await, journal, "{}", route.template);
    }
    let journal = node.journal_len().await;
    let refused = node.get("/api/v1/cases", Some(&held)).await;
    refused.assert_problem(403);
    assert_eq!(
        refused.json["type"],
        "urn:homeward:problem:second-factor-enrolment-required"
    );
    assert_eq!(
        node.journal_len().await,
        journal,
        "a refused read writes nothing"
    );

    // Pages send the held session to the enrolment page.
    let page = send(
        node.client
            .get(node.url("/dashboard"))
            .header("cookie", format!("__Host-hw_session={held}")),
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("action=\"/account/second-factor\""),
        "not sent to enrolment"
    );

    // Enrolling replaces the session (ASVS V7.2.4): the held one ends, the new one is free.
    let (_, _, fresh) = enrol_via(&node.client, &node.base_url, &held).await;
    assert_ne!(fresh, held);
    assert_eq!(node.get("/api/v1/cases", Some(&held)).await.status, 401);
    assert_eq!(node.get("/api/v1/cases", Some(&fresh)).await.status, 200);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_work_once_near_now_and_recovery_codes_once_each() {
    let mut node = TestNode::start().await;
    let who = email(Role::Monitor);
    node.ensure_user(&who).await;
    let token = password_only(&node, &who).await.json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Start: the secret is shown; starting again before confirming shows a new one.
    let started = node
        .post_json("/api/v1/me/second-factor", Some(&token), &json!({}))
        .await;
    assert_eq!(started.status, 201, "{started:#?}");
    let uri = started.json["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Homeward:monitor%40a.test?secret=")
            || uri.starts_with("otpauth://totp/Homeward:monitor@a.test?secret="),
        "{uri}"
    );
    let secret = data_encoding::BASE32_NOPAD
        .decode(started.json["secret"].as_str().unwrap().as_bytes())
        .unwrap();
    assert_eq!(secret.len(), 20);
    // A wrong code does not confirm, and names the field.
    let wrong = node
        .post_json(
            "/api/v1/me/second-factor/confirmation",
            Some(&token),
            &json!({"code": "000000x"}),
        )
        .await;
    wrong.assert_problem(422);
    assert_eq!(wrong.pointers(), vec!["/code".to_owned()]);
    let now = totp_step(unix_now());
    let done = node
        .post_json(
            "/api/v1/me/second-factor/confirmation",
            Some(&token),
            &json!({"code": totp_code(&secret, now)}),
        )
        .await;
    assert_eq!(done.status, 200, "{done:#?}");
    let recovery: Vec<String> = done.json["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    // The secret is stored sealed, never in clear, and the journal has only the fact.
    let raw = node.db.raw().await;
    let stored = raw.texts("SELECT sealed_secret FROM second_factors").await;
    let b32 = started.json["secret"].as_str().unwrap();
    assert!(stored.iter().all(|r| !r[0].clone().unwrap().contains(b32)));
    let journal = raw.journal().await;
    assert!(
        journal
            .iter()
            .any(|e| e.kind == "user.second_factor_enrolled")
    );
    assert!(journal.iter().all(|e| !e.payload.contains(b32)));

    let with = |code: String| {
        let node = &node;
        let who = who.clone();
        async move {
            node.post_json(
                "/api/v1/session",
                None,
                &json!({"email": who, "password": PASSWORD, "code": code}),
            )
            .await
        }
    };
    // The confirming code cannot be used again (replay), nor can one older than it.
    with(totp_code(&secret, now)).await.assert_problem(401);
    with(totp_code(&secret, now - 1)).await.assert_problem(401);
    // Too far ahead is refused; one step ahead is accepted, once.
    with(totp_code(&secret, now + 3)).await.assert_problem(401);
    assert_eq!(with(totp_code(&secret, now + 1)).await.status, 201);
    with(totp_code(&secret, now + 1)).await.assert_problem(401);
    // Without a code, the right password alone answers like a wrong one.
    let alone = password_only(&node, &who).await;
    alone.assert_problem(401);
    // A recovery code signs in once, whatever its case and dashes.
    let first = recovery[0].to_uppercase().replace('-', " ");
    let used = with(first.clone()).await;
    assert_eq!(used.status, 201, "{used:#?}");
    assert_eq!(used.json["second_factor"], "passed");
    with(first).await.assert_problem(401);
    assert_eq!(with(recovery[1].clone()).await.status, 201);
    assert_eq!(
        raw.int("SELECT COUNT(*) FROM recovery_codes").await,
        8,
        "used codes are gone"
    );
    raw.close().await;
    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_resets_a_lost_factor_and_the_user_enrols_again() {
    let mut node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let cw = node.login_as(Role::Caseworker).await;
    let supervisor = node.login_as(Role::Supervisor).await;
    let b = node.login(B_CASEWORKER).await;
    let id_of = |t: String| {
        let node = &node;
        async move {
            node.get("/api/v1/me", Some(&t)).await.json["user_id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let (cw_id, admin_id, b_id) = (
        id_of(cw.clone()).await,
        id_of(admin.clone()).await,
        id_of(b.clone()).await,
    );
    let reset = |id: &str| format!("/api/v1/users/{id}/second-factor");
    // Not an administrator; another organisation's user; oneself.
    node.delete(&reset(&cw_id), Some(&supervisor))
        .await
        .assert_problem(403);
    node.delete(&reset(&b_id), Some(&admin))
        .await
        .assert_problem(404);
    node.delete(&reset(&admin_id), Some(&admin))
        .await
        .assert_problem(409);
    let users = node.get("/api/v1/users", Some(&admin)).await;
    let row = |users: &serde_json::Value| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == cw_id.as_str())
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&users.json)["second_factor"], true);

    let journal = node.journal_len().await;
    assert_eq!(node.delete(&reset(&cw_id), Some(&admin)).await.status, 204);
    assert_eq!(node.journal_len().await, journal + 1);
    // The user's sessions ended; they sign in with the password and must enrol again.
    node.get("/api/v1/me", Some(&cw)).await.assert_problem(401);
    let again = password_only(&node, &email(Role::Caseworker)).await;
    assert_eq!(again.json["second_factor"], "enrolment_required");
    let users = node.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(row(&users.json)["second_factor"], false);
    node.delete(&reset(&cw_id), Some(&admin))
        .await
        .assert_problem(409);
    // The operator can do the same from the command line.
    let out = node
        .cli(&[
            "user",
            "reset-second-factor",
            "--email",
            &email(Role::Supervisor),
        ])
        .await;
    assert!(out.success(), "{out:#?}");
    node.get("/api/v1/me", Some(&supervisor))
        .await
        .assert_problem(401);
    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_second_factors_optional_a_password_is_enough() {
    let settings = homeward_app::Settings {
        second_factor: homeward_app::SecondFactorPolicy::Optional,
        ..Default::default()
    };
    let mut node = TestNode::start_with(settings, Vec::new()).await;
    node.app
        .create_user(
            Admin::Operator,
            NewUser {
                organisation_id: &node.org_a,
                email: "dev@a.test",
                display_name: "Dev",
                roles: &["caseworker".to_owned()],
                password: PASSWORD,
            },
        )
        .await
        .unwrap();
    let r = password_only(&node, "dev@a.test").await;
    assert_eq!(r.json["second_factor"], "not_enrolled");
    let token = r.json["token"].as_str().unwrap();
    assert_eq!(node.get("/api/v1/cases", Some(token)).await.status, 200);
    // Pages say that the node runs without enforced second factors.
    let page = node.get("/sign-in", None).await;
    assert!(page.text.contains("class=\"banner\""), "no banner");
    // A session without a second factor cannot make API tokens.
    node.post_json(
        "/api/v1/me/tokens",
        Some(token),
        &json!({"name": "x", "scopes": ["read_cases"], "expires_in_days": 1}),
    )
    .await
    .assert_problem(403);
    node.stop().await;
}
