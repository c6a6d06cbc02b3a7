//! Request extractors: JSON bodies whose errors name the field, and the signed-in actor.

use crate::WebState;
use crate::problem::Problem;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum_extra::extract::CookieJar;
use homeward_app::{Actor, AppError};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// A JSON body. Wrong content type → 415; too large → 413; anything else wrong → 422 (or 400
/// for broken syntax) with a pointer to the field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "problem-unsupported-type",
            ));
        }
        let limit = req
            .extensions()
            .get::<crate::limits::BodyLimit>()
            .map(|l| l.0);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| match limit {
                Some(limit) => Problem::too_large(limit),
                None => Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "problem-too-large"),
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses JSON into `T`, turning serde's complaint into a field pointer and a message id.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    if value.is_ok() && de.end().is_err() {
        // Trailing content after the JSON value.
        return Err(Problem::field(
            StatusCode::BAD_REQUEST,
            "",
            "error-json-syntax",
        ));
    }
    value.map_err(|err| {
        let path = pointer(err.path());
        let inner = err.inner();
        if inner.is_syntax() || inner.is_eof() {
            return Problem::field(StatusCode::BAD_REQUEST, "", "error-json-syntax");
        }
        let message = inner.to_string();
        // serde names the field in backquotes: "unknown field `x`, expected …".
        let named = |prefix: &str| {
            message
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('`').next())
                .map(|f| {
                    // For unknown and duplicate fields the path already ends at the field.
                    let leaf = format!("/{f}");
                    if path.ends_with(&leaf) {
                        path.clone()
                    } else {
                        format!("{path}{leaf}")
                    }
                })
        };
        if let Some(p) = named("unknown field `") {
            Problem::field(StatusCode::UNPROCESSABLE_ENTITY, p, "error-unknown-field")
        } else if let Some(p) = named("missing field `") {
            Problem::field(StatusCode::UNPROCESSABLE_ENTITY, p, "error-missing-field")
        } else if let Some(p) = named("duplicate field `") {
            Problem::field(StatusCode::UNPROCESSABLE_ENTITY, p, "error-duplicate-field")
        } else {
            Problem::field(StatusCode::UNPROCESSABLE_ENTITY, path, "error-json-type")
        }
    })
}

/// A JSON pointer from serde's path (`members[0].given_name` → `/members/0/given_name`).
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { variant } => Some(format!("/{variant}")),
            Segment::Unknown => None,
        })
        .collect()
}

/// The signed-in actor of an API request: a bearer token, or the web session cookie (then, for
/// any method that changes something, the session's CSRF token in `X-CSRF-Token`). A request may
/// declare why it reads personal data in `X-Homeward-Purpose`; the access log records it.
pub struct ApiActor(pub Actor);

/// The header in which an API client declares its purpose.
pub const PURPOSE_HEADER: &str = "x-homeward-purpose";

impl FromRequestParts<Arc<WebState>> for ApiActor {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<WebState>) -> Result<Self, Problem> {
        let ApiActor(actor) = signed_in(parts, state).await?;
        match parts.headers.get(PURPOSE_HEADER) {
            None => Ok(ApiActor(actor)),
            Some(value) => {
                let declared = value.to_str().unwrap_or_default();
                actor.with_purpose(declared).map(ApiActor).map_err(|_| {
                    Problem::field(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "/purpose",
                        "error-unknown-value",
                    )
                })
            }
        }
    }
}

async fn signed_in(parts: &mut Parts, state: &Arc<WebState>) -> Result<ApiActor, Problem> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_owned);
    if let Some(token) = bearer {
        let actor = state
            .app
            .actor_for_bearer(&token)
            .await
            .map_err(Problem::from)?;
        return Ok(ApiActor(actor));
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(cookie) = crate::cookies::read(&jar, state, crate::cookies::Kind::Session) else {
        return Err(AppError::Unauthenticated.into());
    };
    let (actor, csrf) = state
        .app
        .actor_for_session(&cookie)
        .await
        .map_err(Problem::from)?;
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok());
    if !safe && !sent.is_some_and(|s| constant_time_eq(s, &csrf)) {
        return Err(Problem::new(StatusCode::FORBIDDEN, "problem-csrf"));
    }
    Ok(ApiActor(actor))
}

/// The client's address: the TCP peer, or — when the peer is a trusted proxy — the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy. `None` when the server was
/// not started with connection information (unit tests of the router).
pub struct ClientAddress(pub Option<String>);

impl FromRequestParts<Arc<WebState>> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<WebState>,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(ClientAddress(client_address(parts, &state.trusted_proxies)))
    }
}

fn client_address(parts: &Parts, trusted: &[std::net::IpAddr]) -> Option<String> {
    use axum::extract::ConnectInfo;
    let peer = parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()?
        .0
        .ip();
    if !trusted.contains(&peer) {
        return Some(peer.to_string());
    }
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let client = forwarded
        .iter()
        .rev()
        .filter_map(|a| a.parse::<std::net::IpAddr>().ok())
        .find(|a| !trusted.contains(a));
    Some(client.unwrap_or(peer).to_string())
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A query string as `T`, or a problem naming the unknown field.
pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Problem> {
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
