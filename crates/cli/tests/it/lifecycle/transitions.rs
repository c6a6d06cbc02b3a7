//! The return lifecycle through the API on both engines (issue #5): every step of the road, the
//! gates the safeguard engine keeps (409 with translated findings), suspension, counselling again,
//! withdrawal, four eyes and consent withdrawal that stops a return. The destination's status and
//! forced returns are in `destination.rs`; the records themselves in `children.rs` (consent,
//! assent, best interests) and `records.rs` (coercion, holds, bad input, sealed notes); shared
//! helpers in `kit/lifecycle.rs`.

use crate::kit::fixtures::{add_user, random_hex};
use crate::kit::http::send;
use crate::kit::lifecycle::*;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_road_with_its_gates_in_three_languages() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;

    let first = go_ok(&node, &s.cw, &case, "counselling").await;
    assert_eq!(
        (first["from"].as_str(), first["step"].as_str()),
        (Some("registered"), Some("forward"))
    );

    // Not counselled, nobody consented: 409 with every finding, its member and its remedy.
    let en = blocked(&node, &s.cw, &case, "consented").await;
    let mut found = rules(&en);
    found.sort();
    assert_eq!(found, ["consent_return", "counselled"], "{en:#}");
    let c = finding(&en, "consent_return", Some(1));
    assert_eq!(c["severity"], "block");
    assert_eq!(c["person_id"], person.as_str());
    assert!(
        c["message"].as_str().unwrap().contains("has not consented"),
        "{c:#}"
    );
    assert!(
        c["clears"]
            .as_str()
            .unwrap()
            .contains("after the latest counselling"),
        "{c:#}"
    );
    assert!(finding(&en, "counselled", None)["member"].is_null());
    // French through ?lang=, Arabic through Accept-Language: the same findings, translated.
    let fr = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions?lang=fr"),
            Some(&s.cw),
            &json!({"to": "consented"}),
        )
        .await;
    fr.assert_problem(409);
    let c = finding(&fr.json, "consent_return", Some(1));
    assert!(
        c["message"].as_str().unwrap().contains("n'a pas consenti"),
        "{c:#}"
    );
    assert!(
        c["clears"].as_str().unwrap().contains("Enregistrez"),
        "{c:#}"
    );
    let ar = send(
        node.client
            .post(node.url(&format!("/api/v1/cases/{case}/transitions")))
            .bearer_auth(&s.cw)
            .header("accept-language", "ar")
            .json(&json!({"to": "consented"})),
    )
    .await;
    ar.assert_problem(409);
    let c = finding(&ar.json, "consent_return", Some(1));
    let arabic = |t: &str| t.chars().any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch));
    assert!(arabic(c["message"].as_str().unwrap()), "{c:#}");
    assert!(arabic(c["clears"].as_str().unwrap()), "{c:#}");
    assert_eq!(rules(&ar.json).len(), 2);

    // Counselled; a consent dated before the session does not count; one after it does.
    counsel(&node, &s.cw, &case, &days_ago(10)).await;
    consent(&node, &s.cw, &person, "own", &days_ago(12)).await;
    let before = blocked(&node, &s.cw, &case, "consented").await;
    assert_eq!(rules(&before), ["consent_return"]);
    assert!(
        finding(&before, "consent_return", Some(1))["message"]
            .as_str()
            .unwrap()
            .contains("before the latest counselling")
    );
    consent(&node, &s.cw, &person, "own", &days_ago(8)).await;
    go_ok(&node, &s.cw, &case, "consented").await;
    go_ok(&node, &s.cw, &case, "assessment").await;

    // Only a supervisor approves, and not the worker who prepared it.
    go(&node, &s.cw, &case, "approved")
        .await
        .assert_problem(403);
    go_ok(&node, &s.sup, &case, "approved").await;
    go_ok(&node, &s.cw, &case, "travel_scheduled").await;
    // The consent is 8 days old: the 7-day cooling-off is over.
    go_ok(&node, &s.cw, &case, "in_transit").await;
    for to in ["arrived", "reintegration", "follow_up"] {
        go_ok(&node, &s.cw, &case, to).await;
    }

    // `closed` is reached by closure, not by a transition; an unknown state is bad input.
    let closed = go(&node, &s.cw, &case, "closed").await;
    closed.assert_problem(409);
    assert_eq!(closed.pointers(), ["/to"]);
    assert_eq!(closed.codes(), ["error-transition-use-closure"]);
    let unknown = go(&node, &s.cw, &case, "teleported").await;
    unknown.assert_problem(422);
    assert_eq!(unknown.pointers(), ["/to"]);
    // Nothing comes after follow-up, and arrival cannot be withdrawn.
    go(&node, &s.cw, &case, "withdrawn")
        .await
        .assert_problem(409);

    assert_eq!(case_state(&node, &s.cw, &case).await, "follow_up");
    let moves = transitions(&node, &s.cw, &case).await;
    let road: Vec<&str> = moves.iter().map(|t| t["to"].as_str().unwrap()).collect();
    assert_eq!(
        road,
        [
            "counselling",
            "consented",
            "assessment",
            "approved",
            "travel_scheduled",
            "in_transit",
            "arrived",
            "reintegration",
            "follow_up"
        ]
    );
    for t in &moves {
        assert_eq!(t["rules_version"], rules_version(), "{t:#}");
        assert_eq!(t["step"], "forward");
        assert!(t["findings"].as_array().unwrap().is_empty(), "{t:#}");
    }
    // The safeguards answer for the end of the road: nowhere further to go.
    let sg = node
        .get(&format!("/api/v1/cases/{case}/safeguards"), Some(&s.cw))
        .await;
    assert_eq!(sg.status, 200, "{sg:#?}");
    assert!(sg.json["target"].is_null());
    assert_eq!(sg.json["rules_version"], rules_version());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooling_off_blocks_departure_until_it_ends_or_a_supervisor_waives_it() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    go_ok(&node, &s.cw, &case, "counselling").await;
    counsel(&node, &s.cw, &case, &days_ago(3)).await;
    consent(&node, &s.cw, &person, "own", &days_ago(2)).await;
    for to in ["consented", "assessment"] {
        go_ok(&node, &s.cw, &case, to).await;
    }
    go_ok(&node, &s.sup, &case, "approved").await;
    go_ok(&node, &s.cw, &case, "travel_scheduled").await;

    let b = blocked(&node, &s.cw, &case, "in_transit").await;
    assert_eq!(rules(&b), ["cooling_off"]);
    let until = days_ago(-5);
    assert!(
        finding(&b, "cooling_off", None)["message"]
            .as_str()
            .unwrap()
            .contains(&until),
        "{b:#}"
    );
    // The safeguards page says the same before anyone tries.
    let sg = node
        .get(
            &format!("/api/v1/cases/{case}/safeguards?lang=fr"),
            Some(&s.cw),
        )
        .await;
    assert_eq!(sg.json["target"], "in_transit");
    assert_eq!(sg.json["blocked"], true);
    assert_eq!(rules(&sg.json), ["cooling_off"]);

    // A case worker cannot waive it; a supervisor can, only with a reason.
    let waiver = json!({"reason": "medical_urgency", "note": "Surgery booked at home next week"});
    record(&node, &s.cw, &case, "cooling-off-waiver", &waiver)
        .await
        .assert_problem(403);
    let no_reason = record(
        &node,
        &s.sup,
        &case,
        "cooling-off-waiver",
        &json!({"reason": "medical_urgency", "note": "  "}),
    )
    .await;
    no_reason.assert_problem(422);
    assert_eq!(no_reason.pointers(), ["/note"]);
    record_ok(&node, &s.sup, &case, "cooling-off-waiver", &waiver).await;
    go_ok(&node, &s.cw, &case, "in_transit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspension_resumes_where_it_left_counselling_again_and_withdrawal() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &case, &person).await;

    // Suspending needs a reason code.
    let r = go(&node, &s.cw, &case, "suspended").await;
    r.assert_problem(422);
    assert_eq!(r.pointers(), ["/reason"]);
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &json!({"to": "suspended", "reason": "feeling unwell"}),
        )
        .await;
    r.assert_problem(422);
    assert_eq!(r.pointers(), ["/reason"]);
    let suspend = |reason: &str| json!({"to": "suspended", "reason": reason});
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &suspend("medical_reasons"),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["step"], "suspend");
    assert_eq!(case_state(&node, &s.cw, &case).await, "suspended");
    // Resume only to the state it left.
    let wrong = go(&node, &s.cw, &case, "assessment").await;
    wrong.assert_problem(409);
    assert_eq!(wrong.pointers(), ["/to"]);
    let sg = node
        .get(&format!("/api/v1/cases/{case}/safeguards"), Some(&s.cw))
        .await;
    assert_eq!(sg.json["target"], "consented");
    let back = go_ok(&node, &s.cw, &case, "consented").await;
    assert_eq!(back["step"], "resume");

    // Counselling again needs a reason, and then counselling and consent anew.
    go(&node, &s.cw, &case, "counselling")
        .await
        .assert_problem(422);
    let r = go_because(
        &node,
        &s.cw,
        &case,
        "counselling",
        "destination_status_changed",
    )
    .await;
    assert_eq!(r["step"], "recounsel");
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert!(rules(&b).contains(&"counselled".to_owned()), "{b:#}");
    counsel(&node, &s.cw, &case, &today()).await;
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert_eq!(rules(&b), ["consent_return"], "{b:#}");
    consent(&node, &s.cw, &person, "own", &today()).await;
    go_ok(&node, &s.cw, &case, "consented").await;

    // Withdrawal: a reason, always possible before arrival; then only counselling reopens it.
    let r = go_because(&node, &s.cw, &case, "withdrawn", "returnee_request").await;
    assert_eq!(r["step"], "withdraw");
    go(&node, &s.cw, &case, "consented")
        .await
        .assert_problem(409);
    go(&node, &s.cw, &case, "suspended")
        .await
        .assert_problem(409);
    go_because(&node, &s.cw, &case, "counselling", "returnee_request").await;
    let moves = transitions(&node, &s.cw, &case).await;
    let steps: Vec<(&str, Option<&str>)> = moves
        .iter()
        .map(|t| (t["step"].as_str().unwrap(), t["reason"].as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("forward", None),
            ("forward", None),
            ("suspend", Some("medical_reasons")),
            ("resume", None),
            ("recounsel", Some("destination_status_changed")),
            ("forward", None),
            ("withdraw", Some("returnee_request")),
            ("recounsel", Some("returnee_request")),
        ]
    );
    assert!(moves.iter().all(|t| t["rules_version"] == rules_version()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_eyes_the_approver_neither_holds_nor_prepared_the_case() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let other = format!("supervisor-{}@a.test", random_hex(4));
    add_user(&node.app, &node.org_a, &[Role::Supervisor], &other).await;
    let sup2 = node.login(&other).await;

    // The supervisor's own case (registered, so assigned, to them).
    let (own, own_person) = one_adult(&node, &s.sup, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.sup, &own, &own_person).await;
    go_ok(&node, &sup2, &own, "assessment").await;
    go(&node, &s.sup, &own, "approved")
        .await
        .assert_problem(403);
    // Neither can the second supervisor, who moved it to assessment.
    go(&node, &sup2, &own, "approved").await.assert_problem(403);

    // A case worker's case that the supervisor prepared for approval.
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &case, &person).await;
    go_ok(&node, &s.sup, &case, "assessment").await;
    go(&node, &s.sup, &case, "approved")
        .await
        .assert_problem(403);
    go(&node, &s.cw, &case, "approved")
        .await
        .assert_problem(403);
    assert_eq!(case_state(&node, &s.cw, &case).await, "assessment");
    // Suspending and resuming by someone else does not make them the preparer: the supervisor
    // who put the case forward still may not approve it.
    go_because(&node, &s.cw, &case, "suspended", "pending_decision").await;
    go_ok(&node, &s.cw, &case, "assessment").await;
    go(&node, &s.sup, &case, "approved")
        .await
        .assert_problem(403);
    go_ok(&node, &sup2, &case, "approved").await;
    let moves = transitions(&node, &s.cw, &case).await;
    assert_eq!(moves.len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawing_consent_stops_an_approved_return_at_once() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    let consent_id = to_consented(&node, &s.cw, &case, &person).await;
    go_ok(&node, &s.cw, &case, "assessment").await;
    go_ok(&node, &s.sup, &case, "approved").await;

    let r = node
        .post_json(
            &format!("/api/v1/consents/{consent_id}/withdrawal"),
            Some(&s.cw),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 204, "{r:#?}");
    assert_eq!(case_state(&node, &s.cw, &case).await, "withdrawn");
    let moves = transitions(&node, &s.cw, &case).await;
    let last = moves.last().unwrap();
    assert_eq!(
        (
            last["from"].as_str(),
            last["to"].as_str(),
            last["step"].as_str(),
            last["reason"].as_str()
        ),
        (
            Some("approved"),
            Some("withdrawn"),
            Some("withdraw"),
            Some("consent_withdrawn")
        )
    );
    assert_eq!(last["rules_version"], rules_version());

    // A new consent without new counselling does not reopen the road.
    consent(&node, &s.cw, &person, "own", &today()).await;
    go(&node, &s.cw, &case, "consented")
        .await
        .assert_problem(409);
    go_because(&node, &s.cw, &case, "counselling", "returnee_request").await;
    let b = blocked(&node, &s.cw, &case, "consented").await;
    let mut found = rules(&b);
    found.sort();
    assert_eq!(found, ["consent_return", "counselled"], "{b:#}");
    assert!(
        finding(&b, "consent_return", Some(1))["message"]
            .as_str()
            .unwrap()
            .contains("withdrawn")
    );
    // Counselled again and consenting again after it: the road is open again.
    counsel(&node, &s.cw, &case, &today()).await;
    consent(&node, &s.cw, &person, "own", &today()).await;
    go_ok(&node, &s.cw, &case, "consented").await;

    // A return suspended after approval stops too: it had come that far.
    let (held, held_person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    let held_consent = to_consented(&node, &s.cw, &held, &held_person).await;
    go_ok(&node, &s.cw, &held, "assessment").await;
    go_ok(&node, &s.sup, &held, "approved").await;
    go_because(&node, &s.cw, &held, "suspended", "documents_missing").await;
    let r = node
        .post_json(
            &format!("/api/v1/consents/{held_consent}/withdrawal"),
            Some(&s.cw),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 204, "{r:#?}");
    assert_eq!(case_state(&node, &s.cw, &held).await, "withdrawn");
    let last = transitions(&node, &s.cw, &held).await.pop().unwrap();
    assert_eq!(last["from"], "suspended");
    assert_eq!(last["reason"], "consent_withdrawn");
}
