//! The journal's API: verification for auditors.

use crate::State;
use crate::extract::ApiActor;
use crate::problem::{Problem, ProblemDocument};
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn routes() -> Router<Arc<crate::WebState>> {
    Router::new().route("/api/v1/journal/verifications", post(verify_journal))
}

type ApiResult<T> = Result<T, Problem>;

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
pub(crate) async fn verify_journal(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Verification>> {
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
