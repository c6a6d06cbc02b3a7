//! The API of return-area conditions: criteria, assessments, area status and the status table.
//! Criteria, area status and the table are public: people deciding whether to go home read them
//! without an account.

use crate::State;
use crate::extract::{ApiActor, ApiJson, query};
use crate::limits::limited;
use crate::problem::{Problem, ProblemDocument};
use crate::{BOUNDARIES_LIMIT, IMPORT_LIMIT};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use homeward_app::conditions::areas::AreaView;
use homeward_app::conditions::assessments::{
    AreaStatusView, AssessmentView, CriteriaView, NewAssessment,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

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
        .route("/api/v1/areas", get(list_areas))
        .route("/api/v1/areas/{pcode}", get(get_area))
}

/// The imports, which take larger bodies than other routes, each with its own limit.
pub fn import_routes() -> Router<Arc<crate::WebState>> {
    let areas = Router::new().route("/api/v1/areas/import", post(import_areas));
    let boundaries = Router::new().route("/api/v1/areas/boundaries", put(import_boundaries));
    limited(areas, IMPORT_LIMIT).merge(limited(boundaries, BOUNDARIES_LIMIT))
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

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AreasQuery {
    /// P-code of the parent; omit for countries.
    parent: Option<String>,
}

/// Areas directly under a parent.
#[utoipa::path(get, path = "/api/v1/areas", params(AreasQuery), responses((status = 200, body = Vec<AreaView>)))]
pub(crate) async fn list_areas(
    state: State,
    ApiActor(actor): ApiActor,
    q: Result<Query<AreasQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<AreaView>>> {
    let q = query(q)?;
    Ok(Json(state.app.areas(&actor, q.parent.as_deref()).await?))
}

/// One area.
#[utoipa::path(get, path = "/api/v1/areas/{pcode}", responses((status = 200, body = AreaView), (status = 404, body = ProblemDocument)))]
pub(crate) async fn get_area(
    state: State,
    ApiActor(actor): ApiActor,
    Path(pcode): Path<String>,
) -> ApiResult<Json<AreaView>> {
    Ok(Json(state.app.area(&actor, &pcode).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Imported {
    imported: usize,
}

/// Imports areas from CSV (`pcode,name,level,parent`); all or nothing.
#[utoipa::path(post, path = "/api/v1/areas/import", request_body(content = String, content_type = "text/csv"), responses((status = 201, body = Imported), (status = 422, body = ProblemDocument)))]
pub(crate) async fn import_areas(
    state: State,
    ApiActor(actor): ApiActor,
    headers: HeaderMap,
    body: Result<String, axum::extract::rejection::StringRejection>,
) -> ApiResult<(StatusCode, Json<Imported>)> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/csv"));
    if !is_csv {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "problem-unsupported-type",
        ));
    }
    let body = body.map_err(|e| match e {
        axum::extract::rejection::StringRejection::InvalidUtf8(_) => {
            Problem::field(StatusCode::BAD_REQUEST, "", "error-csv")
        }
        _ => Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "problem-too-large"),
    })?;
    let imported = state.app.import_areas_csv(Some(&actor), &body).await?;
    Ok((StatusCode::CREATED, Json(Imported { imported })))
}

/// Sets area boundaries from a GeoJSON FeatureCollection (`properties.pcode` or HDX's
/// `ADM*_PCODE` on each feature; Polygon or MultiPolygon); all or nothing. A boundary given again
/// replaces the earlier one.
#[utoipa::path(put, path = "/api/v1/areas/boundaries", request_body(content = String, content_type = "application/geo+json"), responses((status = 200, body = Imported), (status = 403, body = ProblemDocument), (status = 415, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn import_boundaries(
    state: State,
    ApiActor(actor): ApiActor,
    headers: HeaderMap,
    body: Result<String, axum::extract::rejection::StringRejection>,
) -> ApiResult<Json<Imported>> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/geo+json") || v.starts_with("application/json")
        });
    if !is_json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "problem-unsupported-type",
        ));
    }
    let body = body.map_err(|e| match e {
        axum::extract::rejection::StringRejection::InvalidUtf8(_) => {
            Problem::field(StatusCode::BAD_REQUEST, "", "error-geojson")
        }
        _ => Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "problem-too-large"),
    })?;
    let imported = state
        .app
        .import_boundaries(Some(&actor), &body, &|_, _| {})
        .await?;
    Ok(Json(Imported { imported }))
}
