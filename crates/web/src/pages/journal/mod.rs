//! The public page of signed heads: what this node vouches for, for anyone to copy and compare
//! later — one more witness that no sign-in is needed for. Sizes, roots and keys only.

use crate::State;
use crate::pages::layout::{self, Ctx, show_time};
use crate::pages::{PageLang, PageSession, app_error, html};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_app::AppError;
use homeward_app::journal::witness::HeadView;
use homeward_domain::journal::heads::TREES;
use maud::{Markup, html};

fn head_rows(ctx: &Ctx, heads: &[HeadView]) -> Markup {
    html! {
        div.table-scroll role="region" aria-label=(ctx.t("journal-heads-title")) tabindex="0" {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("col-journal-tree")) }
                    th scope="col" { (ctx.t("col-journal-size")) }
                    th scope="col" { (ctx.t("col-journal-root")) }
                    th scope="col" { (ctx.t("col-journal-signed")) }
                } }
                tbody {
                    @for h in heads {
                        tr {
                            td { (ctx.t(&format!("journal-tree-{}", h.tree.replace('_', "-")))) }
                            td { bdi dir="ltr" { (h.size) } }
                            td { code.hash { bdi dir="ltr" { (h.root) } } }
                            td { (show_time(&h.at)) }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /journal`: the latest signed head of each log, the key that signs them, and how to
/// keep them.
pub async fn show(
    state: State,
    PageLang(lang): PageLang,
    session: Option<PageSession>,
) -> Response {
    let ctx = match &session {
        Some(s) => s.ctx(),
        None => Ctx::public(lang),
    };
    let mut heads = Vec::new();
    for tree in TREES {
        match state.app.journal_head(tree).await {
            Ok(h) => heads.push(h),
            Err(AppError::NotFound) => {}
            Err(e) => return app_error(&ctx, "/journal", e),
        }
    }
    let key = heads
        .first()
        .map(|h| (h.key_id.clone(), h.public_key.clone()));
    let title = ctx.t("journal-heads-title");
    let body = html! {
        h1 { (title) }
        p { (ctx.t("journal-heads-intro")) }
        @if heads.is_empty() {
            p.empty { (ctx.t("journal-heads-none")) }
        } @else {
            (head_rows(&ctx, &heads))
        }
        @if let Some((id, public)) = key {
            h2 { (ctx.t("journal-key-title")) }
            dl {
                dt { (ctx.t("journal-key-id")) } dd { code.hash { bdi dir="ltr" { (id) } } }
                dt { (ctx.t("journal-key-public")) } dd { code.hash { bdi dir="ltr" { (public) } } }
            }
        }
        h2 { (ctx.t("journal-witness-title")) }
        p { (ctx.t("journal-witness-how")) }
        pre dir="ltr" { code { "homeward audit witness --node <URL> --store witness.jsonl" } }
    };
    html(StatusCode::OK, layout::page(&ctx, "/journal", &title, body))
}
