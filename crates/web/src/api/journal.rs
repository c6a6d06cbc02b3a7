//! The journal's API: verification for auditors, and what witnesses read — signed heads,
//! consistency and inclusion proofs, leaves and key hand-overs — without signing in (they carry
//! sizes, hashes and keys, never personal data).

use crate::State;
use crate::extract::{ApiActor, query};
use crate::problem::{Problem, ProblemDocument};
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::routing::{get, post};
use axum::{Json, Router};
use homeward_app::journal::verify::Against;
use homeward_app::journal::witness::{
    ConsistencyView, HeadView, InclusionView, KeyRotationView, LeavesView,
};
use homeward_domain::journal::heads::JOURNAL;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tower::limit::GlobalConcurrencyLimitLayer;
use utoipa::{IntoParams, ToSchema};

/// Witnesses need no account, so their reads share a bound: at most this many at once.
const WITNESS_CONCURRENCY: usize = 8;

pub fn routes() -> Router<Arc<crate::WebState>> {
    let witnesses = Router::new()
        .route("/api/v1/journal/head", get(head))
        .route("/api/v1/journal/proof/consistency", get(consistency))
        .route("/api/v1/journal/proof/inclusion", get(inclusion))
        .route("/api/v1/journal/leaves", get(leaves))
        .route("/api/v1/journal/keys", get(keys))
        .layer(GlobalConcurrencyLimitLayer::new(WITNESS_CONCURRENCY));
    Router::new()
        .route("/api/v1/journal/verifications", post(verify_journal))
        .merge(witnesses)
}

type ApiResult<T> = Result<T, Problem>;

fn journal() -> String {
    JOURNAL.to_owned()
}

#[derive(Serialize, ToSchema)]
pub struct Verification {
    intact: bool,
    entries: i64,
    /// The journal chain's last hash.
    head: Option<String>,
    /// The journal tree's root.
    root: Option<String>,
    /// Signed tree heads checked.
    heads: usize,
    /// What is wrong, naming the first bad entry.
    failure: Option<String>,
    first_bad_entry: Option<i64>,
}

/// Verifies the journal: hash chains, Merkle trees and signed heads, and that replay rebuilds the
/// projections (the node's own data; witnesses verify with `homeward audit verify --witness`).
#[utoipa::path(post, path = "/api/v1/journal/verifications", responses((status = 200, body = Verification), (status = 401, body = ProblemDocument), (status = 403, body = ProblemDocument)))]
pub(crate) async fn verify_journal(
    state: State,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Verification>> {
    let against = Against {
        head_interval: state.app.settings().heads.every,
        ..Against::default()
    };
    let result = state
        .app
        .verify_journal(Some(&actor), &against, &|_, _| {})
        .await?;
    Ok(Json(match result {
        Ok(r) => Verification {
            intact: true,
            entries: r.entries,
            head: Some(r.head),
            root: Some(r.root),
            heads: r.heads,
            failure: None,
            first_bad_entry: None,
        },
        Err(f) => Verification {
            intact: false,
            entries: 0,
            head: None,
            root: None,
            heads: 0,
            first_bad_entry: f.first_bad_entry(),
            failure: Some(f.to_string()),
        },
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TreeQuery {
    /// `journal` (the default) or `access_log`.
    #[serde(default = "journal")]
    pub tree: String,
}

/// The latest signed head of a tree.
#[utoipa::path(get, path = "/api/v1/journal/head", params(TreeQuery), responses((status = 200, body = HeadView), (status = 400, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn head(
    state: State,
    q: Result<Query<TreeQuery>, QueryRejection>,
) -> ApiResult<Json<HeadView>> {
    let q = query(q)?;
    Ok(Json(state.app.journal_head(&q.tree).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyQuery {
    #[serde(default = "journal")]
    pub tree: String,
    /// The size the witness saw.
    pub from: i64,
    /// A signed size; the latest head's by default.
    pub to: Option<i64>,
}

/// The proof that the log of `from` entries is a prefix of the signed log of `to` entries.
#[utoipa::path(get, path = "/api/v1/journal/proof/consistency", params(ConsistencyQuery), responses((status = 200, body = ConsistencyView), (status = 400, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn consistency(
    state: State,
    q: Result<Query<ConsistencyQuery>, QueryRejection>,
) -> ApiResult<Json<ConsistencyView>> {
    let q = query(q)?;
    Ok(Json(
        state.app.journal_consistency(&q.tree, q.from, q.to).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InclusionQuery {
    #[serde(default = "journal")]
    pub tree: String,
    /// The entry's sequence number.
    pub seq: i64,
    /// A signed size; the latest head's by default.
    pub size: Option<i64>,
}

/// An entry's leaf and the proof that it is in the signed log of `size` entries.
#[utoipa::path(get, path = "/api/v1/journal/proof/inclusion", params(InclusionQuery), responses((status = 200, body = InclusionView), (status = 400, body = ProblemDocument), (status = 404, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn inclusion(
    state: State,
    q: Result<Query<InclusionQuery>, QueryRejection>,
) -> ApiResult<Json<InclusionView>> {
    let q = query(q)?;
    Ok(Json(
        state.app.journal_inclusion(&q.tree, q.seq, q.size).await?,
    ))
}

fn page() -> i64 {
    homeward_app::journal::witness::MAX_LEAVES
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LeavesQuery {
    #[serde(default = "journal")]
    pub tree: String,
    /// The index of the first leaf (0 for entry 1).
    #[serde(default)]
    pub from: i64,
    /// At most 10,000.
    #[serde(default = "page")]
    pub limit: i64,
}

/// Leaf hashes in order, for witnesses that keep them and can then name a rewritten entry.
#[utoipa::path(get, path = "/api/v1/journal/leaves", params(LeavesQuery), responses((status = 200, body = LeavesView), (status = 400, body = ProblemDocument), (status = 422, body = ProblemDocument)))]
pub(crate) async fn leaves(
    state: State,
    q: Result<Query<LeavesQuery>, QueryRejection>,
) -> ApiResult<Json<LeavesView>> {
    let q = query(q)?;
    Ok(Json(
        state.app.journal_leaves(&q.tree, q.from, q.limit).await?,
    ))
}

/// Every hand-over of the node's signing key, each endorsed by the key it replaced.
#[utoipa::path(get, path = "/api/v1/journal/keys", responses((status = 200, body = Vec<KeyRotationView>)))]
pub(crate) async fn keys(state: State) -> ApiResult<Json<Vec<KeyRotationView>>> {
    Ok(Json(state.app.key_rotations().await?))
}
