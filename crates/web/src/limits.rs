//! Request body limits, enforced before a body is read (bad-input class 2: limits apply before
//! allocation). A body announced longer than the route's limit is refused at once — 413, a
//! problem document naming the limit — instead of being waited for; a body without a length
//! (chunked) is cut off at the limit as it arrives, and the route answers 413 then too.
//!
//! Every route takes [`crate::BODY_LIMIT`] unless it is grouped under a larger limit of its own
//! ([`limited`]): the area and boundary imports.

use crate::problem::Problem;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The limit in force for a request, for extractors that report it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimit(pub(crate) usize);

/// The routes of `router`, each taking bodies of at most `limit` bytes.
pub(crate) fn limited<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    limit: usize,
) -> Router<S> {
    router
        .layer(axum::middleware::from_fn_with_state(
            limit,
            refuse_oversized,
        ))
        .layer(DefaultBodyLimit::max(limit))
}

async fn refuse_oversized(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return Problem::too_large(limit).into_response();
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(BodyLimit(limit));
    let body = if is_form {
        // The pages read a form they cannot parse as an empty one (and refuse it as forged);
        // reading it here first lets an oversized one be told apart.
        match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => Body::from(bytes),
            Err(e) if is_length_limit(&e) => return Problem::too_large(limit).into_response(),
            Err(_) => {
                return Problem::new(axum::http::StatusCode::BAD_REQUEST, "problem-bad-body")
                    .into_response();
            }
        }
    } else {
        Body::new(http_body_util::Limited::new(body, limit))
    };
    next.run(Request::from_parts(parts, body)).await
}

/// Whether reading a body failed because it passed its limit.
fn is_length_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}
