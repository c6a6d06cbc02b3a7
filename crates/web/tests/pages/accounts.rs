//! Signing in on the pages: a forged or wrong attempt is refused and strangers are sent to sign
//! in; session tokens are renewed when a browser signs in (ASVS V7.2.4): a session the browser
//! still holds ends, and the new one replaces it. (Enrolling a second factor renews the session
//! too: `common::enrol` checks that at every enrolment.)

use axum::http::StatusCode;

use crate::common::*;

/// Signs in through the form, sending `held` (a Cookie header) along; returns the new session's
/// Cookie header.
async fn sign_in_holding(r: &axum::Router, email: &str, held: &str) -> String {
    // (A browser signed in is sent on from the form; the form of another tab still posts.)
    let page = send(r, get("/sign-in", "")).await;
    let pre = cookie_value(&page.cookies, "hw_pre").expect("a pre-session cookie");
    let cookies = if held.is_empty() {
        format!("hw_pre={pre}")
    } else {
        format!("{held}; hw_pre={pre}")
    };
    let done = send(
        r,
        post(
            "/sign-in",
            &cookies,
            &[("csrf", &pre), ("email", email), ("password", PASSWORD)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // An assessor's role reaches no personal data: no second factor is asked for.
    assert_eq!(done.location.as_deref(), Some("/dashboard"));
    format!(
        "hw_session={}",
        cookie_value(&done.cookies, "hw_session").unwrap()
    )
}

#[tokio::test]
async fn signing_in_again_ends_the_session_the_browser_held() {
    let f = fixture(&[("assessor@test.example", "assessor")]).await;
    let r = &f.router;
    let first = sign_in_holding(r, "assessor@test.example", "").await;
    assert_eq!(
        send(r, get("/dashboard", &first)).await.status,
        StatusCode::OK
    );
    let second = sign_in_holding(r, "assessor@test.example", &first).await;
    assert_ne!(first, second);
    assert_eq!(
        send(r, get("/dashboard", &second)).await.status,
        StatusCode::OK
    );
    let old = send(r, get("/dashboard", &first)).await;
    assert_eq!(
        old.status,
        StatusCode::SEE_OTHER,
        "the old session has ended"
    );
    assert_eq!(old.location.as_deref(), Some("/sign-in"));
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
