//! Public area pages: for people deciding whether to go home, in their language, without an
//! account. One level of the area hierarchy per page keeps pages small on a slow phone. Dates
//! are isolated left to right so that Arabic pages do not reverse them.

use crate::State;
use crate::pages::layout::{self, Ctx};
use crate::pages::{PageLang, PageSession, app_error, code_label, html};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_app::conditions::assessments::{AreaStatusView, RollUpView};
use homeward_app::conditions::public::AreaLine;
use homeward_domain::conditions::criteria::Criteria;
use homeward_i18n::Lang;
use maud::{Markup, html};
use std::collections::HashMap;

/// Sub-areas listed per page: a province with a thousand districts is read a hundred at a time.
const PAGE_ROWS: usize = 100;

/// A signed-in visitor keeps their navigation; everyone else gets the public layout.
fn ctx(lang: Lang, session: &Option<PageSession>) -> Ctx {
    match session {
        Some(s) => s.ctx(),
        None => Ctx::public(lang),
    }
}

fn badge(ctx: &Ctx, status: &str) -> Markup {
    // The status is written out, never shown by colour alone.
    html! { span class={ "status status-" (status) } { (code_label(ctx.lang, "area-status", status)) } }
}

fn roll_up(ctx: &Ctx, r: &Option<RollUpView>) -> Markup {
    html! {
        @if let Some(r) = r {
            span.muted {
                (ctx.t("areas-worst")) " " (badge(ctx, &r.worst)) " · "
                @for (i, (status, n)) in r.counts.iter().enumerate() {
                    @if i > 0 { ", " }
                    bdi { (n) } " " (code_label(ctx.lang, "area-status", status))
                }
            }
        }
    }
}

fn table(ctx: &Ctx, lines: &[AreaLine]) -> Markup {
    html! {
        div.table-scroll role="region" aria-label=(ctx.t("areas-title")) tabindex="0" {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("col-area")) }
                    th scope="col" { (ctx.t("col-status")) }
                    th scope="col" { (ctx.t("col-evidence-date")) }
                    th scope="col" { (ctx.t("col-sub-areas")) }
                } }
                tbody {
                    @for l in lines {
                        tr {
                            td { a href={ "/areas/" (l.pcode) } { bdi { (l.name) } } " " span.muted { bdi { (l.pcode) } } }
                            td { (badge(ctx, &l.status)) }
                            td { bdi dir="ltr" { (l.evidence_on.as_deref().unwrap_or("—")) } }
                            td { (roll_up(ctx, &l.children)) }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /areas`: the countries and their provinces.
pub async fn index(
    state: State,
    PageLang(lang): PageLang,
    session: Option<PageSession>,
) -> Response {
    let ctx = ctx(lang, &session);
    let (lines, map) = match (
        state.app.area_lines(None).await,
        state.app.area_map(None).await,
    ) {
        (Ok(l), Ok(m)) => (l, m),
        (Err(e), _) | (_, Err(e)) => return app_error(&ctx, "/areas", e),
    };
    let title = ctx.t("areas-title");
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("areas-intro")) }
        @if let Some(m) = &map { (crate::pages::conditions::map::map(&ctx, m)) }
        (table(&ctx, &lines))
        (criteria_meanings(&ctx, &state.app.criteria()))
        p { a href="/api/v1/area-status.csv" download { (ctx.t("areas-download")) } }
    };
    html(StatusCode::OK, layout::page(&ctx, "/areas", &title, body))
}

/// `GET /areas/{pcode}`: one area's status, why, the organisations' findings side by side, its
/// history and its sub-areas.
pub async fn show(
    state: State,
    PageLang(lang): PageLang,
    session: Option<PageSession>,
    Path(pcode): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ctx = ctx(lang, &session);
    let (view, heading, children, map) = match (
        state.app.area_status(&pcode).await,
        state.app.area_heading(&pcode).await,
        state.app.area_lines(Some(&pcode)).await,
        state.app.area_map(Some(&pcode)).await,
    ) {
        (Ok(v), Ok(Some(h)), Ok(c), Ok(m)) => (v, h, c, m),
        (Err(e), _, _, _) | (_, Err(e), _, _) | (_, _, Err(e), _) | (_, _, _, Err(e)) => {
            return app_error(&ctx, "/areas", e);
        }
        (_, Ok(None), _, _) => {
            return app_error(&ctx, "/areas", homeward_app::AppError::NotFound);
        }
    };
    let pages = children.len().div_ceil(PAGE_ROWS).max(1);
    let page = q
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let shown = children
        .get((page - 1) * PAGE_ROWS..(page * PAGE_ROWS).min(children.len()))
        .unwrap_or(&[]);
    let criteria = state.app.criteria();
    let (name, parent) = heading;
    let correcting = session
        .as_ref()
        .filter(|s| {
            homeward_app::policy::may(
                &s.actor,
                homeward_app::policy::Permission::SubmitAssessments,
            )
        })
        .map(|s| s.actor.organisation_id.clone());
    let body = html! {
        nav aria-label=(ctx.t("areas-breadcrumb")) {
            a href="/areas" { (ctx.t("areas-title")) }
            @if let Some(p) = &parent { " › " a href={ "/areas/" (p) } { bdi { (p) } } }
        }
        h1 { bdi { (name) } " " span.muted { bdi { (view.pcode) } } }
        (verdict(&ctx, &view))
        @if session.as_ref().is_some_and(|s| homeward_app::policy::may(&s.actor, homeward_app::policy::Permission::SubmitAssessments)) {
            p { a.button href={ "/areas/" (view.pcode) "/assessment" } { (ctx.t("assess-link")) } }
        }
        @if !children.is_empty() {
            h2 { (ctx.t("col-sub-areas")) }
            @if let Some(m) = &map { (crate::pages::conditions::map::map(&ctx, m)) }
            (table(&ctx, shown))
            @if pages > 1 { (pager(&ctx, &view.pcode, page, pages)) }
        }
        (findings(&ctx, &criteria, &view, correcting.as_deref()))
        (history(&ctx, &view))
    };
    html(StatusCode::OK, layout::page(&ctx, "/areas", &name, body))
}

/// Previous and next pages of a long list of sub-areas.
fn pager(ctx: &Ctx, pcode: &str, page: usize, pages: usize) -> Markup {
    let (n, of) = (page.to_string(), pages.to_string());
    html! {
        nav.pager aria-label=(ctx.t("areas-pages")) {
            @if page > 1 { a rel="prev" href={ "/areas/" (pcode) "?page=" (page - 1) } { (ctx.t("areas-page-previous")) } " " }
            span { (crate::I18N.t_with(ctx.lang, "areas-page", &[("page", &n), ("pages", &of)])) }
            @if page < pages { " " a rel="next" href={ "/areas/" (pcode) "?page=" (page + 1) } { (ctx.t("areas-page-next")) } }
        }
    }
}

fn verdict(ctx: &Ctx, v: &AreaStatusView) -> Markup {
    html! {
        div.notice role="status" {
            p { (ctx.t("col-status")) ": " strong { (badge(ctx, &v.status)) } }
            p { (code_label(ctx.lang, "status-reason", &v.reason)) }
            @if let Some(d) = &v.evidence_on { p { (ctx.t("col-evidence-date")) ": " bdi dir="ltr" { (d) } } }
            @if v.children.is_some() { p { (ctx.t("col-sub-areas")) ": " (roll_up(ctx, &v.children)) } }
        }
    }
}

/// Each organisation's latest findings, one column per organisation: disagreement is shown,
/// never averaged.
/// `correcting`: the organisation of a signed-in assessor, whose own column offers a correction.
fn findings(
    ctx: &Ctx,
    criteria: &Criteria,
    v: &AreaStatusView,
    correcting: Option<&str>,
) -> Markup {
    let lang = ctx.lang.code();
    html! {
        @if !v.by_organisation.is_empty() {
            h2 #findings-title { (ctx.t("areas-findings")) }
            div.table-scroll role="region" aria-labelledby="findings-title" tabindex="0" {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("col-criterion")) }
                        @for (i, a) in v.by_organisation.iter().enumerate() {
                            th scope="col" {
                                @match &a.organisation_name {
                                    Some(name) => { bdi { (name) } }
                                    None => { (ctx.t("areas-organisation")) " " (i + 1) }
                                }
                                br; span.muted { bdi dir="ltr" { (a.assessed_on) } }
                                @if correcting == Some(a.organisation_id.as_str()) {
                                    br; a href={ "/areas/" (v.pcode) "/assessment?corrects=" (a.id) } { (ctx.t("assess-correct-link")) }
                                }
                            }
                        }
                    } }
                    tbody {
                        @for c in &criteria.criteria {
                            tr {
                                th scope="row" { (c.label.get(lang).map(String::as_str).unwrap_or(&c.id)) }
                                @for a in &v.by_organisation {
                                    td {
                                        @match a.findings.iter().find(|f| f.criterion == c.id) {
                                            Some(f) => { (code_label(ctx.lang, "criterion-status", &f.status)) }
                                            None => { "—" }
                                        }
                                    }
                                }
                            }
                        }
                        // The score is shown; its label only when the figures behind it are verified.
                        tr {
                            th scope="row" { (ctx.t("areas-severity")) }
                            @for a in &v.by_organisation {
                                td {
                                    @match (a.severity_score, &a.severity_label) {
                                        (Some(score), Some(label)) => { bdi { (score) } " — " (code_label(ctx.lang, "severity", label)) }
                                        (Some(score), None) => { bdi { (score) } " " span.muted { "(" (ctx.t("areas-severity-unverified")) ")" } }
                                        (None, _) => { "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn criteria_meanings(ctx: &Ctx, criteria: &Criteria) -> Markup {
    let lang = ctx.lang.code();
    html! {
        h2 { (ctx.t("areas-criteria")) }
        p { (ctx.t("areas-safe-rule")) }
        dl.criteria {
            @for c in &criteria.criteria {
                dt { (c.label.get(lang).map(String::as_str).unwrap_or(&c.id)) }
                dd { (c.meaning.get(lang).map(String::as_str).unwrap_or("")) }
            }
        }
        p.muted { small { (ctx.t("areas-source")) " " (criteria.source) " (" (criteria.version) ")" } }
    }
}

fn history(ctx: &Ctx, v: &AreaStatusView) -> Markup {
    html! {
        @if !v.history.is_empty() {
            h2 { (ctx.t("areas-history")) }
            ol.history {
                @for h in &v.history {
                    li {
                        bdi dir="ltr" { (h.changed_at.get(..10).unwrap_or(&h.changed_at)) } ": "
                        (badge(ctx, &h.status)) " — " (code_label(ctx.lang, "status-reason", &h.reason))
                    }
                }
            }
        }
    }
}
