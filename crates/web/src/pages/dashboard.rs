//! The dashboard: counts for the reader's organisation and the ways on.

use super::layout;
use super::{PageSession, app_error, html};
use crate::State;
use axum::http::StatusCode;
use axum::response::Response;
use homeward_app::policy::{self, Permission};
use maud::html;

/// `GET /dashboard`.
pub async fn show(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    let here = "/dashboard";
    if let Err(e) = policy::require(&session.actor, Permission::ViewDashboard) {
        return app_error(&ctx, here, e);
    }
    let counts = match state.app.dashboard_counts(&session.actor).await {
        Ok(c) => c,
        Err(e) => return app_error(&ctx, here, e),
    };
    let alerts = if policy::may(&session.actor, Permission::ReadCases) {
        match state.app.forced_return_alerts(&session.actor).await {
            Ok(a) => Some(a),
            Err(e) => return app_error(&ctx, here, e),
        }
    } else {
        None
    };
    let title = ctx.t("dashboard-title");
    let tiles = [
        ("count-cases", counts.cases),
        ("count-households", counts.households),
        ("count-persons", counts.persons),
        ("count-areas", counts.areas),
        ("count-journal", counts.journal),
    ];
    let user = ctx.user.as_ref();
    let body = html! {
        h1 { (title) }
        p.lead {
            (ctx.t("dashboard-welcome")) " "
            bdi { (session.actor.display_name) }
        }
        section aria-labelledby="counts-title" {
            h2 #counts-title { (ctx.t("dashboard-counts")) }
            ul.tiles {
                @for (id, n) in tiles {
                    li.tile {
                        span.number { (n) }
                        " "
                        span.label { (ctx.t(id)) }
                    }
                }
            }
        }
        @if let Some(a) = alerts.as_ref().filter(|a| a.cases > 0) {
            section aria-labelledby="forced-title" {
                h2 #forced-title { (ctx.t("forced-alerts-title")) }
                p { (crate::I18N.t_with(ctx.lang, "forced-alerts-intro", &[("count", &a.cases.to_string())])) }
                @if a.alerts.is_empty() {
                    p.empty { (ctx.t("forced-alerts-none")) }
                } @else {
                    div.table-scroll role="region" aria-labelledby="forced-title" tabindex="0" {
                        table {
                            thead { tr {
                                th scope="col" { (ctx.t("forced-alerts-rule")) }
                                th scope="col" { (ctx.t("forced-alerts-cases")) }
                            } }
                            tbody {
                                @for c in &a.alerts {
                                    tr {
                                        td { (super::code_label(ctx.lang, "rule-label", &c.rule)) }
                                        td { (c.cases) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if user.is_some_and(|u| u.can_read_cases || u.can_register) {
            section aria-labelledby="next-title" {
                h2 #next-title { (ctx.t("dashboard-next")) }
                ul.actions-list {
                    @if user.is_some_and(|u| u.can_register) {
                        li { a.button.primary href="/households/new" { (ctx.t("nav-register")) } }
                    }
                    @if user.is_some_and(|u| u.can_read_cases) {
                        li { a.button href="/cases" { (ctx.t("nav-cases")) } }
                    }
                }
            }
        }
    };
    html(StatusCode::OK, layout::page(&ctx, here, &title, body))
}
