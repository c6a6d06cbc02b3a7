//! Server-rendered pages: plain HTML forms that work without JavaScript, every string from the
//! translation files, right-to-left aware. Like the API, each handler is a thin call of one
//! application service; access is decided there, never here.

mod accounts;
mod cases;
mod conditions;
mod dashboard;
mod journal;
mod layout;
mod lifecycle;
mod privacy;
mod session;

use crate::{I18N, WebState};
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use homeward_app::AppError;
use homeward_i18n::Lang;
use maud::Markup;
use std::collections::HashMap;
use std::sync::Arc;

pub use session::{PageLang, PageSession};

/// The style sheet, compiled in.
const APP_CSS: &str = include_str!("../../assets/app.css");

pub fn routes() -> Router<Arc<WebState>> {
    Router::new()
        .route("/", get(home))
        .route(
            "/sign-in",
            get(accounts::sign_in::form).post(accounts::sign_in::submit),
        )
        .route("/sign-out", post(accounts::sign_in::sign_out))
        .route(
            "/enrol/{token}",
            get(accounts::enrol::form).post(accounts::enrol::submit),
        )
        .route("/dashboard", get(dashboard::show))
        .route("/cases", get(cases::page::list))
        .route("/cases/{id}", get(cases::page::show))
        .route("/work", get(lifecycle::work::show))
        .route("/cases/{id}/transitions", post(cases::page::transition))
        .route("/cases/{id}/records/{kind}", post(cases::page::record))
        .route(
            "/cases/{id}/records/{record}/resolution",
            post(cases::page::resolve),
        )
        .route(
            "/cases/{id}/members/{person}/consents",
            post(cases::page::consent),
        )
        .route(
            "/cases/{id}/consents/{consent}/withdrawal",
            post(cases::page::withdraw),
        )
        .route(
            "/cases/{id}/break-glass",
            get(privacy::break_glass::form).post(privacy::break_glass::submit),
        )
        .route("/data-protection", get(privacy::data_protection::index))
        .route(
            "/data-protection/break-glass",
            get(privacy::data_protection::grants),
        )
        .route(
            "/data-protection/persons/{id}/access-log",
            get(privacy::data_protection::access_log),
        )
        .route(
            "/data-protection/requests",
            get(privacy::subject_requests::list).post(privacy::subject_requests::create),
        )
        .route(
            "/data-protection/requests/{id}",
            get(privacy::subject_requests::show),
        )
        .route(
            "/data-protection/requests/{id}/completion",
            post(privacy::subject_requests::complete),
        )
        .route(
            "/data-protection/requests/{id}/extension",
            post(privacy::subject_requests::extend),
        )
        .route(
            "/data-protection/requests/{id}/refusal",
            post(privacy::subject_requests::refuse),
        )
        .route("/areas", get(conditions::public::index))
        .route("/journal", get(journal::show))
        .route("/areas/{pcode}", get(conditions::public::show))
        .route(
            "/areas/{pcode}/assessment",
            get(conditions::assessment_form::form).post(conditions::assessment_form::submit),
        )
        .route("/households/new", get(cases::register::form))
        .route("/households", post(cases::register::submit))
        .route(
            "/account/second-factor",
            get(accounts::account::show).post(accounts::account::start),
        )
        .route(
            "/account/second-factor/confirmation",
            post(accounts::account::confirm),
        )
        .route(
            "/account/sessions/end",
            post(accounts::account::end_sessions),
        )
        .route(
            "/users",
            get(accounts::users::list).post(accounts::users::create),
        )
        .route(
            "/users/{id}/deactivation",
            post(accounts::users::deactivate),
        )
        .route(
            "/users/{id}/second-factor-reset",
            post(accounts::users::reset_factor),
        )
        .route(
            "/users/{id}/enrolment-link",
            post(accounts::users::new_link),
        )
        .route("/language/{code}", get(language))
        .route("/assets/app.css", get(stylesheet))
}

/// The message `id` in `lang`.
pub(crate) fn t(lang: Lang, id: &str) -> String {
    I18N.t(lang, id)
}

/// The translated label of a stored code (`kind`, `state`, `sex`, …): the message
/// `{prefix}-{value}`, or the code itself when no translation exists.
pub(crate) fn code_label(lang: Lang, prefix: &str, value: &str) -> String {
    let id = format!("{prefix}-{}", value.replace('.', "-").replace('+', "-plus"));
    let text = I18N.t(lang, &id);
    if text == id { value.to_owned() } else { text }
}

/// The fields of an urlencoded form, first value of each name. Unknown names are kept and
/// ignored by the caller; a body that is not a form reads as empty (and then fails the CSRF
/// check like any forged request).
pub(crate) type FormBody =
    Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>;

pub(crate) fn form_fields(body: FormBody) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Ok(axum::Form(pairs)) = body {
        for (k, v) in pairs {
            out.entry(k).or_insert(v);
        }
    }
    out
}

/// Today's date (UTC), the default of the forms' date fields.
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A full HTML response.
pub(crate) fn html(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// `/` sends signed-in users to their dashboard and everyone else to sign in.
async fn home(session: Option<PageSession>) -> Redirect {
    match session {
        Some(_) => Redirect::to("/dashboard"),
        None => Redirect::to("/sign-in"),
    }
}

/// Whether `next` is a path on this site (and not `//host` or `/\host`, which browsers follow
/// to other sites).
pub(crate) fn is_local_path(next: &str) -> bool {
    let b = next.as_bytes();
    b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/') | Some(b'\\'))
        && !next.chars().any(|c| c.is_control() || c == '\\')
}

/// Percent-encodes a value for a query string.
pub(crate) fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a value for one segment of a path (no `/`, `?` or `#` left).
pub(crate) fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `GET /language/{code}?next=/path`: remembers the language and goes back.
async fn language(
    state: crate::State,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    jar: CookieJar,
) -> Response {
    let next = q
        .get("next")
        .map(String::as_str)
        .filter(|n| is_local_path(n))
        .unwrap_or("/")
        .to_owned();
    let Some(lang) = Lang::parse(&code) else {
        return Redirect::to(&next).into_response();
    };
    let cookie = crate::cookies::build(&state, crate::cookies::Kind::Lang, lang.code().to_owned());
    (jar.add(cookie), Redirect::to(&next)).into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        APP_CSS,
    )
        .into_response()
}

/// The router's fallback: a problem document under `/api/`, a translated page elsewhere.
pub async fn fallback(uri: Uri, lang: PageLang, session: Option<PageSession>) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::problem::not_found().await.into_response();
    }
    let ctx = match &session {
        Some(s) => s.ctx(),
        None => layout::Ctx::public(lang.0),
    };
    layout::error_page(&ctx, uri.path(), StatusCode::NOT_FOUND, "problem-not-found")
}

/// The page for a service's refusal or failure. Invalid input is handled by the forms
/// themselves; reaching here with it means a parameter outside any form was wrong.
pub(crate) fn app_error(ctx: &layout::Ctx, here: &str, e: AppError) -> Response {
    let (status, key) = match e {
        AppError::Unauthenticated => return Redirect::to("/sign-in").into_response(),
        AppError::SecondFactorEnrolmentRequired => {
            return Redirect::to("/account/second-factor").into_response();
        }
        AppError::Forbidden => (StatusCode::FORBIDDEN, "problem-forbidden"),
        AppError::NotFound => (StatusCode::NOT_FOUND, "problem-not-found"),
        AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "problem-invalid"),
        AppError::Conflict(_) => (StatusCode::CONFLICT, "problem-conflict"),
        other => {
            tracing::error!(error = %other, "service failure");
            (StatusCode::INTERNAL_SERVER_ERROR, "problem-internal")
        }
    };
    layout::error_page(ctx, here, status, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/cases?reference=HW"));
        assert!(is_local_path("/"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path(""));
        assert!(!is_local_path("/a\r\nSet-Cookie: x"));
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            encode_query("/cases?reference=HW 1&x=é"),
            "/cases%3Freference%3DHW%201%26x%3D%C3%A9"
        );
    }

    /// Every message id written in the pages' source, and every label of a stored code they
    /// show, exists in every language.
    #[test]
    fn every_message_the_pages_use_is_translated() {
        use homeward_domain::accounts::roles::Role;
        use homeward_domain::cases::case::{CaseKind, CaseState};
        use homeward_domain::cases::household::Relationship;
        use homeward_domain::cases::person::{AgeBand, Sex};
        let sources = [
            include_str!("mod.rs"),
            include_str!("journal/mod.rs"),
            include_str!("layout.rs"),
            include_str!("session.rs"),
            include_str!("accounts/sign_in.rs"),
            include_str!("dashboard.rs"),
            include_str!("cases/page.rs"),
            include_str!("cases/register.rs"),
            include_str!("cases/household_form.rs"),
            include_str!("privacy/break_glass.rs"),
            include_str!("privacy/data_protection.rs"),
            include_str!("accounts/account.rs"),
            include_str!("accounts/users.rs"),
            include_str!("accounts/enrol.rs"),
            include_str!("privacy/subject_requests.rs"),
            include_str!("lifecycle/panel.rs"),
            include_str!("lifecycle/records.rs"),
            include_str!("lifecycle/record_posts.rs"),
            include_str!("lifecycle/form.rs"),
        ];
        let prefixes = [
            "problem-",
            "error-",
            "nav-",
            "field-",
            "hint-",
            "col-",
            "count-",
            "dashboard-",
            "cases-",
            "case-",
            "register-",
            "sign-",
            "title-",
            "uasc-",
            "member-",
            "person-",
            "break-glass-",
            "dpo-",
            "second-factor-",
            "users-",
            "banner-",
            "account-",
            "dsr-",
            "lc-",
            "journal-",
            "enrol-",
        ];
        let mut ids: Vec<String> = Vec::new();
        for src in sources {
            for literal in src.split('"').skip(1).step_by(2) {
                let is_id = literal
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if is_id
                    && prefixes.iter().any(|p| literal.starts_with(p))
                    && literal != "error-summary-title"
                    && !literal.ends_with('-')
                {
                    ids.push(literal.to_owned());
                }
            }
        }
        assert!(ids.len() > 40, "found {}", ids.len());
        let codes: Vec<(&str, &str)> = CaseKind::ALL
            .iter()
            .map(|k| ("kind", k.as_str()))
            .chain(CaseState::ALL.iter().map(|s| ("state", s.as_str())))
            .chain(
                Relationship::ALL
                    .iter()
                    .map(|r| ("relationship", r.as_str())),
            )
            .chain(Sex::ALL.iter().map(|s| ("sex", s.as_str())))
            .chain(AgeBand::ALL.iter().map(|b| ("age", b.as_str())))
            .chain(
                [
                    "organisation.created",
                    "user.created",
                    "user.password_set",
                    "area.imported",
                    "household.registered",
                    "case.opened",
                    "person.erased",
                    "user.deactivated",
                    "access.break_glass",
                    "user.second_factor_enrolled",
                    "user.second_factor_reset",
                    "user.enrolment_link_issued",
                    "person.corrected",
                    "subject_request.received",
                    "subject_request.extended",
                    "subject_request.exported",
                    "subject_request.completed",
                    "subject_request.refused",
                    "case.transitioned",
                    "case.recorded",
                    "case.record_resolved",
                    "case.assigned",
                    "case.sensitivity_set",
                    "case.closed",
                    "consent.given",
                    "consent.withdrawn",
                ]
                .map(|e| ("event", e)),
            )
            .chain(["case.read", "cases.list", "person.export"].map(|k| ("access", k)))
            .chain(
                homeward_domain::privacy::subject_request::RequestKind::ALL
                    .iter()
                    .map(|k| ("dsr-kind", k.as_str())),
            )
            .chain(
                homeward_domain::privacy::subject_request::RequestStatus::ALL
                    .iter()
                    .map(|k| ("dsr-status", k.as_str())),
            )
            .chain(
                homeward_domain::privacy::subject_request::RequestKind::ALL
                    .iter()
                    .map(|k| ("dsr-outcome", k.outcome())),
            )
            .chain(
                homeward_domain::privacy::subject_request::EXTENSION_REASONS
                    .iter()
                    .chain(homeward_domain::privacy::subject_request::REFUSAL_REASONS)
                    .map(|r| ("dsr-reason", *r)),
            )
            .chain(Role::ALL.iter().map(|r| ("role", r.as_str())))
            .chain(
                homeward_app::policy::PURPOSES
                    .iter()
                    .copied()
                    .chain(["break_glass"])
                    .map(|p| ("purpose", p)),
            )
            .collect();
        for (prefix, code) in codes {
            ids.push(format!(
                "{prefix}-{}",
                code.replace('.', "-").replace('+', "-plus")
            ));
        }
        ids.extend(lifecycle::panel::code_ids());
        ids.extend(lifecycle::records::code_ids());
        for extra in [
            "choose",
            "actor-system",
            "summary-item",
            "app-name",
            "skip-to-content",
            "signed-in-as",
            "sign-out",
            "footer-journal",
            "journal-tree-journal",
            "journal-tree-access-log",
        ] {
            ids.push(extra.to_owned());
        }
        for id in ids {
            assert!(I18N.has_everywhere(&id), "{id} is not in every language");
        }
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_segment("0190-ab_C.~"), "0190-ab_C.~");
    }

    #[test]
    fn codes_map_to_message_ids() {
        assert_eq!(
            code_label(Lang::En, "event", "made.up"),
            "made.up",
            "an unknown code shows as itself"
        );
    }
}
