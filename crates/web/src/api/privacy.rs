//! The API of personal data's protection: erasure, a person's access log, break-glass,
//! data-sharing agreements and consent, data-subject requests and the subject-access export
//! (data-protection officer). Each handler is a thin call of one application service.

use crate::State;
use crate::WebState;
use crate::extract::{ApiActor, ApiJson, query};
use crate::problem::{Problem, ProblemDocument};
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use homeward_app::AppError;
use homeward_app::privacy::access_log::AccessItem;
use homeward_app::privacy::break_glass::{BreakGlassGrant, BreakGlassRequest};
use homeward_app::privacy::export::SubjectExport;
use homeward_app::privacy::sharing::{Agreement, Consent, NewAgreement, NewConsent};
use homeward_app::privacy::subject_requests::{
    Completion, Extension, NewSubjectRequest, Refusal, SubjectRequestView,
};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<Arc<WebState>> {
    Router::new()
        .route(
            "/api/v1/subject-requests",
            get(list_subject_requests).post(create_subject_request),
        )
        .route("/api/v1/subject-requests/{id}", get(get_subject_request))
        .route(
            "/api/v1/subject-requests/{id}/extension",
            post(extend_subject_request),
        )
        .route(
            "/api/v1/subject-requests/{id}/completion",
            post(complete_subject_request),
        )
        .route(
            "/api/v1/subject-requests/{id}/refusal",
            post(refuse_subject_request),
        )
        .route("/api/v1/persons/{id}/export", get(export_person))
        .route(
            "/api/v1/agreements",
            get(list_agreements).post(conclude_agreement),
        )
        .route("/api/v1/agreements/{id}/revocation", post(revoke_agreement))
        .route(
            "/api/v1/persons/{id}/consents",
            get(list_consents).post(record_consent),
        )
        .route("/api/v1/consents/{id}/withdrawal", post(withdraw_consent))
        .route("/api/v1/persons/{id}/erasure", post(erase_person))
        .route("/api/v1/persons/{id}/access-log", get(person_access_log))
        .route("/api/v1/cases/{id}/break-glass", post(break_glass))
        .route("/api/v1/break-glass", get(break_glass_grants))
}

type ApiResult<T> = Result<T, Problem>;

/// A request's state forbids the change: 409, naming what stands in the way.
pub(crate) fn state_conflict(code: &str) -> Option<(&'static str, &'static str)> {
    match code {
        "already-extended" => Some(("/status", "error-request-already-extended")),
        "request-closed" => Some(("/status", "error-request-closed")),
        "export-required" => Some(("/exported_at", "error-export-required")),
        "person-erased" => Some(("/person_id", "error-person-erased")),
        _ => None,
    }
}

fn problem(e: AppError) -> Problem {
    match e {
        AppError::Conflict(code) => match state_conflict(code) {
            Some((pointer, message)) => {
                Problem::field(StatusCode::CONFLICT, pointer, message).titled("problem-conflict")
            }
            None => AppError::Conflict(code).into(),
        },
        other => other.into(),
    }
}

/// Logs a data-subject request; the deadline runs from the day of receipt. A person of another
/// organisation answers 404 exactly like one that does not exist.
#[utoipa::path(post, path = "/api/v1/subject-requests", request_body = NewSubjectRequest, responses(
    (status = 201, body = SubjectRequestView),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 422, body = ProblemDocument, content_type = "application/problem+json"),
))]
async fn create_subject_request(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewSubjectRequest>,
) -> ApiResult<(StatusCode, Json<SubjectRequestView>)> {
    let view = state
        .app
        .log_subject_request(&actor, body)
        .await
        .map_err(|e| match e {
            AppError::NotFound => {
                Problem::field(StatusCode::NOT_FOUND, "/person_id", "error-unknown-person")
            }
            other => problem(other),
        })?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SubjectRequestsQuery {
    /// `open` (pending: open or extended), `extended`, `completed` or `refused`; all when absent.
    status: Option<String>,
}

/// The data-subject requests of the user's organisation, overdue first, then by deadline, with
/// the days left and whether each is overdue.
#[utoipa::path(get, path = "/api/v1/subject-requests", params(SubjectRequestsQuery), responses(
    (status = 200, body = Vec<SubjectRequestView>),
    (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn list_subject_requests(
    state: State,
    ApiActor(actor): ApiActor,
    q: Result<Query<SubjectRequestsQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<SubjectRequestView>>> {
    let q = query(q)?;
    Ok(Json(
        state
            .app
            .subject_requests(&actor, q.status.as_deref())
            .await
            .map_err(problem)?,
    ))
}

/// One data-subject request.
#[utoipa::path(get, path = "/api/v1/subject-requests/{id}", responses(
    (status = 200, body = SubjectRequestView),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
))]
async fn get_subject_request(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<SubjectRequestView>> {
    Ok(Json(
        state
            .app
            .subject_request(&actor, &id)
            .await
            .map_err(problem)?,
    ))
}

/// Extends the deadline once, by 1 to 60 days, for a reason code (GDPR art. 12(3)).
#[utoipa::path(post, path = "/api/v1/subject-requests/{id}/extension", request_body = Extension, responses(
    (status = 200, body = SubjectRequestView),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn extend_subject_request(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Extension>,
) -> ApiResult<Json<SubjectRequestView>> {
    Ok(Json(
        state
            .app
            .extend_subject_request(&actor, &id, body)
            .await
            .map_err(problem)?,
    ))
}

/// Completes a request and does what it asks in the same commit: an erasure destroys the
/// person's data key; a correction re-seals the corrected fields (`corrections`); an access
/// request needs an export produced for it first (`GET /api/v1/persons/{id}/export?request=`).
#[utoipa::path(post, path = "/api/v1/subject-requests/{id}/completion", request_body = Completion, responses(
    (status = 200, body = SubjectRequestView),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn complete_subject_request(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Completion>,
) -> ApiResult<Json<SubjectRequestView>> {
    Ok(Json(
        state
            .app
            .complete_subject_request(&actor, &id, body)
            .await
            .map_err(problem)?,
    ))
}

/// Refuses a request with a reason code (GDPR art. 12(5) and 12(6), or a legal exemption).
#[utoipa::path(post, path = "/api/v1/subject-requests/{id}/refusal", request_body = Refusal, responses(
    (status = 200, body = SubjectRequestView),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn refuse_subject_request(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Refusal>,
) -> ApiResult<Json<SubjectRequestView>> {
    Ok(Json(
        state
            .app
            .refuse_subject_request(&actor, &id, body)
            .await
            .map_err(problem)?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// The access request this export answers; recorded on it.
    request: Option<String>,
}

/// Everything held about a person, as a JSON attachment, for an access request (DPO of the
/// person's organisation). The export is written to the access log before it is answered.
#[utoipa::path(get, path = "/api/v1/persons/{id}/export", params(ExportQuery), responses(
    (status = 200, body = SubjectExport),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn export_person(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    q: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q)?;
    let export = state
        .app
        .export_person(Some(&actor), &id, q.request.as_deref(), &|_, _| {})
        .await
        .map_err(problem)?;
    // The id was found in the store, so it is a UUID: safe in a header.
    let disposition = format!(
        "attachment; filename=\"subject-access-{}.json\"",
        export.person.id
    );
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(export)).into_response())
}

/// Agreements the actor's organisation is a party to.
#[utoipa::path(get, path = "/api/v1/agreements", responses((status = 200, body = Vec<Agreement>), (status = 403, body = ProblemDocument)))]
pub(crate) async fn list_agreements(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<Agreement>>> {
    Ok(Json(state.app.agreements(&actor).await?))
}

/// Concludes a data-sharing agreement with another organisation.
#[utoipa::path(post, path = "/api/v1/agreements", request_body = NewAgreement, responses((status = 201, body = Agreement), (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn conclude_agreement(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(new): ApiJson<NewAgreement>,
) -> ApiResult<(StatusCode, Json<Agreement>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.conclude_agreement(&actor, new).await?),
    ))
}

/// Ends an agreement at once.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/revocation", responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument)))]
pub(crate) async fn revoke_agreement(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_agreement(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person's consents, withdrawn ones included.
#[utoipa::path(get, path = "/api/v1/persons/{id}/consents", responses((status = 200, body = Vec<Consent>), (status = 404, body = ProblemDocument)))]
pub(crate) async fn list_consents(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Consent>>> {
    Ok(Json(state.app.consents(&actor, &id).await?))
}

/// Records a person's consent.
#[utoipa::path(post, path = "/api/v1/persons/{id}/consents", request_body = NewConsent, responses((status = 201, body = Consent), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn record_consent(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewConsent>,
) -> ApiResult<(StatusCode, Json<Consent>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.record_consent(&actor, &id, new).await?),
    ))
}

/// Withdraws a consent, at once.
#[utoipa::path(post, path = "/api/v1/consents/{id}/withdrawal", responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument)))]
pub(crate) async fn withdraw_consent(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.withdraw_consent(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// data_subject_request, retention or legal_order.
    reason: String,
}

/// Erases a person: their data key is destroyed and their personal fields can never be read again.
#[utoipa::path(post, path = "/api/v1/persons/{id}/erasure", request_body = ErasureRequest, responses((status = 204), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
pub(crate) async fn erase_person(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ErasureRequest>,
) -> ApiResult<StatusCode> {
    state
        .app
        .erase_person(Some(&actor), &id, &req.reason)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who read this person's data, when and why, newest first (data-protection officer, auditor).
#[utoipa::path(get, path = "/api/v1/persons/{id}/access-log", responses(
    (status = 200, body = Vec<AccessItem>),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
))]
pub(crate) async fn person_access_log(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AccessItem>>> {
    Ok(Json(state.app.person_access_history(&actor, &id).await?))
}

/// Opens a case of another organisation in an emergency, with a justification, for a few hours.
/// The grant is a journal event, the DPO of the case's organisation sees it, and every read under
/// it is logged with the purpose `break_glass`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/break-glass", request_body = BreakGlassRequest, responses(
    (status = 201, body = BreakGlassGrant), (status = 403, body = ProblemDocument),
    (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument),
    (status = 422, body = ProblemDocument),
))]
pub(crate) async fn break_glass(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<BreakGlassRequest>,
) -> ApiResult<(StatusCode, Json<BreakGlassGrant>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.break_glass(&actor, &id, req).await?),
    ))
}

/// Break-glass grants on the cases of the user's organisation, newest first (DPO, auditor).
#[utoipa::path(get, path = "/api/v1/break-glass", responses((status = 200, body = Vec<BreakGlassGrant>), (status = 403, body = ProblemDocument)))]
pub(crate) async fn break_glass_grants(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<BreakGlassGrant>>> {
    Ok(Json(state.app.break_glass_grants(&actor).await?))
}
