//! Cases on the pages: registering a household through the form (CSRF, errors beside the fields
//! in the reader's language, values kept, more rows), the case page and the case list, the marks
//! for unaccompanied children and erased persons; and what every reader meets on the way: the
//! role guard, the language switcher and Accept-Language, assets, and translated 404 pages.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::*;

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
async fn an_unusual_relationship_is_shown_beside_the_field_and_can_be_confirmed() {
    let f = fixture(&[("cw@test.example", "caseworker")]).await;
    let r = &f.router;
    let session = sign_in(r, "cw@test.example").await;
    let form = send(r, get("/households/new", &session)).await;
    // No confirmation is offered before a relationship is found unusual.
    assert!(!form.body.contains("unusual_confirmed"));
    let csrf = csrf_of(&form.body);
    let year = time::OffsetDateTime::now_utc().year();
    let (head_born, child_born) = (
        format!("{}-01-01", year - 30),
        format!("{}-01-01", year - 25),
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("m0_given_name", "Amal"),
        ("m0_family_name", "Haddad"),
        ("m0_relationship", "head"),
        ("m0_sex", "female"),
        ("m0_date_of_birth", head_born.as_str()),
        ("m1_given_name", "Sami"),
        ("m1_family_name", "Haddad"),
        ("m1_relationship", "child"),
        ("m1_sex", "male"),
        ("m1_date_of_birth", child_born.as_str()),
        ("kind", "assisted_voluntary_return"),
        ("host_country", "XB"),
        ("origin_country", "XA"),
        ("destination_area", "XA0101"),
    ];
    let refused = send(
        r,
        post("/households", &format!("{session}; hw_lang=fr"), &fields),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    check_page(&refused.body);
    assert!(refused.body.contains(r#"id="m1_relationship-error""#));
    assert!(
        refused.body.contains("pour être son enfant"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r##"href="#m1_relationship""##));
    // The box to confirm sits beside the relationship, tied to its error; the head's row,
    // which broke no rule, offers none.
    assert!(refused.body.contains(r#"name="m1_unusual_confirmed""#));
    assert!(
        refused
            .body
            .contains(r#"aria-describedby="m1_relationship-error""#)
    );
    assert!(refused.body.contains("bien qu’inhabituel"));
    assert!(!refused.body.contains(r#"name="m0_unusual_confirmed""#));
    assert_eq!(f.app.store().counts(None).await.unwrap().cases, 0);

    let mut confirmed = fields.to_vec();
    confirmed.push(("m1_unusual_confirmed", "yes"));
    let ok = send(r, post("/households", &session, &confirmed)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(f.app.store().counts(None).await.unwrap().cases, 1);
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
        cookie_value(&switch.cookies, "__Host-hw_lang").as_deref(),
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
        .actor_for_session(session.trim_start_matches("__Host-hw_session="))
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
