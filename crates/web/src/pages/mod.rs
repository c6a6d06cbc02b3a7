//! Server-rendered pages.

use crate::WebState;
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<Arc<WebState>> {
    Router::new()
}
