//! HTTP transport: the JSON API under `/api/v1/`, its OpenAPI document, and the server-rendered
//! pages. This crate decides nothing about the domain or about access: it turns requests into
//! calls of `homeward-app` services and their answers into responses.

mod api;
mod cookies;
mod extract;
mod findings;
mod headers;
mod limits;
mod openapi;
mod pages;
mod problem;
mod request_log;

use axum::Router;
use homeward_app::App;
use homeward_i18n::Translator;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

pub use openapi::document as openapi_document;

/// The translations, built once. The files are compiled in and checked by tests, so building
/// them cannot fail at run time.
#[allow(clippy::expect_used)]
pub(crate) static I18N: LazyLock<Translator> =
    LazyLock::new(|| Translator::new().expect("the compiled-in translation files parse"));

/// Shared state of every handler.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    /// Served behind TLS: browsers are told to stay on HTTPS (HSTS).
    pub behind_tls: bool,
    /// Cookies without `Secure` and the `__Host-` prefix, for plain HTTP between machines (a LAN
    /// without TLS, where browsers would refuse Secure cookies). Off unless the operator asks
    /// (`--insecure-cookies`), and then logged as a warning at start.
    pub insecure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (for the per-address sign-in
    /// throttle). From any other peer the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The largest request body a route accepts, unless it takes files and has its own limit
/// (`limits::limited`); a longer one is refused before it is read.
pub const BODY_LIMIT: usize = 256 * 1024;
/// The largest area import (CSV) accepted in one request.
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;
/// The largest boundary import (GeoJSON) accepted in one request.
pub const BOUNDARIES_LIMIT: usize = 64 * 1024 * 1024;

pub fn router(state: WebState) -> Router {
    LazyLock::force(&I18N);
    // Behind TLS, browsers are told to stay on HTTPS.
    let hsts = state.behind_tls.then(|| {
        tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        )
    });
    let state = Arc::new(state);
    let routes = Router::new()
        .merge(api::routes())
        .merge(openapi::routes())
        .merge(pages::routes());
    limits::limited(routes, BODY_LIMIT)
        .merge(api::import_routes())
        .fallback(pages::fallback)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(axum::middleware::from_fn(request_log::log_request))
        .layer(tower::util::option_layer(hsts))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

type State = axum::extract::State<Arc<WebState>>;
