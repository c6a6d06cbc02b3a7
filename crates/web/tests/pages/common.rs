//! What the page tests share: a node with one organisation and its users, sessions (through the
//! services, or through the sign-in and enrolment pages as a person would), requests through the
//! router in process, reading the answers, and what every page must be.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    pub content_type: String,
    pub body: String,
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let header_text = |name| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let location = header_text(header::LOCATION);
    let content_type = header_text(header::CONTENT_TYPE).unwrap_or_default();
    let cookies = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        location,
        cookies,
        content_type,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

pub fn post(path: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap()
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of `name` in Set-Cookie headers.
pub fn cookie_value(cookies: &[String], name: &str) -> Option<String> {
    cookies.iter().find_map(|c| {
        let first = c.split(';').next()?;
        let (k, v) = first.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_of(body: &str) -> String {
    let at = body.find(r#"name="csrf" value=""#).expect("a csrf field") + 19;
    body[at..].split('"').next().unwrap().to_owned()
}

/// A node on a temporary SQLite file: one organisation ("Test office"), a user per `(email,
/// role)` with [`PASSWORD`], and the areas XA > XA01 > XA0101 (Riverside). Removed when dropped.
pub struct Fixture {
    pub app: homeward_app::App,
    pub router: Router,
    dir: std::path::PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn fixture(users: &[(&str, &str)]) -> Fixture {
    use homeward_app::accounts::organisations::{Admin, NewUser};
    let dir = std::env::temp_dir().join(format!("homeward-pages-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let app = homeward_app::App::open(
        &homeward_store::Location::Sqlite(dir.join("db.sqlite")),
        homeward_crypto::MasterKey::generate(),
        homeward_crypto::NodeKey::generate(),
        homeward_app::Settings::default(),
    )
    .await
    .unwrap();
    let org = app
        .create_organisation(Admin::Operator, "Test office", "XB")
        .await
        .unwrap();
    for (email, role) in users {
        app.create_user(
            Admin::Operator,
            NewUser {
                organisation_id: &org.id,
                email,
                display_name: "Test User",
                roles: &[(*role).to_owned()],
                password: PASSWORD,
            },
        )
        .await
        .unwrap();
    }
    app.import_areas_csv(
        None,
        "pcode,name,level,parent\nXA,Xandria,country,\nXA01,North,adm1,XA\nXA0101,Riverside,adm2,XA01\n",
    )
    .await
    .unwrap();
    let router = homeward_web::router(homeward_web::WebState {
        app: app.clone(),
        behind_tls: false,
        insecure_cookies: false,
        trusted_proxies: Vec::new(),
    });
    Fixture { app, router, dir }
}

/// A session cookie and the actor behind it. Every test user reaches personal data, so the first
/// sign-in enrols a TOTP factor (through the services, with a code computed from the secret).
pub async fn session(app: &homeward_app::App, email: &str) -> (String, homeward_app::Actor) {
    let attempt = homeward_app::accounts::sign_in::SignIn {
        email,
        password: PASSWORD,
        code: None,
        client: None,
        device: None,
    };
    let s = app.sign_in(attempt).await.unwrap().ok().unwrap();
    let (mut actor, _) = app.actor_for_session(&s.token).await.unwrap();
    if actor.enrolment_required {
        let e = app.start_second_factor(&actor).await.unwrap();
        let secret = data_encoding::BASE32_NOPAD
            .decode(e.secret.as_bytes())
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let code = homeward_crypto::totp_code(&secret, homeward_crypto::totp_step(now));
        // Enrolling replaces the session with one that passed the second factor.
        let token = app
            .confirm_second_factor(&actor, &code)
            .await
            .unwrap()
            .token
            .unwrap();
        actor = app.actor_for_session(&token).await.unwrap().0;
        return (format!("__Host-hw_session={token}"), actor);
    }
    (format!("__Host-hw_session={}", s.token), actor)
}

/// Signs in through the form (its login-CSRF token, the session cookie's flags), then enrols the
/// second factor on the pages as the person would; returns the Cookie header of the session.
pub async fn sign_in(r: &Router, email: &str) -> String {
    let page = send(r, get("/sign-in", "")).await;
    assert_eq!(page.status, StatusCode::OK);
    let pre = cookie_value(&page.cookies, "__Host-hw_pre").expect("a pre-session cookie");
    assert_eq!(csrf_of(&page.body), pre);
    let done = send(
        r,
        post(
            "/sign-in",
            &format!("__Host-hw_pre={pre}"),
            &[("csrf", &pre), ("email", email), ("password", PASSWORD)],
        ),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let set = done
        .cookies
        .iter()
        .find(|c| c.starts_with("__Host-hw_session="))
        .expect("a session cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"));
    // ASVS V3.3.1/V3.3.3: only this host, only over a secure connection.
    assert!(set.contains("Secure") && !set.contains("Domain"), "{set}");
    let cookie = format!(
        "__Host-hw_session={}",
        cookie_value(&done.cookies, "__Host-hw_session").unwrap()
    );
    // Every test user's role reaches personal data: the first sign-in is held at enrolment,
    // which the test goes through on the pages, as the person would.
    assert_eq!(done.location.as_deref(), Some("/account/second-factor"));
    enrol(r, &cookie).await
}

/// Enrols a TOTP second factor through the enrolment page: start, read the key shown for
/// manual entry, confirm with a code computed from it. Returns the Cookie header of the new
/// session the confirmation sets (the enrolling one has ended).
pub async fn enrol(r: &Router, cookie: &str) -> String {
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
        "__Host-hw_session={}",
        cookie_value(&done.cookies, "__Host-hw_session").expect("a new session cookie")
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

/// What every page must be: under 100 kB, no inline style, no script, one `h1`, a `main`.
pub fn check_page(body: &str) {
    assert!(body.len() < 100 * 1024, "page of {} bytes", body.len());
    assert!(!body.contains("style="), "inline style");
    assert!(!body.contains("<script"), "script");
    assert_eq!(body.matches("<h1").count(), 1, "one h1");
    assert!(body.contains("<main"));
}
