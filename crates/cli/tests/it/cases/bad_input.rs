//! A registration the JSON API refuses changes nothing: malformed JSON, a wrong content type or
//! an oversized body, a body of the wrong shape, values the domain refuses, and nesting deep
//! enough to exhaust a stack; each refusal a problem document pointing at the field.

use crate::kit::fixtures::household;
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

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
