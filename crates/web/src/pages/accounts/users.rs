//! User management for administrators: the organisation's users with their roles, status and
//! second factor; inviting a user (who gets a one-time enrolment link, shown once here, to choose
//! their own password); a new link for a forgotten password; deactivating a user; resetting a
//! lost second factor. Access is decided by the services (`ManageUsers`).

use crate::pages::layout::{self, Ctx, Field, error_summary, show_time};
use crate::pages::{FormBody, PageSession, app_error, code_label, encode_segment, html};
use crate::{State, WebState};
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::accounts::enrolment::{EnrolmentLink, NewInvite};
use homeward_app::accounts::organisations::{Admin, UserView};
use homeward_domain::accounts::roles::Role;
use maud::html;
use std::collections::HashMap;

const HERE: &str = "/users";

/// What the create form holds: typed values and errors by field name.
#[derive(Default)]
struct Draft {
    email: String,
    display_name: String,
    roles: Vec<String>,
    errors: HashMap<String, String>,
}

/// An enrolment link just issued, to show this once: for whom, and the whole address.
struct Issued {
    display_name: String,
    url: String,
    link: EnrolmentLink,
}

/// The address of a link as the administrator's browser reached this server (the `Host` it
/// sent), so that it can be passed on as it is.
fn absolute(state: &WebState, headers: &HeaderMap, link: EnrolmentLink, name: String) -> Issued {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.behind_tls { "https" } else { "http" };
    Issued {
        url: format!("{scheme}://{host}{}", link.path),
        display_name: name,
        link,
    }
}

fn yes_no(ctx: &Ctx, v: bool) -> String {
    ctx.t(if v { "users-yes" } else { "users-no" })
}

struct Shown<'a> {
    users: &'a [UserView],
    draft: &'a Draft,
    issued: Option<&'a Issued>,
}

fn render(ctx: &Ctx, me: &str, csrf: &str, shown: Shown<'_>, status: StatusCode) -> Response {
    let Shown {
        users,
        draft,
        issued,
    } = shown;
    let title = ctx.t("users-title");
    let field = |name: &'static str, label: &str, _: &'static str| {
        let mut f = Field::text(name, ctx.t(label), "");
        f.required = true;
        f.error = draft.errors.get(name).cloned();
        f
    };
    let mut email = field("email", "field-email", "");
    email.value = &draft.email;
    email.input_type = "email";
    email.autocomplete = Some("off");
    email.maxlength = Some(254);
    let mut name = field("display_name", "field-display-name", "");
    name.value = &draft.display_name;
    name.dir_auto = true;
    name.maxlength = Some(200);
    let roles_error = draft.errors.get("roles");
    let summary: Vec<(Option<String>, String)> = ["email", "display_name", "roles"]
        .iter()
        .filter_map(|f| {
            draft
                .errors
                .get(*f)
                .map(|e| (Some((*f).to_owned()), e.clone()))
        })
        .collect();
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("users-intro")) }
        @if let Some(issued) = issued {
            section.notice role="status" aria-labelledby="link-title" {
                h2 #link-title { (ctx.t("users-link-title")) ": " bdi { (issued.display_name) } }
                p { (ctx.t("users-link-intro")) " " (show_time(&issued.link.expires_at)) }
                p { bdi.code.link-url dir="ltr" { (issued.url) } }
            }
        }
        div.table-scroll role="region" aria-labelledby="users-caption" tabindex="0" {
            table {
                caption #users-caption { (ctx.t("users-caption")) }
                thead { tr {
                    th scope="col" { (ctx.t("col-name")) }
                    th scope="col" { (ctx.t("field-email")) }
                    th scope="col" { (ctx.t("col-roles")) }
                    th scope="col" { (ctx.t("col-active")) }
                    th scope="col" { (ctx.t("col-second-factor")) }
                    th scope="col" { (ctx.t("col-actions")) }
                } }
                tbody {
                    @for u in users {
                        tr {
                            td { bdi { (u.display_name) } }
                            td { bdi.code { (u.email) } }
                            td { (u.roles.iter().map(|r| code_label(ctx.lang, "role", r)).collect::<Vec<_>>().join(", ")) }
                            td { (yes_no(ctx, u.active)) }
                            td {
                                (yes_no(ctx, u.second_factor))
                                @if u.second_factor_required && !u.second_factor {
                                    " " span.tag { (ctx.t("users-factor-pending")) }
                                }
                            }
                            td {
                                @if u.active && u.id != me {
                                    form.inline method="post" action={ "/users/" (encode_segment(&u.id)) "/deactivation" } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button.link type="submit" aria-label={ (ctx.t("users-deactivate")) ": " (u.display_name) } { (ctx.t("users-deactivate")) }
                                    }
                                }
                                @if u.active && u.id != me {
                                    form.inline method="post" action={ "/users/" (encode_segment(&u.id)) "/enrolment-link" } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button.link type="submit" aria-label={ (ctx.t("users-new-link")) ": " (u.display_name) } { (ctx.t("users-new-link")) }
                                    }
                                }
                                @if u.second_factor && u.id != me {
                                    form.inline method="post" action={ "/users/" (encode_segment(&u.id)) "/second-factor-reset" } {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button.link type="submit" aria-label={ (ctx.t("users-reset-factor")) ": " (u.display_name) } { (ctx.t("users-reset-factor")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-user-title" {
            h2 #new-user-title { (ctx.t("users-new-title")) }
            p { (ctx.t("hint-new-user")) }
            @if !summary.is_empty() { (error_summary(ctx, &summary)) }
            form.card method="post" action=(HERE) {
                input type="hidden" name="csrf" value=(csrf);
                (email.input())
                (name.input())
                fieldset #roles.field.has-error[roles_error.is_some()]
                    aria-describedby=[roles_error.map(|_| "roles-error")] {
                    legend { (ctx.t("col-roles")) span.required aria-hidden="true" { " *" } }
                    @if let Some(e) = roles_error { p.field-error #roles-error { (e) } }
                    @for role in Role::ALL {
                        div.checkbox {
                            input type="checkbox" name="roles" value=(role.as_str())
                                id={ "role-" (role.as_str()) }
                                checked[draft.roles.iter().any(|r| r == role.as_str())];
                            label for={ "role-" (role.as_str()) } { (code_label(ctx.lang, "role", role.as_str())) }
                        }
                    }
                }
                div.actions { button.primary type="submit" { (ctx.t("users-create")) } }
            }
        }
    };
    html(status, layout::page(ctx, HERE, &title, body))
}

/// `GET /users`.
pub async fn list(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    match state.app.list_users(&session.actor).await {
        Ok(users) => render(
            &ctx,
            &session.actor.user_id,
            &session.csrf,
            Shown {
                users: &users,
                draft: &Draft::default(),
                issued: None,
            },
            StatusCode::OK,
        ),
        Err(e) => app_error(&ctx, HERE, e),
    }
}

/// The list again, with a link just issued shown once (and not in the address, so a reload does
/// not show it again: the page is answered directly, `Cache-Control: no-store`).
async fn show_issued(state: &WebState, session: &PageSession, issued: &Issued) -> Response {
    let ctx = session.ctx();
    match state.app.list_users(&session.actor).await {
        Ok(users) => render(
            &ctx,
            &session.actor.user_id,
            &session.csrf,
            Shown {
                users: &users,
                draft: &Draft::default(),
                issued: Some(issued),
            },
            StatusCode::OK,
        ),
        Err(e) => app_error(&ctx, HERE, e),
    }
}

/// `POST /users`: invites a user to the administrator's organisation; shows their link once.
pub async fn create(
    state: State,
    session: PageSession,
    headers: HeaderMap,
    body: FormBody,
) -> Response {
    let ctx = session.ctx();
    let pairs = body.map(|axum::Form(p)| p).unwrap_or_default();
    let first = |n: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if !session.csrf_matches(Some(&first("csrf"))) {
        return layout::error_page(&ctx, HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let mut draft = Draft {
        email: first("email"),
        display_name: first("display_name"),
        roles: pairs
            .iter()
            .filter(|(k, _)| k == "roles")
            .map(|(_, v)| v.clone())
            .collect(),
        errors: HashMap::new(),
    };
    let invite = NewInvite {
        email: &draft.email,
        display_name: &draft.display_name,
        roles: &draft.roles,
    };
    match state.app.invite_user(&session.actor, invite).await {
        Ok((user, link)) => {
            let issued = absolute(&state, &headers, link, user.display_name);
            show_issued(&state, &session, &issued).await
        }
        Err(AppError::Invalid(invalid)) => {
            for e in invalid.0 {
                let field = e
                    .pointer
                    .trim_start_matches('/')
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let field = if field.is_empty() {
                    "email".to_owned()
                } else {
                    field
                };
                draft.errors.entry(field).or_insert_with(|| ctx.t(e.code));
            }
            match state.app.list_users(&session.actor).await {
                Ok(users) => render(
                    &ctx,
                    &session.actor.user_id,
                    &session.csrf,
                    Shown {
                        users: &users,
                        draft: &draft,
                        issued: None,
                    },
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => app_error(&ctx, HERE, e),
            }
        }
        Err(e) => app_error(&ctx, HERE, e),
    }
}

/// `POST /users/{id}/deactivation`.
pub async fn deactivate(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    let form = crate::pages::form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&session.ctx(), HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    match state
        .app
        .deactivate_user(Admin::User(&session.actor), &id)
        .await
    {
        Ok(()) => Redirect::to(HERE).into_response(),
        Err(e) => app_error(&session.ctx(), HERE, e),
    }
}

/// `POST /users/{id}/second-factor-reset`.
pub async fn reset_factor(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    let form = crate::pages::form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&session.ctx(), HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    match state
        .app
        .reset_second_factor(Admin::User(&session.actor), &id)
        .await
    {
        Ok(()) => Redirect::to(HERE).into_response(),
        Err(e) => app_error(&session.ctx(), HERE, e),
    }
}

/// `POST /users/{id}/enrolment-link`: a new link (a forgotten password), shown once.
pub async fn new_link(
    state: State,
    session: PageSession,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    let form = crate::pages::form_fields(body);
    if !session.csrf_matches(form.get("csrf").map(String::as_str)) {
        return layout::error_page(&session.ctx(), HERE, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let link = match state.app.issue_enrolment_link(&session.actor, &id).await {
        Ok(link) => link,
        Err(e) => return app_error(&session.ctx(), HERE, e),
    };
    let name = match state.app.list_users(&session.actor).await {
        Ok(users) => users
            .into_iter()
            .find(|u| u.id == id)
            .map(|u| u.display_name)
            .unwrap_or_default(),
        Err(e) => return app_error(&session.ctx(), HERE, e),
    };
    let issued = absolute(&state, &headers, link, name);
    show_issued(&state, &session, &issued).await
}
