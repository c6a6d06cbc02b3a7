//! The case list (search by reference, cursor pagination) and the case page with its history.

use crate::State;
use crate::pages::layout::{self, Ctx, Field, show_date, show_time};
use crate::pages::lifecycle::panel::{self, Answer, Feedback, Lifecycle};
use crate::pages::lifecycle::{record_posts, records};
use crate::pages::{
    FormBody, PageSession, app_error, code_label, encode_query, encode_segment, html,
};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_app::AppError;
use homeward_app::cases::reads::{CaseDetail, HistoryItem};
use maud::{Markup, html};
use std::collections::HashMap;

fn destination(names: &HashMap<String, String>, pcode: &str) -> Markup {
    html! {
        @if let Some(name) = names.get(pcode) {
            bdi { (name) } " " span.code { "(" bdi { (pcode) } ")" }
        } @else {
            span.code { bdi { (pcode) } }
        }
    }
}

/// `GET /cases?reference=…&cursor=…`.
pub async fn list(
    state: State,
    session: PageSession,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = session.ctx();
    let here = "/cases";
    let reference = q.get("reference").map(String::as_str).unwrap_or("");
    let cursor = q
        .get("cursor")
        .map(String::as_str)
        .filter(|c| !c.is_empty());
    let result = state
        .app
        .list_cases(&session.actor, Some(reference), cursor, None)
        .await;
    let (page, errors) = match result {
        Ok(page) => (Some(page), Vec::new()),
        Err(AppError::Invalid(i)) => (None, i.0),
        Err(e) => return app_error(&ctx, here, e),
    };
    let names = match &page {
        Some(p) => {
            match state
                .app
                .area_names(p.items.iter().map(|c| c.destination_area.clone()))
                .await
            {
                Ok(n) => n,
                Err(e) => return app_error(&ctx, here, e),
            }
        }
        None => HashMap::new(),
    };
    let title = ctx.t("cases-title");
    let reference_error = errors
        .iter()
        .find(|e| e.pointer == "/reference")
        .map(|e| ctx.t(e.code));
    let other_errors: Vec<String> = errors
        .iter()
        .filter(|e| e.pointer != "/reference")
        .map(|e| ctx.t(e.code))
        .collect();
    let mut search = Field::text("reference", ctx.t("field-reference"), reference);
    search.input_type = "search";
    search.hint = Some(ctx.t("field-reference-hint"));
    search.maxlength = Some(20);
    search.error = reference_error;
    let body = html! {
        h1 { (title) }
        form.search method="get" action="/cases" role="search" {
            (search.input())
            div.actions { button type="submit" { (ctx.t("search")) } }
        }
        @for e in &other_errors { div.error-summary role="alert" { p { (e) } } }
        @if let Some(page) = &page {
            @if page.items.is_empty() {
                p.empty { (ctx.t("cases-none")) }
            } @else {
                div.table-scroll role="region" aria-labelledby="cases-caption" tabindex="0" {
                    table {
                        caption #cases-caption { (ctx.t("cases-caption")) }
                        thead { tr {
                            th scope="col" { (ctx.t("col-reference")) }
                            th scope="col" { (ctx.t("col-head")) }
                            th scope="col" { (ctx.t("col-kind")) }
                            th scope="col" { (ctx.t("col-state")) }
                            th scope="col" { (ctx.t("col-destination")) }
                            th scope="col" { (ctx.t("col-opened")) }
                        } }
                        tbody {
                            @for c in &page.items {
                                tr {
                                    td { a href={ "/cases/" (c.id) } { bdi { (c.reference) } } }
                                    td {
                                        @if let Some(name) = &c.head_name {
                                            bdi { (name) }
                                        } @else {
                                            span.muted { (ctx.t("name-withheld")) }
                                        }
                                    }
                                    td { (code_label(ctx.lang, "kind", &c.kind)) }
                                    td { span.state { (code_label(ctx.lang, "state", &c.state)) } }
                                    td { (destination(&names, &c.destination_area)) }
                                    td { (show_date(&c.opened_at)) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(ctx.t("pagination-label")) {
                @if cursor.is_some() {
                    a href={ "/cases?reference=" (encode_query(reference)) } { (ctx.t("first-page")) }
                }
                @if let Some(next) = &page.next_cursor {
                    a rel="next" href={ "/cases?reference=" (encode_query(reference)) "&cursor=" (encode_query(next)) } {
                        (ctx.t("next-page"))
                    }
                }
            }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html(status, layout::page(&ctx, here, &title, body))
}

/// `GET /cases/{id}`.
pub async fn show(state: State, session: PageSession, Path(id): Path<String>) -> Response {
    render(&state, &session, &id, Feedback::default()).await
}

/// The case page, with what a refused form or move brings back (`feedback`).
pub(crate) async fn render(
    web: &crate::WebState,
    session: &PageSession,
    id: &str,
    feedback: Feedback,
) -> Response {
    let ctx = session.ctx();
    let here = format!("/cases/{id}");
    let detail = match web.app.case_detail(&session.actor, id).await {
        Ok(d) => d,
        // The same page, word for word, for a case that does not exist and one of another
        // organisation: the way to break-glass is offered for every case address.
        Err(AppError::NotFound) if ctx.user.as_ref().is_some_and(|u| u.can_read_cases) => {
            let extra = html! {
                p { a href={ "/cases/" (encode_segment(id)) "/break-glass" } { (ctx.t("break-glass-link")) } }
            };
            return layout::error_page_with(
                &ctx,
                &here,
                StatusCode::NOT_FOUND,
                "problem-not-found",
                extra,
            );
        }
        Err(e) => return app_error(&ctx, &here, e),
    };
    let history = match web.app.case_history(&session.actor, id).await {
        Ok(h) => h,
        Err(e) => return app_error(&ctx, &here, e),
    };
    // The road and its records are for those who hold the case; a reader by break-glass or
    // agreement sees the case without them.
    let lifecycle = if detail.access == "scope" {
        match Lifecycle::load(web, session, &detail).await {
            Ok(l) => Some(l),
            Err(e) => return app_error(&ctx, &here, e),
        }
    } else {
        None
    };
    let lookups = async {
        let areas = web
            .app
            .area_names([detail.destination_area.clone()])
            .await?;
        let users = web
            .app
            .display_names(
                history
                    .iter()
                    .map(|h| h.actor.clone())
                    .chain(detail.assigned_to.clone())
                    .chain(lifecycle.iter().flat_map(Lifecycle::people)),
            )
            .await?;
        Ok::<_, AppError>((areas, users))
    };
    let (areas, users) = match lookups.await {
        Ok(v) => v,
        Err(e) => return app_error(&ctx, &here, e),
    };
    let title = ctx.t("case-title");
    let body = html! {
        h1 { (title) " " bdi { (detail.reference) } }
        (facts(&ctx, &detail, &areas, &users))
        @if let Some(lc) = &lifecycle {
            (panel::panel(&ctx, session, &detail, lc, &feedback))
        } @else {
            p.notice role="note" { (ctx.t("lc-out-of-scope")) }
        }
        (members(&ctx, &detail))
        @if let Some(lc) = &lifecycle {
            (records::section(&ctx, session, &detail, lc, &feedback, &users))
            (panel::transitions(&ctx, &lc.transitions, &users))
        }
        (history_table(&ctx, &history, &users))
    };
    html(
        feedback.status.unwrap_or(StatusCode::OK),
        layout::page(&ctx, &here, &title, body),
    )
}

fn facts(
    ctx: &Ctx,
    d: &CaseDetail,
    areas: &HashMap<String, String>,
    users: &HashMap<String, String>,
) -> Markup {
    html! {
        dl.facts {
            div { dt { (ctx.t("col-kind")) } dd { (code_label(ctx.lang, "kind", &d.kind)) } }
            div { dt { (ctx.t("col-state")) } dd { span.state { (code_label(ctx.lang, "state", &d.state)) } } }
            div { dt { (ctx.t("field-host-country")) } dd { bdi { (d.host_country) } } }
            div { dt { (ctx.t("field-origin-country")) } dd { bdi { (d.origin_country) } } }
            div { dt { (ctx.t("col-destination")) } dd { (destination(areas, &d.destination_area)) } }
            div { dt { (ctx.t("col-opened")) } dd { (show_date(&d.opened_at)) } }
            div {
                dt { (ctx.t("case-assigned-to")) }
                dd {
                    @match d.assigned_to.as_ref().and_then(|u| users.get(u)) {
                        Some(name) => { bdi { (name) } }
                        None => { span.muted { (ctx.t("nobody")) } }
                    }
                }
            }
            @if !d.sensitivity.is_empty() {
                div {
                    dt { (ctx.t("case-sensitivity")) }
                    dd { @for m in &d.sensitivity { span.tag.warning { (code_label(ctx.lang, "sensitivity", m)) } " " } }
                }
            }
            @if let Some(reason) = &d.closure_reason {
                div { dt { (ctx.t("case-closure-reason")) } dd { (code_label(ctx.lang, "closure", reason)) } }
            }
            @if d.access != "scope" {
                div { dt { (ctx.t("case-access")) } dd { span.tag.warning { (code_label(ctx.lang, "access", &d.access)) } } }
            }
        }
    }
}

fn members(ctx: &Ctx, d: &CaseDetail) -> Markup {
    html! {
        section aria-labelledby="members-title" {
            h2 #members-title { (ctx.t("case-members")) }
            @if !d.unaccompanied_children.is_empty() {
                div.notice.warning role="note" {
                    p { strong { (ctx.t("uasc-notice-title")) } " " (ctx.t("uasc-notice")) }
                }
            }
            div.table-scroll role="region" aria-labelledby="members-title" tabindex="0" {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("col-name")) }
                        th scope="col" { (ctx.t("field-relationship")) }
                        th scope="col" { (ctx.t("field-sex")) }
                        th scope="col" { (ctx.t("field-age-band")) }
                        th scope="col" { (ctx.t("field-nationality")) }
                        th scope="col" { (ctx.t("field-languages")) }
                    } }
                    tbody {
                        @for m in &d.members {
                            tr {
                                td {
                                    @if m.erased {
                                        span.tag.erased { (ctx.t("person-erased")) }
                                    } @else if m.given_name.is_some() || m.family_name.is_some() {
                                        // Under a sharing agreement only the listed parts of a name may be shown.
                                        bdi { (m.given_name.as_deref().unwrap_or("")) " " (m.family_name.as_deref().unwrap_or("")) }
                                    } @else {
                                        span.muted { (ctx.t("name-withheld")) }
                                    }
                                    @if d.unaccompanied_children.contains(&m.id) {
                                        " " span.tag.warning { (ctx.t("uasc-tag")) }
                                    }
                                }
                                td { (code_label(ctx.lang, "relationship", &m.relationship)) }
                                td { (code_label(ctx.lang, "sex", &m.sex)) }
                                td { (code_label(ctx.lang, "age", &m.age_band)) }
                                td { bdi { (m.nationality.as_deref().unwrap_or("—")) } }
                                td { bdi { (if m.languages.is_empty() { "—".to_owned() } else { m.languages.join(", ") }) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn history_table(ctx: &Ctx, history: &[HistoryItem], users: &HashMap<String, String>) -> Markup {
    html! {
        section aria-labelledby="history-title" {
            h2 #history-title { (ctx.t("case-history")) }
            p.hint { (ctx.t("case-history-hint")) }
            div.table-scroll role="region" aria-labelledby="history-title" tabindex="0" {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("col-seq")) }
                        th scope="col" { (ctx.t("col-time")) }
                        th scope="col" { (ctx.t("col-event")) }
                        th scope="col" { (ctx.t("col-actor")) }
                    } }
                    tbody {
                        @for h in history {
                            tr {
                                td.num { (h.seq) }
                                td { (show_time(&h.at)) }
                                td { (code_label(ctx.lang, "event", &h.kind)) }
                                td { (layout::user_name(ctx, users, &h.actor)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A form of the case page answered: its response, or the page again with the form's feedback.
async fn again(
    state: &crate::WebState,
    session: &PageSession,
    id: &str,
    answer: Answer,
) -> Response {
    match answer {
        Ok(response) => response,
        Err(feedback) => render(state, session, id, *feedback).await,
    }
}

/// `POST /cases/{id}/transitions`: proceed, approve, suspend, withdraw, counsel again, resume.
pub async fn transition(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    let answer = panel::transition(&state, &session, &id, body).await;
    again(&state, &session, &id, answer).await
}

/// `POST /cases/{id}/records/{kind}`: a safeguard record.
pub async fn record(
    state: State,
    session: PageSession,
    Path((id, kind)): Path<(String, String)>,
    body: FormBody,
) -> Response {
    let answer = record_posts::record(&state, &session, &id, &kind, body).await;
    again(&state, &session, &id, answer).await
}

/// `POST /cases/{id}/records/{record}/resolution`: an indicator reviewed, a hold lifted.
pub async fn resolve(
    state: State,
    session: PageSession,
    Path((id, record)): Path<(String, String)>,
    body: FormBody,
) -> Response {
    let answer = record_posts::resolve(&state, &session, &id, &record, body).await;
    again(&state, &session, &id, answer).await
}

/// `POST /cases/{id}/members/{person}/consents`: a member's consent to return.
pub async fn consent(
    state: State,
    session: PageSession,
    Path((id, person)): Path<(String, String)>,
    body: FormBody,
) -> Response {
    let answer = record_posts::consent(&state, &session, &id, &person, body).await;
    again(&state, &session, &id, answer).await
}

/// `POST /cases/{id}/consents/{consent}/withdrawal`: a consent withdrawn, at once.
pub async fn withdraw(
    state: State,
    session: PageSession,
    Path((id, consent)): Path<(String, String)>,
    body: FormBody,
) -> Response {
    let answer = record_posts::withdraw(&state, &session, &id, &consent, body).await;
    again(&state, &session, &id, answer).await
}
