//! Children's records the safeguards read, through the API on both engines (issue #5): a child's
//! consent is a guardian's, from 12 with her own assent too; an adult cannot assent nor a child
//! consent for herself; every child needs a best-interests procedure in favour of return, an
//! unaccompanied child a determination by a panel of three; a child's detention alert stays
//! after review.

use crate::kit::lifecycle::{
    Staff, best_interests, blocked, consent, consent_body, counsel, days_ago, finding, go_ok,
    make_safe, member, record, record_ok, register_members, resolve, rules,
};
use crate::kit::node::TestNode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn children_need_a_guardian_their_assent_and_their_best_interests() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, m) = register_members(
        &node,
        &s.cw,
        vec![
            json!({"relationship": "head", "sex": "female", "given_name": "Rec", "family_name": "Ord",
                   "date_of_birth": "1985-01-01", "languages": ["ar", "fr"]}),
            member("child", "2012-03-01"),
            member("child", "2020-05-01"),
        ],
    )
    .await;
    go_ok(&node, &s.cw, &case, "counselling").await;
    counsel(&node, &s.cw, &case, &days_ago(10)).await;
    consent(&node, &s.cw, &m[0], "own", &days_ago(8)).await;

    // Member 2 (14) needs a guardian's consent and her own assent; member 3 (6) a guardian's.
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert_eq!(rules(&b), ["child_consent"; 3], "{b:#}");
    let members: Vec<u64> = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["member"].as_u64().unwrap())
        .collect();
    assert_eq!(members, [2, 2, 3]);
    assert!(
        b["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["member"] == 2 && f["message"].as_str().unwrap().contains("assent")),
        "{b:#}"
    );
    // An adult cannot assent, a child cannot consent for herself.
    for (person, role) in [(&m[0], "assent"), (&m[1], "own")] {
        let r = node
            .post_json(
                &format!("/api/v1/persons/{person}/consents"),
                Some(&s.cw),
                &consent_body(role, &days_ago(8)),
            )
            .await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), ["/role"]);
    }
    consent(&node, &s.cw, &m[1], "guardian", &days_ago(8)).await;
    consent(&node, &s.cw, &m[2], "guardian", &days_ago(8)).await;
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert_eq!(rules(&b), ["child_consent"]);
    assert_eq!(
        finding(&b, "child_consent", Some(2))["person_id"],
        m[1].as_str()
    );
    consent(&node, &s.cw, &m[1], "assent", &days_ago(8)).await;
    go_ok(&node, &s.cw, &case, "consented").await;
    go_ok(&node, &s.cw, &case, "assessment").await;

    // Decided in immigration detention: a child's indicator blocks until reviewed, and the
    // detention alert stays after the review.
    let det = record_ok(
        &node,
        &s.cw,
        &case,
        "coercion-indicators",
        &json!({"code": "decision_in_detention", "person_id": m[1], "observed_on": days_ago(5)}),
    )
    .await;
    assert_eq!(det["open"], true);
    let b = blocked(&node, &s.sup, &case, "approved").await;
    let mut found = rules(&b);
    found.sort();
    assert_eq!(
        found,
        [
            "best_interests",
            "best_interests",
            "child_detention",
            "coercion_open"
        ],
        "{b:#}"
    );
    assert_eq!(finding(&b, "child_detention", Some(2))["severity"], "warn");
    assert_eq!(finding(&b, "best_interests", Some(3))["severity"], "block");
    // Best interests are for children only.
    let adult = record(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[0], "assessment", 0),
    )
    .await;
    adult.assert_problem(422);
    assert_eq!(adult.pointers(), ["/person_id"]);
    record_ok(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[1], "assessment", 0),
    )
    .await;
    let mut against = best_interests(&m[2], "assessment", 0);
    against["outcome"] = json!("deferred");
    record_ok(&node, &s.cw, &case, "best-interests", &against).await;
    let b = blocked(&node, &s.sup, &case, "approved").await;
    let mut found = rules(&b);
    found.sort();
    assert_eq!(
        found,
        ["best_interests", "child_detention", "coercion_open"],
        "{b:#}"
    );
    assert_eq!(
        finding(&b, "best_interests", Some(3))["person_id"],
        m[2].as_str()
    );
    record_ok(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[2], "assessment", 0),
    )
    .await;

    let id = det["id"].as_str().unwrap();
    resolve(&node, &s.cw, &case, id, "Seen by the case worker")
        .await
        .assert_problem(403);
    let empty = resolve(&node, &s.sup, &case, id, "   ").await;
    empty.assert_problem(422);
    assert_eq!(empty.pointers(), ["/note"]);
    let done = resolve(
        &node,
        &s.sup,
        &case,
        id,
        "Reviewed: released before the decision",
    )
    .await;
    assert_eq!(done.status, 200, "{done:#?}");
    assert_eq!(done.json["open"], false);
    assert!(done.json["resolved_by"].is_string());
    let ok = go_ok(&node, &s.sup, &case, "approved").await;
    assert_eq!(rules(&ok), ["child_detention"], "{ok:#}");
    assert_eq!(ok["findings"][0]["severity"], "warn");
    assert_eq!(ok["findings"][0]["member"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unaccompanied_child_needs_a_determination_by_a_panel() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, m) = register_members(&node, &s.cw, vec![member("head", "2010-02-01")]).await;
    let detail = node
        .get(&format!("/api/v1/cases/{case}"), Some(&s.cw))
        .await;
    assert_eq!(detail.json["unaccompanied_children"], json!([m[0]]));
    go_ok(&node, &s.cw, &case, "counselling").await;
    counsel(&node, &s.cw, &case, &days_ago(10)).await;
    consent(&node, &s.cw, &m[0], "guardian", &days_ago(8)).await;
    consent(&node, &s.cw, &m[0], "assent", &days_ago(8)).await;
    go_ok(&node, &s.cw, &case, "consented").await;
    go_ok(&node, &s.cw, &case, "assessment").await;

    record_ok(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[0], "assessment", 0),
    )
    .await;
    let b = blocked(&node, &s.sup, &case, "approved").await;
    assert_eq!(rules(&b), ["best_interests"]);
    assert!(
        finding(&b, "best_interests", Some(1))["message"]
            .as_str()
            .unwrap()
            .contains("determination"),
        "{b:#}"
    );
    let before = node.journal_len().await;
    let small = record(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[0], "determination", 2),
    )
    .await;
    small.assert_problem(422);
    assert_eq!(small.pointers(), ["/panel_members"]);
    assert_eq!(node.journal_len().await, before);
    record_ok(
        &node,
        &s.cw,
        &case,
        "best-interests",
        &best_interests(&m[0], "determination", 3),
    )
    .await;
    go_ok(&node, &s.sup, &case, "approved").await;
}
