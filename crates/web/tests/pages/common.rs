//! What the page tests share: a node with one organisation and its users, sessions, requests
//! through the router in process, and reading the answers.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

pub struct Reply {
    pub status: StatusCode,
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
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .unwrap();
    Reply {
        status,
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
        secure_cookies: false,
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
        return (format!("hw_session={token}"), actor);
    }
    (format!("hw_session={}", s.token), actor)
}
