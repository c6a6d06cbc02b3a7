//! The API of need-to-know: teams, case assignment, sensitivity and closure, data-sharing
//! agreements and consent. Each handler is a thin call of one application service.

use crate::State;
use crate::extract::{ApiActor, ApiJson};
use crate::problem::{Problem, ProblemDocument};
use axum::Json;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use homeward_app::cases::changes::{Assignment, Closure, SensitivityInput};
use homeward_app::cases::teams::{NewTeam, Team, TeamMemberInput};
use homeward_app::privacy::sharing::{Agreement, Consent, NewAgreement, NewConsent};
use std::sync::Arc;

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
