//! Signing in and out.
//!
//! The sign-in form has no session yet, so it is protected against login CSRF with a
//! double-submit token: `GET /sign-in` sets a random `__Host-hw_pre` cookie (SameSite=Strict, so
//! another site's form never sends it) and puts the same value in the form; `POST /sign-in`
//! requires both to match. A successful sign-in also sets the known-device cookie, which keeps
//! this browser evaluated while someone else is guessing the password
//! (`homeward_app::accounts::throttle`).

use crate::cookies::{self, Kind};
use crate::extract::ClientAddress;
use crate::extract::constant_time_eq;
use crate::pages::layout::{self, Ctx, Field};
use crate::pages::{FormBody, PageLang, PageSession, form_fields, html, t};
use crate::{State, WebState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use homeward_app::accounts::sign_in::{SecondFactorState, SignIn, SignInRefused};
use maud::html;

/// The token of a pre-session form (sign-in, enrolment link): the one already in the browser (so
/// two open tabs both work), or a new one.
pub(crate) fn pre_token(state: &WebState, jar: &CookieJar) -> String {
    cookies::read(jar, state, Kind::Pre)
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or_else(homeward_crypto::new_token)
}

/// Whether a pre-session form carries the token of the browser's pre-session cookie.
pub(crate) fn pre_token_matches(state: &WebState, jar: &CookieJar, sent: Option<&String>) -> bool {
    let expected = cookies::read(jar, state, Kind::Pre);
    matches!((&expected, sent), (Some(e), Some(s)) if constant_time_eq(e, s))
}

/// Renders the sign-in page with an optional error (a message id) and, when throttled, the
/// seconds to wait (also sent as `Retry-After`).
fn render(
    state: &WebState,
    jar: CookieJar,
    lang: homeward_i18n::Lang,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
    retry_after: Option<i64>,
) -> Response {
    let mut ctx = Ctx::public(lang);
    ctx.factor_optional =
        state.app.settings().second_factor == homeward_app::SecondFactorPolicy::Optional;
    let pre = pre_token(state, &jar);
    let jar = jar.add(cookies::build(state, Kind::Pre, pre.clone()));
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
                    @if let Some(seconds) = retry_after {
                        p { (crate::I18N.t_with(lang, "sign-in-wait", &[("seconds", &seconds.to_string())])) }
                    }
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
    let mut response = (
        jar,
        html(status, layout::page(&ctx, "/sign-in", &title, body)),
    )
        .into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(seconds.max(1)),
        );
    }
    response
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
    render(&state, jar, lang, StatusCode::OK, "", None, None)
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
    if !pre_token_matches(&state, &jar, form.get("csrf")) {
        // A fresh token for the next try: the old one may be known to whoever forged this.
        let jar = jar.remove(cookies::name(&state, Kind::Pre));
        return render(
            &state,
            jar,
            lang,
            StatusCode::FORBIDDEN,
            email,
            Some("problem-csrf"),
            None,
        );
    }
    let code = field("code").trim();
    let device = cookies::read(&jar, &state, Kind::Device);
    let attempt = SignIn {
        email,
        password: field("password"),
        code: (!code.is_empty()).then_some(code),
        client: client.as_deref(),
        device: device.as_deref(),
    };
    match state.app.sign_in(attempt).await {
        Ok(Ok(session)) => {
            // A session this browser still held ends: a sign-in always starts a new one
            // (ASVS V7.2.4), and the old token must not outlive it.
            if let Some(old) = cookies::read(&jar, &state, Kind::Session)
                && let Err(e) = state.app.sign_out(&old).await
            {
                tracing::warn!(error = %e, "the previous session could not be ended");
            }
            let next = if session.second_factor == SecondFactorState::EnrolmentRequired {
                "/account/second-factor"
            } else {
                "/dashboard"
            };
            signed_in(&state, jar, session, next)
        }
        Ok(Err(SignInRefused::BadCredentials)) => render(
            &state,
            jar,
            lang,
            StatusCode::UNAUTHORIZED,
            email,
            Some("problem-bad-credentials"),
            None,
        ),
        Ok(Err(SignInRefused::Throttled { retry_after })) => render(
            &state,
            jar,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            email,
            Some("problem-throttled"),
            Some(retry_after),
        ),
        Err(e) => crate::pages::app_error(&Ctx::public(lang), "/sign-in", e),
    }
}

/// The answer to a new session: its cookie, the known-device cookie, the pre-session token
/// forgotten, and on to `next`.
pub(crate) fn signed_in(
    state: &WebState,
    jar: CookieJar,
    session: homeward_app::accounts::sign_in::NewSession,
    next: &str,
) -> Response {
    let mut jar = jar
        .add(cookies::build(state, Kind::Session, session.token))
        .add(cookies::removal(state, Kind::Pre));
    if let Some(device) = session.device_token {
        jar = jar.add(cookies::build(state, Kind::Device, device));
    }
    (jar, Redirect::to(next)).into_response()
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
    let jar = jar.add(cookies::removal(&state, Kind::Session));
    (jar, Redirect::to("/sign-in")).into_response()
}
