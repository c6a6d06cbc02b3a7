//! The API of return-area conditions: criteria, assessments, area status and the status table.
//! Criteria, area status and the table are public: people deciding whether to go home read them
//! without an account.

use crate::State;
use crate::extract::{ApiActor, ApiJson};
use crate::problem::{Problem, ProblemDocument};
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use homeward_app::conditions::assessments::{
    AreaStatusView, AssessmentView, CriteriaView, NewAssessment,
};
use std::sync::Arc;

pub fn routes() -> Router<Arc<crate::WebState>> {
    Router::new()
        .route("/api/v1/criteria", get(criteria))
        .route(
            "/api/v1/areas/{pcode}/assessments",
            get(list_assessments).post(submit_assessment),
        )
        .route("/api/v1/assessments/{id}", get(get_assessment))
        .route("/api/v1/areas/{pcode}/status", get(area_status))
        .route("/api/v1/area-status.csv", get(status_table))
}

type ApiResult<T> = Result<T, Problem>;

/// The criteria areas are assessed against, with labels in every language.
#[utoipa::path(get, path = "/api/v1/criteria", security(()), responses((status = 200, body = CriteriaView)))]
pub(crate) async fn criteria(state: State) -> Json<CriteriaView> {
    Json(CriteriaView::from(state.app.criteria().as_ref()))
}

/// An area's assessments, newest first.
#[utoipa::path(get, path = "/api/v1/areas/{pcode}/assessments", responses((status = 200, body = Vec<AssessmentView>), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
pub(crate) async fn list_assessments(
    state: State,
    ApiActor(actor): ApiActor,
    Path(pcode): Path<String>,
) -> ApiResult<Json<Vec<AssessmentView>>> {
    Ok(Json(state.app.area_assessments(&actor, &pcode).await?))
}

/// Submits an assessment for the assessor's organisation; the area's status is recomputed.
#[utoipa::path(post, path = "/api/v1/areas/{pcode}/assessments", request_body = NewAssessment, responses((status = 201, body = AssessmentView), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn submit_assessment(
    state: State,
    ApiActor(actor): ApiActor,
    Path(pcode): Path<String>,
    ApiJson(input): ApiJson<NewAssessment>,
) -> ApiResult<(StatusCode, Json<AssessmentView>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.submit_assessment(&actor, &pcode, input).await?),
    ))
}

/// One assessment.
#[utoipa::path(get, path = "/api/v1/assessments/{id}", responses((status = 200, body = AssessmentView), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
pub(crate) async fn get_assessment(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<AssessmentView>> {
    Ok(Json(state.app.area_assessment(&actor, &id).await?))
}

/// An area's status, why, each organisation's latest view, and the history of changes.
#[utoipa::path(get, path = "/api/v1/areas/{pcode}/status", security(()), responses((status = 200, body = AreaStatusView), (status = 404, body = ProblemDocument)))]
pub(crate) async fn area_status(
    state: State,
    Path(pcode): Path<String>,
) -> ApiResult<Json<AreaStatusView>> {
    Ok(Json(state.app.area_status(&pcode).await?))
}

/// Every area's status as CSV with an HXL hashtag row.
#[utoipa::path(get, path = "/api/v1/area-status.csv", security(()), responses((status = 200, content_type = "text/csv", body = String)))]
pub(crate) async fn status_table(state: State) -> ApiResult<Response> {
    let csv = state.app.area_status_csv().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"area-status.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
