//! The server-rendered pages, driven in process through the router: sign-in with its login-CSRF
//! token, the register form's errors, the case page, the language switcher, and the guards.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use homeward_app::accounts::organisations::{Admin, NewUser};

use crate::common::*;

/// Signs in through the form; returns the Cookie header of the session.
async fn sign_in(r: &Router, email: &str) -> String {
    let page = send(r, get("/sign-in", "")).await;
    assert_eq!(page.status, StatusCode::OK);
    let pre = cookie_value(&page.cookies, "hw_pre").expect("a pre-session cookie");
    assert_eq!(csrf_of(&page.body), pre);
    let done = send(
        r,
        post(
            "/sign-in",
            &format!("hw_pre={pre}"),
            &[("csrf", &pre), ("email", email), ("password", PASSWORD)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let set = done
        .cookies
        .iter()
        .find(|c| c.starts_with("hw_session="))
        .expect("a session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"));
    let cookie = format!(
        "hw_session={}",
        cookie_value(&done.cookies, "hw_session").unwrap()
    );
    // Every test user's role reaches personal data: the first sign-in is held at enrolment,
    // which the test goes through on the pages, as the person would.
    assert_eq!(done.location.as_deref(), Some("/account/second-factor"));
    enrol(r, &cookie).await
}

/// Enrols a TOTP second factor through the enrolment page: start, read the key shown for
/// manual entry, confirm with a code computed from it. Returns the Cookie header of the new
/// session the confirmation sets (the enrolling one has ended).
async fn enrol(r: &Router, cookie: &str) -> String {
    let held = send(r, get("/dashboard", cookie)).await;
    assert_eq!(held.status, StatusCode::SEE_OTHER);
    assert_eq!(held.location.as_deref(), Some("/account/second-factor"));
    let page = send(r, get("/account/second-factor", cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    check_page(&page.body);
    let csrf = csrf_of(&page.body);
    let started = send(
        r,
        post("/account/second-factor", cookie, &[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let page = send(r, get("/account/second-factor", cookie)).await;
    check_page(&page.body);
    assert!(page.body.contains("<svg"), "a QR code");
    let key = page
        .body
        .split("secret\" dir=\"ltr\"><bdi>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the key for manual entry");
    let secret = data_encoding::BASE32_NOPAD.decode(key.as_bytes()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let wrong = send(
        r,
        post(
            "/account/second-factor/confirmation",
            cookie,
            &[("csrf", &csrf), ("code", "000000x")],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("aria-invalid=\"true\""));
    let code = homeward_crypto::totp_code(&secret, homeward_crypto::totp_step(now));
    let done = send(
        r,
        post(
            "/account/second-factor/confirmation",
            cookie,
            &[("csrf", &csrf), ("code", &code)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.body.matches("<li class=\"code\">").count(),
        10,
        "recovery codes"
    );
    let fresh = format!(
        "hw_session={}",
        cookie_value(&done.cookies, "hw_session").expect("a new session cookie")
    );
    assert_ne!(
        fresh, cookie,
        "a new session once the second factor is passed"
    );
    assert_eq!(
        send(r, get("/dashboard", cookie)).await.status,
        StatusCode::SEE_OTHER,
        "the enrolling session has ended"
    );
    assert_eq!(
        send(r, get("/dashboard", &fresh)).await.status,
        StatusCode::OK
    );
    fresh
}

fn check_page(body: &str) {
    assert!(body.len() < 100 * 1024, "page of {} bytes", body.len());
    assert!(!body.contains("style="), "inline style");
    assert!(!body.contains("<script"), "script");
    assert_eq!(body.matches("<h1").count(), 1, "one h1");
    assert!(body.contains("<main"));
}

#[tokio::test]
async fn sign_in_refuses_forged_and_wrong_attempts() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("mon@test.example", "monitor"),
    ])
    .await;
    let r = &f.router;
    // No pre-session cookie: a form posted from another site.
    let forged = send(
        r,
        post(
            "/sign-in",
            "",
            &[
                ("csrf", "x"),
                ("email", "cw@test.example"),
                ("password", PASSWORD),
            ],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(cookie_value(&forged.cookies, "hw_session").is_none());
    let page = send(r, get("/sign-in", "")).await;
    check_page(&page.body);
    let pre = cookie_value(&page.cookies, "hw_pre").unwrap();
    let wrong = send(
        r,
        post(
            "/sign-in",
            &format!("hw_pre={pre}; hw_lang=fr"),
            &[
                ("csrf", &pre),
                ("email", "cw@test.example"),
                ("password", "nope nope nope"),
            ],
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong
            .body
            .contains("L’adresse électronique, le mot de passe ou le code")
    );
    // Protected pages send strangers to sign in.
    for path in ["/dashboard", "/cases", "/households/new", "/"] {
        let res = send(r, get(path, "")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.location.as_deref(), Some("/sign-in"), "{path}");
    }
}

#[tokio::test]
async fn register_a_household_and_read_its_case() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("mon@test.example", "monitor"),
    ])
    .await;
    let r = &f.router;
    let session = sign_in(r, "cw@test.example").await;
    let dash = send(r, get("/dashboard", &session)).await;
    assert_eq!(dash.status, StatusCode::OK);
    check_page(&dash.body);
    let form = send(r, get("/households/new", &session)).await;
    assert_eq!(form.status, StatusCode::OK);
    check_page(&form.body);
    assert!(form.body.contains("Riverside (XA0101)"));
    let csrf = csrf_of(&form.body);

    let case = [
        ("kind", "assisted_voluntary_return"),
        ("host_country", "xb"),
        ("origin_country", "XA"),
        ("destination_area", "XA0101"),
    ];
    // A wrong CSRF token is refused and writes nothing.
    let mut fields = vec![("csrf", "forged"), ("m0_given_name", "Amal")];
    fields.extend(case);
    let forged = send(r, post("/households", &session, &fields)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Empty names: errors next to the fields, in Arabic, values kept, nothing written.
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("m0_relationship", "head"),
        ("m0_sex", "female"),
        ("m0_languages", "ar, FR"),
        ("m3_given_name", "<script>alert(1)</script>"),
        ("unknown_key", "ignored"),
    ];
    fields.extend(case);
    let bad = send(
        r,
        post("/households", &format!("{session}; hw_lang=ar"), &fields),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    check_page(&bad.body);
    assert!(bad.body.contains(r#"dir="rtl""#));
    assert!(bad.body.contains(r#"id="m0_given_name-error""#));
    assert!(
        bad.body
            .contains(r#"aria-describedby="m0_given_name-error""#)
    );
    assert!(bad.body.contains("هذا الحقل مطلوب"));
    assert!(bad.body.contains(r##"href="#m0_given_name""##));
    assert!(bad.body.contains(r#"role="alert""#));
    // Row 3 had a name but no relationship: its error names row 3, not member index 1.
    assert!(bad.body.contains(r#"id="m3_relationship-error""#));
    assert!(bad.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(bad.body.contains(r#"value="ar, FR""#));
    let counts = f.app.store().counts(None).await.unwrap();
    assert_eq!(counts.cases, 0);

    // "More rows" keeps what was entered, adds rows, and registers nothing.
    let more = send(
        r,
        post(
            "/households",
            &session,
            &[
                ("csrf", &csrf),
                ("m0_given_name", "Amal"),
                ("action", "more_rows"),
            ],
        ),
    )
    .await;
    assert_eq!(more.status, StatusCode::OK);
    assert!(more.body.contains(r#"id="m9_given_name""#));
    assert!(!more.body.contains(r#"id="m10_given_name""#));
    assert!(more.body.contains(r#"value="Amal""#));
    assert!(!more.body.contains("role=\"alert\""));
    assert_eq!(f.app.store().counts(None).await.unwrap().cases, 0);

    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("m0_given_name", "أمل"),
        ("m0_family_name", "الحسن"),
        ("m0_relationship", "head"),
        ("m0_sex", "female"),
        ("m0_date_of_birth", "1985-03-02"),
        ("m0_languages", "ar"),
        ("m1_given_name", "يوسف"),
        ("m1_family_name", "الحسن"),
        ("m1_relationship", "child"),
        ("m1_sex", "male"),
        ("m1_age_band", "5-11"),
        ("m2_relationship", ""),
    ];
    fields.extend(case);
    let ok = send(r, post("/households", &session, &fields)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let location = ok.location.unwrap();
    assert!(location.starts_with("/cases/"));
    let page = send(r, get(&location, &session)).await;
    assert_eq!(page.status, StatusCode::OK);
    check_page(&page.body);
    assert!(page.body.contains("<bdi>أمل الحسن</bdi>"));
    assert!(page.body.contains("Case opened"));
    assert!(page.body.contains("Riverside"));
    assert!(page.body.contains("5–11 years"));

    let list = send(r, get("/cases?reference=hw", &session)).await;
    assert_eq!(list.status, StatusCode::OK);
    check_page(&list.body);
    assert!(list.body.contains("<bdi>أمل الحسن</bdi>"));
    let bad_search = send(r, get("/cases?reference=%25", &session)).await;
    assert_eq!(bad_search.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_search.body.contains(r#"id="reference-error""#));

    // Another id, or one that is not an id: a translated 404 page.
    let missing = send(r, get("/cases/nope", &format!("{session}; hw_lang=fr"))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page introuvable"));

    // Signing out ends the session, and needs the CSRF token.
    let refused = send(r, post("/sign-out", &session, &[("csrf", "x")])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let out = send(r, post("/sign-out", &session, &[("csrf", &csrf)])).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = send(r, get("/dashboard", &session)).await;
    assert_eq!(after.location.as_deref(), Some("/sign-in"));
}

#[tokio::test]
async fn roles_languages_assets_and_fallbacks() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("mon@test.example", "monitor"),
    ])
    .await;
    let r = &f.router;
    let monitor = sign_in(r, "mon@test.example").await;
    let refused = send(r, get("/households/new", &monitor)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("You are not allowed"));
    assert!(!refused.body.contains(r#"href="/households/new""#));

    let switch = send(r, get("/language/ar?next=/cases%3Freference%3DHW", "")).await;
    assert_eq!(switch.location.as_deref(), Some("/cases?reference=HW"));
    assert_eq!(
        cookie_value(&switch.cookies, "hw_lang").as_deref(),
        Some("ar")
    );
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let res = send(r, get(&format!("/language/fr?next={}", enc(next)), "")).await;
        assert_eq!(res.location.as_deref(), Some("/"), "{next}");
    }
    let arabic = send(
        r,
        Request::get("/sign-in")
            .header(header::ACCEPT_LANGUAGE, "ar;q=0.9, de")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(arabic.body.contains(r#"<html lang="ar" dir="rtl">"#));

    let css = send(r, get("/assets/app.css", "")).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.body.contains("margin-inline"));

    let page404 = send(r, get("/no/such/page", "hw_lang=fr")).await;
    assert_eq!(page404.status, StatusCode::NOT_FOUND);
    assert!(page404.content_type.starts_with("text/html"));
    assert!(page404.body.contains("Page introuvable"));
    let api404 = send(r, get("/api/v1/no-such-thing", "")).await;
    assert_eq!(api404.status, StatusCode::NOT_FOUND);
    assert_eq!(api404.content_type, "application/problem+json");
}

#[tokio::test]
async fn case_page_marks_unaccompanied_children_and_erased_persons() {
    let f = fixture(&[
        ("cw@test.example", "caseworker"),
        ("mon@test.example", "monitor"),
    ])
    .await;
    let r = &f.router;
    let session = sign_in(r, "cw@test.example").await;
    let form = send(r, get("/households/new", &session)).await;
    let csrf = csrf_of(&form.body);
    let ok = send(
        r,
        post(
            "/households",
            &session,
            &[
                ("csrf", &csrf),
                ("m0_given_name", "Sami"),
                ("m0_family_name", "Haddad"),
                ("m0_relationship", "head"),
                ("m0_sex", "male"),
                ("m0_age_band", "12-17"),
                ("m1_given_name", "Rana"),
                ("m1_family_name", "Haddad"),
                ("m1_relationship", "sibling"),
                ("m1_sex", "female"),
                ("m1_age_band", "5-11"),
                ("kind", "spontaneous_return"),
                ("host_country", "XB"),
                ("origin_country", "XA"),
                ("destination_area", "XA0101"),
            ],
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let location = ok.location.unwrap();
    let page = send(r, get(&location, &session)).await;
    assert!(page.body.contains("Unaccompanied or separated children."));
    assert_eq!(page.body.matches("Unaccompanied child<").count(), 2);

    let case_id = location.trim_start_matches("/cases/");
    let (actor, _) = f
        .app
        .actor_for_session(session.trim_start_matches("hw_session="))
        .await
        .unwrap();
    let detail = f.app.case_detail(&actor, case_id).await.unwrap();
    f.app
        .erase_person(None, &detail.members[1].id, "data_subject_request")
        .await
        .unwrap();
    let page = send(r, get(&location, &session)).await;
    assert!(page.body.contains("Personal data erased"));
    assert!(!page.body.contains("Rana"));
    assert!(page.body.contains("<bdi>Sami Haddad</bdi>"));
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
        .actor_for_session(cw.trim_start_matches("hw_session="))
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
