//! The enrolment link's page, outside sign-in: `GET /enrol/{token}` shows whose account it is
//! and asks for a new password (twice, since there is no old one to fall back on) — and the
//! second-factor code when the user already has one — and `POST` sets it and signs the user in.
//! A user with no factor yet goes on to enrol one, as at any first sign-in. Like the sign-in
//! form, the form carries the pre-session double-submit token against login CSRF.

use crate::State;
use crate::cookies::{self, Kind};
use crate::pages::accounts::sign_in::{pre_token, pre_token_matches, signed_in};
use crate::pages::layout::{self, Ctx, Field, error_summary};
use crate::pages::{FormBody, PageLang, encode_segment, form_fields, html};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use homeward_app::AppError;
use homeward_app::accounts::enrolment::{LinkEnrolment, LinkHolder};
use homeward_app::accounts::sign_in::SecondFactorState;
use maud::html;
use std::collections::HashMap;

/// What the page shows: for whom, and the errors by field name.
struct View<'a> {
    token: &'a str,
    holder: &'a LinkHolder,
    errors: HashMap<&'static str, String>,
}

fn render(
    state: &crate::WebState,
    jar: CookieJar,
    ctx: &Ctx,
    view: &View<'_>,
    status: StatusCode,
) -> Response {
    let pre = pre_token(state, &jar);
    let jar = jar.add(cookies::build(state, Kind::Pre, pre.clone()));
    let title = ctx.t("enrol-title");
    let password_field = |name: &'static str, label: &str| {
        let mut f = Field::text(name, ctx.t(label), "");
        f.input_type = "password";
        f.required = true;
        f.autocomplete = Some("new-password");
        f.maxlength = Some(1024);
        f.error = view.errors.get(name).cloned();
        f
    };
    let mut password = password_field("password", "field-new-password");
    password.hint = Some(ctx.t("hint-choose-password"));
    let repeat = password_field("repeat", "field-repeat-password");
    let mut code = Field::text("code", ctx.t("field-code"), "");
    code.hint = Some(ctx.t("enrol-code-hint"));
    code.autocomplete = Some("one-time-code");
    code.maxlength = Some(64);
    code.required = true;
    code.error = view.errors.get("code").cloned();
    let summary: Vec<(Option<String>, String)> = ["password", "repeat", "code"]
        .iter()
        .filter_map(|f| {
            view.errors
                .get(f)
                .map(|e| (Some((*f).to_owned()), e.clone()))
        })
        .collect();
    let action = format!("/enrol/{}", encode_segment(view.token));
    let body = html! {
        div.narrow {
            h1 { (title) }
            p.lead { (ctx.t("enrol-intro")) }
            dl.facts {
                dt { (ctx.t("field-email")) }
                dd { bdi.code { (view.holder.email) } }
                dt { (ctx.t("field-display-name")) }
                dd { bdi { (view.holder.display_name) } }
            }
            @if !summary.is_empty() { (error_summary(ctx, &summary)) }
            form.card method="post" action=(action) {
                input type="hidden" name="csrf" value=(pre);
                // The account's email, for password managers to store the new password under.
                input type="hidden" name="username" autocomplete="username" value=(view.holder.email);
                (password.input())
                (repeat.input())
                @if view.holder.needs_code { (code.input()) }
                div.actions { button.primary type="submit" { (ctx.t("enrol-submit")) } }
            }
        }
    };
    (
        jar,
        html(status, layout::page(ctx, "/sign-in", &title, body)),
    )
        .into_response()
}

/// The page for a link that does not work (used, expired, replaced, or never issued).
fn invalid(ctx: &Ctx) -> Response {
    layout::error_page(ctx, "/sign-in", StatusCode::NOT_FOUND, "enrol-invalid")
}

/// `GET /enrol/{token}`.
pub async fn form(
    state: State,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
    jar: CookieJar,
) -> Response {
    let ctx = Ctx::public(lang);
    match state.app.enrolment_link_holder(&token).await {
        Ok(holder) => {
            let view = View {
                token: &token,
                holder: &holder,
                errors: HashMap::new(),
            };
            render(&state, jar, &ctx, &view, StatusCode::OK)
        }
        Err(AppError::NotFound) => invalid(&ctx),
        Err(e) => crate::pages::app_error(&ctx, "/sign-in", e),
    }
}

/// `POST /enrol/{token}`.
pub async fn submit(
    state: State,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
    jar: CookieJar,
    body: FormBody,
) -> Response {
    let ctx = Ctx::public(lang);
    let form = form_fields(body);
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let holder = match state.app.enrolment_link_holder(&token).await {
        Ok(h) => h,
        Err(AppError::NotFound) => return invalid(&ctx),
        Err(e) => return crate::pages::app_error(&ctx, "/sign-in", e),
    };
    let mut view = View {
        token: &token,
        holder: &holder,
        errors: HashMap::new(),
    };
    if !pre_token_matches(&state, &jar, form.get("csrf")) {
        let jar = jar.remove(cookies::name(&state, Kind::Pre));
        view.errors.insert("password", ctx.t("problem-csrf"));
        return render(&state, jar, &ctx, &view, StatusCode::FORBIDDEN);
    }
    // Compared exactly as typed, like the password itself.
    if field("password") != field("repeat") {
        view.errors
            .insert("repeat", ctx.t("error-password-mismatch"));
        return render(&state, jar, &ctx, &view, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let code = field("code").trim();
    let attempt = LinkEnrolment {
        token: &token,
        password: field("password"),
        code: (!code.is_empty()).then_some(code),
    };
    match state.app.enrol_with_link(attempt).await {
        Ok(session) => {
            let next = if session.second_factor == SecondFactorState::EnrolmentRequired {
                "/account/second-factor"
            } else {
                "/dashboard"
            };
            signed_in(&state, jar, session, next)
        }
        Err(AppError::Invalid(invalid_fields)) => {
            for e in invalid_fields.0 {
                let name = if e.pointer == "/code" {
                    "code"
                } else {
                    "password"
                };
                view.errors.entry(name).or_insert_with(|| ctx.t(e.code));
            }
            render(&state, jar, &ctx, &view, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::NotFound) => invalid(&ctx),
        Err(e) => crate::pages::app_error(&ctx, "/sign-in", e),
    }
}
