//! Break-glass: asking, with a written justification, to open a case of another organisation in
//! an emergency. The form is reachable for any case id, so it never tells whether a case exists
//! before the request is made; the service decides, logs and limits the grant.

use crate::State;
use crate::pages::layout::{self, Ctx, Field, error_summary};
use crate::pages::{FormBody, PageSession, app_error, encode_segment, form_fields, html};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::policy::{self, Permission};
use homeward_app::privacy::break_glass::BreakGlassRequest;
use maud::html;

/// The form, with what was typed and its errors.
fn render(
    ctx: &Ctx,
    hours: i64,
    csrf: &str,
    id: &str,
    justification: &str,
    errors: &[String],
    status: StatusCode,
) -> Response {
    let here = format!("/cases/{}/break-glass", encode_segment(id));
    let title = ctx.t("break-glass-title");
    let mut field = Field::text("justification", ctx.t("field-justification"), justification);
    field.required = true;
    field.dir_auto = true;
    field.maxlength = Some(2000);
    field.hint = Some(ctx.t("hint-justification"));
    field.error = (!errors.is_empty()).then(|| errors.join(" "));
    let summary: Vec<(Option<String>, String)> = errors
        .iter()
        .map(|e| (Some("justification".to_owned()), e.clone()))
        .collect();
    let body = html! {
        h1 { (title) }
        @if !summary.is_empty() { (error_summary(ctx, &summary)) }
        p.lead { (ctx.t("break-glass-intro")) }
        div.notice.warning role="note" {
            p { (crate::I18N.t_with(ctx.lang, "break-glass-warning", &[("hours", &hours.to_string())])) }
        }
        form method="post" action=(here) {
            input type="hidden" name="csrf" value=(csrf);
            (field.textarea())
            div.actions.final {
                button.primary type="submit" { (ctx.t("break-glass-submit")) }
            }
        }
    };
    html(status, layout::page(ctx, &here, &title, body))
}

/// `GET /cases/{id}/break-glass`.
pub async fn form(state: State, session: PageSession, Path(id): Path<String>) -> Response {
    let ctx = session.ctx();
    if let Err(e) = policy::require(&session.actor, Permission::ReadCases) {
        let here = format!("/cases/{}/break-glass", encode_segment(&id));
        return app_error(&ctx, &here, e);
    }
    let hours = state.app.settings().break_glass_hours;
    render(&ctx, hours, &session.csrf, &id, "", &[], StatusCode::OK)
}

/// `POST /cases/{id}/break-glass`.
pub async fn submit(
    state: State,
    session: PageSession,
    Path(id): Path<String>,
    body: FormBody,
) -> Response {
    let ctx = session.ctx();
    let here = format!("/cases/{}/break-glass", encode_segment(&id));
    let values = form_fields(body);
    if !session.csrf_matches(values.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, &here, StatusCode::FORBIDDEN, "problem-csrf");
    }
    let justification = values.get("justification").cloned().unwrap_or_default();
    let request = BreakGlassRequest {
        justification: justification.clone(),
    };
    match state.app.break_glass(&session.actor, &id, request).await {
        Ok(grant) => {
            Redirect::to(&format!("/cases/{}", encode_segment(&grant.case_id))).into_response()
        }
        Err(AppError::Invalid(invalid)) => {
            let errors: Vec<String> = invalid.0.iter().map(|e| ctx.t(e.code)).collect();
            render(
                &ctx,
                state.app.settings().break_glass_hours,
                &session.csrf,
                &id,
                &justification,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => app_error(&ctx, &here, e),
    }
}
