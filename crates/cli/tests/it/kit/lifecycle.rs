//! Helpers of the lifecycle tests: moving a case, recording what the safeguards read and resolving
//! it, reading the findings of a refusal, making a destination safe, and the staff who act.

use super::fixtures::assessment_body;
use super::fixtures::{add_user, household, random_hex};
use super::http::Resp;
use super::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// The rule-set version the shipped `config/safeguards.toml` declares.
pub fn rules_version() -> String {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/safeguards.toml"
    ))
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

/// Moves the case off the road (suspend, withdraw, counsel again), with a reason; asserts 200
/// and returns the transition.
pub async fn go_because(node: &TestNode, token: &str, case: &str, to: &str, reason: &str) -> Value {
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/transitions"),
            Some(token),
            &json!({"to": to, "reason": reason}),
        )
        .await;
    assert_eq!(r.status, 200, "{to} because {reason}: {r:#?}");
    r.json
}

/// Asserts the move is refused by the safeguards and returns the problem document.
pub async fn blocked(node: &TestNode, token: &str, case: &str, to: &str) -> Value {
    let r = go(node, token, case, to).await;
    r.assert_problem(409);
    assert!(
        !rules(&r.json).is_empty(),
        "409 without findings on the way to {to}: {r:#?}"
    );
    assert_eq!(
        r.json["rules_version"],
        rules_version(),
        "the refusal names its rules"
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

/// A member of the records tests' households (`Rec Ord`, speaking ar) by relationship and date of
/// birth.
pub fn member(relationship: &str, birth: &str) -> Value {
    json!({
        "relationship": relationship, "sex": "female", "given_name": "Rec", "family_name": "Ord",
        "date_of_birth": birth, "languages": ["ar"],
    })
}

/// Registers a household with these members: (case id, member ids in order).
pub async fn register_members(
    node: &TestNode,
    token: &str,
    members: Vec<Value>,
) -> (String, Vec<String>) {
    let mut body = household("Rec", "Ord");
    body["members"] = Value::Array(members);
    let case = node.register(token, &body).await;
    let ids = case["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    (case["id"].as_str().unwrap().to_owned(), ids)
}

/// A best-interests record for the child: return is in their interests, decided by `panel`
/// members (a determination needs three).
pub fn best_interests(child: &str, kind: &str, panel: u32) -> Value {
    json!({
        "person_id": child,
        "decided_on": days_ago(4),
        "kind": kind,
        "outcome": "return_in_best_interests",
        "panel_members": panel,
        "child_heard": true,
        "legal_representation": true,
        "options_compared": ["return", "local_integration"],
        "review_on": days_ago(-90),
    })
}

/// Resolves a record (an indicator or a hold) with a supervisor's note; the answer as it comes.
pub async fn resolve(node: &TestNode, token: &str, case: &str, record: &str, note: &str) -> Resp {
    node.post_json(
        &format!("/api/v1/cases/{case}/records/{record}/resolve"),
        Some(token),
        &json!({"note": note}),
    )
    .await
}
