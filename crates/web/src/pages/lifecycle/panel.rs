//! The return road on the case page: where the case stands, "why can't this case proceed?"
//! with every finding of the safeguard engine and what clears it, the forms that move the case,
//! and the transitions made. A refused move comes back as the same page with the reasons (the
//! case page in `pages/cases` draws it).

use crate::WebState;
use crate::findings::finding_doc;
use crate::pages::layout::{self, Ctx, show_time};
use crate::pages::lifecycle::form::{Form, FormState, options, pairs};
use crate::pages::{FormBody, PageSession, app_error, code_label, encode_segment};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_app::cases::reads::CaseDetail;
use homeward_app::lifecycle::records::RecordView;
use homeward_app::lifecycle::safeguards::SafeguardsView;
use homeward_app::lifecycle::transitions::{TransitionInput, TransitionRow};
use homeward_app::policy::{self, Permission};
use homeward_app::privacy::sharing::Consent;
use homeward_app::{AppError, Result};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::lifecycle::records::TransitionReason;
use homeward_domain::lifecycle::road::{self, ROAD};
use homeward_domain::lifecycle::safeguards::Evaluation;
use maud::{Markup, html};
use std::collections::HashMap;

/// What a form of the case page answers: a response (a redirect after success, an error page), or
/// the feedback the case page shows when it comes back.
pub(crate) type Answer = std::result::Result<Response, Box<Feedback>>;

/// What a refused form or move brings back to the case page.
#[derive(Default)]
pub(crate) struct Feedback {
    pub status: Option<StatusCode>,
    /// The findings of a move the safeguards refused.
    pub blocked: Option<Evaluation>,
    /// A refusal's message id (four eyes, a step not on the road).
    pub message: Option<String>,
    /// A form refused for its input.
    pub form: Option<FormState>,
}

/// The lifecycle's part of the case page, read for the reader.
pub(crate) struct Lifecycle {
    pub view: SafeguardsView,
    pub rules_version: String,
    pub transitions: Vec<TransitionRow>,
    pub records: Vec<RecordView>,
    /// Each member's consents, by person id.
    pub consents: HashMap<String, Vec<Consent>>,
}

impl Lifecycle {
    pub async fn load(
        web: &crate::WebState,
        session: &PageSession,
        d: &CaseDetail,
    ) -> Result<Self> {
        let app = &web.app;
        let actor = &session.actor;
        let view = app.case_safeguards(actor, &d.id, None).await?;
        let transitions = app.case_transitions(actor, &d.id).await?;
        let records = app.case_records(actor, &d.id).await?;
        let mut consents = HashMap::new();
        for m in d.members.iter().filter(|m| !m.erased) {
            consents.insert(m.id.clone(), app.consents(actor, &m.id).await?);
        }
        Ok(Lifecycle {
            view,
            rules_version: app.safeguard_rules().version.clone(),
            transitions,
            records,
            consents,
        })
    }

    /// Everyone the lifecycle names (for their display names).
    pub fn people(&self) -> Vec<String> {
        self.transitions
            .iter()
            .map(|t| t.actor.clone())
            .chain(self.records.iter().map(|r| r.recorded_by.clone()))
            .chain(self.records.iter().filter_map(|r| r.resolved_by.clone()))
            .collect()
    }
}

fn state_label(ctx: &Ctx, s: CaseState) -> String {
    code_label(ctx.lang, "state", s.as_str())
}

fn with_state(ctx: &Ctx, id: &str, s: CaseState) -> String {
    crate::I18N.t_with(ctx.lang, id, &[("state", &state_label(ctx, s))])
}

/// The road as a compact list of steps, the current one marked.
fn road(ctx: &Ctx, state: CaseState) -> Markup {
    let at = ROAD.iter().position(|s| *s == state);
    html! {
        ol.road aria-label=(ctx.t("lc-road-label")) {
            @for (i, s) in ROAD.iter().enumerate() {
                @let done = at.is_some_and(|a| i < a);
                @let current = at == Some(i);
                li.done[done].current[current] aria-current=[current.then_some("step")] {
                    span.mark aria-hidden="true" { @if done { "✓" } @else { (i + 1) } }
                    " "
                    (state_label(ctx, *s))
                    @if done { span.visually-hidden { " " (ctx.t("lc-step-done")) } }
                }
            }
        }
    }
}

/// One finding: severity by icon and word, the member, the message, and what clears it.
fn finding(ctx: &Ctx, f: &homeward_domain::lifecycle::safeguards::Finding) -> Markup {
    let doc = finding_doc(ctx.lang, f);
    let icon = match doc.severity.as_str() {
        "block" => "✖",
        "warn" => "⚠",
        _ => "⚑",
    };
    html! {
        li class={ "finding finding-" (doc.severity) } {
            p.severity {
                span.icon aria-hidden="true" { (icon) }
                " " strong { (code_label(ctx.lang, "finding-severity", &doc.severity)) }
                @if let Some(m) = doc.member {
                    " · " span.member { (crate::I18N.t_with(ctx.lang, "lc-member", &[("member", &m.to_string())])) }
                }
            }
            p.message { (doc.message) }
            p.clears { strong { (ctx.t("lc-clears")) } " " (doc.clears) }
        }
    }
}

/// The moves off the road this case can make now, for the reason form.
fn moves_off_road(view: &SafeguardsView) -> Vec<CaseState> {
    [
        CaseState::Suspended,
        CaseState::Withdrawn,
        CaseState::Counselling,
    ]
    .into_iter()
    .filter(|to| {
        matches!(
            road::step(view.state, *to, view.suspended_from),
            Ok(road::Move::Suspend | road::Move::Withdraw | road::Move::Recounsel)
        )
    })
    .collect()
}

/// "Why can't this case proceed?" and the forms that move it.
pub(crate) fn panel(
    ctx: &Ctx,
    session: &PageSession,
    d: &CaseDetail,
    lc: &Lifecycle,
    fb: &Feedback,
) -> Markup {
    let view = &lc.view;
    let actor = &session.actor;
    let evaluation = fb.blocked.as_ref().or(view.evaluation.as_ref());
    let target = fb.blocked.as_ref().map(|e| e.target).or(view.target);
    let forced = view.kind == CaseKind::ForcedReturn;
    // A forced return's findings are alerts: an evaluation of one is never blocked.
    let blocked = evaluation.is_some_and(Evaluation::blocked);
    let version = evaluation
        .map(|e| e.version.clone())
        .unwrap_or_else(|| lc.rules_version.clone());
    let action = format!("/cases/{}/transitions", encode_segment(&d.id));
    let may_move = policy::may(actor, Permission::MoveCases);
    let may_approve = policy::may(actor, Permission::ApproveReturns);
    let off = moves_off_road(view);
    let refused_move = fb.form.as_ref().filter(|f| f.key == "move");
    let move_form = Form::new(ctx, "move", refused_move);
    let reasons = std::iter::once((String::new(), ctx.t("choose")))
        .chain(options(
            ctx,
            "transition-reason",
            TransitionReason::ALL,
            TransitionReason::as_str,
        ))
        .collect::<Vec<_>>();
    let move_options: Vec<(String, String)> = off
        .iter()
        .map(|s| {
            let id = match s {
                CaseState::Suspended => "lc-move-suspend",
                CaseState::Withdrawn => "lc-move-withdraw",
                _ => "lc-move-recounsel",
            };
            (s.as_str().to_owned(), ctx.t(id))
        })
        .collect();
    html! {
        section #lifecycle .lifecycle aria-labelledby="lifecycle-title" {
            h2 #lifecycle-title { (ctx.t("lc-title")) }
            (road(ctx, view.state))
            p.now {
                (ctx.t("lc-current")) " "
                strong.state { (state_label(ctx, view.state)) }
                @if let Some(t) = target {
                    " · " (ctx.t("lc-next")) " " strong.state { (state_label(ctx, t)) }
                }
            }
            @if let Some(m) = &fb.message {
                div.error-summary role="alert" tabindex="-1" { p { (ctx.t(m)) } }
            }
            @if let Some(t) = target {
                div.safeguards.blocked[blocked] {
                    @if blocked {
                        h3 { span.icon aria-hidden="true" { "✖" } " " (with_state(ctx, "lc-why-blocked", t)) }
                        @if fb.blocked.is_some() {
                            p role="alert" { strong { (ctx.t("lc-refused")) } }
                        }
                    } @else if forced {
                        h3 { (with_state(ctx, "lc-forced-proceed", t)) }
                    } @else {
                        h3.ok { span.icon aria-hidden="true" { "✔" } " " (with_state(ctx, "lc-can-proceed", t)) }
                    }
                    @if let Some(e) = evaluation.filter(|e| !e.findings.is_empty()) {
                        ul.findings {
                            @for f in &e.findings { (finding(ctx, f)) }
                        }
                    }
                    p.small.muted { (ctx.t("lc-rules-version")) " " bdi dir="ltr" { (version) } }
                    @if !blocked && may_move && (t != CaseState::Approved || may_approve) {
                        form method="post" action=(action) {
                            input type="hidden" name="csrf" value=(session.csrf);
                            input type="hidden" name="form" value="proceed";
                            input type="hidden" name="proceed-to" value=(t.as_str());
                            button.primary type="submit" {
                                @if t == CaseState::Approved {
                                    (ctx.t("lc-approve"))
                                } @else if view.state == CaseState::Suspended {
                                    (with_state(ctx, "lc-resume", t))
                                } @else {
                                    (with_state(ctx, "lc-proceed", t))
                                }
                            }
                        }
                    }
                    @if !blocked && t == CaseState::Approved && !may_approve {
                        p.hint { (ctx.t("lc-supervisor-approves")) }
                    }
                }
            } @else if view.state == CaseState::Withdrawn {
                p { (ctx.t("lc-withdrawn")) }
            } @else {
                p { (ctx.t("lc-end-of-road")) }
            }
            @if may_move && !move_options.is_empty() {
                details.move open[move_form.refused()] {
                    summary { (ctx.t("lc-move-title")) }
                    form method="post" action=(action) {
                        (move_form.hidden(&session.csrf))
                        (move_form.general())
                        (move_form.select("to", "lc-field-move", &move_options))
                        (move_form.select("reason", "lc-field-reason", &reasons))
                        div.actions { button type="submit" { (ctx.t("lc-move-submit")) } }
                    }
                }
            }
        }
    }
}

/// The transitions made, oldest first: who, when, from → to, why, under which rule set.
pub(crate) fn transitions(
    ctx: &Ctx,
    rows: &[TransitionRow],
    users: &HashMap<String, String>,
) -> Markup {
    let arrow = if ctx.lang.dir() == "rtl" {
        "←"
    } else {
        "→"
    };
    html! {
        section aria-labelledby="transitions-title" {
            h2 #transitions-title { (ctx.t("lc-transitions")) }
            @if rows.is_empty() {
                p.empty { (ctx.t("lc-transitions-none")) }
            } @else {
                div.table-scroll role="region" aria-labelledby="transitions-title" tabindex="0" {
                    table {
                        thead { tr {
                            th scope="col" { (ctx.t("lc-col-move")) }
                            th scope="col" { (ctx.t("col-time")) }
                            th scope="col" { (ctx.t("col-actor")) }
                            th scope="col" { (ctx.t("lc-col-reason")) }
                            th scope="col" { (ctx.t("lc-col-rules")) }
                        } }
                        tbody {
                            @for r in rows {
                                tr {
                                    td.move {
                                        span.nowrap { (code_label(ctx.lang, "state", &r.from_state)) }
                                        " "
                                        span.nowrap {
                                            span aria-hidden="true" { (arrow) } " "
                                            span.visually-hidden { (ctx.t("lc-to")) " " }
                                            strong { (code_label(ctx.lang, "state", &r.to_state)) }
                                        }
                                    }
                                    td { (show_time(&r.at)) }
                                    td { (layout::user_name(ctx, users, &r.actor)) }
                                    td {
                                        @match &r.reason {
                                            Some(reason) => { (code_label(ctx.lang, "transition-reason", reason)) }
                                            None => { span.muted { "—" } }
                                        }
                                    }
                                    td { span.code { bdi dir="ltr" { (r.rules_version) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /cases/{id}/transitions`: proceed, approve, suspend, withdraw, counsel again, resume.
pub(crate) async fn transition(
    state: &WebState,
    session: &PageSession,
    id: &str,
    body: FormBody,
) -> Answer {
    let ctx = session.ctx();
    let here = format!("/cases/{}", encode_segment(id));
    let values = pairs(body);
    let sent = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if !session.csrf_matches(sent("csrf").as_deref()) {
        return Ok(layout::error_page(
            &ctx,
            &here,
            StatusCode::FORBIDDEN,
            "problem-csrf",
        ));
    }
    let key = match sent("form").as_deref() {
        Some("proceed") => "proceed",
        _ => "move",
    };
    let form = FormState::new(key, values.clone());
    let to = form.string("to");
    let input = TransitionInput {
        to: to.clone(),
        reason: form.text("reason"),
    };
    let result = state.app.transition_case(&session.actor, id, input).await;
    let feedback = match result {
        Ok(_) => return Ok(Redirect::to(&format!("{here}#lifecycle")).into_response()),
        Err(AppError::Blocked(evaluation)) => Feedback {
            status: Some(StatusCode::CONFLICT),
            blocked: Some(*evaluation),
            ..Feedback::default()
        },
        Err(AppError::Forbidden) if to == CaseState::Approved.as_str() => Feedback {
            status: Some(StatusCode::FORBIDDEN),
            message: Some(
                if policy::may(&session.actor, Permission::ApproveReturns) {
                    "lc-four-eyes"
                } else {
                    "lc-approve-refused"
                }
                .to_owned(),
            ),
            ..Feedback::default()
        },
        Err(AppError::Invalid(invalid)) => Feedback {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            form: Some(FormState::new("move", values).with_errors(&invalid.0)),
            ..Feedback::default()
        },
        Err(AppError::Conflict(code)) => Feedback {
            status: Some(StatusCode::CONFLICT),
            message: Some(if code.starts_with("error-") {
                code.to_owned()
            } else {
                "problem-conflict".to_owned()
            }),
            ..Feedback::default()
        },
        Err(e) => return Ok(app_error(&ctx, &here, e)),
    };
    Err(Box::new(feedback))
}

/// Every message id of the lifecycle's code labels, for the translation test.
#[cfg(test)]
pub(crate) fn code_ids() -> Vec<String> {
    let mut ids: Vec<String> = TransitionReason::ALL
        .iter()
        .map(|r| format!("transition-reason-{}", r.as_str()))
        .collect();
    ids.extend(
        homeward_domain::lifecycle::safeguards::Severity::ALL
            .iter()
            .map(|s| format!("finding-severity-{}", s.as_str())),
    );
    ids
}
