//! The records the safeguards read, through the API on both engines (issue #5): coercion
//! indicators and holds that only a supervisor resolves, bad input that names its field and
//! writes nothing, and sealed notes shown to who sees names and never written in clear.
//! Children's records are in `children.rs`.

use crate::kit::fixtures::{B_CASEWORKER, random_hex};
use crate::kit::lifecycle::{
    Staff, best_interests, blocked, consent_body, counselling_body, days_ago, go, go_ok, make_safe,
    member, one_adult, record, record_ok, register_members, resolve, rules, to_consented, today,
};
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coercion_indicators_and_holds_block_until_a_supervisor_resolves_them() {
    let node = TestNode::start().await;
    make_safe(&node, "XB0101").await;
    let s = Staff::new(&node).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    to_consented(&node, &s.cw, &case, &person).await;
    go_ok(&node, &s.cw, &case, "assessment").await;

    let ind = record_ok(
        &node,
        &s.cw,
        &case,
        "coercion-indicators",
        &json!({"code": "time_pressure", "observed_on": today()}),
    )
    .await;
    let b = blocked(&node, &s.sup, &case, "approved").await;
    assert_eq!(rules(&b), ["coercion_open"]);
    let id = ind["id"].as_str().unwrap();
    resolve(&node, &s.cw, &case, id, "Looks fine to me")
        .await
        .assert_problem(403);
    let r = resolve(
        &node,
        &s.sup,
        &case,
        id,
        "Talked it through with the family",
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let again = resolve(&node, &s.sup, &case, id, "Again").await;
    again.assert_problem(409);
    assert_eq!(again.json["code"], "already-resolved", "{again:#?}");

    // A suspensive hold blocks; a hold without suspensive effect does not.
    record_ok(
        &node,
        &s.cw,
        &case,
        "holds",
        &json!({"kind": "grievance", "suspensive": false, "placed_on": today()}),
    )
    .await;
    let hold = record_ok(
        &node,
        &s.cw,
        &case,
        "holds",
        &json!({"kind": "pending_court_decision", "suspensive": true, "placed_on": today()}),
    )
    .await;
    let b = blocked(&node, &s.sup, &case, "approved").await;
    assert_eq!(rules(&b), ["suspensive_hold"]);
    // Only indicators and holds are resolved.
    let counselling = node
        .get(&format!("/api/v1/cases/{case}/records"), Some(&s.cw))
        .await
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == "counselling")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = resolve(&node, &s.sup, &case, &counselling, "Nothing to resolve").await;
    r.assert_problem(409);
    assert_eq!(r.json["code"], "record-not-resolvable", "{r:#?}");
    resolve(
        &node,
        &s.sup,
        &case,
        "00000000-0000-0000-0000-000000000000",
        "No such record",
    )
    .await
    .assert_problem(404);
    let lifted = resolve(
        &node,
        &s.sup,
        &case,
        hold["id"].as_str().unwrap(),
        "The court ruled",
    )
    .await;
    assert_eq!(lifted.status, 200, "{lifted:#?}");
    go_ok(&node, &s.sup, &case, "approved").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_names_the_field_and_writes_nothing() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    let (case, m) = register_members(
        &node,
        &s.cw,
        vec![
            json!({"relationship": "head", "sex": "male", "given_name": "Bad", "family_name": "Input",
                   "date_of_birth": "1980-01-01", "languages": ["ar"]}),
            member("child", "2016-01-01"),
        ],
    )
    .await;
    let (adult, child) = (&m[0], &m[1]);
    let consents = format!("/api/v1/persons/{adult}/consents");
    let mut unknown_language = counselling_body(&today());
    unknown_language["language"] = json!("zz");
    let mut future_counselling = counselling_body(&today());
    future_counselling["held_on"] = json!(days_ago(-1));
    let mut extra = counselling_body(&today());
    extra["mood"] = json!("fine");
    let mut consent_zz = consent_body("own", &today());
    consent_zz["language"] = json!("zz");
    let consent_future = consent_body("own", &days_ago(-2));
    let assent_adult = consent_body("assent", &today());
    let panel = best_interests(child, "determination", 2);
    let cases: Vec<(String, Value, u16, &str)> = vec![
        (
            format!("/api/v1/cases/{case}/counselling"),
            unknown_language,
            422,
            "/language",
        ),
        (
            format!("/api/v1/cases/{case}/counselling"),
            future_counselling,
            422,
            "/held_on",
        ),
        (
            format!("/api/v1/cases/{case}/counselling"),
            extra,
            422,
            "/mood",
        ),
        (consents.clone(), consent_zz, 422, "/language"),
        (consents.clone(), consent_future, 422, "/given_on"),
        (consents.clone(), assent_adult, 422, "/role"),
        (
            format!("/api/v1/cases/{case}/coercion-indicators"),
            json!({"code": "bribery", "observed_on": today()}),
            422,
            "/code",
        ),
        (
            format!("/api/v1/cases/{case}/coercion-indicators"),
            json!({"code": "decision_in_detention", "observed_on": today()}),
            422,
            "/person_id",
        ),
        (
            format!("/api/v1/cases/{case}/best-interests"),
            best_interests(adult, "assessment", 0),
            422,
            "/person_id",
        ),
        (
            format!("/api/v1/cases/{case}/best-interests"),
            panel,
            422,
            "/panel_members",
        ),
        (
            format!("/api/v1/cases/{case}/screenings"),
            json!({"person_id": adult, "screened_on": today(), "stage": "rapid", "rating": "urgent"}),
            422,
            "/rating",
        ),
        (
            format!("/api/v1/cases/{case}/holds"),
            json!({"kind": "pending_appeal", "suspensive": true, "placed_on": "2026-02-30"}),
            422,
            "/placed_on",
        ),
        (
            format!("/api/v1/cases/{case}/transitions"),
            json!({"to": "counselling", "by": "me"}),
            422,
            "/by",
        ),
        (
            format!("/api/v1/cases/{case}/transitions"),
            json!({"to": "suspended", "reason": "because"}),
            422,
            "/reason",
        ),
    ];
    for (path, body, status, pointer) in &cases {
        let before = node.journal_len().await;
        let r = node.post_json(path, Some(&s.cw), body).await;
        r.assert_problem(*status);
        assert!(
            r.pointers().iter().any(|p| p == pointer),
            "{path} {body}: expected {pointer} in {:?}: {r:#?}",
            r.pointers()
        );
        assert_eq!(
            node.journal_len().await,
            before,
            "{path} {body} wrote something"
        );
    }
    // Malformed JSON.
    let before = node.journal_len().await;
    for what in ["counselling", "transitions", "holds"] {
        let r = node
            .post_raw(
                &format!("/api/v1/cases/{case}/{what}"),
                Some(&s.cw),
                "application/json",
                "{]",
            )
            .await;
        r.assert_problem(400);
    }
    assert_eq!(node.journal_len().await, before);

    // Another organisation's case: not found, nothing written.
    let b_cw = node.login(B_CASEWORKER).await;
    let (theirs, _) = register_members(&node, &b_cw, vec![member("head", "1979-01-01")]).await;
    let before = node.journal_len().await;
    for (what, body) in [
        ("counselling", counselling_body(&today())),
        ("transitions", json!({"to": "counselling"})),
        (
            "holds",
            json!({"kind": "other", "suspensive": true, "placed_on": today()}),
        ),
    ] {
        let r = node
            .post_json(
                &format!("/api/v1/cases/{theirs}/{what}"),
                Some(&s.cw),
                &body,
            )
            .await;
        r.assert_problem(404);
        let r = node
            .get(&format!("/api/v1/cases/{theirs}/safeguards"), Some(&s.cw))
            .await;
        r.assert_problem(404);
    }
    assert_eq!(node.journal_len().await, before);

    // A closed case: a conflict, nothing written.
    let r = node
        .post_json(
            &format!("/api/v1/cases/{case}/closure"),
            Some(&s.sup),
            &json!({"reason": "duplicate"}),
        )
        .await;
    assert_eq!(r.status, 204, "{r:#?}");
    let before = node.journal_len().await;
    record(
        &node,
        &s.cw,
        &case,
        "counselling",
        &counselling_body(&today()),
    )
    .await
    .assert_problem(409);
    record(
        &node,
        &s.sup,
        &case,
        "cooling-off-waiver",
        &json!({"reason": "medical_urgency", "note": "Too late"}),
    )
    .await
    .assert_problem(409);
    let closed = go(&node, &s.cw, &case, "counselling").await;
    closed.assert_problem(409);
    assert_eq!(closed.json["code"], "case-closed", "{closed:#?}");
    assert_eq!(node.journal_len().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_are_sealed_and_shown_only_to_who_sees_names() {
    let node = TestNode::start().await;
    let s = Staff::new(&node).await;
    let pm = node.login_as(Role::ProgrammeManager).await;
    let (case, person) = one_adult(&node, &s.cw, "assisted_voluntary_return", "XB0101").await;
    let tag = random_hex(6);
    let question = format!("Cnryquestion{tag}");
    let evidence = format!("Cnryevidence{tag}");
    let review = format!("Cnryreview{tag}");
    let mut body = counselling_body(&today());
    body["questions"] = json!(question);
    let rec = record_ok(&node, &s.cw, &case, "counselling", &body).await;
    assert_eq!(rec["note"], question.as_str());
    assert_eq!(rec["data"]["destination_status"], "unassessed");
    let ind = record_ok(
        &node,
        &s.cw,
        &case,
        "coercion-indicators",
        &json!({"code": "misinformation", "person_id": person, "observed_on": today(), "note": evidence}),
    )
    .await;
    let r = resolve(&node, &s.sup, &case, ind["id"].as_str().unwrap(), &review).await;
    assert_eq!(r.status, 200, "{r:#?}");

    let path = format!("/api/v1/cases/{case}/records");
    let mine = node.get(&path, Some(&s.cw)).await;
    assert_eq!(mine.status, 200, "{mine:#?}");
    assert!(
        mine.text.contains(&question)
            && mine.text.contains(&evidence)
            && mine.text.contains(&review)
    );
    let theirs = node.get(&path, Some(&pm)).await;
    assert_eq!(theirs.status, 200, "{theirs:#?}");
    assert_eq!(theirs.json.as_array().unwrap().len(), 2);
    for r in theirs.json.as_array().unwrap() {
        assert!(
            r["note"].is_null() && r["resolution_note"].is_null(),
            "{r:#}"
        );
    }
    for needle in [&question, &evidence, &review] {
        assert!(!theirs.text.contains(needle.as_str()));
    }
    // The programme manager sees the transitions and the safeguards too, without names.
    let sg = node
        .get(&format!("/api/v1/cases/{case}/safeguards"), Some(&pm))
        .await;
    assert_eq!(sg.status, 200, "{sg:#?}");

    // The person's subject-access export holds the records about them and the household, with
    // the notes sealed under their key (here all three: the household has one member).
    let dpo = node.login_as(Role::Dpo).await;
    let request = node
        .post_json(
            "/api/v1/subject-requests",
            Some(&dpo),
            &json!({"person_id": person, "kind": "access", "received_on": today()}),
        )
        .await;
    assert_eq!(request.status, 201, "{request:#?}");
    let export = node
        .get(
            &format!(
                "/api/v1/persons/{person}/export?request={}",
                request.json["id"].as_str().unwrap()
            ),
            Some(&dpo),
        )
        .await;
    assert_eq!(export.status, 200, "{export:#?}");
    let records = export.json["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{records:#?}");
    for needle in [&question, &evidence, &review] {
        assert!(
            export.text.contains(needle.as_str()),
            "{needle} in the export"
        );
    }

    // In the journal and the tables, only ciphertext.
    let raw = node.db.raw().await;
    let journal = raw.journal().await;
    assert!(
        journal.iter().any(|e| e.kind.contains("recorded")),
        "{:?}",
        journal.iter().map(|e| &e.kind).collect::<Vec<_>>()
    );
    for e in &journal {
        for needle in [&question, &evidence, &review] {
            assert!(
                !e.payload.contains(needle.as_str()),
                "{needle} in the journal: {}",
                e.kind
            );
        }
    }
    let rows = raw
        .texts("SELECT note, resolution_note, data FROM case_records")
        .await;
    let rows = format!("{rows:?}");
    for needle in [&question, &evidence, &review] {
        assert!(!rows.contains(needle.as_str()), "{needle} in case_records");
    }
    raw.close().await;
}
