//! Pages of the data-protection officer for data-subject requests: the list with deadlines
//! (overdue first, marked in words and with a sign, not by colour alone), a form to log a
//! request, and each request with its actions (export, complete, extend, refuse). Access is
//! decided by the services (`ManageSubjectRequests`).

use crate::State;
use crate::api::privacy::state_conflict;
use crate::pages::layout::{self, Ctx, Field, error_summary, show_date, show_time};
use crate::pages::{
    FormBody, PageSession, app_error, code_label, encode_segment, form_fields, html,
};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::policy::{self, Permission};
use homeward_app::privacy::subject_requests::{
    Completion, Corrections, Extension, NewSubjectRequest, Refusal, SubjectRequestView,
};
use homeward_domain::FieldError;
use homeward_domain::privacy::subject_request::{EXTENSION_REASONS, REFUSAL_REASONS, RequestKind};
use maud::{Markup, html};
use std::collections::HashMap;

const LIST: &str = "/data-protection/requests";

/// Field name → translated message, for the errors shown beside fields.
type FieldErrors = HashMap<String, String>;

/// What was typed, by field name.
type Values = HashMap<String, String>;

/// The field a pointer names on these pages; `rename` maps a body field to a form field.
fn errors_by_field(ctx: &Ctx, errors: &[FieldError], rename: &[(&str, &str)]) -> FieldErrors {
    let mut out = FieldErrors::new();
    for e in errors {
        let name = e
            .pointer
            .trim_start_matches('/')
            .trim_start_matches("corrections/");
        let name = rename
            .iter()
            .find(|(from, _)| *from == name)
            .map_or(name, |(_, to)| to);
        let entry = out.entry(name.to_owned()).or_default();
        if !entry.is_empty() {
            entry.push(' ');
        }
        entry.push_str(&ctx.t(e.code));
    }
    out
}

fn summary(errors: &FieldErrors) -> Vec<(Option<String>, String)> {
    let mut items: Vec<_> = errors
        .iter()
        .map(|(field, text)| {
            let anchor = (!field.is_empty() && field != "form").then(|| field.clone());
            (anchor, text.clone())
        })
        .collect();
    items.sort();
    items
}

fn options(ctx: &Ctx, prefix: &str, values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| ((*v).to_owned(), code_label(ctx.lang, prefix, v)))
        .collect()
}

fn field<'a>(
    ctx: &Ctx,
    name: &'a str,
    label: &str,
    values: &'a Values,
    errors: &FieldErrors,
) -> Field<'a> {
    let mut f = Field::text(
        name,
        ctx.t(label),
        values.get(name).map_or("", String::as_str),
    );
    f.error = errors.get(name).cloned();
    f
}

/// The sign and words that mark an overdue request.
fn overdue_tag(ctx: &Ctx) -> Markup {
    html! { span.tag.warning { span aria-hidden="true" { "⚠ " } (ctx.t("dsr-overdue")) } }
}

fn days_left(ctx: &Ctx, r: &SubjectRequestView) -> Markup {
    html! {
        @match r.days_left {
            // A negative number reads left to right in every language ("-10", not "10-").
            Some(d) => { bdi dir="ltr" { (d) } }
            None => { span.muted { "—" } }
        }
        @if r.overdue { " " (overdue_tag(ctx)) }
    }
}

fn request_link(r: &SubjectRequestView) -> String {
    format!("{LIST}/{}", encode_segment(&r.id))
}

fn list_page(
    ctx: &Ctx,
    csrf: &str,
    requests: &[SubjectRequestView],
    values: &Values,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let title = ctx.t("dsr-title");
    let kinds: Vec<&str> = RequestKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut person = field(ctx, "person_id", "dpo-person-id", values, errors);
    person.required = true;
    person.maxlength = Some(64);
    person.hint = Some(ctx.t("dpo-person-id-hint"));
    let mut kind = field(ctx, "kind", "dsr-kind", values, errors);
    kind.required = true;
    let mut received = field(ctx, "received_on", "dsr-received-on", values, errors);
    received.input_type = "date";
    received.required = true;
    received.hint = Some(ctx.t("dsr-received-on-hint"));
    let overdue = requests.iter().filter(|r| r.overdue).count();
    let body = html! {
        h1 { (title) }
        @if !errors.is_empty() { (error_summary(ctx, &summary(errors))) }
        p.lead { (ctx.t("dsr-intro")) }
        @if overdue > 0 {
            div.notice.warning role="note" {
                p { span aria-hidden="true" { "⚠ " }
                    (crate::I18N.t_with(ctx.lang, "dsr-overdue-count", &[("count", &overdue.to_string())])) }
            }
        }
        @if requests.is_empty() {
            p.empty { (ctx.t("dsr-none")) }
        } @else {
            div.table-scroll role="region" aria-labelledby="requests-caption" tabindex="0" {
                table {
                    caption #requests-caption { (ctx.t("dsr-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("col-deadline")) }
                        th scope="col" { (ctx.t("col-days-left")) }
                        th scope="col" { (ctx.t("dsr-kind")) }
                        th scope="col" { (ctx.t("col-status")) }
                        th scope="col" { (ctx.t("dsr-received-on")) }
                        th scope="col" { (ctx.t("dpo-person-id")) }
                    } }
                    tbody {
                        @for r in requests {
                            tr.overdue[r.overdue] {
                                td { a href=(request_link(r)) { (show_date(&r.deadline)) } }
                                td { (days_left(ctx, r)) }
                                td { (code_label(ctx.lang, "dsr-kind", &r.kind)) }
                                td { (code_label(ctx.lang, "dsr-status", &r.status)) }
                                td { (show_date(&r.received_on)) }
                                td { span.code { bdi { (r.person_id) } } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="new-request-title" {
            h2 #new-request-title { (ctx.t("dsr-new-title")) }
            form method="post" action=(LIST) {
                input type="hidden" name="csrf" value=(csrf);
                (person.input())
                (kind.select(&options(ctx, "dsr-kind", &kinds)))
                (received.input())
                div.actions.final { button.primary type="submit" { (ctx.t("dsr-new-submit")) } }
            }
        }
        p { a href="/data-protection" { (ctx.t("nav-data-protection")) } }
    };
    html(status, layout::page(ctx, LIST, &title, body))
}

/// `GET /data-protection/requests`.
pub async fn list(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    match state.app.subject_requests(&session.actor, None).await {
        Ok(requests) => {
            let mut values = Values::new();
            values.insert("received_on".into(), today());
            list_page(
                &ctx,
                &session.csrf,
                &requests,
                &values,
                &FieldErrors::new(),
                StatusCode::OK,
            )
        }
        Err(e) => app_error(&ctx, LIST, e),
    }
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// `POST /data-protection/requests`.
pub async fn create(state: State, session: PageSession, body: FormBody) -> Response {
    let ctx = session.ctx();
    let values = form_fields(body);
    if !session.csrf_matches(values.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, LIST, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let input = NewSubjectRequest {
        person_id: get("person_id"),
        kind: get("kind"),
        received_on: get("received_on"),
    };
    let errors = match state.app.log_subject_request(&session.actor, input).await {
        Ok(_) => return Redirect::to(LIST).into_response(),
        Err(AppError::Invalid(invalid)) => errors_by_field(&ctx, &invalid.0, &[]),
        // A person of another organisation reads exactly like one that does not exist.
        Err(AppError::NotFound) => {
            let mut e = FieldErrors::new();
            e.insert("person_id".into(), ctx.t("error-unknown-person"));
            e
        }
        Err(e) => return app_error(&ctx, LIST, e),
    };
    let requests = match state.app.subject_requests(&session.actor, None).await {
        Ok(r) => r,
        Err(e) => return app_error(&ctx, LIST, e),
    };
    list_page(
        &ctx,
        &session.csrf,
        &requests,
        &values,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// Which form on a request's page the errors belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    None,
    Complete,
    Extend,
    Refuse,
}

struct Detail<'a> {
    action: Action,
    values: &'a Values,
    errors: &'a FieldErrors,
}

fn detail_page(
    ctx: &Ctx,
    csrf: &str,
    r: &SubjectRequestView,
    d: Detail<'_>,
    status: StatusCode,
) -> Response {
    let here = request_link(r);
    let title = ctx.t("dsr-request-title");
    let pending = r.days_left.is_some();
    let no_errors = FieldErrors::new();
    let errs = |a: Action| if d.action == a { d.errors } else { &no_errors };
    let body = html! {
        h1 { (title) }
        @if !d.errors.is_empty() { (error_summary(ctx, &summary(d.errors))) }
        dl.facts {
            div { dt { (ctx.t("dsr-kind")) } dd { (code_label(ctx.lang, "dsr-kind", &r.kind)) } }
            div { dt { (ctx.t("col-status")) } dd { span.state { (code_label(ctx.lang, "dsr-status", &r.status)) } } }
            div { dt { (ctx.t("dsr-received-on")) } dd { (show_date(&r.received_on)) } }
            div { dt { (ctx.t("col-deadline")) } dd { (show_date(&r.deadline)) } }
            div { dt { (ctx.t("col-days-left")) } dd { (days_left(ctx, r)) } }
            div { dt { (ctx.t("dpo-person-id")) } dd {
                a href={ "/data-protection/persons/" (encode_segment(&r.person_id)) "/access-log" } {
                    span.code { bdi { (r.person_id) } }
                }
            } }
            @if let Some(reason) = &r.extension_reason {
                div { dt { (ctx.t("dsr-extension-reason")) } dd { (code_label(ctx.lang, "dsr-reason", reason)) } }
            }
            @if let Some(outcome) = &r.outcome {
                div { dt { (ctx.t("dsr-outcome")) } dd {
                    @if r.status == "refused" { (code_label(ctx.lang, "dsr-reason", outcome)) }
                    @else { (code_label(ctx.lang, "dsr-outcome", outcome)) }
                }  }
            }
            div { dt { (ctx.t("dsr-handled-by")) } dd { bdi { (r.handled_by_name.as_deref().unwrap_or(&r.handled_by)) } } }
            @if let Some(at) = &r.exported_at {
                div { dt { (ctx.t("dsr-exported-at")) } dd { (show_time(at)) } }
            }
        }
        @if pending {
            (complete_form(ctx, csrf, r, d.values, errs(Action::Complete)))
            @if r.status == "open" { (extend_form(ctx, csrf, r, d.values, errs(Action::Extend))) }
            (refuse_form(ctx, csrf, r, d.values, errs(Action::Refuse)))
        }
        p { a href=(LIST) { (ctx.t("dsr-title")) } }
    };
    html(status, layout::page(ctx, &here, &title, body))
}

fn complete_form(
    ctx: &Ctx,
    csrf: &str,
    r: &SubjectRequestView,
    values: &Values,
    errors: &FieldErrors,
) -> Markup {
    let action = format!("{}/completion", request_link(r));
    let export = format!(
        "/api/v1/persons/{}/export?request={}",
        encode_segment(&r.person_id),
        encode_segment(&r.id)
    );
    let correction = [
        ("given_name", "field-given-name"),
        ("family_name", "field-family-name"),
        ("date_of_birth", "field-date-of-birth"),
        ("phone", "field-phone"),
        ("document_number", "field-document-number"),
        ("address", "field-address"),
        ("notes", "field-notes"),
    ];
    let inputs: Vec<Markup> = if r.kind == "correction" {
        correction
            .iter()
            .map(|(name, label)| {
                let mut f = field(ctx, name, label, values, errors);
                f.dir_auto = true;
                if *name == "date_of_birth" {
                    f.input_type = "date";
                    f.dir_auto = false;
                }
                if *name == "notes" {
                    f.textarea()
                } else {
                    f.input()
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    html! {
        section aria-labelledby="complete-title" {
            h2 #complete-title { (ctx.t("dsr-complete-title")) }
            @match r.kind.as_str() {
                "access" => {
                    p { (ctx.t("dsr-access-explain")) }
                    p { a.button href=(export) download { (ctx.t("dsr-export-download")) } }
                }
                "erasure" => {
                    div.notice.warning role="note" { p { (ctx.t("dsr-erasure-warning")) } }
                }
                "correction" => { p { (ctx.t("dsr-correction-explain")) } }
                _ => { p { (ctx.t("dsr-complete-explain")) } }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                @for input in &inputs { (input) }
                div.actions.final { button.primary type="submit" { (ctx.t("dsr-complete-submit")) } }
            }
        }
    }
}

fn extend_form(
    ctx: &Ctx,
    csrf: &str,
    r: &SubjectRequestView,
    values: &Values,
    errors: &FieldErrors,
) -> Markup {
    let action = format!("{}/extension", request_link(r));
    let mut days = field(ctx, "days", "dsr-extension-days", values, errors);
    days.input_type = "number";
    days.required = true;
    days.hint = Some(ctx.t("dsr-extension-days-hint"));
    let mut reason = field(
        ctx,
        "extension_reason",
        "dsr-extension-reason",
        values,
        errors,
    );
    reason.required = true;
    html! {
        section aria-labelledby="extend-title" {
            h2 #extend-title { (ctx.t("dsr-extend-title")) }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                (days.input())
                (reason.select(&options(ctx, "dsr-reason", EXTENSION_REASONS)))
                div.actions { button type="submit" { (ctx.t("dsr-extend-submit")) } }
            }
        }
    }
}

fn refuse_form(
    ctx: &Ctx,
    csrf: &str,
    r: &SubjectRequestView,
    values: &Values,
    errors: &FieldErrors,
) -> Markup {
    let action = format!("{}/refusal", request_link(r));
    let mut reason = field(ctx, "refusal_reason", "dsr-refusal-reason", values, errors);
    reason.required = true;
    html! {
        section aria-labelledby="refuse-title" {
            h2 #refuse-title { (ctx.t("dsr-refuse-title")) }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                (reason.select(&options(ctx, "dsr-reason", REFUSAL_REASONS)))
                div.actions { button type="submit" { (ctx.t("dsr-refuse-submit")) } }
            }
        }
    }
}

/// `GET /data-protection/requests/{id}`.
pub async fn show(state: State, session: PageSession, Path(id): Path<String>) -> Response {
    let ctx = session.ctx();
    match state.app.subject_request(&session.actor, &id).await {
        Ok(r) => {
            let values = Values::new();
            let errors = FieldErrors::new();
            let d = Detail {
                action: Action::None,
                values: &values,
                errors: &errors,
            };
            detail_page(&ctx, &session.csrf, &r, d, StatusCode::OK)
        }
        Err(e) => app_error(&ctx, &format!("{LIST}/{}", encode_segment(&id)), e),
    }
}

/// Runs one action posted from a request's page; on success back to the page, on refusal the
/// page again with the errors beside the fields of that action's form.
async fn act(
    state: State,
    session: PageSession,
    id: String,
    body: FormBody,
    action: Action,
) -> Response {
    let ctx = session.ctx();
    let here = format!("{LIST}/{}", encode_segment(&id));
    let values = form_fields(body);
    if !session.csrf_matches(values.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, &here, StatusCode::FORBIDDEN, "problem-csrf");
    }
    if let Err(e) = policy::require(&session.actor, Permission::ManageSubjectRequests) {
        return app_error(&ctx, &here, e);
    }
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let typed = |k: &str| values.get(k).filter(|v| !v.trim().is_empty()).cloned();
    let app = &state.app;
    let actor = &session.actor;
    let (result, rename): (_, &[(&str, &str)]) = match action {
        Action::Extend => {
            let days = get("days").trim().parse::<i64>().unwrap_or(0);
            let input = Extension {
                days,
                reason: get("extension_reason"),
            };
            (
                app.extend_subject_request(actor, &id, input).await,
                &[("reason", "extension_reason")],
            )
        }
        Action::Refuse => {
            let input = Refusal {
                reason: get("refusal_reason"),
            };
            (
                app.refuse_subject_request(actor, &id, input).await,
                &[("reason", "refusal_reason")],
            )
        }
        Action::Complete | Action::None => {
            let c = Corrections {
                given_name: typed("given_name"),
                family_name: typed("family_name"),
                date_of_birth: typed("date_of_birth"),
                phone: typed("phone"),
                document_number: typed("document_number"),
                address: typed("address"),
                notes: typed("notes"),
            };
            let any = [
                &c.given_name,
                &c.family_name,
                &c.date_of_birth,
                &c.phone,
                &c.document_number,
                &c.address,
                &c.notes,
            ]
            .iter()
            .any(|f| f.is_some());
            let kind = app.subject_request(actor, &id).await.map(|r| r.kind);
            let corrections = (any || matches!(kind.as_deref(), Ok("correction"))).then_some(c);
            (
                app.complete_subject_request(actor, &id, Completion { corrections })
                    .await,
                &[("corrections", "form")],
            )
        }
    };
    let (errors, status) = match result {
        Ok(_) => return Redirect::to(&here).into_response(),
        Err(AppError::Invalid(invalid)) => (
            errors_by_field(&ctx, &invalid.0, rename),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(AppError::Conflict(code)) if state_conflict(code).is_some() => {
            let mut e = FieldErrors::new();
            if let Some((_, message)) = state_conflict(code) {
                e.insert("form".into(), ctx.t(message));
            }
            (e, StatusCode::CONFLICT)
        }
        Err(e) => return app_error(&ctx, &here, e),
    };
    match state.app.subject_request(&session.actor, &id).await {
        Ok(r) => {
            let d = Detail {
                action,
                values: &values,
                errors: &errors,
            };
            detail_page(&ctx, &session.csrf, &r, d, status)
        }
        Err(e) => app_error(&ctx, &here, e),
    }
}

/// `POST /data-protection/requests/{id}/completion`.
pub async fn complete(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    act(state, session, id, body, Action::Complete).await
}

/// `POST /data-protection/requests/{id}/extension`.
pub async fn extend(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    act(state, session, id, body, Action::Extend).await
}

/// `POST /data-protection/requests/{id}/refusal`.
pub async fn refuse(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    act(state, session, id, body, Action::Refuse).await
}
