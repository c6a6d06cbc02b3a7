//! Data-subject requests through the public surface: logging with deadlines, extension,
//! completion that does what the request asks (export, correction, erasure) in the same commit,
//! refusals, the subject-access export and its access-log entry, and every denial.

use crate::kit::fixtures::{add_user, household};
use crate::kit::http::Resp;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

async fn log(node: &TestNode, token: &str, person: &str, kind: &str, received: &str) -> Value {
    let r = node
        .post_json(
            "/api/v1/subject-requests",
            Some(token),
            &json!({"person_id": person, "kind": kind, "received_on": received}),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    r.json
}

async fn post(node: &TestNode, token: &str, id: &str, action: &str, body: Value) -> Resp {
    node.post_json(
        &format!("/api/v1/subject-requests/{id}/{action}"),
        Some(token),
        &body,
    )
    .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

async fn verify(node: &TestNode) {
    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("journal intact"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_run_from_receipt_to_answer_with_deadlines() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let dpo = node.login_as(Role::Dpo).await;
    let case = node.register(&cw, &household("Dsr", "Subject")).await;
    let person = case["members"][0]["id"].as_str().unwrap().to_owned();
    let case_id = case["id"].as_str().unwrap().to_owned();

    // An access request received three days ago is due in 27 days; an erasure request received
    // forty days ago is ten days overdue and listed first.
    let access = log(&node, &dpo, &person, "access", &day(-3)).await;
    assert_eq!(access["status"], "open");
    assert_eq!(access["deadline"], day(27));
    assert_eq!(access["days_left"], 27);
    assert_eq!(access["overdue"], false);
    let erasure = log(&node, &dpo, &person, "erasure", &day(-40)).await;
    assert_eq!(erasure["days_left"], -10);
    assert_eq!(erasure["overdue"], true);
    let list = node
        .get("/api/v1/subject-requests?status=open", Some(&dpo))
        .await;
    assert_eq!(list.status, 200, "{list:#?}");
    let items = list.json.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], erasure["id"], "overdue first");
    assert_eq!(items[1]["id"], access["id"]);

    // Extended once, by up to 60 days, for a reason code; not twice.
    let r = post(
        &node,
        &dpo,
        &id(&access),
        "extension",
        json!({"days": 20, "reason": "complexity"}),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["status"], "extended");
    assert_eq!(r.json["deadline"], day(47));
    assert_eq!(r.json["extension_reason"], "complexity");
    let before = node.journal_len().await;
    let again = post(
        &node,
        &dpo,
        &id(&access),
        "extension",
        json!({"days": 5, "reason": "complexity"}),
    )
    .await;
    again.assert_problem(409);
    assert_eq!(again.pointers(), vec!["/status"]);
    // An access request is completed only once an export was produced for it.
    let early = post(&node, &dpo, &id(&access), "completion", json!({})).await;
    early.assert_problem(409);
    assert_eq!(early.pointers(), vec!["/exported_at"]);
    assert_eq!(node.journal_len().await, before, "a refused change wrote");

    // A consent recorded by the case worker belongs in the export too.
    let consent = node
        .post_json(
            &format!("/api/v1/persons/{person}/consents"),
            Some(&cw),
            &json!({"purpose": "return", "language": "ar", "method": "oral",
                    "interpreter": false, "given_on": day(-2)}),
        )
        .await;
    assert_eq!(consent.status, 201, "{consent:#?}");

    // The export: the person's fields, household, case, journal, consents and access log;
    // itself logged.
    let export = node
        .get(
            &format!("/api/v1/persons/{person}/export?request={}", id(&access)),
            Some(&dpo),
        )
        .await;
    assert_eq!(export.status, 200, "{export:#?}");
    assert!(
        export
            .header("content-disposition")
            .starts_with("attachment")
    );
    let doc = &export.json;
    assert_eq!(doc["format"], "homeward-subject-access-v1");
    assert_eq!(doc["person"]["erased"], false);
    assert_eq!(doc["person"]["personal"]["given_name"], "Dsr");
    assert_eq!(doc["person"]["personal"]["family_name"], "Subject");
    assert_eq!(doc["household"]["relationship"], "head");
    assert_eq!(doc["cases"][0]["id"], case_id.as_str());
    assert_eq!(doc["cases"][0]["state"], "registered");
    let kinds: Vec<&str> = doc["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "household.registered",
        "case.opened",
        "subject_request.received",
        "subject_request.extended",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let reads = doc["access_log"].as_array().unwrap();
    assert!(
        reads
            .iter()
            .any(|a| a["kind"] == "case.read" && a["actor"] == "caseworker"),
        "the registration's read is listed: {reads:?}"
    );
    assert!(reads.iter().any(|a| a["kind"] == "person.export"));
    assert_eq!(doc["subject_requests"].as_array().unwrap().len(), 2);
    assert_eq!(doc["consents"][0]["purpose"], "return");
    assert!(kinds.contains(&"consent.given"), "{kinds:?}");
    let log = node
        .get(&format!("/api/v1/persons/{person}/access-log"), Some(&dpo))
        .await;
    assert_eq!(log.status, 200, "{log:#?}");
    assert_eq!(log.json[0]["kind"], "person.export");
    assert_eq!(log.json[0]["purpose"], "data_protection");

    // Now the access request completes, once.
    let done = post(&node, &dpo, &id(&access), "completion", json!({})).await;
    assert_eq!(done.status, 200, "{done:#?}");
    assert_eq!(done.json["status"], "completed");
    assert_eq!(done.json["outcome"], "data_provided");
    assert!(done.json["exported_at"].is_string());
    assert!(done.json["days_left"].is_null() && done.json["overdue"] == false);
    let before = node.journal_len().await;
    let twice = post(&node, &dpo, &id(&access), "completion", json!({})).await;
    twice.assert_problem(409);
    assert_eq!(twice.pointers(), vec!["/status"]);
    post(
        &node,
        &dpo,
        &id(&access),
        "refusal",
        json!({"reason": "excessive"}),
    )
    .await
    .assert_problem(409);
    assert_eq!(node.journal_len().await, before);

    // Completing the erasure erases the person in the same commit.
    let erased = post(&node, &dpo, &id(&erasure), "completion", json!({})).await;
    assert_eq!(erased.status, 200, "{erased:#?}");
    assert_eq!(erased.json["outcome"], "erased");
    assert_eq!(
        node.journal_len().await,
        before + 2,
        "person.erased + completed"
    );
    let raw = node.db.raw().await;
    let entries = raw.journal().await;
    let keys = raw
        .int(&format!(
            "SELECT COUNT(*) FROM person_keys WHERE person_id = '{person}'"
        ))
        .await;
    raw.close().await;
    assert_eq!(keys, 0, "the data key is destroyed");
    let tail: Vec<_> = entries[entries.len() - 2..]
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(tail, ["person.erased", "subject_request.completed"]);
    let erased_entry = &entries[entries.len() - 2];
    assert!(erased_entry.payload.contains("data_subject_request"));
    let r = node
        .get(&format!("/api/v1/cases/{case_id}"), Some(&cw))
        .await;
    assert_eq!(r.json["members"][0]["erased"], true);
    assert!(r.json["members"][0]["given_name"].is_null());
    assert!(!r.text.contains("Dsr"));

    // An erased person's export holds what remains, and no fields.
    let after = node
        .get(&format!("/api/v1/persons/{person}/export"), Some(&dpo))
        .await;
    assert_eq!(after.status, 200, "{after:#?}");
    assert_eq!(after.json["person"]["erased"], true);
    assert!(after.json["person"]["personal"].is_null());
    assert!(!after.text.contains("Dsr"));
    let closed = node
        .get("/api/v1/subject-requests?status=completed", Some(&dpo))
        .await;
    assert_eq!(closed.json.as_array().unwrap().len(), 2);
    let open = node
        .get("/api/v1/subject-requests?status=open", Some(&dpo))
        .await;
    assert_eq!(open.json, json!([]));
    verify(&node).await;

    // Moving a deadline behind the journal's back is found by replay.
    let raw = node.db.raw().await;
    raw.exec(&format!(
        "UPDATE subject_requests SET deadline = '2099-01-01' WHERE id = '{}'",
        id(&erasure)
    ))
    .await;
    raw.close().await;
    let out = node.cli(&["audit", "verify"]).await;
    assert_eq!(out.code, Some(1), "{out:#?}");
    assert!(out.stdout.contains("subject_requests"), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrections_reseal_the_fields_and_the_journal_verifies() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let dpo = node.login_as(Role::Dpo).await;
    let case = node.register(&cw, &household("Wrong", "Nome")).await;
    let person = case["members"][0]["id"].as_str().unwrap().to_owned();
    let case_id = case["id"].as_str().unwrap().to_owned();
    let request = log(&node, &dpo, &person, "correction", &day(0)).await;

    // Bad corrections are refused by the registration rules and change nothing.
    let before = node.journal_len().await;
    for (body, pointer) in [
        (json!({}), "/corrections"),
        (json!({"corrections": {}}), "/corrections"),
        (
            json!({"corrections": {"given_name": "  "}}),
            "/corrections/given_name",
        ),
        (
            json!({"corrections": {"date_of_birth": "2001-02-30"}}),
            "/corrections/date_of_birth",
        ),
        (
            json!({"corrections": {"family_name": "A\u{202E}B"}}),
            "/corrections/family_name",
        ),
        (
            json!({"corrections": {"nickname": "x"}}),
            "/corrections/nickname",
        ),
    ] {
        let r = post(&node, &dpo, &id(&request), "completion", body.clone()).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), vec![pointer], "{body}");
    }
    assert_eq!(node.journal_len().await, before);

    let r = post(
        &node,
        &dpo,
        &id(&request),
        "completion",
        json!({"corrections": {"family_name": "Nom Correct", "date_of_birth": "1950-03-04", "phone": "+999 555 0199"}}),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["outcome"], "corrected");
    let shown = node
        .get(&format!("/api/v1/cases/{case_id}"), Some(&cw))
        .await;
    let m = &shown.json["members"][0];
    assert_eq!(m["given_name"], "Wrong", "unchanged fields stay");
    assert_eq!(m["family_name"], "Nom Correct");
    assert_eq!(m["date_of_birth"], "1950-03-04");
    assert_eq!(m["phone"], "+999 555 0199");
    assert_eq!(
        m["age_band"], "60+",
        "the age band follows the date of birth"
    );

    // The journal holds the correction sealed, never in clear; replay rebuilds the tables.
    let raw = node.db.raw().await;
    let entries = raw.journal().await;
    raw.close().await;
    let corrected = entries
        .iter()
        .find(|e| e.kind == "person.corrected")
        .expect("person.corrected");
    assert_eq!(corrected.subject, person);
    assert!(!corrected.payload.contains("Correct") && !corrected.payload.contains("0199"));
    verify(&node).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_refused_beyond_the_dpo_and_bad_input_changes_nothing() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let dpo = node.login_as(Role::Dpo).await;
    add_user(&node.app, &node.org_b, &[Role::Dpo], "dpo@b.test").await;
    let dpo_b = node.login("dpo@b.test").await;
    let case = node.register(&cw, &household("Deny", "Me")).await;
    let person = case["members"][0]["id"].as_str().unwrap().to_owned();
    let request = log(&node, &dpo, &person, "objection", &day(-1)).await;
    let rid = id(&request);
    let before = node.journal_len().await;

    let body = json!({"person_id": person, "kind": "access", "received_on": day(0)});
    node.post_json("/api/v1/subject-requests", Some(&cw), &body)
        .await
        .assert_problem(403);
    for path in [
        "/api/v1/subject-requests".to_owned(),
        format!("/api/v1/subject-requests/{rid}"),
        format!("/api/v1/persons/{person}/export"),
    ] {
        node.get(&path, Some(&cw)).await.assert_problem(403);
    }
    // The DPO of another organisation: the person and the request do not exist for them.
    let r = node
        .post_json("/api/v1/subject-requests", Some(&dpo_b), &body)
        .await;
    r.assert_problem(404);
    assert_eq!(r.pointers(), vec!["/person_id"]);
    let unknown = json!({"person_id": "01900000-0000-7000-8000-000000000000", "kind": "access", "received_on": day(0)});
    let r2 = node
        .post_json("/api/v1/subject-requests", Some(&dpo), &unknown)
        .await;
    r2.assert_problem(404);
    assert_eq!(
        r2.json, r.json,
        "another organisation's person reads like no person"
    );
    node.get(&format!("/api/v1/subject-requests/{rid}"), Some(&dpo_b))
        .await
        .assert_problem(404);
    node.get(&format!("/api/v1/persons/{person}/export"), Some(&dpo_b))
        .await
        .assert_problem(404);
    for (action, body) in [
        ("extension", json!({"days": 5, "reason": "complexity"})),
        ("completion", json!({})),
        ("refusal", json!({"reason": "excessive"})),
    ] {
        post(&node, &dpo_b, &rid, action, body)
            .await
            .assert_problem(404);
    }
    assert_eq!(
        node.get("/api/v1/subject-requests", Some(&dpo_b))
            .await
            .json,
        json!([]),
        "another organisation's requests are not listed"
    );

    // Bad input names the field.
    for (body, pointer) in [
        (
            json!({"person_id": person, "kind": "deletion", "received_on": day(0)}),
            "/kind",
        ),
        (
            json!({"person_id": person, "kind": "access", "received_on": day(1)}),
            "/received_on",
        ),
        (
            json!({"person_id": person, "kind": "access", "received_on": "2026-02-30"}),
            "/received_on",
        ),
        (
            json!({"person_id": "not-an-id", "kind": "access", "received_on": day(0)}),
            "/person_id",
        ),
        (
            json!({"person_id": person, "kind": "access", "received_on": day(0), "note": "x"}),
            "/note",
        ),
        (
            json!({"person_id": person, "kind": "access"}),
            "/received_on",
        ),
    ] {
        let r = node
            .post_json("/api/v1/subject-requests", Some(&dpo), &body)
            .await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), vec![pointer], "{body}");
    }
    for (action, body, pointer) in [
        (
            "extension",
            json!({"days": 61, "reason": "complexity"}),
            "/days",
        ),
        (
            "extension",
            json!({"days": 0, "reason": "complexity"}),
            "/days",
        ),
        (
            "extension",
            json!({"days": 10, "reason": "holidays"}),
            "/reason",
        ),
        (
            "extension",
            json!({"days": "ten", "reason": "complexity"}),
            "/days",
        ),
        ("refusal", json!({"reason": "because"}), "/reason"),
        (
            "completion",
            json!({"corrections": {"family_name": "X"}}),
            "/corrections",
        ),
    ] {
        let r = post(&node, &dpo, &rid, action, body.clone()).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), vec![pointer], "{action} {body}");
    }
    let r = node
        .get("/api/v1/subject-requests?status=closed", Some(&dpo))
        .await;
    r.assert_problem(422);
    assert_eq!(r.pointers(), vec!["/status"]);
    let r = node
        .get(
            &format!("/api/v1/persons/{person}/export?request={rid}"),
            Some(&dpo),
        )
        .await;
    r.assert_problem(422);
    assert_eq!(
        r.pointers(),
        vec!["/request"],
        "an objection is not an access request"
    );
    assert_eq!(node.journal_len().await, before, "a refused request wrote");

    // A refusal closes the request with its reason code.
    let r = post(
        &node,
        &dpo,
        &rid,
        "refusal",
        json!({"reason": "manifestly_unfounded"}),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json["status"], "refused");
    assert_eq!(r.json["outcome"], "manifestly_unfounded");
    post(
        &node,
        &dpo,
        &rid,
        "extension",
        json!({"days": 5, "reason": "complexity"}),
    )
    .await
    .assert_problem(409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_exports_a_person_to_an_owner_only_file() {
    let node = TestNode::start().await;
    let cw = node.login_as(Role::Caseworker).await;
    let case = node.register(&cw, &household("Cli", "Export")).await;
    let person = case["members"][0]["id"].as_str().unwrap().to_owned();
    let file = node.db.root.join("export.json");
    let out = node
        .cli(&[
            "person",
            "export",
            &person,
            "--output",
            file.to_str().unwrap(),
        ])
        .await
        .ok();
    assert!(out.stderr.contains("exported"), "{out:#?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["person"]["personal"]["given_name"], "Cli");
    let raw = node.db.raw().await;
    let logged = raw
        .int(&format!(
            "SELECT COUNT(*) FROM access_log a JOIN access_log_persons p ON p.seq = a.seq \
             WHERE p.person_id = '{person}' AND a.kind = 'person.export' AND a.actor = 'system'"
        ))
        .await;
    raw.close().await;
    assert_eq!(logged, 1, "the operator's export is in the access log");
    let missing = node
        .cli(&["person", "export", "01900000-0000-7000-8000-000000000000"])
        .await;
    assert!(!missing.success(), "{missing:#?}");
    verify(&node).await;
}
