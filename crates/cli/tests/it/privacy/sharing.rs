//! Data sharing between organisations: a case shared by agreement is read only for the agreement's
//! purpose, never with its safeguard records; withdrawing the person's consent or revoking the
//! agreement ends the sharing at once; bad agreements and sharing consents name the field and
//! write nothing. The cases come from the need-to-know matrix's world (`policy/scope_matrix.rs`).

use crate::kit::fixtures::{add_user, random_hex};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use crate::policy::scope_matrix::{State, World, household};
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawing_consent_or_revoking_the_agreement_ends_sharing_at_once() {
    let node = TestNode::start().await;
    let world = World::new(&node).await;
    let cw_a = node.login_as(Role::Caseworker).await;
    let (id, head) = world.case(&node, State::SharedWithConsent, "unused").await;
    let path = format!("/api/v1/cases/{id}");
    let read = || node.get(&path, Some(&cw_a));
    assert_eq!(read().await.status, 200);
    // The agreement shares listed fields, never the safeguard records, the safeguards or the
    // transitions (coercion codes, vulnerability factors, best interests).
    for part in ["records", "safeguards", "transitions"] {
        node.get(&format!("{path}/{part}"), Some(&cw_a))
            .await
            .assert_problem(404);
    }
    // A supervisor of A who declares the agreement's purpose reads it too; the access log
    // records that purpose.
    let sup = node.login_as(Role::Supervisor).await;
    let declared = node
        .client
        .get(node.url(&format!("/api/v1/cases/{id}")))
        .bearer_auth(&sup)
        .header("X-Homeward-Purpose", "case_management");
    assert_eq!(send(declared).await.status, 200);

    let consents = node
        .get(
            &format!("/api/v1/persons/{head}/consents"),
            Some(&world.cw_b),
        )
        .await;
    assert_eq!(consents.status, 200);
    let consent = consents.json[0]["id"].as_str().unwrap().to_owned();
    let before = node.journal_len().await;
    let w = node
        .post_json(
            &format!("/api/v1/consents/{consent}/withdrawal"),
            Some(&world.cw_b),
            &json!({}),
        )
        .await;
    assert_eq!(w.status, 204, "{w:#?}");
    assert_eq!(node.journal_len().await, before + 1);
    read().await.assert_problem(404);
    // Withdrawing twice changes nothing.
    node.post_json(
        &format!("/api/v1/consents/{consent}/withdrawal"),
        Some(&world.cw_b),
        &json!({}),
    )
    .await
    .assert_problem(409);
    assert_eq!(node.journal_len().await, before + 1);
    // The case worker of A cannot withdraw B's consents: not found, not "forbidden".
    node.post_json(
        &format!("/api/v1/consents/{consent}/withdrawal"),
        Some(&cw_a),
        &json!({}),
    )
    .await
    .assert_problem(404);

    // A second shared case; revoking the agreement ends its sharing too.
    let (id2, _) = world.case(&node, State::SharedWithConsent, "unused").await;
    assert_eq!(
        node.get(&format!("/api/v1/cases/{id2}"), Some(&cw_a))
            .await
            .status,
        200
    );
    let dpo_b = format!("dpo2-{}@b.test", random_hex(4));
    add_user(&node.app, &node.org_b, &[Role::Dpo], &dpo_b).await;
    let dpo_b = node.login(&dpo_b).await;
    let list = node.get("/api/v1/agreements", Some(&dpo_b)).await;
    let agreement = list.json[0]["id"].as_str().unwrap().to_owned();
    let r = node
        .post_json(
            &format!("/api/v1/agreements/{agreement}/revocation"),
            Some(&dpo_b),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 204, "{r:#?}");
    node.get(&format!("/api/v1/cases/{id2}"), Some(&cw_a))
        .await
        .assert_problem(404);
    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sharing_input_names_the_field_and_writes_nothing() {
    let node = TestNode::start().await;
    let dpo = node.login_as(Role::Dpo).await;
    let cw = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw, &household()).await;
    let head = case["members"][0]["id"].as_str().unwrap().to_owned();
    let before = node.journal_len().await;
    let agreement = |over: Value| {
        let mut body = json!({"recipient_id": node.org_b, "purpose": "case_management",
            "fields": ["given_name"], "legal_basis": "consent",
            "valid_from": "2026-01-01", "expires_on": "2099-12-31"});
        for (k, v) in over.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (over, pointer) in [
        (json!({"fields": ["notes"]}), "/fields/0"),
        (json!({"fields": []}), "/fields"),
        (json!({"recipient_id": node.org_a}), "/recipient_id"),
        (json!({"recipient_id": "not-an-id"}), "/recipient_id"),
        (json!({"purpose": "break_glass"}), "/purpose"),
        (json!({"legal_basis": "because"}), "/legal_basis"),
        (json!({"expires_on": "2025-12-31"}), "/expires_on"),
        (json!({"valid_from": "2026-02-30"}), "/valid_from"),
    ] {
        let r = node
            .post_json("/api/v1/agreements", Some(&dpo), &agreement(over))
            .await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), [pointer], "{r:#?}");
    }
    let consent = |over: Value| {
        let mut body = json!({"purpose": "data_sharing", "party": node.org_b,
            "language": "ar", "method": "oral", "interpreter": false, "given_on": "2026-01-01"});
        for (k, v) in over.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let path = format!("/api/v1/persons/{head}/consents");
    for (over, pointer) in [
        (json!({"party": null}), "/party"),
        (json!({"purpose": "return"}), "/party"),
        (json!({"purpose": "everything"}), "/purpose"),
        (json!({"method": "telepathy"}), "/method"),
        (json!({"language": "english please"}), "/language"),
        (json!({"given_on": "2999-01-01"}), "/given_on"),
    ] {
        let r = node.post_json(&path, Some(&cw), &consent(over)).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), [pointer], "{r:#?}");
    }
    let sensitivity = format!("/api/v1/cases/{}/sensitivity", case["id"].as_str().unwrap());
    let r = node
        .post_json(&sensitivity, Some(&cw), &json!({"markers": ["gbv", "vip"]}))
        .await;
    r.assert_problem(422);
    assert_eq!(r.pointers(), ["/markers/1"]);
    assert_eq!(node.journal_len().await, before, "nothing written");
}
