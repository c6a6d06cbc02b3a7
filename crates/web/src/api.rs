//! The JSON API under `/api/v1/`. Each handler is a thin call of one application service.

use crate::extract::{ApiActor, ApiJson, ClientAddress};
use crate::problem::{Problem, ProblemDocument};
use crate::{BOUNDARIES_LIMIT, IMPORT_LIMIT, State, WebState};
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use homeward_app::accounts::sign_in::{SignIn, SignInRefused};
use homeward_app::cases::households::RegisterHousehold;
use homeward_app::cases::reads::{CaseDetail, CaseSummary, HistoryItem, Page};
use homeward_app::conditions::areas::AreaView;
use homeward_app::privacy::access_log::AccessItem;
use homeward_app::privacy::break_glass::{BreakGlassGrant, BreakGlassRequest};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<Arc<WebState>> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route(
            "/api/v1/session",
            post(create_session).delete(delete_session),
        )
        .route("/api/v1/me", get(me))
        .route("/api/v1/households", post(register_household))
        .route("/api/v1/cases", get(list_cases))
        .route("/api/v1/cases/{id}", get(get_case))
        .route("/api/v1/cases/{id}/history", get(case_history))
        .route("/api/v1/areas", get(list_areas))
        .route("/api/v1/areas/{pcode}", get(get_area))
        .route(
            "/api/v1/areas/import",
            post(import_areas).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/api/v1/areas/boundaries",
            put(import_boundaries).layer(DefaultBodyLimit::max(BOUNDARIES_LIMIT)),
        )
        .route("/api/v1/persons/{id}/erasure", post(erase_person))
        .route("/api/v1/persons/{id}/access-log", get(person_access_log))
        .route("/api/v1/users/{id}/deactivation", post(deactivate_user))
        .route("/api/v1/cases/{id}/break-glass", post(break_glass))
        .route("/api/v1/break-glass", get(break_glass_grants))
        .route("/api/v1/journal/verifications", post(verify_journal))
        .merge(crate::api_subject_requests::routes())
}

type ApiResult<T> = Result<T, Problem>;

pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|Query(v)| v).map_err(|rejection| {
        // serde_urlencoded names the field in backquotes, as serde_json does.
        let text = rejection.body_text();
        let field = text
            .split("unknown field `")
            .nth(1)
            .and_then(|rest| rest.split('`').next());
        match field {
            Some(f) => Problem::field(
                StatusCode::BAD_REQUEST,
                format!("/{f}"),
                "error-unknown-field",
            ),
            None => Problem::field(StatusCode::BAD_REQUEST, "", "error-json-type"),
        }
    })
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    engine: &'static str,
}

/// Liveness: answers 200 while the server runs.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
async fn healthz(state: State) -> Json<Health> {
    Json(Health {
        status: "ok",
        engine: state.app.store().engine(),
    })
}

async fn openapi_json() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(crate::openapi::document()),
    )
        .into_response()
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
async fn create_session(
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
async fn delete_session(
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
async fn me(state: State, ApiActor(a): ApiActor) -> ApiResult<Json<Me>> {
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

/// Registers a household and opens its case (state `registered`).
#[utoipa::path(post, path = "/api/v1/households", request_body = RegisterHousehold, responses(
    (status = 201, body = CaseDetail),
    (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument),
    (status = 422, body = ProblemDocument, content_type = "application/problem+json"),
))]
async fn register_household(
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
async fn list_cases(
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
async fn get_case(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseDetail>> {
    Ok(Json(state.app.case_detail(&actor, &id).await?))
}

/// The journal entries about a case, its household and its members.
#[utoipa::path(get, path = "/api/v1/cases/{id}/history", responses((status = 200, body = Vec<HistoryItem>), (status = 404, body = ProblemDocument)))]
async fn case_history(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<HistoryItem>>> {
    Ok(Json(state.app.case_history(&actor, &id).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AreasQuery {
    /// P-code of the parent; omit for countries.
    parent: Option<String>,
}

/// Areas directly under a parent.
#[utoipa::path(get, path = "/api/v1/areas", params(AreasQuery), responses((status = 200, body = Vec<AreaView>)))]
async fn list_areas(
    state: State,
    ApiActor(actor): ApiActor,
    q: Result<Query<AreasQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<AreaView>>> {
    let q = query(q)?;
    Ok(Json(state.app.areas(&actor, q.parent.as_deref()).await?))
}

/// One area.
#[utoipa::path(get, path = "/api/v1/areas/{pcode}", responses((status = 200, body = AreaView), (status = 404, body = ProblemDocument)))]
async fn get_area(
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
async fn import_areas(
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
async fn import_boundaries(
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// data_subject_request, retention or legal_order.
    reason: String,
}

/// Erases a person: their data key is destroyed and their personal fields can never be read again.
#[utoipa::path(post, path = "/api/v1/persons/{id}/erasure", request_body = ErasureRequest, responses((status = 204), (status = 403, body = ProblemDocument), (status = 404, body = ProblemDocument)))]
async fn erase_person(
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
async fn person_access_log(
    state: State,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AccessItem>>> {
    Ok(Json(state.app.person_access_history(&actor, &id).await?))
}

/// Deactivates a user of the administrator's organisation: no more sign-ins, sessions end now.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivation", responses(
    (status = 204), (status = 403, body = ProblemDocument),
    (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument),
))]
async fn deactivate_user(
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

/// Opens a case of another organisation in an emergency, with a justification, for a few hours.
/// The grant is a journal event, the DPO of the case's organisation sees it, and every read under
/// it is logged with the purpose `break_glass`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/break-glass", request_body = BreakGlassRequest, responses(
    (status = 201, body = BreakGlassGrant), (status = 403, body = ProblemDocument),
    (status = 404, body = ProblemDocument), (status = 409, body = ProblemDocument),
    (status = 422, body = ProblemDocument),
))]
async fn break_glass(
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
async fn break_glass_grants(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<BreakGlassGrant>>> {
    Ok(Json(state.app.break_glass_grants(&actor).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Verification {
    intact: bool,
    entries: i64,
    head: Option<String>,
    checkpoints: usize,
    /// What is wrong, naming the first bad entry.
    failure: Option<String>,
    first_bad_entry: Option<i64>,
}

/// Verifies the journal: hash chain, signed checkpoints, and that replay rebuilds the projections.
#[utoipa::path(post, path = "/api/v1/journal/verifications", responses((status = 200, body = Verification), (status = 403, body = ProblemDocument)))]
async fn verify_journal(state: State, ApiActor(actor): ApiActor) -> ApiResult<Json<Verification>> {
    let result = state.app.verify_journal(Some(&actor), &|_, _| {}).await?;
    Ok(Json(match result {
        Ok(r) => Verification {
            intact: true,
            entries: r.entries,
            head: Some(r.head),
            checkpoints: r.checkpoints,
            failure: None,
            first_bad_entry: None,
        },
        Err(f) => {
            let seq = f.first_bad_entry();
            Verification {
                intact: false,
                entries: 0,
                head: None,
                checkpoints: 0,
                failure: Some(f.to_string()),
                first_bad_entry: seq,
            }
        }
    }))
}
