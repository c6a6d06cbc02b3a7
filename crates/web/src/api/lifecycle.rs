//! The API of the return lifecycle: transitions, the safeguards ("why can't this case
//! proceed?"), and the records the safeguards read. Findings are translated for the reader
//! (`?lang=en|fr|ar`, else `Accept-Language`, else English).

use crate::State;
use crate::extract::{ApiActor, ApiJson};
use crate::findings::{FindingDoc, finding_docs};
use crate::problem::{Problem, ProblemDocument};
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use homeward_app::lifecycle::record_inputs::{
    NewBestInterests, NewCoercionIndicator, NewCounselling, NewHold, NewRemovalDecision,
    NewRiskAssessment, NewScreening, NewWaiver,
};
use homeward_app::lifecycle::records::{RecordView, Resolution};
use homeward_app::lifecycle::transitions::TransitionInput;
use homeward_app::lifecycle::work::{ForcedReturnAlerts, WorkItem};
use homeward_domain::cases::case::CaseState;
use homeward_domain::lifecycle::safeguards::Evaluation;
use homeward_i18n::Lang;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<Arc<crate::WebState>> {
    Router::new()
        .route(
            "/api/v1/cases/{id}/transitions",
            get(list_transitions).post(transition),
        )
        .route("/api/v1/cases/{id}/safeguards", get(safeguards))
        .route("/api/v1/cases/{id}/records", get(list_records))
        .route("/api/v1/cases/{id}/counselling", post(counselling))
        .route("/api/v1/cases/{id}/coercion-indicators", post(coercion))
        .route("/api/v1/cases/{id}/screenings", post(screening))
        .route("/api/v1/cases/{id}/risk-assessments", post(risk))
        .route("/api/v1/cases/{id}/best-interests", post(best_interests))
        .route("/api/v1/cases/{id}/holds", post(hold))
        .route("/api/v1/cases/{id}/cooling-off-waiver", post(waiver))
        .route("/api/v1/cases/{id}/removal-decision", post(removal))
        .route(
            "/api/v1/cases/{id}/records/{record_id}/resolve",
            post(resolve),
        )
        .route("/api/v1/work", get(work))
        .route("/api/v1/forced-returns/alerts", get(forced_return_alerts))
}

/// Forced returns are monitored, not managed: how many moved with each rights alert. Counts only.
#[utoipa::path(get, path = "/api/v1/forced-returns/alerts", responses((status = 200, body = ForcedReturnAlerts), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument)))]
pub(crate) async fn forced_return_alerts(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<ForcedReturnAlerts>> {
    Ok(Json(state.app.forced_return_alerts(&actor).await?))
}

/// The signed-in user's open tasks, the most urgent first.
#[utoipa::path(get, path = "/api/v1/work", responses((status = 200, body = Vec<WorkItem>), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument)))]
pub(crate) async fn work(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<WorkItem>>> {
    Ok(Json(state.app.work_list(&actor).await?))
}

type ApiResult<T> = Result<T, Problem>;

#[derive(Debug, Deserialize, IntoParams)]
pub struct LangQuery {
    /// en, fr or ar; otherwise the Accept-Language header decides.
    pub lang: Option<String>,
    /// For safeguards: the state to evaluate; by default the next one.
    pub to: Option<String>,
}

pub(crate) fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::En)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SafeguardsDoc {
    pub state: String,
    pub kind: String,
    /// The state "proceed" leads to; null at the end of the road.
    pub target: Option<String>,
    /// Whether a finding blocks the move to `target`.
    pub blocked: bool,
    /// The rule-set version the evaluation used.
    pub rules_version: String,
    pub findings: Vec<FindingDoc>,
}

/// Why this case can or cannot proceed, each finding with what clears it.
#[utoipa::path(get, path = "/api/v1/cases/{id}/safeguards", params(LangQuery), responses((status = 200, body = SafeguardsDoc), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn safeguards(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> ApiResult<Json<SafeguardsDoc>> {
    let lang = lang_of(q.lang.as_deref(), &headers);
    let to = match q.to.as_deref() {
        Some(t) => Some(CaseState::parse(t).ok_or_else(|| {
            Problem::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                "/to",
                "error-unknown-value",
            )
        })?),
        None => None,
    };
    let view = state.app.case_safeguards(&actor, &id, to).await?;
    let evaluation = view.evaluation.as_ref();
    Ok(Json(SafeguardsDoc {
        state: view.state.as_str().to_owned(),
        kind: view.kind.as_str().to_owned(),
        target: view.target.map(|t| t.as_str().to_owned()),
        // A forced return's findings are alerts: an evaluation of one is never blocked.
        blocked: evaluation.is_some_and(Evaluation::blocked),
        rules_version: state.app.safeguard_rules().version.clone(),
        findings: evaluation
            .map(|e| finding_docs(lang, e))
            .unwrap_or_default(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransitionDoc {
    pub from: String,
    pub to: String,
    /// forward, recounsel, suspend, resume, withdraw.
    pub step: String,
    pub rules_version: String,
    /// Warnings, or a forced return's alerts, stored with the transition.
    pub findings: Vec<FindingDoc>,
}

/// Moves the case. A move a safeguard blocks answers 409 with every finding and its remedy;
/// approving one's own case answers 403 (four eyes).
#[utoipa::path(post, path = "/api/v1/cases/{id}/transitions", params(LangQuery), request_body = TransitionInput, responses((status = 200, body = TransitionDoc), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn transition(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<TransitionInput>,
) -> ApiResult<Json<TransitionDoc>> {
    let lang = lang_of(q.lang.as_deref(), &headers);
    let t = state
        .app
        .transition_case(&actor, &id, input)
        .await
        .map_err(|e| match e {
            // Not a step of the road: the problem names the state asked for.
            homeward_app::AppError::Conflict(code) if code.starts_with("error-") => {
                Problem::field(StatusCode::CONFLICT, "/to", code).titled("problem-conflict")
            }
            other => Problem::from_app(other, lang),
        })?;
    Ok(Json(TransitionDoc {
        from: t.from.as_str().to_owned(),
        to: t.to.as_str().to_owned(),
        step: t.step.as_str().to_owned(),
        rules_version: t.evaluation.version.clone(),
        findings: finding_docs(lang, &t.evaluation),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransitionRecord {
    pub at: String,
    pub actor: String,
    pub from: String,
    pub to: String,
    pub step: String,
    pub reason: Option<String>,
    pub rules_version: String,
    /// The findings stored with the move: rule, severity, person.
    #[schema(value_type = Object)]
    pub findings: serde_json::Value,
}

/// The case's transitions, oldest first, each with the rule-set version that allowed it.
#[utoipa::path(get, path = "/api/v1/cases/{id}/transitions", responses((status = 200, body = Vec<TransitionRecord>), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
pub(crate) async fn list_transitions(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<TransitionRecord>>> {
    let rows = state.app.case_transitions(&actor, &id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| TransitionRecord {
                at: r.at,
                actor: r.actor,
                from: r.from_state,
                to: r.to_state,
                step: r.step,
                reason: r.reason,
                rules_version: r.rules_version,
                findings: serde_json::from_str(&r.findings).unwrap_or_default(),
            })
            .collect(),
    ))
}

/// The records the safeguards read, oldest first. Notes are shown to readers who see names.
#[utoipa::path(get, path = "/api/v1/cases/{id}/records", responses((status = 200, body = Vec<RecordView>), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
pub(crate) async fn list_records(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<RecordView>>> {
    Ok(Json(state.app.case_records(&actor, &id).await?))
}

macro_rules! record_route {
    ($name:ident, $path:literal, $input:ty, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, request_body = $input, responses((status = 201, body = RecordView), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
        pub(crate) async fn $name(
            state: State,
            ApiActor(actor): ApiActor,
            Path(id): Path<String>,
            ApiJson(input): ApiJson<$input>,
        ) -> ApiResult<(StatusCode, Json<RecordView>)> {
            Ok((StatusCode::CREATED, Json(state.app.record_on_case(&actor, &id, input).await?)))
        }
    };
}

record_route!(
    counselling,
    "/api/v1/cases/{id}/counselling",
    NewCounselling,
    "Records a counselling session; the destination's status at the session is taken from the system."
);
record_route!(
    coercion,
    "/api/v1/cases/{id}/coercion-indicators",
    NewCoercionIndicator,
    "Records a coercion indicator; it blocks the return until a supervisor reviews it."
);
record_route!(
    screening,
    "/api/v1/cases/{id}/screenings",
    NewScreening,
    "Records a vulnerability screening; a positive rapid screen opens a follow-up screening."
);
record_route!(
    risk,
    "/api/v1/cases/{id}/risk-assessments",
    NewRiskAssessment,
    "Records an individual risk assessment."
);
record_route!(
    best_interests,
    "/api/v1/cases/{id}/best-interests",
    NewBestInterests,
    "Records a child's best-interests assessment or determination."
);
record_route!(
    hold,
    "/api/v1/cases/{id}/holds",
    NewHold,
    "Places a hold (pending appeal, court decision, grievance); a suspensive one blocks the return."
);
record_route!(
    waiver,
    "/api/v1/cases/{id}/cooling-off-waiver",
    NewWaiver,
    "Waives the cooling-off period: a supervisor, with a reason."
);
record_route!(
    removal,
    "/api/v1/cases/{id}/removal-decision",
    NewRemovalDecision,
    "Records a forced return's removal decision, to monitor it."
);

/// Reviews a coercion indicator or lifts a hold, with a note (supervisors).
#[utoipa::path(post, path = "/api/v1/cases/{id}/records/{record_id}/resolve", request_body = Resolution, responses((status = 200, body = RecordView), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn resolve(
    state: State,
    ApiActor(actor): ApiActor,
    Path((id, record_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<Resolution>,
) -> ApiResult<Json<RecordView>> {
    Ok(Json(
        state
            .app
            .resolve_record(&actor, &id, &record_id, input)
            .await?,
    ))
}
