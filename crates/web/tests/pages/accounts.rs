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
    let pre = cookie_value(&page.cookies, "__Host-hw_pre").expect("a pre-session cookie");
    let cookies = if held.is_empty() {
        format!("__Host-hw_pre={pre}")
    } else {
        format!("{held}; __Host-hw_pre={pre}")
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
        "__Host-hw_session={}",
        cookie_value(&done.cookies, "__Host-hw_session").unwrap()
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
    assert!(cookie_value(&forged.cookies, "__Host-hw_session").is_none());
    let page = send(r, get("/sign-in", "")).await;
    check_page(&page.body);
    let pre = cookie_value(&page.cookies, "__Host-hw_pre").unwrap();
    let wrong = send(
        r,
        post(
            "/sign-in",
            &format!("__Host-hw_pre={pre}; hw_lang=fr"),
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

/// Every `<input …>` tag of a page.
fn inputs(body: &str) -> Vec<&str> {
    body.split("<input")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .collect()
}

/// Asserts that a page's password inputs are `type=password` with `autocomplete` as given, and
/// that nothing on the page gets in the way of pasting or a password manager (ASVS V6.2.6,
/// V6.2.7); answers how many there are.
fn check_password_inputs(body: &str, autocomplete: &str) -> usize {
    for blocker in ["onpaste", "oncopy", "ondrop", "oncut", "readonly"] {
        assert!(!body.contains(blocker), "{blocker} on the page");
    }
    let passwords: Vec<&str> = inputs(body)
        .into_iter()
        .filter(|i| i.contains("name=\"password\"") || i.contains("name=\"repeat\""))
        .collect();
    for input in &passwords {
        assert!(input.contains("type=\"password\""), "{input}");
        assert!(
            input.contains(&format!("autocomplete=\"{autocomplete}\"")),
            "{input}"
        );
        assert!(input.contains("maxlength=\"1024\""), "{input}");
    }
    passwords.len()
}

/// The token of the first enrolment link on a page.
fn link_token(body: &str) -> String {
    let at = body.find("/enrol/").expect("an enrolment link") + 7;
    body[at..at + 43].to_owned()
}

#[tokio::test]
async fn an_invited_user_chooses_their_password_on_the_link_page() {
    let f = fixture(&[("admin@test.example", "admin")]).await;
    let r = &f.router;
    let admin = sign_in(r, "admin@test.example").await;
    let page = send(r, get("/users", &admin)).await;
    check_page(&page.body);
    // The administrator chooses no password: the form has none.
    assert_eq!(check_password_inputs(&page.body, "new-password"), 0);
    let csrf = csrf_of(&page.body);
    let made = send(
        r,
        post(
            "/users",
            &admin,
            &[
                ("csrf", &csrf),
                ("email", "new.worker@test.example"),
                ("display_name", "New Worker"),
                ("roles", "caseworker"),
            ],
        ),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    check_page(&made.body);
    let token = link_token(&made.body);
    assert!(
        made.body
            .contains(&format!("http://localhost/enrol/{token}"))
    );
    assert_eq!(made.headers["cache-control"], "no-store");

    // The person opens the link: outside sign-in, with the sign-in form's login-CSRF token.
    let path = format!("/enrol/{token}");
    let form = send(r, get(&path, "")).await;
    assert_eq!(form.status, StatusCode::OK);
    check_page(&form.body);
    assert!(form.body.contains("new.worker@test.example"));
    assert_eq!(check_password_inputs(&form.body, "new-password"), 2);
    let pre = cookie_value(&form.cookies, "__Host-hw_pre").expect("a pre-session cookie");
    let cookie = format!("__Host-hw_pre={pre}");
    let chosen = "the worker's own long passphrase";
    let mismatch = send(
        r,
        post(
            &path,
            &cookie,
            &[
                ("csrf", &pre),
                ("password", chosen),
                ("repeat", "something else"),
            ],
        ),
    )
    .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("aria-invalid=\"true\""));
    let common = send(
        r,
        post(
            &path,
            &cookie,
            &[
                ("csrf", &pre),
                ("password", "leavemealone"),
                ("repeat", "leavemealone"),
            ],
        ),
    )
    .await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(common.body.contains("too common"), "{}", common.body);
    let forged = send(
        r,
        post(
            &path,
            "",
            &[("csrf", "x"), ("password", chosen), ("repeat", chosen)],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let done = send(
        r,
        post(
            &path,
            &cookie,
            &[("csrf", &pre), ("password", chosen), ("repeat", chosen)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // A case worker's role reaches personal data: on to set up the second factor.
    assert_eq!(done.location.as_deref(), Some("/account/second-factor"));
    let device = done
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-hw_device="))
        .expect("a known-device cookie");
    assert!(device.contains("Secure") && device.contains("HttpOnly") && device.contains("Max-Age"));
    let session = format!(
        "__Host-hw_session={}",
        cookie_value(&done.cookies, "__Host-hw_session").unwrap()
    );
    enrol(r, &session).await;
    // The link worked once.
    let again = send(r, get(&path, "")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("Ask your administrator for a new one"));

    // A forgotten password: the administrator issues a new link from the list.
    let page = send(r, get("/users", &admin)).await;
    let id = f
        .app
        .user_by_email("new.worker@test.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let csrf = csrf_of(&page.body);
    let issued = send(
        r,
        post(
            &format!("/users/{id}/enrolment-link"),
            &admin,
            &[("csrf", &csrf)],
        ),
    )
    .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let token = link_token(&issued.body);
    // The user has a second factor now: the link's page asks for its code too.
    let form = send(r, get(&format!("/enrol/{token}"), "")).await;
    assert!(form.body.contains("name=\"code\""));
}

#[tokio::test]
async fn sign_in_password_fields_are_typed_and_a_throttled_page_says_when_to_retry() {
    let f = fixture(&[("assessor@test.example", "assessor")]).await;
    let r = &f.router;
    let page = send(r, get("/sign-in", "")).await;
    assert_eq!(check_password_inputs(&page.body, "current-password"), 1);
    // The account's day of failures used up (as a guesser from many addresses would).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let key = homeward_app::accounts::throttle::account_key("assessor@test.example");
    for _ in 0..homeward_app::accounts::throttle::ACCOUNT_PER_DAY {
        f.app
            .store()
            .record_sign_in_failure(&[&key], now, 0)
            .await
            .unwrap();
    }
    let pre = cookie_value(&page.cookies, "__Host-hw_pre").unwrap();
    let refused = send(
        r,
        post(
            "/sign-in",
            &format!("__Host-hw_pre={pre}"),
            &[
                ("csrf", &pre),
                ("email", "assessor@test.example"),
                ("password", PASSWORD),
            ],
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    check_page(&refused.body);
    let seconds: i64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds > 80_000, "{seconds}");
    assert!(
        refused
            .body
            .contains(&format!("You can try again in {seconds} seconds.")),
        "{}",
        refused.body
    );
}
