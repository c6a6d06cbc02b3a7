//! `/work`: the signed-in user's open tasks — follow-up screenings due, coercion indicators and
//! holds to review, approvals waiting, cooling-off periods ending — the most urgent first.

use crate::State;
use crate::pages::layout::{self, Ctx, show_date};
use crate::pages::{PageSession, app_error, code_label, encode_segment, html};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_app::lifecycle::work::WorkItem;
use maud::{Markup, html};

const HERE: &str = "/work";

fn rows(ctx: &Ctx, items: &[WorkItem]) -> Markup {
    html! {
        div.table-scroll role="region" aria-labelledby="work-caption" tabindex="0" {
            table {
                caption #work-caption { (ctx.t("work-caption")) }
                thead { tr {
                    th scope="col" { (ctx.t("work-due")) }
                    th scope="col" { (ctx.t("work-task")) }
                    th scope="col" { (ctx.t("col-reference")) }
                } }
                tbody {
                    @for item in items {
                        tr.overdue[item.overdue] {
                            td {
                                @if item.overdue { span aria-hidden="true" { "⚠ " } span.visually-hidden { (ctx.t("work-overdue")) " " } }
                                (show_date(&item.due_on))
                            }
                            td { (code_label(ctx.lang, "work-task", &item.task)) }
                            td { a href=(format!("/cases/{}", encode_segment(&item.case_id))) { bdi dir="ltr" { (item.reference) } } }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /work`.
pub async fn show(state: State, session: PageSession) -> Response {
    let ctx = session.ctx();
    let items = match state.app.work_list(&session.actor).await {
        Ok(items) => items,
        Err(e) => return app_error(&ctx, HERE, e),
    };
    let title = ctx.t("work-title");
    let body = html! {
        h1 { (title) }
        p.lead { (ctx.t("work-intro")) }
        @if items.is_empty() {
            p.empty { (ctx.t("work-none")) }
        } @else {
            (rows(&ctx, &items))
        }
    };
    html(StatusCode::OK, layout::page(&ctx, HERE, &title, body))
}
