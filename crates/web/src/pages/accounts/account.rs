//! The user's own account: enrolling a second factor (TOTP) with a QR code, and the recovery
//! codes shown once. A session held at enrolment is sent here by every other page.

use crate::State;
use crate::pages::layout::{self, Ctx, Field, error_summary};
use crate::pages::{FormBody, PageSession, app_error, form_fields, html};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::accounts::second_factor::Enrolment;
use maud::{Markup, PreEscaped, html};

const HERE: &str = "/account/second-factor";

/// The QR code of the `otpauth://` URI as inline SVG (no script, no request to anywhere).
fn qr_svg(uri: &str) -> Markup {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::new(uri.as_bytes()) else {
        return html! {};
    };
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The renderer writes an XML declaration first; inside HTML only the <svg> element belongs.
    let svg = image
        .find("<svg")
        .map(|i| &image[i..])
        .unwrap_or_default()
        .to_owned();
    // Generated here from our own URI: digits, letters and path data, no text from the user.
    html! { (PreEscaped(svg)) }
}

fn enrolment(ctx: &Ctx, csrf: &str, e: &Enrolment, error: Option<String>) -> Markup {
    let mut field = Field::text("code", ctx.t("field-code"), "");
    field.required = true;
    field.autocomplete = Some("one-time-code");
    field.maxlength = Some(6);
    field.hint = Some(ctx.t("second-factor-code-hint"));
    field.error = error.clone();
    html! {
        @if let Some(e) = &error { (error_summary(ctx, &[(Some("code".to_owned()), e.clone())])) }
        ol.steps {
            li { (ctx.t("second-factor-step-app")) }
            li {
                (ctx.t("second-factor-step-scan"))
                figure.qr role="img" aria-label=(ctx.t("second-factor-qr-label")) dir="ltr" {
                    (qr_svg(&e.otpauth_uri))
                }
                p { (ctx.t("second-factor-manual")) " " }
                p.code.secret dir="ltr" { bdi { (e.secret) } }
            }
            li {
                (ctx.t("second-factor-step-confirm"))
                form method="post" action="/account/second-factor/confirmation" {
                    input type="hidden" name="csrf" value=(csrf);
                    (field.input())
                    div.actions { button.primary type="submit" { (ctx.t("second-factor-confirm")) } }
                }
            }
        }
    }
}

/// The user's live sessions and a way to end them all.
fn sessions(
    ctx: &Ctx,
    settings: &homeward_app::Settings,
    csrf: &str,
    rows: &[homeward_app::accounts::own_account::SessionView],
) -> Markup {
    let intro = crate::I18N.t_with(
        ctx.lang,
        "account-sessions-intro",
        &[
            ("idle", &settings.idle_minutes.to_string()),
            ("hours", &settings.session_hours.to_string()),
        ],
    );
    html! {
        section aria-labelledby="sessions-title" {
            h2 #sessions-title { (ctx.t("account-sessions-title")) }
            p { (intro) }
            div.table-scroll role="region" aria-labelledby="sessions-caption" tabindex="0" {
                table {
                    caption #sessions-caption { (ctx.t("account-sessions-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("col-signed-in")) }
                        th scope="col" { (ctx.t("col-last-used")) }
                        th scope="col" { (ctx.t("col-expires")) }
                        th scope="col" { (ctx.t("col-second-factor")) }
                    } }
                    tbody {
                        @for s in rows {
                            tr {
                                td {
                                    (layout::show_time(&s.created_at))
                                    @if s.current { " " span.tag { (ctx.t("account-this-session")) } }
                                }
                                td { (layout::show_time(&s.last_seen_at)) }
                                td { (layout::show_time(&s.expires_at)) }
                                td { (ctx.t(if s.second_factor { "users-yes" } else { "users-no" })) }
                            }
                        }
                    }
                }
            }
            form method="post" action="/account/sessions/end" {
                input type="hidden" name="csrf" value=(csrf);
                div.actions { button type="submit" { (ctx.t("account-sign-out-everywhere")) } }
            }
        }
    }
}

/// `POST /account/sessions/end`: signs out everywhere, this browser included.
pub async fn end_sessions(state: State, session: PageSession, body: FormBody) -> Response {
    let form = form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&session.ctx(), HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    match state.app.end_my_sessions(&session.actor).await {
        Ok(()) => Redirect::to("/sign-in").into_response(),
        Err(e) => app_error(&session.ctx(), HERE, e),
    }
}

/// `GET /account/second-factor`.
pub async fn show(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    let title = ctx.t("second-factor-title");
    let (enrolled, required) = match state.app.my_second_factor(&session.actor).await {
        Ok(s) => s,
        Err(e) => return app_error(&ctx, HERE, e),
    };
    let pending = match state.app.pending_second_factor(&session.actor).await {
        Ok(p) => p,
        Err(e) => return app_error(&ctx, HERE, e),
    };
    // Held at enrolment, a session may do nothing else (the service refuses the list).
    let session_rows = if session.actor.enrolment_required {
        None
    } else {
        match state.app.my_sessions(&session.actor).await {
            Ok(rows) => Some(rows),
            Err(e) => return app_error(&ctx, HERE, e),
        }
    };
    let body = html! {
        h1 { (title) }
        @if enrolled {
            div.notice role="status" { p { (ctx.t("second-factor-enrolled")) } }
            @if let Some(rows) = &session_rows { (sessions(&ctx, state.app.settings(), &session.csrf, rows)) }
        } @else {
            @if session.actor.enrolment_required {
                div.notice.warning role="note" { p { (ctx.t("second-factor-required")) } }
            } @else if !required {
                p.lead { (ctx.t("second-factor-optional")) }
            }
            p.lead { (ctx.t("second-factor-intro")) }
            @if let Some(p) = &pending {
                (enrolment(&ctx, &session.csrf, p, None))
            } @else {
                form method="post" action=(HERE) {
                    input type="hidden" name="csrf" value=(session.csrf);
                    div.actions { button.primary type="submit" { (ctx.t("second-factor-start")) } }
                }
            }
            @if let Some(rows) = &session_rows { (sessions(&ctx, state.app.settings(), &session.csrf, rows)) }
        }
    };
    html(StatusCode::OK, layout::page(&ctx, HERE, &title, body))
}

/// `POST /account/second-factor`: makes the secret, then shows it (`GET`).
pub async fn start(state: State, session: PageSession, body: FormBody) -> Response {
    let form = form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&session.ctx(), HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    match state.app.start_second_factor(&session.actor).await {
        Ok(_) | Err(AppError::Conflict(_)) => Redirect::to(HERE).into_response(),
        Err(e) => app_error(&session.ctx(), HERE, e),
    }
}

/// `POST /account/second-factor/confirmation`: checks the code; shows the recovery codes once.
/// The browser gets a new session cookie: the session that enrolled has ended.
pub async fn confirm(
    state: State,
    session: PageSession,
    jar: axum_extra::extract::CookieJar,
    body: FormBody,
) -> Response {
    let ctx = session.ctx();
    let form = form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let code = form.get("code").map(String::as_str).unwrap_or("");
    let title = ctx.t("second-factor-title");
    match state.app.confirm_second_factor(&session.actor, code).await {
        Ok(done) => {
            // The page's forms (sign-out) belong to the new session.
            let mut ctx = ctx;
            if let (Some(user), Some(csrf)) = (ctx.user.as_mut(), done.csrf.as_ref()) {
                user.csrf = csrf.clone();
            }
            let body = html! {
                h1 { (title) }
                div.notice role="status" { p { (ctx.t("second-factor-enrolled")) } }
                h2 { (ctx.t("second-factor-recovery-title")) }
                p { (ctx.t("second-factor-recovery-intro")) }
                ul.recovery-codes dir="ltr" {
                    @for c in &done.recovery_codes { li.code { (c) } }
                }
                p { a.button href="/dashboard" { (ctx.t("second-factor-continue")) } }
            };
            let page = html(StatusCode::OK, layout::page(&ctx, HERE, &title, body));
            match done.token {
                Some(token) => {
                    let fresh = crate::cookies::build(&state, crate::cookies::Kind::Session, token);
                    (jar.add(fresh), page).into_response()
                }
                None => page,
            }
        }
        Err(AppError::Invalid(_)) => {
            let pending = match state.app.pending_second_factor(&session.actor).await {
                Ok(Some(p)) => p,
                Ok(None) => return Redirect::to(HERE).into_response(),
                Err(e) => return app_error(&ctx, HERE, e),
            };
            let error = ctx.t("error-second-factor-code");
            let body = html! {
                h1 { (title) }
                (enrolment(&ctx, &session.csrf, &pending, Some(error)))
            };
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                layout::page(&ctx, HERE, &title, body),
            )
        }
        Err(AppError::Conflict(_)) => Redirect::to(HERE).into_response(),
        Err(e) => app_error(&ctx, HERE, e),
    }
}
