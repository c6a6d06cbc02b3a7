//! The cookies Homeward sets: the session, the sign-in form's double-submit token, the chosen
//! language and the known-device token. All are `HttpOnly` and `Path=/` without a `Domain`, and —
//! unless the operator opted out with `--insecure-cookies` — `Secure` with the `__Host-` prefix
//! (ASVS 5.0 V3.3.1, V3.3.3), so that a browser accepts them only from this host over a secure
//! connection and no sibling host or network attacker can plant one. Browsers count
//! `http://127.0.0.1` and `http://localhost` as secure, so a node tried out locally works too.

use crate::WebState;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

/// One of Homeward's cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The page session token.
    Session,
    /// The sign-in form's login-CSRF token.
    Pre,
    /// The chosen language.
    Lang,
    /// The known-device token ([`homeward_app::accounts::known_devices`]).
    Device,
}

impl Kind {
    /// The name without the prefix.
    pub fn base(self) -> &'static str {
        match self {
            Kind::Session => "hw_session",
            Kind::Pre => "hw_pre",
            Kind::Lang => "hw_lang",
            Kind::Device => "hw_device",
        }
    }

    /// The name with the prefix.
    pub fn host_name(self) -> &'static str {
        match self {
            Kind::Session => "__Host-hw_session",
            Kind::Pre => "__Host-hw_pre",
            Kind::Lang => "__Host-hw_lang",
            Kind::Device => "__Host-hw_device",
        }
    }
}

/// The name of a cookie on this node.
pub fn name(state: &WebState, kind: Kind) -> &'static str {
    if state.insecure_cookies {
        kind.base()
    } else {
        kind.host_name()
    }
}

/// The value of a cookie the browser sent, under this node's name for it.
pub fn read(jar: &CookieJar, state: &WebState, kind: Kind) -> Option<String> {
    jar.get(name(state, kind))
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// A cookie to set. The language is `SameSite=Lax` (a link from elsewhere keeps it) and lasts a
/// year, a known device lasts as long as the server remembers it; the others are `Strict` and
/// end with the browser.
pub fn build(state: &WebState, kind: Kind, value: String) -> Cookie<'static> {
    let mut cookie = Cookie::build((name(state, kind), value))
        .path("/")
        .http_only(true)
        .secure(!state.insecure_cookies)
        .same_site(if kind == Kind::Lang {
            SameSite::Lax
        } else {
            SameSite::Strict
        })
        .build();
    match kind {
        Kind::Lang => cookie.set_max_age(time::Duration::days(365)),
        Kind::Device => cookie.set_max_age(time::Duration::days(
            homeward_app::accounts::known_devices::KNOWN_DEVICE_DAYS,
        )),
        Kind::Session | Kind::Pre => {}
    }
    cookie
}

/// A cookie that tells the browser to forget `kind`.
pub fn removal(state: &WebState, kind: Kind) -> Cookie<'static> {
    let mut c = build(state, kind, String::new());
    c.set_max_age(time::Duration::ZERO);
    c
}
