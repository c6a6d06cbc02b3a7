//! The return lifecycle through the API on both engines (issue #5): every step of the road, the
//! gates the safeguard engine keeps (409 with translated findings), suspension, counselling again,
//! withdrawal, four eyes, the destination's status, consent withdrawal that stops a return, and
//! forced returns that are monitored, never blocked. The records themselves (children, coercion,
//! holds, bad input, sealed notes) are in `lifecycle_records.rs`.

use crate::conditions::assessment_body;
use crate::kit::{Resp, TestNode, add_user, household, random_hex};
use homeward_domain::roles::Role;
use serde_json::{Value, json};

/// The rule-set version the shipped `config/safeguards.toml` declares.
pub fn rules_version() -> String {
    include_str!("../../../../config/safeguards.toml")
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .expect("version line")
        .trim()
        .trim_matches('"')
        .to_owned()
}

pub fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string()
}

pub fn today() -> String {
    days_ago(0)
}

/// Moves the case; the answer as it comes.
pub async fn go(node: &TestNode, token: &str, case: &str, to: &str) -> Resp {
    node.post_json(
        &format!("/api/v1/cases/{case}/transitions"),
        Some(token),
        &json!({"to": to}),
    )
    .await
}

/// Moves the case and asserts it moved.
pub async fn go_ok(node: &TestNode, token: &str, case: &str, to: &str) -> Value {
    let r = go(node, token, case, to).await;
    assert_eq!(r.status, 200, "move to {to}: {r:#?}");
    assert_eq!(r.json["to"], to);
    assert_eq!(r.json["rules_version"], rules_version());
    r.json
}

/// The rule ids of a 409's (or a transition's) findings.
pub fn rules(r: &Value) -> Vec<String> {
    r["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The finding of this rule (about this member, when given).
pub fn finding<'a>(r: &'a Value, rule: &str, member: Option<u64>) -> &'a Value {
    r["findings"]
        .as_array()
        .and_then(|a| {
            a.iter().find(|f| {
                f["rule"] == rule && member.is_none_or(|m| f["member"].as_u64() == Some(m))
            })
        })
        .unwrap_or_else(|| panic!("no {rule} finding (member {member:?}) in {r:#}"))
}

/// Asserts the move is refused by the safeguards and returns the problem document.
pub async fn blocked(node: &TestNode, token: &str, case: &str, to: &str) -> Value {
    let r = go(node, token, case, to).await;
    r.assert_problem(409);
    assert!(
        !rules(&r.json).is_empty(),
        "409 without findings on the way to {to}: {r:#?}"
    );
    r.json
}

pub async fn record(node: &TestNode, token: &str, case: &str, what: &str, body: &Value) -> Resp {
    node.post_json(&format!("/api/v1/cases/{case}/{what}"), Some(token), body)
        .await
}

pub async fn record_ok(
    node: &TestNode,
    token: &str,
    case: &str,
    what: &str,
    body: &Value,
) -> Value {
    let r = record(node, token, case, what, body).await;
    assert_eq!(r.status, 201, "record {what}: {r:#?}");
    r.json
}

pub fn counselling_body(on: &str) -> Value {
    json!({
        "held_on": on,
        "language": "ar",
        "interpreter": false,
        "information_sheet": "AVR-XB-2026-03",
        "topics": ["safety_at_destination", "area_status", "right_to_withdraw"],
    })
}

pub async fn counsel(node: &TestNode, token: &str, case: &str, on: &str) -> Value {
    record_ok(node, token, case, "counselling", &counselling_body(on)).await
}

pub fn consent_body(role: &str, on: &str) -> Value {
    json!({
        "purpose": "return",
        "language": "ar",
        "method": "written",
        "interpreter": false,
        "given_on": on,
        "role": role,
        "information_sheet": "AVR-XB-2026-03",
    })
}

pub async fn consent(node: &TestNode, token: &str, person: &str, role: &str, on: &str) -> Value {
    let r = node
        .post_json(
            &format!("/api/v1/persons/{person}/consents"),
            Some(token),
            &consent_body(role, on),
        )
        .await;
    assert_eq!(r.status, 201, "consent ({role}, {on}): {r:#?}");
    r.json
}

/// Two organisations' assessors find every criterion met: the area becomes safe.
pub async fn make_safe(node: &TestNode, pcode: &str) {
    let a = node.login_as(Role::Assessor).await;
    let email = format!("assessor-{}@b.test", random_hex(4));
    add_user(&node.app, &node.org_b, &[Role::Assessor], &email).await;
    let b = node.login(&email).await;
    for (token, on) in [(&a, days_ago(3)), (&b, days_ago(1))] {
        let r = node
            .post_json(
                &format!("/api/v1/areas/{pcode}/assessments"),
                Some(token),
                &assessment_body(&on, "met"),
            )
            .await;
        assert_eq!(r.status, 201, "{r:#?}");
    }
    assert_eq!(area_status(node, pcode).await, "safe");
}

pub async fn area_status(node: &TestNode, pcode: &str) -> String {
    node.get(&format!("/api/v1/areas/{pcode}/status"), None)
        .await
        .json["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn case_state(node: &TestNode, token: &str, case: &str) -> String {
    let r = node
        .get(&format!("/api/v1/cases/{case}"), Some(token))
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.json["state"].as_str().unwrap().to_owned()
}

pub async fn transitions(node: &TestNode, token: &str, case: &str) -> Vec<Value> {
    let r = node
        .get(&format!("/api/v1/cases/{case}/transitions"), Some(token))
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.json.as_array().unwrap().clone()
}

/// A case worker and a supervisor of A, signed in.
pub struct Staff {
    pub cw: String,
    pub sup: String,
}

impl Staff {
    pub async fn new(node: &TestNode) -> Staff {
        Staff {
            cw: node.login_as(Role::Caseworker).await,
            sup: node.login_as(Role::Supervisor).await,
        }
    }
}

/// A registered one-adult household (speaking ar and fr) of the given kind, bound for `pcode`:
/// (case id, person id).
pub async fn one_adult(node: &TestNode, token: &str, kind: &str, pcode: &str) -> (String, String) {
    let mut body = household("Road", "Walker");
    body["case"]["kind"] = json!(kind);
    body["case"]["destination_area"] = json!(pcode);
    let case = node.register(token, &body).await;
    (
        case["id"].as_str().unwrap().to_owned(),
        case["members"][0]["id"].as_str().unwrap().to_owned(),
    )
}

/// Counsels (10 days ago), takes the adult's consent (8 days ago: past the cooling-off) and
/// moves the case to `consented`. Returns the consent's id.
pub async fn to_consented(node: &TestNode, cw: &str, case: &str, person: &str) -> String {
    go_ok(node, cw, case, "counselling").await;
    counsel(node, cw, case, &days_ago(10)).await;
    let c = consent(node, cw, person, "own", &days_ago(8)).await;
    go_ok(node, cw, case, "consented").await;
    c["id"].as_str().unwrap().to_owned()
}

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
    let ar = crate::kit::send(
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
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &json!({"to": "counselling", "reason": "destination_status_changed"}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["step"], "recounsel");
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert!(rules(&b).contains(&"counselled".to_owned()), "{b:#}");
    counsel(&node, &s.cw, &case, &today()).await;
    let b = blocked(&node, &s.cw, &case, "consented").await;
    assert_eq!(rules(&b), ["consent_return"], "{b:#}");
    consent(&node, &s.cw, &person, "own", &today()).await;
    go_ok(&node, &s.cw, &case, "consented").await;

    // Withdrawal: a reason, always possible before arrival; then only counselling reopens it.
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &json!({"to": "withdrawn", "reason": "returnee_request"}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["step"], "withdraw");
    go(&node, &s.cw, &case, "consented")
        .await
        .assert_problem(409);
    go(&node, &s.cw, &case, "suspended")
        .await
        .assert_problem(409);
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &json!({"to": "counselling", "reason": "returnee_request"}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
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
async fn the_destination_status_gates_approval() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    // Unassessed: blocks an assisted voluntary return...
    let (avr, avr_person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &avr, &avr_person).await;
    go_ok(&node, &s.cw, &avr, "assessment").await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert_eq!(rules(&b), ["destination_unassessed"]);
    assert!(
        finding(&b, "destination_unassessed", None)["message"]
            .as_str()
            .unwrap()
            .contains("Not assessed"),
        "the status is named, translated: {b:#}"
    );
    // ...and only warns on a spontaneous return, which proceeds with the warning stored.
    let (spont, spont_person) = one_adult(&node, &s.cw, "spontaneous_return", "XB0101").await;
    to_consented(&node, &s.cw, &spont, &spont_person).await;
    go_ok(&node, &s.cw, &spont, "assessment").await;
    let ok = go_ok(&node, &s.sup, &spont, "approved").await;
    assert_eq!(rules(&ok), ["destination_unassessed"]);
    assert_eq!(ok["findings"][0]["severity"], "warn");
    let stored = transitions(&node, &s.cw, &spont).await;
    let last = stored.last().unwrap();
    assert_eq!(last["findings"][0]["rule"], "destination_unassessed");
    assert_eq!(last["findings"][0]["severity"], "warn");

    // One organisation finds the area's criteria met: conditional. The household was counselled
    // when it was unassessed, so it is counselled again; then a risk assessment is needed.
    let assessor = node.login_as(Role::Assessor).await;
    let r = node
        .post_json(
            "/api/v1/areas/XB0101/assessments",
            Some(&assessor),
            &assessment_body(&days_ago(2), "met"),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(area_status(&node, "XB0101").await, "conditional");
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    let mut found = rules(&b);
    found.sort();
    assert_eq!(found, ["destination_conditional", "recounselling"], "{b:#}");
    let re = finding(&b, "recounselling", None)["message"]
        .as_str()
        .unwrap();
    assert!(
        re.contains("Not assessed") && re.contains("Conditional"),
        "{re}"
    );
    let fr = node
        .get(
            &format!("/api/v1/cases/{avr}/safeguards?lang=fr&to=approved"),
            Some(&s.cw),
        )
        .await;
    assert_eq!(fr.status, 200, "{fr:#?}");
    assert_eq!(fr.json["blocked"], true);
    let re = finding(&fr.json, "recounselling", None)["message"]
        .as_str()
        .unwrap();
    assert!(
        re.contains("Non évaluée") && re.contains("Sous conditions"),
        "{re}"
    );
    counsel(&node, &s.cw, &avr, &today()).await;
    consent(&node, &s.cw, &avr_person, "own", &today()).await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert_eq!(rules(&b), ["destination_conditional"]);
    // A risk that cannot be mitigated keeps it blocked; one that can, with how, clears it.
    record_ok(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": false}),
    )
    .await;
    let b = blocked(&node, &s.sup, &avr, "approved").await;
    assert!(
        finding(&b, "destination_conditional", None)["message"]
            .as_str()
            .unwrap()
            .contains("cannot be mitigated")
    );
    let missing = record(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": true}),
    )
    .await;
    missing.assert_problem(422);
    assert_eq!(missing.pointers(), ["/mitigation"]);
    record_ok(
        &node,
        &s.cw,
        &avr,
        "risk-assessments",
        &json!({"assessed_on": today(), "risk_found": true, "mitigable": true,
                "mitigation": "Stay with relatives in the next village for the first month"}),
    )
    .await;
    go_ok(&node, &s.sup, &avr, "approved").await;

    // Unsafe: a second destination, where safety is not met.
    let mut worse = assessment_body(&days_ago(1), "met");
    worse["findings"][0]["status"] = json!("not_met");
    let r = node
        .post_json("/api/v1/areas/XB0102/assessments", Some(&assessor), &worse)
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(area_status(&node, "XB0102").await, "unsafe");
    let (far, far_person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0102").await;
    to_consented(&node, &s.cw, &far, &far_person).await;
    go_ok(&node, &s.cw, &far, "assessment").await;
    let b = blocked(&node, &s.sup, &far, "approved").await;
    assert_eq!(rules(&b), ["destination_unsafe"], "{b:#}");
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
    go_ok(&node, &sup2, &case, "approved").await;
    let moves = transitions(&node, &s.cw, &case).await;
    assert_eq!(moves.len(), 4);
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
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(&s.cw),
            &json!({"to": "counselling", "reason": "returnee_request"}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
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
    let r = node
        .post_json(
            &format!("/api/v1/cases/{held}/transitions"),
            Some(&s.cw),
            &json!({"to": "suspended", "reason": "documents_missing"}),
        )
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forced_returns_are_monitored_with_alerts_never_blocked() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    let (avr, _) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    let removal = json!({"decided_on": days_ago(20), "appeal_pending": true, "note": "Order of the prefecture"});
    let before = node.journal_len().await;
    let r = record(&node, &s.cw, &avr, "removal-decision", &removal).await;
    r.assert_problem(422);
    assert_eq!(r.codes(), ["error-removal-decision-forced-only"]);
    assert_eq!(node.journal_len().await, before);

    let (case, _) = one_adult(&node, &s.cw, "forced_return", "XB0101").await;
    let rec = record_ok(&node, &s.cw, &case, "removal-decision", &removal).await;
    assert_eq!(rec["type"], "removal_decision");
    assert_eq!(rec["data"]["appeal_pending"], true);
    record_ok(
        &node,
        &s.cw,
        &case,
        "holds",
        &json!({"kind": "pending_appeal", "suspensive": true, "placed_on": days_ago(19)}),
    )
    .await;
    // Nobody counselled or consented, the area is unassessed, an appeal is pending: nothing
    // is refused, everything is recorded.
    for to in ["counselling", "consented", "assessment"] {
        go_ok(&node, &s.cw, &case, to).await;
    }
    // Four eyes still hold for the approval of a forced return's monitoring step.
    go(&node, &s.cw, &case, "approved")
        .await
        .assert_problem(403);
    let approved = go_ok(&node, &s.sup, &case, "approved").await;
    let mut found = rules(&approved);
    found.sort();
    assert_eq!(
        found,
        ["destination_unassessed", "suspensive_hold"],
        "{approved:#}"
    );
    assert!(
        approved["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "alert")
    );
    for to in ["travel_scheduled", "in_transit"] {
        go_ok(&node, &s.cw, &case, to).await;
    }
    let sg = node
        .get(&format!("/api/v1/cases/{case}/safeguards"), Some(&s.cw))
        .await;
    assert_eq!(sg.json["kind"], "forced_return");
    assert_eq!(sg.json["blocked"], false);
    let moves = transitions(&node, &s.cw, &case).await;
    let stored = &moves[3];
    assert_eq!(stored["to"], "approved");
    assert_eq!(stored["rules_version"], rules_version());
    let stored_rules: Vec<&str> = stored["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(stored_rules.contains(&"suspensive_hold"), "{stored:#}");
    assert!(
        stored["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "alert")
    );
    assert_eq!(moves[5]["to"], "in_transit");
    assert!(!moves[5]["findings"].as_array().unwrap().is_empty());
}
