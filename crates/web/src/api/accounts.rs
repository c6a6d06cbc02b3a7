//! The API of accounts: sign-in and sign-out, the signed-in user, their second factor, sessions,
//! password and API tokens, and the administrator's users. Each handler is a thin call of one
//! application service.

use crate::State;
use crate::extract::{ApiActor, ApiJson, ClientAddress};
use crate::problem::{Problem, ProblemDocument};
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use homeward_app::accounts::organisations::{Admin, NewUser, UserView};
use homeward_app::accounts::own_account::{CreatedToken, NewToken, SessionView, TokenView};
use homeward_app::accounts::second_factor::{Enrolled, Enrolment};
use homeward_app::accounts::sign_in::{SignIn, SignInRefused};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

pub fn routes() -> Router<Arc<crate::WebState>> {
    Router::new()
        .route("/api/v1/me/second-factor", post(start_second_factor))
        .route(
            "/api/v1/me/second-factor/confirmation",
            post(confirm_second_factor),
        )
        .route(
            "/api/v1/me/sessions",
            get(my_sessions).delete(end_my_sessions),
        )
        .route("/api/v1/me/password", post(change_password))
        .route("/api/v1/me/tokens", get(my_tokens).post(create_token))
        .route("/api/v1/me/tokens/{id}", delete(revoke_token))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route(
            "/api/v1/users/{id}/second-factor",
            delete(reset_second_factor),
        )
        .route(
            "/api/v1/session",
            post(create_session).delete(delete_session),
        )
        .route("/api/v1/me", get(me))
        .route("/api/v1/users/{id}/deactivation", post(deactivate_user))
}

type ApiResult<T> = Result<T, Problem>;

/// Starts enrolling a TOTP second factor: the secret and `otpauth://` URI are shown this once.
/// Allowed while the session is held at enrolment; refused for API tokens.
#[utoipa::path(post, path = "/api/v1/me/second-factor", responses(
    (status = 201, body = Enrolment), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 409, body = ProblemDocument),
))]
async fn start_second_factor(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<(StatusCode, Json<Enrolment>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.start_second_factor(&actor).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// The six-digit code the authenticator app shows now.
    code: String,
}

/// Confirms the second factor with a code from the app. This session then counts as having
/// passed it; the user's other sessions end. Answers ten one-time recovery codes, shown once.
#[utoipa::path(post, path = "/api/v1/me/second-factor/confirmation", request_body = Confirmation, responses(
    (status = 200, body = Enrolled), (status = 401, body = ProblemDocument),
    (status = 409, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn confirm_second_factor(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<Confirmation>,
) -> ApiResult<Json<Enrolled>> {
    Ok(Json(
        state.app.confirm_second_factor(&actor, &req.code).await?,
    ))
}

/// The signed-in user's live sessions (never their tokens).
#[utoipa::path(get, path = "/api/v1/me/sessions", responses(
    (status = 200, body = Vec<SessionView>), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument),
))]
async fn my_sessions(state: State, ApiActor(actor): ApiActor) -> ApiResult<Json<Vec<SessionView>>> {
    Ok(Json(state.app.my_sessions(&actor).await?))
}

/// Signs out everywhere: every session of the user ends, this one included.
#[utoipa::path(delete, path = "/api/v1/me/sessions", responses(
    (status = 204), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument),
))]
async fn end_my_sessions(state: State, ApiActor(actor): ApiActor) -> ApiResult<StatusCode> {
    state.app.end_my_sessions(&actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: String,
    /// At least 12 characters, not a common password.
    new_password: String,
}

/// Changes the signed-in user's password; every other session of the user ends.
#[utoipa::path(post, path = "/api/v1/me/password", request_body = PasswordChange, responses(
    (status = 204), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn change_password(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    state
        .app
        .change_password(&actor, &req.current_password, &req.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user's API tokens (without the tokens).
#[utoipa::path(get, path = "/api/v1/me/tokens", responses(
    (status = 200, body = Vec<TokenView>), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument),
))]
async fn my_tokens(state: State, ApiActor(actor): ApiActor) -> ApiResult<Json<Vec<TokenView>>> {
    Ok(Json(state.app.my_tokens(&actor).await?))
}

/// Makes an API token limited to scopes the user holds, for 1 to 90 days. The token is shown this
/// once. Needs a session that passed a second factor.
#[utoipa::path(post, path = "/api/v1/me/tokens", request_body = NewToken, responses(
    (status = 201, body = CreatedToken), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn create_token(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.create_token(&actor, req).await?),
    ))
}

/// Revokes one of the user's API tokens at once.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", responses(
    (status = 204), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
))]
async fn revoke_token(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_token(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The users of the administrator's organisation, with roles, status and second factor.
#[utoipa::path(get, path = "/api/v1/users", responses(
    (status = 200, body = Vec<UserView>), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument),
))]
async fn list_users(state: State, ApiActor(actor): ApiActor) -> ApiResult<Json<Vec<UserView>>> {
    Ok(Json(state.app.list_users(&actor).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    email: String,
    display_name: String,
    /// Role names, e.g. `caseworker`, each once.
    #[schema(min_items = 1, max_items = 9)]
    roles: Vec<String>,
    /// The first password (at least 12 characters, not a common one).
    password: String,
}

#[derive(serde::Serialize, ToSchema)]
pub struct CreatedUser {
    id: String,
}

/// Creates a user in the administrator's organisation.
#[utoipa::path(post, path = "/api/v1/users", request_body = CreateUser, responses(
    (status = 201, body = CreatedUser), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn create_user(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    let organisation_id = actor.organisation_id.clone();
    let user = state
        .app
        .create_user(
            Admin::User(&actor),
            NewUser {
                organisation_id: &organisation_id,
                email: &req.email,
                display_name: &req.display_name,
                roles: &req.roles,
                password: &req.password,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedUser { id: user.id })))
}

/// Removes a user's second factor (a lost phone): journaled; their sessions and API tokens end.
#[utoipa::path(delete, path = "/api/v1/users/{id}/second-factor", responses(
    (status = 204), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument),
    (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument),
))]
async fn reset_second_factor(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .app
        .reset_second_factor(Admin::User(&actor), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    email: String,
    password: String,
    /// The six-digit code of the authenticator app, or a recovery code. Required for users who
    /// enrolled a second factor; the answer to a missing or wrong code is the same as to a wrong
    /// password.
    #[serde(default)]
    code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    expires_at: String,
    /// `passed`, `not_enrolled`, or `enrolment_required`: then the session can do nothing but
    /// enrol (`POST /api/v1/me/second-factor`), read `/api/v1/me` and sign out.
    second_factor: &'static str,
}

/// Signs in with email, password and (for users with a second factor) a code. Failures are
/// throttled per account and per client address; past the budget only attempts with a valid code
/// are evaluated (429 otherwise).
#[utoipa::path(post, path = "/api/v1/session", request_body = SessionRequest, responses(
    (status = 201, body = SessionResponse),
    (status = 401, body = ProblemDocument, content_type = "application/problem+json"),
    (status = 429, body = ProblemDocument, content_type = "application/problem+json"),
))]
pub(crate) async fn create_session(
    state: State,
    ClientAddress(client): ClientAddress,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<(StatusCode, Json<SessionResponse>)> {
    let attempt = SignIn {
        email: &req.email,
        password: &req.password,
        code: req.code.as_deref(),
        client: client.as_deref(),
    };
    match state.app.sign_in(attempt).await? {
        Ok(s) => Ok((
            StatusCode::CREATED,
            Json(SessionResponse {
                token: s.token,
                expires_at: s.expires_at,
                second_factor: s.second_factor.as_str(),
            }),
        )),
        Err(SignInRefused::BadCredentials) => Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "problem-bad-credentials",
        )),
        Err(SignInRefused::Throttled) => Err(Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "problem-throttled",
        )),
    }
}

/// Signs out: the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204), (status = 401, body = ProblemDocument)))]
pub(crate) async fn delete_session(
    state: State,
    headers: HeaderMap,
    _signed_in: ApiActor,
) -> ApiResult<StatusCode> {
    if let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        state.app.sign_out(token.trim()).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    user_id: String,
    organisation_id: String,
    email: String,
    display_name: String,
    roles: Vec<String>,
    /// Whether the user has a confirmed second factor.
    second_factor_enrolled: bool,
    /// Whether the user's roles oblige them to have one on this node.
    second_factor_required: bool,
    /// True while the session can do nothing but enrol a second factor.
    enrolment_required: bool,
    /// The permissions of the API token this request came with (absent for sessions).
    #[serde(skip_serializing_if = "Option::is_none")]
    token_scopes: Option<Vec<&'static str>>,
}

/// The signed-in user. Answers also while the session is held at second-factor enrolment.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ProblemDocument)))]
pub(crate) async fn me(state: State, ApiActor(a): ApiActor) -> ApiResult<Json<Me>> {
    let (enrolled, required) = state.app.my_second_factor(&a).await?;
    Ok(Json(Me {
        second_factor_enrolled: enrolled,
        second_factor_required: required,
        enrolment_required: a.enrolment_required,
        token_scopes: a
            .scopes
            .as_ref()
            .map(|s| s.iter().map(|p| p.name()).collect()),
        user_id: a.user_id,
        organisation_id: a.organisation_id,
        email: a.email,
        display_name: a.display_name,
        roles: a.roles.iter().map(|r| r.as_str().to_owned()).collect(),
    }))
}

/// Deactivates a user of the administrator's organisation: no more sign-ins, sessions end now.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivation", responses(
    (status = 204), (status = 403, body = ProblemDocument),
    (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument),
))]
pub(crate) async fn deactivate_user(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .app
        .deactivate_user(
            homeward_app::accounts::organisations::Admin::User(&actor),
            &id,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
