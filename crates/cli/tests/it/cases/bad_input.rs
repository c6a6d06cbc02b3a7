//! The JSON API: registration and reads, pagination and search, access denial, bad input,
//! sessions, and the documents every client relies on.

use crate::kit::fixtures::{B_CASEWORKER, email, household};
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};
use std::collections::HashSet;

const PERSONAL: &[&str] = &[
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "document_number",
    "address",
    "notes",
];

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

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

/// Posts `body` as a registration and checks the refusal: status, problem document, the field
/// pointer, and that the journal did not change.
async fn refused(
    node: &TestNode,
    token: &str,
    what: &str,
    content_type: &str,
    body: Vec<u8>,
    status: u16,
    pointer: Option<&str>,
) -> Resp {
    refused_with(node, token, what, content_type, body, &[status], pointer).await
}

/// Like [`refused`], accepting any of `statuses`.
async fn refused_with(
    node: &TestNode,
    token: &str,
    what: &str,
    content_type: &str,
    body: Vec<u8>,
    statuses: &[u16],
    pointer: Option<&str>,
) -> Resp {
    let before = node.journal_len().await;
    let r = node
        .post_raw("/api/v1/households", Some(token), content_type, body)
        .await;
    assert!(statuses.contains(&r.status), "{what}: {r:#?}");
    r.assert_problem(r.status);
    if let Some(p) = pointer {
        assert!(
            r.pointers().iter().any(|x| x == p),
            "{what}: expected pointer {p}, got {:?}",
            r.pointers()
        );
    }
    assert_eq!(
        node.journal_len().await,
        before,
        "{what}: the journal changed"
    );
    r
}

async fn refused_json(
    node: &TestNode,
    token: &str,
    what: &str,
    body: &Value,
    pointer: &str,
) -> Resp {
    refused(
        node,
        token,
        what,
        "application/json",
        serde_json::to_vec(body).expect("json"),
        422,
        Some(pointer),
    )
    .await
}

/// A valid registration with one change applied.
fn with(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = household("Amal", "Haddad");
    change(&mut v);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_and_changes_nothing() {
    let mut node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let good = serde_json::to_string(&household("Amal", "Haddad")).expect("json");
    let json_type = "application/json";

    // Malformed JSON: 400 with a pointer to the document.
    let truncated = good.as_bytes()[..good.len() / 2].to_vec();
    let r = refused(&node, &cw, "truncated", json_type, truncated, 400, Some("")).await;
    assert_eq!(r.codes(), vec!["error-json-syntax"]);
    let trailing_comma = good.replacen("\"XB0101\"", "\"XB0101\",", 1);
    assert!(trailing_comma.contains("\"XB0101\","));
    refused(
        &node,
        &cw,
        "trailing comma",
        json_type,
        trailing_comma.into_bytes(),
        400,
        Some(""),
    )
    .await;
    refused(
        &node,
        &cw,
        "trailing garbage",
        json_type,
        format!("{good} {{}}").into_bytes(),
        400,
        Some(""),
    )
    .await;
    let mut invalid_utf8 = good.clone().into_bytes();
    let at = good.find("Amal").expect("name");
    invalid_utf8[at] = 0xff;
    refused(
        &node,
        &cw,
        "invalid UTF-8",
        json_type,
        invalid_utf8,
        400,
        None,
    )
    .await;
    refused(&node, &cw, "empty body", json_type, Vec::new(), 400, None).await;

    // Wrong content type, oversized body.
    refused(
        &node,
        &cw,
        "text/plain",
        "text/plain",
        good.clone().into_bytes(),
        415,
        None,
    )
    .await;
    refused(
        &node,
        &cw,
        "form encoding",
        "application/x-www-form-urlencoded",
        b"members=1".to_vec(),
        415,
        None,
    )
    .await;
    let huge = with(|v| v["members"][0]["notes"] = json!("a".repeat(300 * 1024)));
    refused(
        &node,
        &cw,
        "oversized",
        json_type,
        serde_json::to_vec(&huge).expect("json"),
        413,
        None,
    )
    .await;

    // Shape: missing, unknown, duplicate fields, wrong types.
    let missing_case = with(|v| {
        v.as_object_mut().expect("object").remove("case");
    });
    let r = refused_json(&node, &cw, "missing case", &missing_case, "/case").await;
    assert_eq!(r.codes(), vec!["error-missing-field"]);
    let missing_name = with(|v| {
        v["members"][0]
            .as_object_mut()
            .expect("member")
            .remove("given_name");
    });
    refused_json(
        &node,
        &cw,
        "missing given_name",
        &missing_name,
        "/members/0/given_name",
    )
    .await;
    let unknown = with(|v| v["members"][0]["nickname"] = json!("Amo"));
    let r = refused_json(&node, &cw, "unknown field", &unknown, "/members/0/nickname").await;
    assert_eq!(r.codes(), vec!["error-unknown-field"]);
    let unknown_top = with(|v| v["is_admin"] = json!(true));
    refused_json(&node, &cw, "unknown top field", &unknown_top, "/is_admin").await;
    let v = household("Amal", "Haddad");
    let duplicate = format!(
        "{{\"members\":{m},\"case\":{c},\"case\":{c}}}",
        m = v["members"],
        c = v["case"]
    );
    let r = refused(
        &node,
        &cw,
        "duplicate key",
        json_type,
        duplicate.into_bytes(),
        422,
        Some("/case"),
    )
    .await;
    assert_eq!(r.codes(), vec!["error-duplicate-field"]);
    let confused = with(|v| v["members"] = json!("everyone"));
    refused_json(&node, &cw, "type confusion", &confused, "/members").await;
    let number_name = with(|v| v["members"][0]["given_name"] = json!(1e300));
    refused_json(
        &node,
        &cw,
        "number as name",
        &number_name,
        "/members/0/given_name",
    )
    .await;

    // Domain values.
    let r = refused_json(
        &node,
        &cw,
        "invalid P-code",
        &with(|v| v["case"]["destination_area"] = json!("xb-01")),
        "/case/destination_area",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-pcode"]);
    let r = refused_json(
        &node,
        &cw,
        "unknown P-code",
        &with(|v| v["case"]["destination_area"] = json!("XB9999")),
        "/case/destination_area",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-pcode-unknown"]);
    refused_json(
        &node,
        &cw,
        "unknown sex",
        &with(|v| v["members"][0]["sex"] = json!("robot")),
        "/members/0/sex",
    )
    .await;
    refused_json(
        &node,
        &cw,
        "unknown kind",
        &with(|v| v["case"]["kind"] = json!("deportation")),
        "/case/kind",
    )
    .await;
    refused_json(
        &node,
        &cw,
        "unknown relationship",
        &with(|v| v["members"][0]["relationship"] = json!("boss")),
        "/members/0/relationship",
    )
    .await;
    let r = refused_json(
        &node,
        &cw,
        "30 February",
        &with(|v| v["members"][0]["date_of_birth"] = json!("2001-02-30")),
        "/members/0/date_of_birth",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-date"]);
    let next_year = time::OffsetDateTime::now_utc().year() + 1;
    let r = refused_json(
        &node,
        &cw,
        "future date of birth",
        &with(|v| v["members"][0]["date_of_birth"] = json!(format!("{next_year}-01-01"))),
        "/members/0/date_of_birth",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-date-in-future"]);
    refused_json(
        &node,
        &cw,
        "year 0",
        &with(|v| v["members"][0]["date_of_birth"] = json!("0000-01-01")),
        "/members/0/date_of_birth",
    )
    .await;
    let r = refused_json(
        &node,
        &cw,
        "zero-width name",
        &with(|v| v["members"][0]["given_name"] = json!("\u{200B}\u{200B}\u{200B}")),
        "/members/0/given_name",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-required"]);
    let r = refused_json(
        &node,
        &cw,
        "bidi override",
        &with(|v| v["members"][0]["family_name"] = json!("Had\u{202E}dad")),
        "/members/0/family_name",
    )
    .await;
    assert_eq!(r.codes(), vec!["error-text-control-characters"]);
    refused_json(
        &node,
        &cw,
        "bidi isolate",
        &with(|v| v["members"][0]["given_name"] = json!("\u{2066}Amal\u{2069}")),
        "/members/0/given_name",
    )
    .await;
    let two_heads = with(|v| {
        let head = v["members"][0].clone();
        v["members"].as_array_mut().expect("members").push(head);
    });
    let r = refused_json(&node, &cw, "two heads", &two_heads, "/members").await;
    assert_eq!(r.codes(), vec!["error-household-one-head"]);
    refused_json(
        &node,
        &cw,
        "no members",
        &with(|v| v["members"] = json!([])),
        "/members",
    )
    .await;
    refused_json(
        &node,
        &cw,
        "unknown assignee",
        &with(|v| v["case"]["assigned_to"] = json!("01900000-0000-7000-8000-000000000000")),
        "/case/assigned_to",
    )
    .await;
    // Every problem is reported at once, each with its own pointer.
    let many = with(|v| {
        v["members"][0]["sex"] = json!("robot");
        v["case"]["kind"] = json!("deportation");
        v["case"]["destination_area"] = json!("XB9999");
    });
    let r = refused_json(&node, &cw, "three problems", &many, "/members/0/sex").await;
    for p in ["/case/kind", "/case/destination_area"] {
        assert!(r.pointers().iter().any(|x| x == p), "{:?}", r.pointers());
    }

    // Deep nesting: refused before it can exhaust the stack, and the server is still there.
    // An unclosed array of arrays is broken syntax (400); the typed body may also refuse the
    // first inner array as the wrong type (422) before the depth limit is reached.
    let r = refused_with(
        &node,
        &cw,
        "deep nesting",
        json_type,
        "[".repeat(10_000).into_bytes(),
        &[400, 422],
        None,
    )
    .await;
    assert!(!r.pointers().is_empty(), "{r:#?}");
    let deep_inside = format!(
        "{{\"members\":{}}}",
        "[".repeat(10_000) + &"]".repeat(10_000)
    );
    refused_with(
        &node,
        &cw,
        "deep nesting inside",
        json_type,
        deep_inside.into_bytes(),
        &[400, 422],
        None,
    )
    .await;
    let deep_objects = "{\"case\":".repeat(10_000);
    refused_with(
        &node,
        &cw,
        "deep objects",
        json_type,
        deep_objects.into_bytes(),
        &[400, 422],
        None,
    )
    .await;
    let health = node.get("/healthz", None).await;
    assert_eq!(health.status, 200);

    // After all that, a valid registration still works.
    node.register(&cw, &household("Amal", "Haddad")).await;
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_sign_out() {
    let mut node = TestNode::start().await;
    node.ensure_user(&email(Role::Caseworker)).await;
    let wrong = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": email(Role::Caseworker), "password": "not the password at all"}),
        )
        .await;
    wrong.assert_problem(401);
    let unknown = node
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": "nobody@a.test", "password": "not the password at all"}),
        )
        .await;
    unknown.assert_problem(401);
    assert_eq!(
        wrong.text, unknown.text,
        "unknown email and wrong password must answer alike"
    );
    assert!(
        wrong.json.get("token").is_none(),
        "no token on failure: {wrong:#?}"
    );
    // Malformed sign-in requests are 4xx problems too.
    node.post_raw("/api/v1/session", None, "application/json", "{\"email\":")
        .await
        .assert_problem(400);
    node.post_json(
        "/api/v1/session",
        None,
        &json!({"email": email(Role::Caseworker)}),
    )
    .await
    .assert_problem(422);

    // The e-mail is not case-sensitive.
    let token = node.login(&email(Role::Caseworker).to_uppercase()).await;
    let me = node.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, 200, "{me:#?}");
    assert_eq!(me.json["email"], email(Role::Caseworker));
    assert_eq!(me.json["roles"], json!(["caseworker"]));
    // A second session is independent of the first.
    let other = node.login_as(Role::Caseworker).await;
    assert_ne!(token, other);

    let out = node.delete("/api/v1/session", Some(&token)).await;
    assert_eq!(out.status, 204, "{out:#?}");
    node.get("/api/v1/me", Some(&token))
        .await
        .assert_problem(401);
    node.get("/api/v1/cases", Some(&token))
        .await
        .assert_problem(401);
    node.delete("/api/v1/session", Some(&token))
        .await
        .assert_problem(401);
    let still = node.get("/api/v1/me", Some(&other)).await;
    assert_eq!(still.status, 200, "signing out one session ended another");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_openapi_and_security_headers() {
    let mut node = TestNode::start().await;
    let health = node.get("/healthz", None).await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json["status"], "ok");
    let engine = match node.db.engine {
        crate::kit::db::Engine::Sqlite => "sqlite",
        crate::kit::db::Engine::Postgres => "postgres",
    };
    assert_eq!(
        health.json["engine"], engine,
        "the test runs on the wrong engine"
    );

    let doc = node.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, 200);
    assert!(
        doc.json["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc.json["openapi"]
    );
    for path in [
        "/api/v1/households",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/session",
        "/api/v1/persons/{id}/erasure",
    ] {
        assert!(doc.json["paths"].get(path).is_some(), "{path} undocumented");
    }

    let problem = node.get("/api/v1/cases", None).await;
    let cw = node.login_as(Role::Caseworker).await;
    let created = node
        .post_json(
            "/api/v1/households",
            Some(&cw),
            &household("Amal", "Haddad"),
        )
        .await;
    for r in [&health, &doc, &problem, &created] {
        let csp = r.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "CSP: {csp:?}");
        assert!(csp.contains("frame-ancestors 'none'"), "CSP: {csp:?}");
        assert!(!csp.contains("unsafe-inline"), "CSP: {csp:?}");
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("x-frame-options"), "DENY");
    }
    // Personal data is never cached by the browser or a proxy.
    assert_eq!(created.header("cache-control"), "no-store");

    // A method a route does not take, and a query parameter it does not know, get problem
    // documents too.
    let wrong_method = node.delete("/api/v1/households", Some(&cw)).await;
    assert_eq!(wrong_method.status, 405);
    wrong_method.assert_problem(405);
    let unknown_param = node.get("/api/v1/cases?colour=red", Some(&cw)).await;
    unknown_param.assert_problem(400);
    assert_eq!(unknown_param.pointers(), vec!["/colour".to_owned()]);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_sessions_need_the_csrf_token_to_change_anything() {
    let mut node = TestNode::start().await;
    let token = node.login_as(Role::Caseworker).await;
    let (_, csrf) = node.app.actor_for_session(&token).await.expect("session");
    let cookie = format!("hw_session={token}");
    let post = |csrf: Option<String>| {
        let mut req = node
            .client
            .post(node.url("/api/v1/households"))
            .header("cookie", &cookie)
            .json(&household("Cookie", "Jar"));
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        crate::kit::http::send(req)
    };
    // Reading with the cookie alone is fine.
    let list = crate::kit::http::send(
        node.client
            .get(node.url("/api/v1/cases"))
            .header("cookie", &cookie),
    )
    .await;
    assert_eq!(list.status, 200, "{list:#?}");
    // Writing needs the session's CSRF token: a cross-site form cannot send it.
    let before = node.journal_len().await;
    post(None).await.assert_problem(403);
    post(Some("forged".into())).await.assert_problem(403);
    post(Some(format!("{csrf}x"))).await.assert_problem(403);
    assert_eq!(node.journal_len().await, before);
    let ok = post(Some(csrf.clone())).await;
    assert_eq!(ok.status, 201, "{ok:#?}");
    // Unknown API paths answer with problem documents too.
    node.get("/api/v1/no-such-thing", Some(&token))
        .await
        .assert_problem(404);
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failed_sign_ins_are_throttled_alike_for_known_and_unknown_accounts() {
    let mut node = TestNode::start().await;
    let known = email(Role::Caseworker);
    node.ensure_user(&known).await;
    let attempt = |who: String, password: &'static str| {
        let node = &node;
        async move {
            node.post_json(
                "/api/v1/session",
                None,
                &json!({"email": who, "password": password}),
            )
            .await
        }
    };
    for who in [known.clone(), "ghost@a.test".to_owned()] {
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(attempt(who.clone(), "wrong password, again").await.status);
        }
        assert!(
            statuses[..10].iter().all(|s| *s == 401),
            "{who}: {statuses:?}"
        );
        assert!(
            statuses[10..].iter().all(|s| *s == 429),
            "{who}: {statuses:?}"
        );
    }
    // While throttled, even the right password is refused, so guessing stops paying.
    attempt(known.clone(), crate::kit::fixtures::PASSWORD)
        .await
        .assert_problem(429);
    // Other accounts are unaffected.
    node.login_as(Role::Supervisor).await;
    node.stop().await;
}
