//! The JSON API under `/api/v1/`, one module per capability. Each handler is a thin call of one
//! application service; this module only gathers their routes.

pub(crate) mod accounts;
pub(crate) mod cases;
pub(crate) mod conditions;
pub(crate) mod journal;
pub(crate) mod lifecycle;
pub(crate) mod privacy;

use crate::{State, WebState};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn routes() -> Router<Arc<WebState>> {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(accounts::routes())
        .merge(cases::routes())
        .merge(privacy::routes())
        .merge(conditions::routes())
        .merge(lifecycle::routes())
        .merge(journal::routes())
}

/// Routes that take larger bodies than [`crate::BODY_LIMIT`], each under its own limit.
pub fn import_routes() -> Router<Arc<WebState>> {
    conditions::import_routes()
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    engine: &'static str,
}

/// Liveness: answers 200 while the server runs.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub(crate) async fn healthz(state: State) -> Json<Health> {
    Json(Health {
        status: "ok",
        engine: state.app.store().engine(),
    })
}
