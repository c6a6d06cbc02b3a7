//! The data-protection officer's pages of data-subject requests, driven in process through the
//! router: the list and its form (CSRF, errors beside the fields, nothing written on error), the
//! request's page and its actions, and the guard for other roles.

use axum::http::StatusCode;
use homeward_app::App;

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
                .actor_for_session(dpo.trim_start_matches("hw_session="))
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
