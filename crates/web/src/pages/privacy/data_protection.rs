//! Pages of the data-protection officer: break-glass grants on the organisation's cases, and who
//! read a person's data. Access is decided by the services (`ReadAccessLog`).

use crate::State;
use crate::pages::layout::{self, Field, show_time};
use crate::pages::{PageSession, app_error, code_label, encode_segment, html};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::policy::{self, Permission};
use maud::{Markup, html};
use std::collections::HashMap;

fn user_name(name: Option<&str>, id: &str) -> Markup {
    html! {
        @match name {
            Some(n) => { bdi { (n) } }
            None => { span.code { bdi { (id) } } }
        }
    }
}

/// `GET /data-protection[?person=ID]`: the ways in, and a form that goes to a person's access log.
pub async fn index(session: PageSession, Query(q): Query<HashMap<String, String>>) -> Response {
    let ctx = session.ctx();
    let here = "/data-protection";
    if let Err(e) = policy::require(&session.actor, Permission::ReadAccessLog) {
        return app_error(&ctx, here, e);
    }
    let person = q.get("person").map(|p| p.trim()).unwrap_or("");
    if !person.is_empty() {
        return Redirect::to(&format!(
            "/data-protection/persons/{}/access-log",
            encode_segment(person)
        ))
        .into_response();
    }
    let title = ctx.t("dpo-title");
    let mut field = Field::text("person", ctx.t("dpo-person-id"), "");
    field.hint = Some(ctx.t("dpo-person-id-hint"));
    field.required = true;
    field.maxlength = Some(64);
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("dpo-intro")) }
        ul.actions-list {
            li { a.button href="/data-protection/break-glass" { (ctx.t("dpo-grants-title")) } }
            @if policy::may(&session.actor, Permission::ManageSubjectRequests) {
                li { a.button href="/data-protection/requests" { (ctx.t("dsr-title")) } }
            }
        }
        section aria-labelledby="access-log-title" {
            h2 #access-log-title { (ctx.t("dpo-access-title")) }
            form.search method="get" action="/data-protection" {
                (field.input())
                div.actions { button type="submit" { (ctx.t("dpo-show-log")) } }
            }
        }
    };
    html(StatusCode::OK, layout::page(&ctx, here, &title, body))
}

/// `GET /data-protection/break-glass`.
pub async fn grants(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    let here = "/data-protection/break-glass";
    let grants = match state.app.break_glass_grants(&session.actor).await {
        Ok(g) => g,
        Err(e) => return app_error(&ctx, here, e),
    };
    let title = ctx.t("dpo-grants-title");
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("dpo-grants-intro")) }
        @if grants.is_empty() {
            p.empty { (ctx.t("dpo-grants-none")) }
        } @else {
            div.table-scroll role="region" aria-labelledby="grants-caption" tabindex="0" {
                table {
                    caption #grants-caption { (ctx.t("dpo-grants-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("col-user")) }
                        th scope="col" { (ctx.t("col-case")) }
                        th scope="col" { (ctx.t("col-justification")) }
                        th scope="col" { (ctx.t("col-opened")) }
                        th scope="col" { (ctx.t("col-expires")) }
                    } }
                    tbody {
                        @for g in &grants {
                            tr {
                                td { (user_name(g.user_name.as_deref(), &g.user_id)) }
                                td { span.code { bdi { (g.case_reference.as_deref().unwrap_or(&g.case_id)) } } }
                                td { bdi { (g.justification) } }
                                td { (show_time(&g.opened_at)) }
                                td { (show_time(&g.expires_at)) }
                            }
                        }
                    }
                }
            }
        }
    };
    html(StatusCode::OK, layout::page(&ctx, here, &title, body))
}

/// `GET /data-protection/persons/{id}/access-log`.
pub async fn access_log(state: State, session: PageSession, Path(id): Path<String>) -> Response {
    let ctx = session.ctx();
    let here = format!(
        "/data-protection/persons/{}/access-log",
        encode_segment(&id)
    );
    let items = match state.app.person_access_history(&session.actor, &id).await {
        Ok(i) => i,
        Err(e) => return app_error(&ctx, &here, e),
    };
    let title = ctx.t("dpo-access-title");
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("dpo-access-person")) " " span.code { bdi { (id) } } }
        @if items.is_empty() {
            p.empty { (ctx.t("dpo-access-none")) }
        } @else {
            div.table-scroll role="region" aria-labelledby="access-caption" tabindex="0" {
                table {
                    caption #access-caption { (ctx.t("dpo-access-caption")) }
                    thead { tr {
                        th scope="col" { (ctx.t("col-time")) }
                        th scope="col" { (ctx.t("col-user")) }
                        th scope="col" { (ctx.t("col-what")) }
                        th scope="col" { (ctx.t("col-case")) }
                        th scope="col" { (ctx.t("col-purpose")) }
                    } }
                    tbody {
                        @for a in &items {
                            tr {
                                td { (show_time(&a.at)) }
                                td { (user_name(a.actor_name.as_deref(), &a.actor)) }
                                td { (code_label(ctx.lang, "access", &a.kind)) }
                                td { span.code { bdi { (a.case_reference.as_deref().unwrap_or(&a.subject)) } } }
                                td { (code_label(ctx.lang, "purpose", &a.purpose)) }
                            }
                        }
                    }
                }
            }
        }
        p { a href="/data-protection" { (ctx.t("nav-data-protection")) } }
    };
    html(StatusCode::OK, layout::page(&ctx, &here, &title, body))
}
