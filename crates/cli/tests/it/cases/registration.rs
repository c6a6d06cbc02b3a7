//! Registering a household through the JSON API, and reading it back: every field of the case
//! and its members, its history, the list paged newest first, and the search by reference.

use crate::kit::fixtures::household;
use crate::kit::http::ids;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::json;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_households_read_back_page_and_search() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;

    // Register a two-person household with every personal field filled.
    let body = json!({
        "members": [
            {
                "relationship": "head", "sex": "female",
                "given_name": "Amal", "family_name": "Haddad",
                "date_of_birth": "1987-03-14", "nationality": "XB", "languages": ["ar"],
                "phone": "+999 123 4567", "document_number": "P1234567",
                "address": "12 Olive Street", "notes": "Prefers Arabic"
            },
            {
                "relationship": "child", "sex": "male",
                "given_name": "Sami", "family_name": "Haddad",
                "date_of_birth": "2015-09-01", "languages": ["ar"]
            }
        ],
        "case": {
            "kind": "voluntary_repatriation", "host_country": "XA",
            "origin_country": "XB", "destination_area": "XB0102"
        }
    });
    let before = node.journal_len().await;
    let created = node.register(&cw, &body).await;
    assert_eq!(
        node.journal_len().await,
        before + 2,
        "one household.registered and one case.opened"
    );
    let id = created["id"].as_str().expect("case id").to_owned();
    let reference = created["reference"].as_str().expect("reference").to_owned();
    assert!(
        reference.starts_with("HW-") && reference.len() == "HW-2026-000001".len(),
        "{reference}"
    );
    assert_eq!(created["state"], "registered");

    // Read it back as the caseworker: names decrypted, statistics in clear.
    let r = node.get(&format!("/api/v1/cases/{id}"), Some(&cw)).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let c = &r.json;
    assert_eq!(c["reference"], reference.as_str());
    assert_eq!(c["kind"], "voluntary_repatriation");
    assert_eq!(c["destination_area"], "XB0102");
    assert_eq!(c["destination_area_name"], "Hillcrest");
    let head = &c["members"][0];
    assert_eq!(head["given_name"], "Amal");
    assert_eq!(head["family_name"], "Haddad");
    assert_eq!(head["date_of_birth"], "1987-03-14");
    assert_eq!(head["phone"], "+999 123 4567");
    assert_eq!(head["document_number"], "P1234567");
    assert_eq!(head["address"], "12 Olive Street");
    assert_eq!(head["notes"], "Prefers Arabic");
    assert_eq!(head["sex"], "female");
    assert_eq!(head["age_band"], "18-59");
    assert_eq!(head["erased"], false);
    let child = &c["members"][1];
    assert_eq!(child["given_name"], "Sami");
    assert_eq!(child["age_band"], "5-11");
    assert_eq!(c["unaccompanied_children"], json!([]));

    // History: the two events that made the case.
    let h = node
        .get(&format!("/api/v1/cases/{id}/history"), Some(&cw))
        .await;
    assert_eq!(h.status, 200, "{h:#?}");
    let kinds: Vec<&str> = h
        .json
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert!(kinds.contains(&"household.registered"), "{kinds:?}");
    assert!(kinds.contains(&"case.opened"), "{kinds:?}");

    // Five more; the list pages through all six, newest first, without duplicates.
    let mut registered = vec![id.clone()];
    for i in 0..5 {
        let c = node
            .register(&cw, &household(&format!("Given{i}"), "Family"))
            .await;
        registered.push(c["id"].as_str().expect("id").to_owned());
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/cases?limit=2&cursor={c}"),
            None => "/api/v1/cases?limit=2".to_owned(),
        };
        let page = node.get(&path, Some(&cw)).await;
        assert_eq!(page.status, 200, "{page:#?}");
        let items = ids(&page.json);
        assert!(items.len() <= 2, "limit ignored: {items:?}");
        seen.extend(items);
        pages += 1;
        assert!(pages <= 10, "pagination does not end");
        match page.json["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(
        unique.len(),
        seen.len(),
        "duplicates across pages: {seen:?}"
    );
    let newest_first: Vec<String> = registered.iter().rev().cloned().collect();
    assert_eq!(seen, newest_first, "every case once, newest first");
    // Head names are shown to the caseworker in the list.
    let first = node.get("/api/v1/cases?limit=50", Some(&cw)).await;
    assert_eq!(first.json["items"][5]["head_name"], "Amal Haddad");

    // Search by reference: the full reference, a lower-case one, a prefix.
    let found = node
        .get(&format!("/api/v1/cases?reference={reference}"), Some(&cw))
        .await;
    assert_eq!(ids(&found.json), vec![id.clone()]);
    let lower = node
        .get(
            &format!("/api/v1/cases?reference={}", reference.to_lowercase()),
            Some(&cw),
        )
        .await;
    assert_eq!(ids(&lower.json), vec![id.clone()]);
    let prefix = &reference[..reference.len() - 1];
    let by_prefix = node
        .get(&format!("/api/v1/cases?reference={prefix}"), Some(&cw))
        .await;
    assert_eq!(ids(&by_prefix.json), newest_first);
    let none = node.get("/api/v1/cases?reference=HW-1999", Some(&cw)).await;
    assert_eq!(none.status, 200);
    assert_eq!(ids(&none.json), Vec::<String>::new());
    // Wildcards are refused, not interpreted.
    let wild = node.get("/api/v1/cases?reference=HW%25", Some(&cw)).await;
    wild.assert_problem(422);
    assert_eq!(wild.pointers(), vec!["/reference"]);
    let bad_limit = node.get("/api/v1/cases?limit=0", Some(&cw)).await;
    bad_limit.assert_problem(422);
    assert_eq!(bad_limit.pointers(), vec!["/limit"]);
    let bad_cursor = node.get("/api/v1/cases?cursor=abc", Some(&cw)).await;
    bad_cursor.assert_problem(422);
    assert_eq!(bad_cursor.pointers(), vec!["/cursor"]);
    node.stop().await;
}
