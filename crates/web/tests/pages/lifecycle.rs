//! The return lifecycle on the case page, driven in process through the router: the safeguards
//! panel in three languages, a blocked move answering 409 with its reasons and writing nothing,
//! approval kept from case workers (no button, 403) and from one's own case (four eyes), the
//! CSRF guard, and a record form's errors beside its fields.

use axum::http::StatusCode;
use homeward_app::{Actor, App};

use crate::common::*;

/// Posts the case page's "proceed" form: a move to `to`.
async fn proceed(r: &axum::Router, path: &str, cookie: &str, csrf: &str, to: &str) -> Reply {
    send(
        r,
        post(
            path,
            cookie,
            &[("csrf", csrf), ("form", "proceed"), ("proceed-to", to)],
        ),
    )
    .await
}

async fn journal(app: &App) -> i64 {
    app.store().counts(None).await.unwrap().journal
}

/// An adult and a child of 12–17, bound for Riverside; returns the case id and member ids.
async fn household(app: &App, actor: &Actor) -> (String, String, String) {
    let input = serde_json::from_value(serde_json::json!({
        "members": [
            {"relationship": "head", "sex": "female", "given_name": "Lina",
             "family_name": "Nasser", "age_band": "18-59", "languages": ["ar"]},
            {"relationship": "child", "sex": "male", "given_name": "Sami",
             "family_name": "Nasser", "age_band": "12-17", "languages": ["ar"]}
        ],
        "case": {"kind": "assisted_voluntary_return", "host_country": "XB",
                 "origin_country": "XA", "destination_area": "XA0101"}
    }))
    .unwrap();
    let case = app.register_household(actor, input).await.unwrap();
    (
        case.id.clone(),
        case.members[0].id.clone(),
        case.members[1].id.clone(),
    )
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Counselling, consents (adult; guardian and assent for the child) and a best-interests
/// assessment, through the services; then the case moves to `assessment`.
async fn prepare(app: &App, actor: &Actor, case: &str, adult: &str, child: &str) {
    let t = |to: &str| homeward_app::lifecycle::transitions::TransitionInput {
        to: to.to_owned(),
        reason: None,
    };
    app.transition_case(actor, case, t("counselling"))
        .await
        .unwrap();
    let counselling: homeward_app::lifecycle::record_inputs::NewCounselling =
        serde_json::from_value(serde_json::json!({
        "held_on": today(), "language": "ar", "interpreter": false,
        "information_sheet": "AVR-XB-2026-03", "topics": ["safety_at_destination", "right_to_withdraw"]
    }))
    .unwrap();
    app.record_on_case(actor, case, counselling).await.unwrap();
    for (person, role) in [(adult, "own"), (child, "guardian"), (child, "assent")] {
        let consent = serde_json::from_value(serde_json::json!({
            "purpose": "return", "language": "ar", "method": "written", "interpreter": false,
            "given_on": today(), "role": role, "information_sheet": "AVR-XB-2026-03"
        }))
        .unwrap();
        app.record_consent(actor, person, consent).await.unwrap();
    }
    let bia: homeward_app::lifecycle::record_inputs::NewBestInterests =
        serde_json::from_value(serde_json::json!({
            "person_id": child, "decided_on": today(), "kind": "assessment",
            "outcome": "return_in_best_interests", "child_heard": true,
            "legal_representation": false, "options_compared": ["return", "local_integration"]
        }))
        .unwrap();
    app.record_on_case(actor, case, bia).await.unwrap();
    for to in ["consented", "assessment"] {
        app.transition_case(actor, case, t(to)).await.unwrap();
    }
}

#[tokio::test]
async fn the_panel_says_why_in_three_languages_and_a_blocked_move_writes_nothing() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("sup@test.example", "supervisor"),
    ])
    .await;
    let r = &f.router;
    let (cw, actor) = session(&f.app, "cw@test.example").await;
    let (case, _, _) = household(&f.app, &actor).await;
    let page = format!("/cases/{case}");

    // Registered: nothing guards counselling; the panel says so and offers the step.
    let shown = send(r, get(&page, &cw)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(!shown.body.contains("style=") && !shown.body.contains("<script"));
    assert!(
        shown.body.contains("This case can proceed to"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(r#"aria-current="step""#));
    let csrf = csrf_of(&shown.body);
    let moved = proceed(r, &format!("{page}/transitions"), &cw, &csrf, "counselling").await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(
        moved.location.as_deref(),
        Some(&*format!("{page}#lifecycle"))
    );

    // Counselling → consented is blocked: every finding, with its member and remedy.
    let en = send(r, get(&page, &cw)).await;
    assert!(en.body.contains("Why can't this case proceed to"));
    assert!(en.body.contains("The household has not been counselled."));
    assert!(en.body.contains("finding-block"));
    assert!(en.body.contains("Blocks"), "severity in words");
    assert!(
        en.body.contains("2026-11-design-4"),
        "the rule set's version"
    );
    assert!(
        !en.body.contains(r#"name="proceed-to""#),
        "no proceed button while blocked"
    );
    let fr = send(r, get(&page, &format!("{cw}; hw_lang=fr"))).await;
    assert!(
        fr.body
            .contains("Pourquoi ce dossier ne peut-il pas passer à")
    );
    assert!(fr.body.contains("Le ménage n'a pas reçu de conseil."));
    assert!(fr.body.contains("Ce qui le lève :"));
    assert!(fr.body.contains("Bloque"));
    let ar = send(r, get(&page, &format!("{cw}; hw_lang=ar"))).await;
    assert!(ar.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(ar.body.contains("لماذا لا يمكن لهذا الملف أن ينتقل إلى"));
    assert!(ar.body.contains("ما يرفعه:"));
    assert!(ar.body.contains("يمنع"));

    // Posting the blocked move anyway: 409, the same reasons, nothing written.
    let before = journal(&f.app).await;
    let refused = proceed(
        r,
        &format!("{page}/transitions"),
        &format!("{cw}; hw_lang=fr"),
        &csrf,
        "consented",
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("Le passage a été refusé"));
    assert!(refused.body.contains("Le ménage n'a pas reçu de conseil."));
    assert_eq!(journal(&f.app).await, before);

    // Without the CSRF token nothing moves either.
    let forged = send(
        r,
        post(
            &format!("{page}/transitions"),
            &cw,
            &[
                ("form", "move"),
                ("move-to", "withdrawn"),
                ("move-reason", "other"),
            ],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let forged = send(
        r,
        post(
            &format!("{page}/records/counselling"),
            &cw,
            &[("counselling-language", "ar")],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(journal(&f.app).await, before);

    // A reason is required to suspend: the error sits beside the reason, the form is open.
    let no_reason = send(
        r,
        post(
            &format!("{page}/transitions"),
            &cw,
            &[
                ("csrf", &csrf),
                ("form", "move"),
                ("move-to", "suspended"),
                ("move-reason", ""),
            ],
        ),
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains(r#"id="move-reason-error""#));
    assert!(no_reason.body.contains(r#"<details class="move" open"#));
    assert_eq!(journal(&f.app).await, before);

    // The transition made is in the history, with its rule set.
    assert!(en.body.contains("Steps taken"));
    assert!(en.body.matches("2026-11-design-4").count() >= 2);
}

#[tokio::test]
async fn record_forms_show_errors_beside_their_fields_and_save() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("sup@test.example", "supervisor"),
    ])
    .await;
    let r = &f.router;
    let (cw, actor) = session(&f.app, "cw@test.example").await;
    let (case, adult, child) = household(&f.app, &actor).await;
    let page = format!("/cases/{case}");
    let shown = send(r, get(&page, &cw)).await;
    let csrf = csrf_of(&shown.body);
    assert!(shown.body.contains(r#"id="form-counselling""#));
    assert!(
        shown.body.contains(r#"id="form-best-interests""#),
        "a child is here"
    );
    assert!(
        !shown.body.contains(r#"id="form-removal""#),
        "removal decisions are for forced returns"
    );
    assert!(
        !shown.body.contains(r#"id="form-waiver""#),
        "waivers are for supervisors"
    );

    let before = journal(&f.app).await;
    let bad = send(
        r,
        post(
            &format!("{page}/records/counselling"),
            &format!("{cw}; hw_lang=ar"),
            &[
                ("csrf", &csrf),
                ("form", "counselling"),
                ("counselling-held_on", "2999-01-01"),
                ("counselling-language", "zz-not"),
                ("counselling-information_sheet", "AVR-1"),
                ("counselling-topics", "housing"),
            ],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains(r#"<details class="record-form" open id="form-counselling""#)
    );
    assert!(bad.body.contains(r#"id="counselling-held_on-error""#));
    assert!(bad.body.contains(r#"id="counselling-language-error""#));
    assert!(
        bad.body.contains(r#"value="zz-not""#),
        "what was typed comes back"
    );
    assert!(bad.body.contains(r#"value="housing" checked"#));
    assert_eq!(journal(&f.app).await, before);

    // A guardian cannot consent for an adult: the error is beside the role.
    let wrong_role = send(
        r,
        post(
            &format!("{page}/members/{adult}/consents"),
            &cw,
            &[
                ("csrf", &csrf),
                ("form", "consent-1"),
                ("consent-1-role", "guardian"),
                ("consent-1-language", "ar"),
                ("consent-1-method", "written"),
                ("consent-1-given_on", &today()),
            ],
        ),
    )
    .await;
    assert_eq!(wrong_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong_role.body.contains(r#"id="consent-1-role-error""#));

    // Good input saves and comes back to the list.
    let ok = send(
        r,
        post(
            &format!("{page}/records/counselling"),
            &cw,
            &[
                ("csrf", &csrf),
                ("form", "counselling"),
                ("counselling-held_on", &today()),
                ("counselling-language", "ar"),
                ("counselling-information_sheet", "AVR-XB-2026-03"),
                ("counselling-topics", "housing"),
                ("counselling-topics", "right_to_withdraw"),
                ("counselling-questions", "Is the school open?"),
            ],
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let consent = send(
        r,
        post(
            &format!("{page}/members/{child}/consents"),
            &cw,
            &[
                ("csrf", &csrf),
                ("form", "consent-2"),
                ("consent-2-role", "assent"),
                ("consent-2-language", "ar"),
                ("consent-2-method", "oral"),
                ("consent-2-given_on", &today()),
            ],
        ),
    )
    .await;
    assert_eq!(consent.status, StatusCode::SEE_OTHER, "{}", consent.body);
    let after = send(r, get(&page, &cw)).await;
    assert!(after.body.contains("Counselling session"));
    assert!(
        after.body.contains("Is the school open?"),
        "the sealed note, opened"
    );
    assert!(
        after.body.contains("The child&#39;s own assent")
            || after.body.contains("The child's own assent")
    );
    assert!(after.body.contains("Withdraw this consent"));
}

#[tokio::test]
async fn only_another_supervisor_approves() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("sup@test.example", "supervisor"),
    ])
    .await;
    let r = &f.router;
    let (cw, cw_actor) = session(&f.app, "cw@test.example").await;
    let (sup, sup_actor) = session(&f.app, "sup@test.example").await;

    // The case worker's case, ready for approval but for the unassessed destination.
    let (case, adult, child) = household(&f.app, &cw_actor).await;
    prepare(&f.app, &cw_actor, &case, &adult, &child).await;
    let page = format!("/cases/{case}");
    let shown = send(r, get(&page, &cw)).await;
    assert!(
        !shown.body.contains("Approve the return"),
        "no approve button"
    );
    let csrf = csrf_of(&shown.body);
    let before = journal(&f.app).await;
    let refused = proceed(r, &format!("{page}/transitions"), &cw, &csrf, "approved").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Only a supervisor may approve a return.")
    );
    assert_eq!(journal(&f.app).await, before);

    // The supervisor sees why it cannot be approved (the destination is not assessed).
    let seen = send(r, get(&page, &format!("{sup}; hw_lang=ar"))).await;
    assert!(seen.body.contains("لماذا لا يمكن لهذا الملف أن ينتقل إلى"));
    assert!(seen.body.contains("finding-block"));
    let sup_csrf = csrf_of(&seen.body);
    let blocked = proceed(
        r,
        &format!("{page}/transitions"),
        &sup,
        &sup_csrf,
        "approved",
    )
    .await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert!(
        blocked
            .body
            .contains("Wait for current assessments of the area")
    );
    assert_eq!(journal(&f.app).await, before);

    // A supervisor's own case: four eyes.
    let (own, adult, child) = household(&f.app, &sup_actor).await;
    prepare(&f.app, &sup_actor, &own, &adult, &child).await;
    let four_eyes = proceed(
        r,
        &format!("/cases/{own}/transitions"),
        &format!("{sup}; hw_lang=fr"),
        &sup_csrf,
        "approved",
    )
    .await;
    assert_eq!(four_eyes.status, StatusCode::FORBIDDEN);
    assert!(four_eyes.body.contains("Double regard"));
}

#[tokio::test]
async fn the_work_list_shows_each_user_their_tasks_in_their_language() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("sup@test.example", "supervisor"),
    ])
    .await;
    let r = &f.router;
    let (cw, cw_actor) = session(&f.app, "cw@test.example").await;
    let (sup, _) = session(&f.app, "sup@test.example").await;
    let empty = send(r, get("/work", &cw)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.body.contains("Nothing is waiting for you."),
        "{}",
        empty.body
    );
    assert!(empty.body.contains(r#"href="/work""#), "in the navigation");

    // Put forward for approval: the supervisor's task, not the case worker's.
    let (case, adult, child) = household(&f.app, &cw_actor).await;
    prepare(&f.app, &cw_actor, &case, &adult, &child).await;
    let cw_list = send(r, get("/work", &cw)).await;
    assert!(cw_list.body.contains("Nothing is waiting for you."));
    let sup_list = send(r, get("/work", &sup)).await;
    assert!(
        sup_list.body.contains("Return waiting for approval"),
        "{}",
        sup_list.body
    );
    assert!(sup_list.body.contains(&format!(r#"href="/cases/{case}""#)));
    let ar = send(r, get("/work", &format!("{sup}; hw_lang=ar"))).await;
    assert!(ar.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(ar.body.contains("عودة بانتظار الموافقة"), "{}", ar.body);

    // Without a session: to the sign-in page.
    let anonymous = send(r, get("/work", "")).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
