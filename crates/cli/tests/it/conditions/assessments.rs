//! Return-area conditions through the API on both engines: assessments, the computed status with
//! two organisations, corrections, denial and bad input, the public status and its CSV table.

use crate::kit::db::TestDb;
use crate::kit::fixtures::{CRITERIA, add_user, assessment_body, random_hex};
use crate::kit::http::send;
use crate::kit::node::TestNode;
use homeward_domain::accounts::roles::Role;
use serde_json::{Value, json};

fn days_ago(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string()
}

/// An assessor of another organisation, signed in.
async fn assessor_of(node: &TestNode, org: &str) -> String {
    let email = format!("assessor-{}@other.test", random_hex(4));
    add_user(&node.app, org, &[Role::Assessor], &email).await;
    node.login(&email).await
}

async fn status(node: &TestNode, pcode: &str) -> Value {
    let r = node
        .get(&format!("/api/v1/areas/{pcode}/status"), None)
        .await;
    assert_eq!(r.status, 200, "{r:#?}");
    r.json
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_organisations_make_an_area_safe_and_every_change_is_journaled() {
    let node = TestNode::start().await;
    let a = node.login_as(Role::Assessor).await;
    let b = assessor_of(&node, &node.org_b).await;
    assert_eq!(status(&node, "XB0101").await["status"], "unassessed");

    let path = "/api/v1/areas/XB0101/assessments";
    let first = node
        .post_json(path, Some(&a), &assessment_body(&days_ago(3), "met"))
        .await;
    assert_eq!(first.status, 201, "{first:#?}");
    // The shipped severity figures are placeholders: a score, but no label.
    assert_eq!(first.json["severity_score"], 0);
    assert!(first.json["severity_label"].is_null());
    let s = status(&node, "XB0101").await;
    assert_eq!(
        (s["status"].as_str(), s["reason"].as_str()),
        (
            Some("conditional"),
            Some("not_confirmed_by_two_organisations")
        )
    );

    let second = node
        .post_json(path, Some(&b), &assessment_body(&days_ago(1), "met"))
        .await;
    assert_eq!(second.status, 201, "{second:#?}");
    let s = status(&node, "XB0101").await;
    assert_eq!(s["status"], "safe");
    assert_eq!(s["by_organisation"].as_array().unwrap().len(), 2);
    assert_eq!(s["history"][0]["previous"], "conditional");

    // B finds safety not met: unsafe at once, both views side by side.
    let mut worse = assessment_body(&days_ago(0), "met");
    worse["findings"][0]["status"] = json!("not_met");
    let third = node.post_json(path, Some(&b), &worse).await;
    assert_eq!(third.status, 201, "{third:#?}");
    assert_eq!(third.json["severity_score"], 23, "safety weighs 3 of 13");
    let s = status(&node, "XB0101").await;
    assert_eq!(
        (s["status"].as_str(), s["reason"].as_str()),
        (Some("unsafe"), Some("safety_not_met"))
    );
    assert_eq!(s["by_organisation"][0]["id"], third.json["id"]);

    // B corrects it (a typo): the correction replaces the wrong assessment; safe again.
    let mut fix = assessment_body(&days_ago(0), "met");
    fix["corrects"] = third.json["id"].clone();
    let r = node.post_json(path, Some(&b), &fix).await;
    assert_eq!(r.status, 201, "{r:#?}");
    assert_eq!(status(&node, "XB0101").await["status"], "safe");
    let kinds: Vec<String> = node
        .db
        .raw()
        .await
        .journal()
        .await
        .into_iter()
        .filter(|e| e.kind == "area.status_changed")
        .map(|e| e.payload)
        .collect();
    assert_eq!(
        kinds.len(),
        4,
        "conditional, safe, unsafe, safe: {kinds:#?}"
    );

    // The public pages say so without an account, in English and in Arabic, and stay small.
    let page = node.get("/areas/XB0101", None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text
            .contains("Two different organisations found the first four criteria met"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("Org A") && page.text.contains("Org B"),
        "{}",
        page.text
    );
    let ar = send(
        node.client
            .get(node.url("/areas/XB0101"))
            .header("accept-language", "ar"),
    )
    .await;
    assert!(ar.text.contains("dir=\"rtl\""));
    assert!(ar.text.contains("آمنة"), "{}", ar.text);
    let index = node.get("/areas", None).await;
    assert_eq!(index.status, 200);
    assert!(index.text.contains("href=\"/areas/XB\""));
    assert!(page.text.len() < 100_000 && index.text.len() < 100_000);
    assert_eq!(node.get("/areas/XZ9999", None).await.status, 404);
    // A country's page rolls each province's districts up in its line.
    let country = node.get("/areas/XB", None).await;
    assert!(
        country.text.contains("<bdi>1</bdi> Safe"),
        "{}",
        country.text
    );
    assert!(
        country.text.contains("<bdi>1</bdi> Not assessed"),
        "{}",
        country.text
    );

    // The province rolls its districts up: the worst, and how many of each.
    let province = status(&node, "XB01").await;
    assert_eq!(province["children"]["worst"], "unassessed");
    assert_eq!(province["children"]["counts"]["safe"], 1);
    assert_eq!(province["children"]["counts"]["unassessed"], 1);
    assert!(status(&node, "XB0101").await["children"].is_null());

    // The status table carries the HXL row and the new status.
    let csv = node.get("/api/v1/area-status.csv", None).await;
    assert_eq!(csv.status, 200);
    let mut lines = csv.text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("adm1_pcode,adm2_pcode,pcode")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("#adm1+code,#adm2+code,#loc+code")
    );
    assert!(
        csv.text.contains("XB01,XB0101,XB0101,Riverside,adm2,safe,"),
        "{}",
        csv.text
    );
    assert!(
        csv.text
            .contains("XB01,XB0102,XB0102,Hillcrest,adm2,unassessed,"),
        "{}",
        csv.text
    );

    let out = node.cli(&["audit", "verify"]).await;
    assert!(out.success(), "{out:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_assessors_submit_for_their_own_organisation_and_bad_input_writes_nothing() {
    let node = TestNode::start().await;
    let a = node.login_as(Role::Assessor).await;
    let cw = node.login_as(Role::Caseworker).await;
    let path = "/api/v1/areas/XB0101/assessments";
    let before = node.journal_len().await;
    node.post_json(path, Some(&cw), &assessment_body(&days_ago(1), "met"))
        .await
        .assert_problem(403);
    let mut on_behalf = assessment_body(&days_ago(1), "met");
    on_behalf["organisation_id"] = json!(node.org_b);
    node.post_json(path, Some(&a), &on_behalf)
        .await
        .assert_problem(403);
    node.post_json(
        "/api/v1/areas/XZ9999/assessments",
        Some(&a),
        &assessment_body(&days_ago(1), "met"),
    )
    .await
    .assert_problem(404);
    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut body = assessment_body(&days_ago(1), "met");
        edit(&mut body);
        body
    };
    for (body, pointer) in [
        (
            bad(&|b| b["assessed_on"] = json!(days_ago(-2))),
            "/assessed_on",
        ),
        (
            bad(&|b| b["findings"][2]["status"] = json!("mostly")),
            "/findings/2/status",
        ),
        (bad(&|b| b["source_type"] = json!("rumour")), "/source_type"),
        (
            bad(&|b| {
                b["findings"].as_array_mut().unwrap().pop();
            }),
            "/findings",
        ),
        (
            bad(&|b| b["corrects"] = json!("00000000-0000-7000-8000-000000000000")),
            "/corrects",
        ),
    ] {
        let r = node.post_json(path, Some(&a), &body).await;
        r.assert_problem(422);
        assert_eq!(r.pointers(), [pointer], "{r:#?}");
    }
    assert_eq!(node.journal_len().await, before, "refusals write nothing");
    // Another organisation's assessment cannot be "corrected".
    let b = assessor_of(&node, &node.org_b).await;
    let theirs = node
        .post_json(path, Some(&b), &assessment_body(&days_ago(1), "met"))
        .await;
    assert_eq!(theirs.status, 201);
    let before_fix = node.journal_len().await;
    let mut steal = assessment_body(&days_ago(1), "not_met");
    steal["corrects"] = theirs.json["id"].clone();
    let r = node.post_json(path, Some(&a), &steal).await;
    r.assert_problem(422);
    assert_eq!(r.pointers(), ["/corrects"]);
    assert_eq!(node.journal_len().await, before_fix);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_goes_stale_with_time_and_the_daily_recompute_journals_it() {
    let node = TestNode::start().await;
    let a = node.login_as(Role::Assessor).await;
    // 90 days is the shipped limit: evidence of 91 days ago is already too old when submitted.
    let r = node
        .post_json(
            "/api/v1/areas/XB0102/assessments",
            Some(&a),
            &assessment_body(&days_ago(91), "met"),
        )
        .await;
    assert_eq!(r.status, 201, "{r:#?}");
    let s = status(&node, "XB0102").await;
    assert_eq!(
        (s["status"].as_str(), s["reason"].as_str()),
        (Some("stale"), Some("evidence_too_old"))
    );
    assert_eq!(s["evidence_on"], days_ago(91));
    // Nothing has changed since: a recompute finds nothing to journal, and says so.
    let journal = node.journal_len().await;
    let out = node.cli(&["areas", "recompute"]).await;
    assert!(out.success(), "{out:#?}");
    assert!(out.stdout.contains("0 changed"), "{out:#?}");
    assert_eq!(node.journal_len().await, journal);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assessment_form_keeps_a_draft_shows_errors_beside_fields_and_submits() {
    let node = TestNode::start().await;
    let token = node.login_as(Role::Assessor).await;
    let cookie = format!("__Host-hw_session={token}");
    let get = |path: &str, cookie: String| {
        let req = node.client.get(node.url(path)).header("cookie", cookie);
        send(req)
    };
    let page = get("/areas/XB0101/assessment", cookie.clone()).await;
    assert_eq!(page.status, 200, "{page:#?}");
    let csrf = page
        .text
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    // Redirects are what the test checks, so they are not followed.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |fields: Vec<(String, String)>| {
        let req = client
            .post(node.url("/areas/XB0101/assessment"))
            .header("cookie", &cookie)
            .form(&fields);
        send(req)
    };
    let field = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    let journal = node.journal_len().await;

    // A draft keeps what was typed, even incomplete.
    let mut fields = vec![
        field("csrf", &csrf),
        field("action", "draft"),
        field("assessed_on", &days_ago(1)),
        field("source_type", "field_visit"),
        field("status.safety", "met"),
        field("evidence.safety", "Market open, checkpoint removed"),
    ];
    let r = post(fields.clone()).await;
    assert_eq!(r.status, 303, "{r:#?}");
    let page = get("/areas/XB0101/assessment", cookie.clone()).await;
    assert!(page.text.contains("Market open, checkpoint removed"));
    assert!(page.text.contains("Draft saved at"));
    assert_eq!(node.journal_len().await, journal, "a draft is not a fact");

    // Submitting it incomplete answers with the errors beside their fields; nothing is written.
    fields[1] = field("action", "submit");
    let r = post(fields.clone()).await;
    assert_eq!(r.status, 422);
    assert!(
        r.text
            .contains("class=\"criterion has-error\" id=\"status.livelihoods\""),
        "{}",
        r.text
    );
    assert!(
        !r.text
            .contains("class=\"criterion has-error\" id=\"status.safety\"")
    );
    assert_eq!(node.journal_len().await, journal);

    // Complete, it is recorded, the status follows, and the draft is gone.
    for c in CRITERIA.iter().skip(1) {
        fields.push(field(&format!("status.{c}"), "met"));
    }
    let r = post(fields).await;
    assert_eq!(r.status, 303, "{r:#?}");
    assert_eq!(r.header("location"), "/areas/XB0101");
    assert_eq!(node.journal_len().await, journal + 2);
    assert_eq!(status(&node, "XB0101").await["status"], "conditional");
    let page = get("/areas/XB0101/assessment", cookie.clone()).await;
    assert!(!page.text.contains("Market open"));

    // A correction from the form: the area page offers it on the organisation's own column, the
    // form starts from the old findings, and the new assessment replaces the old in the status.
    let area = get("/areas/XB0101", cookie.clone()).await;
    let href = area
        .text
        .split("href=\"/areas/XB0101/assessment?corrects=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a correction link on the assessor's own column")
        .to_owned();
    let form = get(
        &format!("/areas/XB0101/assessment?corrects={href}"),
        cookie.clone(),
    )
    .await;
    assert_eq!(form.status, 200);
    assert!(
        form.text.contains("Market open, checkpoint removed"),
        "old findings copied"
    );
    assert!(
        form.text
            .contains(&format!("name=\"corrects\" value=\"{href}\""))
    );
    let mut fields = vec![
        field("csrf", &csrf),
        field("action", "submit"),
        field("corrects", &href),
        field("assessed_on", &days_ago(1)),
        field("source_type", "field_visit"),
        field("status.safety", "not_met"),
        field("evidence.safety", "Checkpoint back"),
    ];
    for c in CRITERIA.iter().skip(1) {
        fields.push(field(&format!("status.{c}"), "met"));
    }
    let r = post(fields).await;
    assert_eq!(r.status, 303, "{r:#?}");
    assert_eq!(status(&node, "XB0101").await["status"], "unsafe");
    let list = node
        .get("/api/v1/areas/XB0101/assessments", Some(&token))
        .await
        .json;
    assert_eq!(list[0]["corrects"], href.as_str(), "{list:#?}");

    // Only assessors; and never without the form's CSRF token.
    let cw = node.login_as(Role::Caseworker).await;
    assert_eq!(
        get(
            "/areas/XB0101/assessment",
            format!("__Host-hw_session={cw}")
        )
        .await
        .status,
        403
    );
    let r = post(vec![field("action", "draft")]).await;
    assert_eq!(r.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_criteria_or_severity_file_stops_the_server_naming_the_line() {
    let db = TestDb::new().await;
    let bad = db.root.join("criteria.toml");
    let shipped = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/area-criteria.toml"
    ));
    std::fs::write(
        &bad,
        shipped.replace("max_age_days = 90\n", "max_age_days = \"ninety\"\n"),
    )
    .unwrap();
    let out = db
        .cli(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--criteria",
            bad.to_str().unwrap(),
        ])
        .await;
    assert!(!out.success(), "{out:#?}");
    assert!(out.stderr.contains("criteria.toml: line 13"), "{out:#?}");
    let bad = db.root.join("index.toml");
    let shipped = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/return-index.toml"
    ));
    std::fs::write(
        &bad,
        shipped.replace("criterion = \"safety\"", "criterion = \"safe\""),
    )
    .unwrap();
    let out = db
        .cli(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--return-index",
            bad.to_str().unwrap(),
        ])
        .await;
    assert!(!out.success(), "{out:#?}");
    assert!(out.stderr.contains("is not a criterion"), "{out:#?}");
}
