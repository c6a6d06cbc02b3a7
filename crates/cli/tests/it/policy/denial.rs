//! Access through the JSON API is denied by default: no session or a made-up one, a role that may
//! not register or read, names kept from who does not see them, and another organisation's
//! cases answering exactly like cases that do not exist.

use crate::kit::fixtures::{B_CASEWORKER, household};
use crate::kit::http::ids;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

const PERSONAL: &[&str] = &[
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "document_number",
    "address",
    "notes",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_is_denied_by_default_and_across_organisations() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let created = node.register(&cw, &household("Leila", "Nasser")).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let person = created["members"][0]["id"]
        .as_str()
        .expect("person")
        .to_owned();

    // No token, a made-up token: 401 problem documents.
    for token in [None, Some("not-a-real-token")] {
        let r = node.get("/api/v1/cases", token).await;
        r.assert_problem(401);
        assert_eq!(r.header("www-authenticate"), "Bearer");
        let r = node.get(&format!("/api/v1/cases/{id}"), token).await;
        r.assert_problem(401);
        let before = node.journal_len().await;
        let r = node
            .post_json("/api/v1/households", token, &household("X", "Y"))
            .await;
        r.assert_problem(401);
        assert_eq!(node.journal_len().await, before);
    }

    // Only caseworkers and supervisors register; every other role gets 403 and writes nothing.
    for role in Role::ALL {
        let token = node.login_as(*role).await;
        let before = node.journal_len().await;
        let r = node
            .post_json(
                "/api/v1/households",
                Some(&token),
                &household("Role", role.as_str()),
            )
            .await;
        match role {
            Role::Caseworker | Role::Supervisor => assert_eq!(r.status, 201, "{role}: {r:#?}"),
            _ => {
                r.assert_problem(403);
                assert_eq!(node.journal_len().await, before, "{role} wrote something");
            }
        }
    }

    // A programme manager reads cases but never names.
    let pm = node.login_as(Role::ProgrammeManager).await;
    let r = node.get(&format!("/api/v1/cases/{id}"), Some(&pm)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let member = &r.json["members"][0];
    assert_eq!(member["sex"], "female", "statistics stay visible");
    for field in PERSONAL {
        assert!(
            member[*field].is_null(),
            "{field} shown to a programme manager"
        );
    }
    assert!(
        !r.text.contains("Leila") && !r.text.contains("Nasser"),
        "{}",
        r.text
    );
    let list = node.get("/api/v1/cases", Some(&pm)).await;
    assert_eq!(list.status, 200);
    assert!(!list.text.contains("Leila"), "{}", list.text);
    assert!(
        list.json["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|c| c["head_name"].is_null())
    );
    // A monitor reads names; an auditor and a finance officer cannot read cases at all.
    let monitor = node.login_as(Role::Monitor).await;
    let r = node
        .get(&format!("/api/v1/cases/{id}"), Some(&monitor))
        .await;
    assert_eq!(r.json["members"][0]["given_name"], "Leila");
    for role in [Role::Auditor, Role::Finance, Role::Assessor] {
        let t = node.login_as(role).await;
        node.get(&format!("/api/v1/cases/{id}"), Some(&t))
            .await
            .assert_problem(403);
        node.get("/api/v1/cases", Some(&t))
            .await
            .assert_problem(403);
    }

    // Organisation B: A's case answers exactly like a case that does not exist.
    let b = node.login(B_CASEWORKER).await;
    let idor = node.get(&format!("/api/v1/cases/{id}"), Some(&b)).await;
    idor.assert_problem(404);
    assert!(!idor.text.contains("Leila"));
    let missing = node
        .get(
            "/api/v1/cases/01900000-0000-7000-8000-000000000000",
            Some(&b),
        )
        .await;
    missing.assert_problem(404);
    assert_eq!(
        idor.json, missing.json,
        "IDOR answer differs from not-found"
    );
    node.get(&format!("/api/v1/cases/{id}/history"), Some(&b))
        .await
        .assert_problem(404);
    // B's list and search show none of A's cases, only B's own.
    let own = node.register(&b, &household("Bora", "Lind")).await;
    let own_id = own["id"].as_str().expect("id").to_owned();
    let list = node.get("/api/v1/cases", Some(&b)).await;
    assert_eq!(ids(&list.json), vec![own_id.clone()]);
    let reference = created["reference"].as_str().expect("reference");
    let search = node
        .get(&format!("/api/v1/cases?reference={reference}"), Some(&b))
        .await;
    assert_eq!(ids(&search.json), Vec::<String>::new());
    // And the other way round.
    node.get(&format!("/api/v1/cases/{own_id}"), Some(&cw))
        .await
        .assert_problem(404);
    // B's caseworker cannot erase A's person either (403: not a dpo).
    let before = node.journal_len().await;
    node.post_json(
        &format!("/api/v1/persons/{person}/erasure"),
        Some(&b),
        &json!({"reason": "data_subject_request"}),
    )
    .await
    .assert_problem(403);
    assert_eq!(node.journal_len().await, before);
    node.stop().await;
}
