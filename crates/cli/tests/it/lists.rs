//! Every list in a request body has a maximum: a longer list is refused whole, with one problem
//! naming the list (not one per entry, and never echoed back), duplicates are refused where they
//! make no sense, nothing is written, and the OpenAPI document publishes each maximum.

use crate::kit::fixtures::{CRITERIA, assessment_body, household};
use crate::kit::lifecycle::{best_interests, counselling_body, days_ago, today};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

/// `n` copies of `value`, as a JSON list.
fn many(value: &str, n: usize) -> Value {
    json!(vec![value; n])
}

/// A refusal of a whole list: one error, a short answer.
async fn refused_whole(node: &TestNode, path: &str, token: &str, body: &Value, pointer: &str) {
    let r = node
        .refuses(path, token, body, pointer, "error-list-too-long")
        .await;
    assert_eq!(r.pointers().len(), 1, "{path}: {:?}", r.pointers());
    assert!(
        r.text.len() < 2_000,
        "{path}: an answer of {} bytes",
        r.text.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn household_lists_are_bounded() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let households = "/api/v1/households";

    // Languages: 20,000 real codes or 1,000 made-up ones, refused whole.
    for languages in [many("ar", 20_000), many("qq", 1_000)] {
        let mut body = household("Amal", "Haddad");
        body["members"][0]["languages"] = languages;
        refused_whole(&node, households, &cw, &body, "/members/0/languages").await;
    }
    let mut body = household("Amal", "Haddad");
    body["members"][0]["languages"] = json!(["ar", "fr", "ara"]);
    node.refuses(
        households,
        &cw,
        &body,
        "/members/0/languages/2",
        "error-duplicate",
    )
    .await;
    // Twenty distinct languages are still one person's.
    let twenty = [
        "ar", "fr", "en", "fa", "ps", "ur", "so", "ti", "am", "sw", "ha", "ff", "wo", "ku", "tr",
        "ru", "prs", "ckb", "kmr", "rhg",
    ];
    let mut body = household("Amal", "Haddad");
    body["members"][0]["languages"] = json!(twenty);
    let case = node.register(&cw, &body).await;
    assert_eq!(case["members"][0]["languages"], json!(twenty));

    // Members: 41, or 1,000, refused whole; 40 is a household.
    let relative = json!({"relationship": "other_relative", "sex": "unknown",
                          "given_name": "Rel", "family_name": "Ative"});
    for n in [41, 1_000] {
        let mut body = household("Amal", "Haddad");
        let members = body["members"].as_array_mut().expect("members");
        members.extend(std::iter::repeat_n(relative.clone(), n - 1));
        let r = node
            .refuses(
                households,
                &cw,
                &body,
                "/members",
                "error-household-too-large",
            )
            .await;
        assert_eq!(r.pointers().len(), 1, "{n}: {:?}", r.pointers());
    }
    let mut body = household("Amal", "Haddad");
    let members = body["members"].as_array_mut().expect("members");
    members.extend(std::iter::repeat_n(relative, 39));
    let case = node.register(&cw, &body).await;
    assert_eq!(case["members"].as_array().map(Vec::len), Some(40));

    // Sensitivity markers: each once, so at most three.
    let id = case["id"].as_str().expect("case id");
    let path = format!("/api/v1/cases/{id}/sensitivity");
    let four = json!({"markers": ["gbv", "trafficking", "child_protection", "gbv"]});
    refused_whole(&node, &path, &cw, &four, "/markers").await;
    let twice = json!({"markers": ["gbv", "gbv"]});
    node.refuses(&path, &cw, &twice, "/markers/1", "error-duplicate")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_and_sharing_lists_are_bounded() {
    let node = TestNode::start().await;
    let admin = node.login_as(Role::Admin).await;
    let cw = node.login_as(Role::Caseworker).await;
    let dpo = node.login_as(Role::Dpo).await;

    // Roles of a new user.
    let user = |roles: Value| json!({"email": "new@a.test", "display_name": "New", "roles": roles});
    refused_whole(
        &node,
        "/api/v1/users",
        &admin,
        &user(many("caseworker", 10)),
        "/roles",
    )
    .await;
    refused_whole(
        &node,
        "/api/v1/users",
        &admin,
        &user(many("root", 1_000)),
        "/roles",
    )
    .await;
    let twice = user(json!(["caseworker", "caseworker"]));
    node.refuses(
        "/api/v1/users",
        &admin,
        &twice,
        "/roles/1",
        "error-duplicate",
    )
    .await;

    // Scopes of an API token (kept outside the journal: none is made either).
    let token = |scopes: Value| json!({"name": "Export", "scopes": scopes, "expires_in_days": 7});
    refused_whole(
        &node,
        "/api/v1/me/tokens",
        &cw,
        &token(many("read_cases", 25)),
        "/scopes",
    )
    .await;
    let twice = token(json!(["read_cases", "read_cases"]));
    node.refuses(
        "/api/v1/me/tokens",
        &cw,
        &twice,
        "/scopes/1",
        "error-duplicate",
    )
    .await;
    let tokens = node.get("/api/v1/me/tokens", Some(&cw)).await;
    assert_eq!(tokens.json, json!([]), "{tokens:#?}");

    // Members of a new team.
    let team =
        json!({"name": "North", "members": many("01900000-0000-7000-8000-000000000000", 101)});
    refused_whole(&node, "/api/v1/teams", &admin, &team, "/members").await;

    // Fields of a data-sharing agreement: each shareable field once, so at most six.
    let agreement = |fields: Value| {
        json!({"recipient_id": node.org_b, "purpose": "case_management", "fields": fields,
               "legal_basis": "consent", "valid_from": "2026-01-01", "expires_on": "2099-12-31"})
    };
    let seven = json!([
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "document_number",
        "address",
        "given_name"
    ]);
    refused_whole(
        &node,
        "/api/v1/agreements",
        &dpo,
        &agreement(seven),
        "/fields",
    )
    .await;
    refused_whole(
        &node,
        "/api/v1/agreements",
        &dpo,
        &agreement(many("notes", 1_000)),
        "/fields",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_and_assessment_lists_are_bounded() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let assessor = node.login_as(Role::Assessor).await;
    let mut body = household("Amal", "Haddad");
    body["members"]
        .as_array_mut()
        .expect("members")
        .push(json!({
            "relationship": "child", "sex": "male", "given_name": "Sami", "family_name": "Haddad",
            "date_of_birth": "2015-09-01", "languages": ["ar"],
        }));
    let case = node.register(&cw, &body).await;
    let id = case["id"].as_str().expect("case id");
    let child = case["members"][1]["id"].as_str().expect("child");

    let mut counselling = counselling_body(&days_ago(1));
    counselling["topics"] = many("housing", 12);
    let path = format!("/api/v1/cases/{id}/counselling");
    refused_whole(&node, &path, &cw, &counselling, "/topics").await;

    let screening = |factors: Value, domains: Value| {
        json!({"person_id": child, "screened_on": today(), "stage": "rapid",
               "factors": factors, "domains": domains, "rating": "low"})
    };
    let path = format!("/api/v1/cases/{id}/screenings");
    let factor = json!({"level": "individual", "kind": "risk", "code": "disability"});
    let too_many = json!(vec![factor.clone(); 61]);
    refused_whole(
        &node,
        &path,
        &cw,
        &screening(too_many, json!([])),
        "/factors",
    )
    .await;
    let twice = json!([factor.clone(), factor]);
    node.refuses(
        &path,
        &cw,
        &screening(twice, json!([])),
        "/factors/1",
        "error-duplicate",
    )
    .await;
    refused_whole(
        &node,
        &path,
        &cw,
        &screening(json!([]), many("child", 6)),
        "/domains",
    )
    .await;

    let mut bia = best_interests(child, "assessment", 0);
    bia["options_compared"] = many("return", 5);
    let path = format!("/api/v1/cases/{id}/best-interests");
    refused_whole(&node, &path, &cw, &bia, "/options_compared").await;

    // One finding per criterion: a ninth is refused before any is read.
    let mut assessment = assessment_body(&days_ago(1), "met");
    let findings = assessment["findings"].as_array_mut().expect("findings");
    findings.push(json!({"criterion": CRITERIA[0], "status": "met"}));
    let path = "/api/v1/areas/XB0101/assessments";
    refused_whole(&node, path, &assessor, &assessment, "/findings").await;
    let mut assessment = assessment_body(&days_ago(1), "met");
    let observations: serde_json::Map<String, Value> = (0..1_000)
        .map(|i| (format!("item_{i}"), json!("seen")))
        .collect();
    assessment["findings"][0]["observations"] = Value::Object(observations);
    refused_whole(
        &node,
        path,
        &assessor,
        &assessment,
        "/findings/0/observations",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_publishes_every_maximum() {
    let node = TestNode::start().await;
    let doc = node.get("/api/v1/openapi.json", None).await;
    let schemas = &doc.json["components"]["schemas"];
    for (schema, field, max) in [
        ("RegisterHousehold", "members", 40),
        ("MemberInput", "languages", 20),
        ("CreateUser", "roles", 9),
        ("NewToken", "scopes", 24),
        ("NewAgreement", "fields", 6),
        ("NewTeam", "members", 100),
        ("SensitivityInput", "markers", 3),
        ("NewCounselling", "topics", 11),
        ("NewScreening", "factors", 60),
        ("NewScreening", "domains", 5),
        ("NewBestInterests", "options_compared", 4),
        ("NewAssessment", "findings", 32),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["maxItems"],
            json!(max),
            "{schema}.{field}"
        );
    }
}
