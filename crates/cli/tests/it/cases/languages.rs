//! Language codes: every language field takes only real ISO 639 codes, refusing made-up ones
//! with a problem naming the field and its index, and records each language under one code.

use crate::kit::fixtures::household;
use crate::kit::lifecycle::{consent_body, counselling_body, days_ago};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn made_up_language_codes_are_refused_in_every_language_field() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    // A person's languages: the pointer names the member and the entry.
    for made_up in ["qq", "xx", "zz", "qaa", "und", "zxx"] {
        let mut body = household("Amal", "Haddad");
        body["members"][0]["languages"] = json!(["ar", made_up]);
        node.refuses(
            "/api/v1/households",
            &cw,
            &body,
            "/members/0/languages/1",
            "error-language-unknown",
        )
        .await;
    }
    let mut body = household("Amal", "Haddad");
    body["members"]
        .as_array_mut()
        .expect("members")
        .push(json!({
            "relationship": "child", "sex": "male", "given_name": "Sami", "family_name": "Haddad",
            "date_of_birth": "2015-09-01", "languages": ["qq"],
        }));
    node.refuses(
        "/api/v1/households",
        &cw,
        &body,
        "/members/1/languages/0",
        "error-language-unknown",
    )
    .await;
    let mut body = household("Amal", "Haddad");
    body["members"][0]["languages"] = json!(["Arabic"]);
    node.refuses(
        "/api/v1/households",
        &cw,
        &body,
        "/members/0/languages/0",
        "error-language-code",
    )
    .await;

    // The language a consent was explained in, and a counselling session held in.
    let case = node.register(&cw, &household("Amal", "Haddad")).await;
    let (case_id, person) = (
        case["id"].as_str().expect("case"),
        case["members"][0]["id"].as_str().expect("person"),
    );
    let mut consent = consent_body("own", &days_ago(1));
    consent["language"] = json!("qq");
    node.refuses(
        &format!("/api/v1/persons/{person}/consents"),
        &cw,
        &consent,
        "/language",
        "error-language-unknown",
    )
    .await;
    let mut counselling = counselling_body(&days_ago(1));
    counselling["language"] = json!("qq");
    node.refuses(
        &format!("/api/v1/cases/{case_id}/counselling"),
        &cw,
        &counselling,
        "/language",
        "error-language-unknown",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_language_is_recorded_under_its_shortest_iso_639_code() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let mut body = household("Amal", "Haddad");
    // ISO 639-3 (Arabic, Dari, Tigre) and ISO 639-2/B (French).
    body["members"][0]["languages"] = json!(["ara", "prs", "tig", "fre"]);
    let case = node.register(&cw, &body).await;
    let id = case["id"].as_str().expect("id");
    let read = node.get(&format!("/api/v1/cases/{id}"), Some(&cw)).await;
    assert_eq!(
        read.json["members"][0]["languages"],
        json!(["ar", "prs", "tig", "fr"])
    );
    let person = read.json["members"][0]["id"].as_str().expect("person");
    let mut consent = consent_body("own", &days_ago(1));
    consent["language"] = json!("ara");
    let r = node
        .post_json(
            &format!("/api/v1/persons/{person}/consents"),
            Some(&cw),
            &consent,
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(r.json["language"], "ar");
}
