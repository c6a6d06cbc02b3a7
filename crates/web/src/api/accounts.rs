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
use homeward_app::accounts::enrolment::{EnrolmentLink, LinkEnrolment, NewInvite};
use homeward_app::accounts::organisations::{Admin, UserView};
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
            "/api/v1/users/{id}/enrolment-link",
            post(issue_enrolment_link),
        )
        .route("/api/v1/enrolment", post(enrol))
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
}

#[derive(Serialize, ToSchema)]
pub struct CreatedUser {
    id: String,
    /// The new user's one-time link to choose their password, shown this once.
    enrolment: EnrolmentLink,
}

/// Creates a user in the administrator's organisation. No password is chosen for them: the
/// answer carries a one-time enrolment link (shown this once, valid 72 hours) with which the user
/// chooses their own.
#[utoipa::path(post, path = "/api/v1/users", request_body = CreateUser, responses(
    (status = 201, body = CreatedUser), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 422, body = ProblemDocument),
))]
async fn create_user(
    state: State,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<CreatedUser>)> {
    let invite = NewInvite {
        email: &req.email,
        display_name: &req.display_name,
        roles: &req.roles,
    };
    let (user, enrolment) = state.app.invite_user(&actor, invite).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedUser {
            id: user.id,
            enrolment,
        }),
    ))
}

/// Issues a new one-time enrolment link for a user of the administrator's organisation (a
/// forgotten password): shown this once; an earlier link stops working. Not for oneself.
#[utoipa::path(post, path = "/api/v1/users/{id}/enrolment-link", responses(
    (status = 201, body = EnrolmentLink), (status = 401, body = ProblemDocument),
    (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument),
    (status = 409, body = ProblemDocument),
))]
async fn issue_enrolment_link(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<EnrolmentLink>)> {
    Ok((
        StatusCode::CREATED,
        Json(state.app.issue_enrolment_link(&actor, &id).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordByLink {
    /// The token of the enrolment link (the last part of `/enrol/{token}`).
    token: String,
    /// The password the user chooses: at least 12 characters, not a common one.
    password: String,
    /// Required when the user already has a second factor (a password reset): a code from the
    /// authenticator app or a recovery code.
    #[serde(default)]
    code: Option<String>,
}

/// Chooses a password with a one-time enrolment link and signs in. An unknown, used, expired or
/// replaced link answers 404; the password policy 422 naming `/password` (the link still works).
#[utoipa::path(post, path = "/api/v1/enrolment", security(()), request_body = PasswordByLink, responses(
    (status = 201, body = SessionResponse), (status = 404, body = ProblemDocument),
    (status = 422, body = ProblemDocument),
))]
pub(crate) async fn enrol(
    state: State,
    ApiJson(req): ApiJson<PasswordByLink>,
) -> ApiResult<(StatusCode, Json<SessionResponse>)> {
    let s = state
        .app
        .enrol_with_link(LinkEnrolment {
            token: &req.token,
            password: &req.password,
            code: req.code.as_deref(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(SessionResponse::from(s))))
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
    /// The `device_token` of this client's last sign-in: while someone else is guessing the
    /// password, a client that signed in before is still let in.
    #[serde(default)]
    device_token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    expires_at: String,
    /// `passed`, `not_enrolled`, or `enrolment_required`: then the session can do nothing but
    /// enrol (`POST /api/v1/me/second-factor`), read `/api/v1/me` and sign out.
    second_factor: &'static str,
    /// Keep it and send it back as `device_token` at the next sign-in (it replaces the one sent
    /// this time, which no longer works).
    device_token: Option<String>,
}

impl From<homeward_app::accounts::sign_in::NewSession> for SessionResponse {
    fn from(s: homeward_app::accounts::sign_in::NewSession) -> Self {
        SessionResponse {
            token: s.token,
            expires_at: s.expires_at,
            second_factor: s.second_factor.as_str(),
            device_token: s.device_token,
        }
    }
}

/// Signs in with email, password and (for users with a second factor) a code. Failures slow
/// further attempts of the account from the client's address and count against the address and
/// the account; past a budget only attempts with a valid code or from a known device
/// (`device_token`) are evaluated, others answer 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/session", request_body = SessionRequest, responses(
    (status = 201, body = SessionResponse),
    (status = 401, body = ProblemDocument, content_type = "application/problem+json"),
    (status = 429, body = ProblemDocument, content_type = "application/problem+json",
        headers(("Retry-After" = i64, description = "Seconds to wait before trying again"))),
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
        device: req.device_token.as_deref(),
    };
    match state.app.sign_in(attempt).await? {
        Ok(s) => Ok((StatusCode::CREATED, Json(SessionResponse::from(s)))),
        Err(SignInRefused::BadCredentials) => Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "problem-bad-credentials",
        )),
        Err(SignInRefused::Throttled { retry_after }) => {
            Err(Problem::too_many("problem-throttled", retry_after))
        }
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
