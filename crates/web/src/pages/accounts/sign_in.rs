//! Signing in and out.
//!
//! The sign-in form has no session yet, so it is protected against login CSRF with a
//! double-submit token: `GET /sign-in` sets a random `hw_pre` cookie (SameSite=Strict, so another
//! site's form never sends it) and puts the same value in the form; `POST /sign-in` requires both
//! to match.

use crate::extract::ClientAddress;
use crate::extract::{SESSION_COOKIE, constant_time_eq};
use crate::pages::layout::{self, Ctx, Field};
use crate::pages::{FormBody, PageLang, PageSession, form_fields, html, t};
use crate::{State, WebState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use homeward_app::accounts::sign_in::{SecondFactorState, SignIn, SignInRefused};
use maud::html;

/// The cookie of the sign-in form's double-submit token.
pub const PRE_COOKIE: &str = "hw_pre";

pub(crate) fn cookie(state: &WebState, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies)
        .build()
}

/// A cookie that tells the browser to forget `name`.
fn removal(state: &WebState, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(state, name, String::new());
    c.set_max_age(time::Duration::ZERO);
    c
}

/// The token of the sign-in form: the one already in the browser (so two open tabs both work),
/// or a new one.
fn pre_token(jar: &CookieJar) -> String {
    jar.get(PRE_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or_else(homeward_crypto::new_token)
}

/// Renders the sign-in page with an optional error (a message id).
fn render(
    state: &WebState,
    jar: CookieJar,
    lang: homeward_i18n::Lang,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Response {
    let mut ctx = Ctx::public(lang);
    ctx.factor_optional =
        state.app.settings().second_factor == homeward_app::SecondFactorPolicy::Optional;
    let pre = pre_token(&jar);
    let jar = jar.add(cookie(state, PRE_COOKIE, pre.clone()));
    let title = ctx.t("sign-in-title");
    let mut email_field = Field::text("email", ctx.t("field-email"), email);
    email_field.input_type = "email";
    email_field.required = true;
    email_field.autocomplete = Some("username");
    email_field.maxlength = Some(254);
    let mut password_field = Field::text("password", ctx.t("field-password"), "");
    password_field.input_type = "password";
    password_field.required = true;
    password_field.autocomplete = Some("current-password");
    password_field.maxlength = Some(1024);
    let mut code_field = Field::text("code", ctx.t("field-code"), "");
    code_field.hint = Some(ctx.t("hint-code"));
    code_field.autocomplete = Some("one-time-code");
    code_field.maxlength = Some(64);
    let body = html! {
        div.narrow {
            h1 { (title) }
            p.lead { (ctx.t("sign-in-intro")) }
            @if let Some(key) = error {
                div.error-summary role="alert" {
                    p { (t(lang, key)) }
                }
            }
            form.card method="post" action="/sign-in" {
                input type="hidden" name="csrf" value=(pre);
                (email_field.input())
                (password_field.input())
                (code_field.input())
                div.actions {
                    button.primary type="submit" { (ctx.t("sign-in")) }
                }
            }
        }
    };
    (
        jar,
        html(status, layout::page(&ctx, "/sign-in", &title, body)),
    )
        .into_response()
}

/// `GET /sign-in`.
pub async fn form(
    state: State,
    PageLang(lang): PageLang,
    session: Option<PageSession>,
    jar: CookieJar,
) -> Response {
    if session.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    render(&state, jar, lang, StatusCode::OK, "", None)
}

/// `POST /sign-in`.
pub async fn submit(
    state: State,
    PageLang(lang): PageLang,
    ClientAddress(client): ClientAddress,
    jar: CookieJar,
    body: FormBody,
) -> Response {
    let form = form_fields(body);
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let email = field("email");
    let expected = jar.get(PRE_COOKIE).map(|c| c.value().to_owned());
    let sent = form.get("csrf");
    let pre_ok =
        matches!((&expected, sent), (Some(e), Some(s)) if !e.is_empty() && constant_time_eq(e, s));
    if !pre_ok {
        // A fresh token for the next try: the old one may be known to whoever forged this.
        let jar = jar.remove(PRE_COOKIE);
        return render(
            &state,
            jar,
            lang,
            StatusCode::FORBIDDEN,
            email,
            Some("problem-csrf"),
        );
    }
    let code = field("code").trim();
    let attempt = SignIn {
        email,
        password: field("password"),
        code: (!code.is_empty()).then_some(code),
        client: client.as_deref(),
    };
    match state.app.sign_in(attempt).await {
        Ok(Ok(session)) => {
            // A session this browser still held ends: a sign-in always starts a new one
            // (ASVS V7.2.4), and the old token must not outlive it.
            if let Some(old) = jar.get(SESSION_COOKIE)
                && let Err(e) = state.app.sign_out(old.value()).await
            {
                tracing::warn!(error = %e, "the previous session could not be ended");
            }
            let next = if session.second_factor == SecondFactorState::EnrolmentRequired {
                "/account/second-factor"
            } else {
                "/dashboard"
            };
            let jar = jar
                .add(cookie(&state, SESSION_COOKIE, session.token))
                .add(removal(&state, PRE_COOKIE));
            (jar, Redirect::to(next)).into_response()
        }
        Ok(Err(SignInRefused::BadCredentials)) => render(
            &state,
            jar,
            lang,
            StatusCode::UNAUTHORIZED,
            email,
            Some("problem-bad-credentials"),
        ),
        Ok(Err(SignInRefused::Throttled)) => render(
            &state,
            jar,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            email,
            Some("problem-throttled"),
        ),
        Err(e) => crate::pages::app_error(&Ctx::public(lang), "/sign-in", e),
    }
}

/// `POST /sign-out`: ends the session at once and forgets the cookie.
pub async fn sign_out(
    state: State,
    session: PageSession,
    jar: CookieJar,
    body: FormBody,
) -> Response {
    let form = form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(
            &session.ctx(),
            "/dashboard",
            StatusCode::FORBIDDEN,
            "problem-csrf",
        );
    }
    if let Err(e) = state.app.sign_out(&session.token).await {
        return crate::pages::app_error(&session.ctx(), "/dashboard", e);
    }
    let jar = jar.add(removal(&state, SESSION_COOKIE));
    (jar, Redirect::to("/sign-in")).into_response()
}
