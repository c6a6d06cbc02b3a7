//! Households whose relationships are impossible for their members' ages are refused, naming
//! each member's relationship, unless the registering user confirms them as unusual; the
//! confirmation is journaled and the journal still verifies. Unknown and overlapping ages are
//! never refused, and the thresholds are the deployment's file (`serve --household-rules`).

use crate::kit::db::TestDb;
use crate::kit::node::TestNode;
use homeward_app::Settings;
use homeward_domain::accounts::roles::Role;
use homeward_domain::cases::plausibility::HouseholdRules;
use serde_json::{Value, json};
use std::sync::Arc;

const SHIPPED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../config/household.toml"
));

/// A member with a relationship and an age: a date of birth (`YYYY-MM-DD`) or an age band.
fn member(relationship: &str, age: &str) -> Value {
    let mut m = json!({"relationship": relationship, "sex": "female",
                       "given_name": "Nour", "family_name": "Saleh", "languages": ["ar"]});
    let field = if age.len() == 10 {
        "date_of_birth"
    } else {
        "age_band"
    };
    m[field] = json!(age);
    m
}

fn registration(members: Vec<Value>) -> Value {
    json!({
        "members": members,
        "case": {"kind": "assisted_voluntary_return", "host_country": "XA",
                 "origin_country": "XB", "destination_area": "XB0101"}
    })
}

/// A date of birth `years` ago (1 January).
fn born(years: i32) -> String {
    format!("{}-01-01", time::OffsetDateTime::now_utc().year() - years)
}

/// The household: a head of 10 with a "child" of 40, a spouse of 4 and a parent of
/// `parent` years.
fn the_probe(parent: i32) -> Vec<Value> {
    vec![
        member("head", &born(10)),
        member("child", &born(40)),
        member("spouse", &born(4)),
        member("parent", &born(parent)),
    ]
}

/// The `unusual_confirmed` flags of the last registration in the journal, member by member.
async fn journaled_confirmations(node: &TestNode) -> Vec<Value> {
    let raw = node.db.raw().await;
    let entry = raw
        .journal()
        .await
        .into_iter()
        .rev()
        .find(|e| e.kind == "household.registered")
        .expect("a registration");
    let payload: Value = serde_json::from_str(&entry.payload).expect("payload");
    payload["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m.get("unusual_confirmed").cloned().unwrap_or(Value::Null))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implausible_relationships_are_refused_unless_confirmed() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let before = node.journal_len().await;
    let r = node
        .post_json("/api/v1/households", Some(&cw), &registration(the_probe(8)))
        .await;
    r.assert_problem(422);
    let mut errors: Vec<(String, String)> = r.pointers().into_iter().zip(r.codes()).collect();
    errors.sort();
    let expected = [
        ("/members/1/relationship", "error-household-child-age"),
        ("/members/2/relationship", "error-household-spouse-age"),
        // A parent who is a child is refused outright: no confirmation makes it right.
        ("/members/3/relationship", "error-child-as-parent"),
    ];
    assert_eq!(
        errors,
        expected.map(|(p, c)| (p.to_owned(), c.to_owned())),
        "{r:#?}"
    );
    assert!(r.text.contains("unusual_confirmed"), "says how: {}", r.text);
    assert_eq!(node.journal_len().await, before, "nothing written");

    // A parent younger than the head, both adults.
    let younger_parent = registration(vec![member("head", &born(30)), member("parent", &born(25))]);
    node.refuses(
        "/api/v1/households",
        &cw,
        &younger_parent,
        "/members/1/relationship",
        "error-household-parent-age",
    )
    .await;
    // A grandchild too close in age, by band against a date of birth.
    let grand = registration(vec![
        member("head", &born(30)),
        member("grandchild", "12-17"),
    ]);
    node.refuses(
        "/api/v1/households",
        &cw,
        &grand,
        "/members/1/relationship",
        "error-household-grandchild-age",
    )
    .await;
    // By bands alone: a head of 5-11 cannot have a child of 18-59.
    let bands = registration(vec![member("head", "5-11"), member("child", "18-59")]);
    node.refuses(
        "/api/v1/households",
        &cw,
        &bands,
        "/members/1/relationship",
        "error-household-child-age",
    )
    .await;

    // Confirmed, member by member: registered, and the journal says which were confirmed.
    // (The parent is now 20: an adult, though far too young to be the head's parent.)
    let mut confirmed = the_probe(20);
    for m in &mut confirmed[1..] {
        m["unusual_confirmed"] = json!(true);
    }
    node.register(&cw, &registration(confirmed)).await;
    assert_eq!(
        journaled_confirmations(&node).await,
        [Value::Null, json!(true), json!(true), json!(true)]
    );
    let verified = node.cli(&["audit", "verify"]).await;
    assert!(verified.success(), "{verified:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_overlapping_ages_are_never_refused() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let households = [
        // Unknown ages, on either side.
        vec![
            json!({"relationship": "head", "sex": "male", "given_name": "Adam",
                   "family_name": "Noor"}),
            member("child", "60+"),
            member("parent", "18-59"),
            json!({"relationship": "spouse", "sex": "female", "given_name": "Huda",
                   "family_name": "Noor"}),
        ],
        vec![
            member("head", "18-59"),
            json!({"relationship": "child", "sex": "male", "given_name": "Sami",
                   "family_name": "Noor"}),
        ],
        // Bands that can be far enough apart: a head of 12-17 with a child of 5-11.
        vec![member("head", "12-17"), member("child", "5-11")],
        vec![
            member("head", "18-59"),
            member("child", "18-59"),
            member("parent", "18-59"),
            member("spouse", "18-59"),
        ],
        // An ordinary family by dates of birth.
        vec![
            member("head", &born(41)),
            member("spouse", &born(38)),
            member("child", &born(14)),
            member("parent", &born(66)),
            member("grandchild", &born(1)),
        ],
    ];
    for members in households {
        node.register(&cw, &registration(members)).await;
    }
    // A confirmation nobody needed is not recorded as one.
    let mut needless = vec![member("head", &born(41)), member("child", &born(14))];
    needless[1]["unusual_confirmed"] = json!(true);
    node.register(&cw, &registration(needless)).await;
    assert_eq!(
        journaled_confirmations(&node).await,
        [Value::Null, Value::Null]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_thresholds_are_the_deployments_file() {
    // A deployment that asks a gap of 20 years refuses a head of 41 with a child of 25.
    let strict = SHIPPED.replace("child_min_gap_years = 12", "child_min_gap_years = 20");
    let settings = Settings {
        household: Some(Arc::new(HouseholdRules::parse(&strict).expect("rules"))),
        ..Settings::default()
    };
    let node = TestNode::start_with(settings, Vec::new()).await;
    let cw = node.login_as(Role::Caseworker).await;
    let body = registration(vec![member("head", &born(41)), member("child", &born(25))]);
    node.refuses(
        "/api/v1/households",
        &cw,
        &body,
        "/members/1/relationship",
        "error-household-child-age",
    )
    .await;

    // `serve` refuses to start on a file it cannot use, naming the line.
    let db = TestDb::new().await;
    let file = db.root.join("household.toml");
    let line = SHIPPED
        .lines()
        .position(|l| l.starts_with("spouse_min_age_years"))
        .expect("key")
        + 1;
    let bad = SHIPPED.replace("spouse_min_age_years = 18", "spouse_min_age_years = 99");
    std::fs::write(&file, bad).expect("write");
    let file = file.to_str().expect("path");
    let out = db
        .cli(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--household-rules",
            file,
        ])
        .await;
    assert!(!out.success(), "{out:#?}");
    assert!(
        out.stderr.contains(&format!("household.toml: line {line}")),
        "{out:#?}"
    );
}
