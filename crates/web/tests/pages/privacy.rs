//! Privacy on the pages: the data-protection officer's pages of data-subject requests (the list
//! and its form with CSRF, errors beside the fields and nothing written on error; the request's
//! page and its actions; the guard for other roles), and break-glass: another organisation's case
//! opened through a justified form, the grant and the read seen by the case's DPO.

use axum::Router;
use axum::http::StatusCode;
use homeward_app::App;
use homeward_app::accounts::organisations::{Admin, NewUser};

use crate::common::*;

async fn journal(app: &App) -> i64 {
    app.store().counts(None).await.unwrap().journal
}

#[tokio::test]
async fn the_dpo_logs_extends_refuses_and_completes_requests_through_the_pages() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("dpo@test.example", "dpo"),
    ])
    .await;
    let r = &f.router;
    let (cw_cookie, cw) = session(&f.app, "cw@test.example").await;
    let (dpo, _) = session(&f.app, "dpo@test.example").await;
    let input = serde_json::from_value(serde_json::json!({
        "members": [{"relationship": "head", "sex": "female", "given_name": "Lina",
                     "family_name": "Nasser", "age_band": "18-59"}],
        "case": {"kind": "assisted_voluntary_return", "host_country": "XB",
                 "origin_country": "XA", "destination_area": "XA0101"}
    }))
    .unwrap();
    let case = f.app.register_household(&cw, input).await.unwrap();
    let person = case.members[0].id.clone();

    // Other roles are refused; the DPO sees the page and its form.
    assert_eq!(
        send(r, get("/data-protection/requests", &cw_cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let page = send(r, get("/data-protection/requests", &dpo)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("style=") && !page.body.contains("<script"));
    assert!(page.body.contains(r#"<label for="person_id""#));
    let csrf = csrf_of(&page.body);
    let index = send(r, get("/data-protection", &dpo)).await;
    assert!(index.body.contains(r#"href="/data-protection/requests""#));

    // No CSRF token, or bad fields: nothing written; the errors sit beside their fields.
    let before = journal(&f.app).await;
    let fields = [
        ("person_id", person.as_str()),
        ("kind", "erasure"),
        ("received_on", "2020-01-01"),
    ];
    let forged = send(r, post("/data-protection/requests", &dpo, &fields)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let bad = [
        ("csrf", csrf.as_str()),
        ("person_id", person.as_str()),
        ("kind", "deletion"),
        ("received_on", "2999-01-01"),
    ];
    let refused = send(r, post("/data-protection/requests", &dpo, &bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(r#"id="kind-error""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"id="received_on-error""#));
    assert!(refused.body.contains(r#"aria-invalid="true""#));
    let unknown = [
        ("csrf", csrf.as_str()),
        ("person_id", "0190aaaa-0000-7000-8000-000000000000"),
        ("kind", "access"),
        ("received_on", "2026-01-01"),
    ];
    let refused = send(r, post("/data-protection/requests", &dpo, &unknown)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="person_id-error""#));
    assert_eq!(journal(&f.app).await, before, "a refused form wrote");

    // Logged: listed with its deadline, overdue, marked in words.
    let today = time::OffsetDateTime::now_utc().date();
    let received = (today - time::Duration::days(45)).to_string();
    let deadline = (today - time::Duration::days(15)).to_string();
    for kind in ["objection", "erasure"] {
        let ok = [
            ("csrf", csrf.as_str()),
            ("person_id", person.as_str()),
            ("kind", kind),
            ("received_on", received.as_str()),
        ];
        let done = send(r, post("/data-protection/requests", &dpo, &ok)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location.as_deref(), Some("/data-protection/requests"));
    }
    let list = send(r, get("/data-protection/requests", &dpo)).await;
    assert!(list.body.contains(&deadline));
    assert!(list.body.contains(r#"<tr class="overdue">"#));
    assert!(list.body.contains("Overdue"));
    let requests = f
        .app
        .subject_requests(
            &f.app
                .actor_for_session(dpo.trim_start_matches("__Host-hw_session="))
                .await
                .unwrap()
                .0,
            None,
        )
        .await
        .unwrap();
    let path = |kind: &str| {
        let id = &requests.iter().find(|q| q.kind == kind).unwrap().id;
        format!("/data-protection/requests/{id}")
    };

    // Extension: a bad number of days is named beside the field; once only.
    let objection = path("objection");
    let page = send(r, get(&objection, &dpo)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!(r#"action="{objection}/extension""#))
    );
    let before = journal(&f.app).await;
    let zero = [
        ("csrf", csrf.as_str()),
        ("days", "0"),
        ("extension_reason", "complexity"),
    ];
    let refused = send(r, post(&format!("{objection}/extension"), &dpo, &zero)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="days-error""#));
    assert_eq!(journal(&f.app).await, before);
    let ten = [
        ("csrf", csrf.as_str()),
        ("days", "10"),
        ("extension_reason", "complexity"),
    ];
    let done = send(r, post(&format!("{objection}/extension"), &dpo, &ten)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = send(r, get(&objection, &dpo)).await;
    assert!(page.body.contains("Open, deadline extended"));
    assert!(
        !page.body.contains("/extension\""),
        "no second extension offered"
    );
    let again = send(r, post(&format!("{objection}/extension"), &dpo, &ten)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already extended"));

    // Refusal with a reason code.
    let refuse = [("csrf", csrf.as_str()), ("refusal_reason", "excessive")];
    let done = send(r, post(&format!("{objection}/refusal"), &dpo, &refuse)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = send(r, get(&objection, &dpo)).await;
    assert!(page.body.contains("Refused") && page.body.contains("Excessive"));

    // Completing the erasure erases the person.
    let erasure = path("erasure");
    let page = send(r, get(&erasure, &dpo)).await;
    assert!(page.body.contains("erases the person"));
    let done = send(
        r,
        post(
            &format!("{erasure}/completion"),
            &dpo,
            &[("csrf", csrf.as_str())],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let detail = f.app.case_detail(&cw, &case.id).await.unwrap();
    assert!(detail.members[0].erased);
    assert!(detail.members[0].given_name.is_none());
}

/// Registers a household of the caseworker's organisation through the form; returns the case
/// page's address.
async fn register_case(r: &Router, session: &str) -> String {
    let form = send(r, get("/households/new", session)).await;
    let csrf = csrf_of(&form.body);
    let ok = send(
        r,
        post(
            "/households",
            session,
            &[
                ("csrf", &csrf),
                ("m0_given_name", "Lina"),
                ("m0_family_name", "Nasser"),
                ("m0_relationship", "head"),
                ("m0_sex", "female"),
                ("m0_age_band", "18-59"),
                ("kind", "assisted_voluntary_return"),
                ("host_country", "XB"),
                ("origin_country", "XA"),
                ("destination_area", "XA0101"),
            ],
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    ok.location.unwrap()
}

#[tokio::test]
async fn break_glass_opens_a_case_of_another_organisation_and_the_dpo_sees_it() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("mon@test.example", "monitor"),
    ])
    .await;
    let r = &f.router;
    let cw = sign_in(r, "cw@test.example").await;
    let location = register_case(r, &cw).await;
    let case_id = location.trim_start_matches("/cases/").to_owned();
    let (cw_actor, _) = f
        .app
        .actor_for_session(cw.trim_start_matches("__Host-hw_session="))
        .await
        .unwrap();
    let person_id = f
        .app
        .case_detail(&cw_actor, &case_id)
        .await
        .unwrap()
        .members[0]
        .id
        .clone();

    // A DPO of the case's organisation, and a caseworker of another organisation.
    f.app
        .create_user(
            Admin::Operator,
            NewUser {
                organisation_id: &cw_actor.organisation_id,
                email: "dpo@test.example",
                display_name: "Data Officer",
                roles: &["dpo".to_owned()],
                password: PASSWORD,
            },
        )
        .await
        .unwrap();
    let other_org = f
        .app
        .create_organisation(Admin::Operator, "Other office", "XC")
        .await
        .unwrap();
    f.app
        .create_user(
            Admin::Operator,
            NewUser {
                organisation_id: &other_org.id,
                email: "other@test.example",
                display_name: "Omar Outside",
                roles: &["caseworker".to_owned()],
                password: PASSWORD,
            },
        )
        .await
        .unwrap();
    let other = sign_in(r, "other@test.example").await;

    // The case of another organisation and a made-up id read the same, with the same way on.
    let hidden = send(r, get(&location, &other)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert!(!hidden.body.contains("Lina"));
    let made_up = "0190aaaa-0000-7000-8000-000000000000";
    let missing = send(r, get(&format!("/cases/{made_up}"), &other)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden.body.replace(&case_id, "ID"),
        missing.body.replace(made_up, "ID")
    );
    assert!(hidden.body.contains(&format!("{location}/break-glass")));

    let form = send(r, get(&format!("{location}/break-glass"), &other)).await;
    assert_eq!(form.status, StatusCode::OK);
    check_page(&form.body);
    assert!(form.body.contains("lasts 4 hours"));
    assert!(form.body.contains(r#"<label for="justification""#));
    let csrf = csrf_of(&form.body);
    let reason = "Family reunification flight leaves tonight, need contacts";

    // Without the CSRF token: refused, nothing granted.
    let forged = send(
        r,
        post(
            &format!("{location}/break-glass"),
            &other,
            &[("justification", reason)],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        send(r, get(&location, &other)).await.status,
        StatusCode::NOT_FOUND
    );

    // Too short: the translated error next to the field, the text kept.
    let short = send(
        r,
        post(
            &format!("{location}/break-glass"),
            &format!("{other}; hw_lang=fr"),
            &[("csrf", &csrf), ("justification", "urgent")],
        ),
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    check_page(&short.body);
    assert!(short.body.contains(r#"id="justification-error""#));
    assert!(short.body.contains("au moins 20 caractères"));
    assert!(short.body.contains(">urgent</textarea>"));
    assert_eq!(
        send(r, get(&location, &other)).await.status,
        StatusCode::NOT_FOUND
    );

    let ok = send(
        r,
        post(
            &format!("{location}/break-glass"),
            &other,
            &[("csrf", &csrf), ("justification", reason)],
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location.as_deref(), Some(location.as_str()));
    let opened = send(r, get(&location, &other)).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(opened.body.contains("<bdi>Lina Nasser</bdi>"));

    // The DPO sees the grant and the read, and has the navigation link.
    let dpo = sign_in(r, "dpo@test.example").await;
    let index = send(r, get("/data-protection", &dpo)).await;
    assert_eq!(index.status, StatusCode::OK);
    check_page(&index.body);
    assert!(index.body.contains(r#"<label for="person""#));
    let go = send(
        r,
        get(&format!("/data-protection?person={person_id}"), &dpo),
    )
    .await;
    assert_eq!(go.status, StatusCode::SEE_OTHER);
    let log_path = format!("/data-protection/persons/{person_id}/access-log");
    assert_eq!(go.location.as_deref(), Some(log_path.as_str()));

    let grants = send(r, get("/data-protection/break-glass", &dpo)).await;
    assert_eq!(grants.status, StatusCode::OK);
    check_page(&grants.body);
    assert!(grants.body.contains(r#"href="/data-protection""#));
    assert!(grants.body.contains("<bdi>Omar Outside</bdi>"));
    assert!(grants.body.contains(&format!("<bdi>{reason}</bdi>")));
    // Cases are named by their reference, as people know them.
    let reference = f
        .app
        .store()
        .case(&case_id)
        .await
        .unwrap()
        .unwrap()
        .reference;
    assert!(grants.body.contains(&reference));

    let log = send(r, get(&log_path, &format!("{dpo}; hw_lang=ar"))).await;
    assert_eq!(log.status, StatusCode::OK);
    check_page(&log.body);
    assert!(log.body.contains("<bdi>Omar Outside</bdi>"));
    assert!(log.body.contains("وصول طارئ (كسر الزجاج)"));
    assert!(log.body.contains("صفحة الملف أو سجله"));

    // A caseworker may not read the DPO pages, nor sees their link.
    for path in [
        "/data-protection",
        "/data-protection/break-glass",
        &log_path,
    ] {
        let refused = send(r, get(path, &cw)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            !refused.body.contains(r#"href="/data-protection""#),
            "{path}"
        );
    }
}
