//! The API of cases: registering households, the case list, one case and its history, teams,
//! assignment, sensitivity and closure. Each handler is a thin call of one application service.

use crate::State;
use crate::extract::{ApiActor, ApiJson, query};
use crate::problem::{Problem, ProblemDocument};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use homeward_app::cases::changes::{Assignment, Closure, SensitivityInput};
use homeward_app::cases::households::RegisterHousehold;
use homeward_app::cases::reads::{CaseDetail, CaseSummary, HistoryItem, Page};
use homeward_app::cases::teams::{NewTeam, Team, TeamMemberInput};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

pub fn routes() -> Router<Arc<crate::WebState>> {
    Router::new()
        .route("/api/v1/teams", get(list_teams).post(create_team))
        .route("/api/v1/teams/{id}/members", post(add_team_member))
        .route(
            "/api/v1/teams/{id}/members/{user_id}",
            delete(remove_team_member),
        )
        .route("/api/v1/cases/{id}/assignment", post(assign_case))
        .route("/api/v1/cases/{id}/sensitivity", post(set_sensitivity))
        .route("/api/v1/cases/{id}/closure", post(close_case))
        .route("/api/v1/households", post(register_household))
        .route("/api/v1/cases", get(list_cases))
        .route("/api/v1/cases/{id}", get(get_case))
        .route("/api/v1/cases/{id}/history", get(case_history))
}

type ApiResult<T> = Result<T, Problem>;

/// The organisation's teams and their members.
#[utoipa::path(get, path = "/api/v1/teams", responses((status = 200, body = Vec<Team>), (status = 403, body = ProblemDocument)))]
pub(crate) async fn list_teams(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<Team>>> {
    Ok(Json(state.app.teams(&actor).await?))
}

/// Creates a team in the actor's organisation.
#[utoipa::path(post, path = "/api/v1/teams", request_body = NewTeam, responses((status = 201, body = Team), (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn create_team(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(new): ApiJson<NewTeam>,
) -> ApiResult<(StatusCode, Json<Team>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.create_team(&actor, new).await?),
    ))
}

/// Adds a user of the organisation to a team.
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", request_body = TeamMemberInput, responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn add_team_member(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TeamMemberInput>,
) -> ApiResult<StatusCode> {
    state
        .app
        .change_team_member(&actor, &id, &input.user_id, true)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member from a team.
#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{user_id}", responses((status = 204), (status = 404, body = ProblemDocument)))]
pub(crate) async fn remove_team_member(
    state: State,
    ApiActor(actor): ApiActor,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    state
        .app
        .change_team_member(&actor, &id, &user_id, false)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives a case to a worker and/or a team.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", request_body = Assignment, responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn assign_case(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Assignment>,
) -> ApiResult<StatusCode> {
    state.app.assign_case(&actor, &id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces a case's sensitivity markers.
#[utoipa::path(post, path = "/api/v1/cases/{id}/sensitivity", request_body = SensitivityInput, responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn set_sensitivity(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SensitivityInput>,
) -> ApiResult<StatusCode> {
    state.app.set_case_sensitivity(&actor, &id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/closure", request_body = Closure, responses((status = 204), (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn close_case(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Closure>,
) -> ApiResult<StatusCode> {
    state.app.close_case(&actor, &id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registers a household and opens its case (state `registered`).
#[utoipa::path(post, path = "/api/v1/households", request_body = RegisterHousehold, responses(
    (status = 201, body = CaseDetail),
    (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument),
    (status = 422, body = ProblemDocument, content_type = "application/problem+json"),
))]
pub(crate) async fn register_household(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<RegisterHousehold>,
) -> ApiResult<(StatusCode, Json<CaseDetail>)> {
    let detail = state.app.register_household(&actor, body).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CasesQuery {
    /// The start of a case reference, e.g. `HW-2026-0001`.
    reference: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200; default 50.
    limit: Option<String>,
}

/// Cases of the user's organisation, newest first.
#[utoipa::path(get, path = "/api/v1/cases", params(CasesQuery), responses((status = 200, body = Page<CaseSummary>), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument)))]
pub(crate) async fn list_cases(
    state: State,
    ApiActor(actor): ApiActor,
    q: Result<Query<CasesQuery>, QueryRejection>,
) -> ApiResult<Json<Page<CaseSummary>>> {
    let q = query(q)?;
    let limit = match q.limit.as_deref() {
        Some(l) => Some(l.parse::<i64>().map_err(|_| {
            Problem::field(StatusCode::UNPROCESSABLE_ENTITY, "/limit", "error-limit")
        })?),
        None => None,
    };
    Ok(Json(
        state
            .app
            .list_cases(&actor, q.reference.as_deref(), q.cursor.as_deref(), limit)
            .await?,
    ))
}

/// One case with its household.
#[utoipa::path(get, path = "/api/v1/cases/{id}", responses((status = 200, body = CaseDetail), (status = 404, body = ProblemDocument)))]
pub(crate) async fn get_case(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseDetail>> {
    Ok(Json(state.app.case_detail(&actor, &id).await?))
}

/// The journal entries about a case, its household and its members.
#[utoipa::path(get, path = "/api/v1/cases/{id}/history", responses((status = 200, body = Vec<HistoryItem>), (status = 404, body = ProblemDocument)))]
pub(crate) async fn case_history(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<HistoryItem>>> {
    Ok(Json(state.app.case_history(&actor, &id).await?))
}
