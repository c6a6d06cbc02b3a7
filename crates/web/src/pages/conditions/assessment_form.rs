//! The assessor's form for one area: one fieldset per criterion, usable on a phone, with "save
//! draft" beside "submit". Drafts keep the form exactly as typed; submission goes through the
//! same service as the API, and its errors come back beside their fields.

use crate::State;
use crate::pages::layout::{self, Ctx, Field, error_summary};
use crate::pages::{
    FormBody, PageSession, app_error, code_label, encode_segment, form_fields, html, t,
};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::AppError;
use homeward_app::conditions::form::FormValues;
use homeward_domain::conditions::assessment::SourceType;
use homeward_domain::conditions::criteria::Criteria;
use homeward_domain::conditions::status::CriterionStatus;
use maud::{Markup, html};
use std::collections::BTreeMap;

struct View<'a> {
    ctx: &'a Ctx,
    csrf: &'a str,
    pcode: &'a str,
    name: &'a str,
    criteria: &'a Criteria,
    values: &'a FormValues,
    /// Field name → message ids.
    errors: BTreeMap<String, Vec<String>>,
    /// Errors that belong to no single field.
    general: Vec<String>,
    saved_at: Option<&'a str>,
}

fn val<'a>(values: &'a FormValues, key: &str) -> &'a str {
    values.get(key).map(String::as_str).unwrap_or("")
}

/// The messages of a field's errors, in the reader's language.
fn messages(ctx: &Ctx, errors: &BTreeMap<String, Vec<String>>, key: &str) -> Option<String> {
    errors.get(key).map(|ids| {
        ids.iter()
            .map(|id| t(ctx.lang, id))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn here(pcode: &str) -> String {
    format!("/areas/{}/assessment", encode_segment(pcode))
}

fn render(v: View, status: StatusCode) -> Response {
    let ctx = v.ctx;
    let lang = ctx.lang.code();
    let title = format!("{} {}", ctx.t("assess-title"), v.name);
    let mut summary: Vec<(Option<String>, String)> =
        v.general.iter().map(|id| (None, t(ctx.lang, id))).collect();
    for (field, ids) in &v.errors {
        for id in ids {
            summary.push((Some(field.clone()), t(ctx.lang, id)));
        }
    }
    let mut date = Field::text(
        "assessed_on",
        ctx.t("field-assessed-on"),
        val(v.values, "assessed_on"),
    );
    date.input_type = "date";
    date.required = true;
    date.error = messages(ctx, &v.errors, "assessed_on");
    let mut source = Field::text(
        "source_type",
        ctx.t("field-source-type"),
        val(v.values, "source_type"),
    );
    source.required = true;
    source.error = messages(ctx, &v.errors, "source_type");
    let sources: Vec<(String, String)> = std::iter::once((String::new(), ctx.t("choose")))
        .chain(SourceType::ALL.iter().map(|s| {
            (
                s.as_str().to_owned(),
                code_label(ctx.lang, "source", s.as_str()),
            )
        }))
        .collect();
    let body = html! {
        h1 { bdi { (title) } }
        @if !summary.is_empty() { (error_summary(ctx, &summary)) }
        @if let Some(at) = v.saved_at {
            div.notice role="status" { p { (ctx.t("assess-draft-saved")) " " bdi dir="ltr" { (at) } } }
        }
        p.lead { (ctx.t("assess-intro")) }
        @if !val(v.values, "corrects").is_empty() {
            div.notice.warning role="note" { p { (ctx.t("assess-correcting")) } }
        }
        form method="post" action=(here(v.pcode)) {
            input type="hidden" name="csrf" value=(v.csrf);
            @if !val(v.values, "corrects").is_empty() {
                input type="hidden" name="corrects" value=(val(v.values, "corrects"));
            }
            (date.input())
            (source.select(&sources))
            @for c in &v.criteria.criteria {
                (criterion(ctx, lang, c, v.values, &v.errors))
            }
            div.actions.final {
                // A draft may be incomplete: the browser must not hold it back.
                button type="submit" name="action" value="draft" formnovalidate { (ctx.t("assess-save-draft")) }
                button.primary type="submit" name="action" value="submit" { (ctx.t("assess-submit")) }
            }
        }
    };
    html(status, layout::page(ctx, &here(v.pcode), &title, body))
}

fn criterion(
    ctx: &Ctx,
    lang: &str,
    c: &homeward_domain::conditions::criteria::Criterion,
    values: &FormValues,
    errors: &BTreeMap<String, Vec<String>>,
) -> Markup {
    let value = |k: &str| val(values, k).to_owned();
    let error = |k: &str| messages(ctx, errors, k);
    let status_name = format!("status.{}", c.id);
    let label = c.label.get(lang).cloned().unwrap_or_else(|| c.id.clone());
    let evidence_name = format!("evidence.{}", c.id);
    let mut evidence = Field::text(
        &evidence_name,
        ctx.t("field-evidence"),
        val(values, &evidence_name),
    );
    evidence.dir_auto = true;
    evidence.maxlength = Some(4000);
    evidence.error = error(&evidence_name);
    let status_error = error(&status_name);
    html! {
        fieldset.criterion.has-error[status_error.is_some()] id=(status_name) {
            legend { (label) }
            p.hint { (c.meaning.get(lang).map(String::as_str).unwrap_or("")) }
            @if let Some(e) = &status_error { p.error-message { (e) } }
            div.choices {
                @for s in CriterionStatus::ALL {
                    label.choice {
                        input type="radio" name=(status_name) value=(s.as_str()) required
                            checked[value(&status_name) == s.as_str()];
                        " " (code_label(ctx.lang, "criterion-status", s.as_str()))
                    }
                }
            }
            @for item in &c.items {
                @let name = format!("obs.{}.{}", c.id, item.id);
                div.field.has-error[error(&name).is_some()] {
                    label for=(name) { (item.label.get(lang).map(String::as_str).unwrap_or(&item.id)) }
                    @if let Some(e) = error(&name) { p.error-message { (e) } }
                    input type="text" id=(name) name=(name) value=(value(&name)) maxlength="4000" dir="auto";
                }
            }
            (evidence.textarea())
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct FormQuery {
    /// The assessment to correct: the form starts from its findings.
    corrects: Option<String>,
}

/// `GET /areas/{pcode}/assessment[?corrects=ID]`.
pub async fn form(
    state: State,
    session: PageSession,
    Path(pcode): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    let ctx = session.ctx();
    let found = match state.app.assessment_form(&session.actor, &pcode).await {
        Ok((name, values, saved_at)) => match q.corrects.as_deref() {
            // A draft of this very correction wins over a fresh copy of the old findings.
            Some(id) if values.get("corrects").map(String::as_str) != Some(id) => state
                .app
                .correction_form(&session.actor, &pcode, id)
                .await
                .map(|v| (name, v, None)),
            _ => Ok((name, values, saved_at)),
        },
        Err(e) => Err(e),
    };
    match found {
        Ok((name, values, saved_at)) => render(
            View {
                ctx: &ctx,
                csrf: &session.csrf,
                pcode: &pcode,
                name: &name,
                criteria: &state.app.criteria(),
                values: &values,
                errors: BTreeMap::new(),
                general: Vec::new(),
                saved_at: saved_at.as_deref(),
            },
            StatusCode::OK,
        ),
        Err(e) => app_error(&ctx, &here(&pcode), e),
    }
}

/// `POST /areas/{pcode}/assessment`: saves a draft or submits.
pub async fn submit(
    state: State,
    session: PageSession,
    Path(pcode): Path<String>,
    body: FormBody,
) -> Response {
    let ctx = session.ctx();
    let mut values: FormValues = form_fields(body).into_iter().collect();
    if !session.csrf_matches(values.get("csrf").map(String::as_str)) {
        return layout::error_page(&ctx, &here(&pcode), StatusCode::FORBIDDEN, "problem-csrf");
    }
    values.remove("csrf");
    let action = values.remove("action").unwrap_or_default();
    let app = &state.app;
    let (name, _, _) = match app.assessment_form(&session.actor, &pcode).await {
        Ok(found) => found,
        Err(e) => return app_error(&ctx, &here(&pcode), e),
    };
    let criteria = app.criteria();
    let view = |errors, general| View {
        ctx: &ctx,
        csrf: &session.csrf,
        pcode: &pcode,
        name: &name,
        criteria: &criteria,
        values: &values,
        errors,
        general,
        saved_at: None,
    };
    if action == "draft" {
        return match app
            .save_assessment_draft(&session.actor, &pcode, values.clone())
            .await
        {
            Ok(()) => Redirect::to(&here(&pcode)).into_response(),
            Err(AppError::Invalid(_)) => render(
                view(BTreeMap::new(), vec!["error-text-too-long".to_owned()]),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(e) => app_error(&ctx, &here(&pcode), e),
        };
    }
    match app
        .submit_assessment_form(&session.actor, &pcode, &values)
        .await
    {
        Ok(done) => {
            Redirect::to(&format!("/areas/{}", encode_segment(&done.pcode))).into_response()
        }
        Err(AppError::Invalid(invalid)) => {
            let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut general = Vec::new();
            for e in invalid.0 {
                match app.assessment_field(&e.pointer) {
                    Some(field) => errors.entry(field).or_default().push(e.code.to_owned()),
                    None => general.push(e.code.to_owned()),
                }
            }
            render(view(errors, general), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => app_error(&ctx, &here(&pcode), e),
    }
}
