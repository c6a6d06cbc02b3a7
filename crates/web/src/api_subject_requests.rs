//! The JSON API of data-subject requests and the subject-access export (data-protection
//! officer). Each handler is a thin call of one application service.

use crate::State;
use crate::WebState;
use crate::api::query;
use crate::extract::{ApiActor, ApiJson};
use crate::problem::{Problem, ProblemDocument};
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use homeward_app::AppError;
use homeward_app::privacy::export::SubjectExport;
use homeward_app::privacy::subject_requests::{
    Completion, Extension, NewSubjectRequest, Refusal, SubjectRequestView,
};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

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
