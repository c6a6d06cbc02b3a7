//! Extractors of the pages: the reader's language, and the signed-in session with its CSRF token.

use super::layout::{Ctx, NavUser};
use crate::WebState;
use crate::cookies::{self, Kind};
use crate::extract::constant_time_eq;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use homeward_app::policy::{self, Permission};
use homeward_app::{Actor, AppError};
use homeward_i18n::Lang;
use std::convert::Infallible;
use std::sync::Arc;

/// The language of the page: the language cookie, else the browser's `Accept-Language`, else
/// English.
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub Lang);

pub fn lang_of(parts: &Parts) -> Lang {
    let jar = CookieJar::from_headers(&parts.headers);
    // Either name: a choice of language is no secret, and this extractor runs without the
    // node's settings (a node with `--insecure-cookies` sets the plain name).
    jar.get(Kind::Lang.host_name())
        .or_else(|| jar.get(Kind::Lang.base()))
        .and_then(|c| Lang::parse(c.value()))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::En)
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(PageLang(lang_of(parts)))
    }
}

/// A signed-in reader of a page. Without a valid session the request is sent to sign in.
pub struct PageSession {
    pub actor: Actor,
    /// The session's CSRF token, carried by every form as the hidden field `csrf`.
    pub csrf: String,
    pub lang: Lang,
    /// The session token itself (for signing out).
    pub token: String,
    /// Whether the node runs with second factors optional (shown in a banner).
    pub factor_optional: bool,
}

impl PageSession {
    /// What the page layout needs to know about the reader.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            lang: self.lang,
            user: Some(NavUser {
                display_name: self.actor.display_name.clone(),
                csrf: self.csrf.clone(),
                can_read_cases: policy::may(&self.actor, Permission::ReadCases),
                can_register: policy::may(&self.actor, Permission::RegisterCases),
                can_read_access_log: policy::may(&self.actor, Permission::ReadAccessLog),
                can_manage_users: policy::may(&self.actor, Permission::ManageUsers),
                has_work: [
                    Permission::RecordSafeguards,
                    Permission::ReviewSafeguards,
                    Permission::ApproveReturns,
                ]
                .into_iter()
                .any(|p| policy::may(&self.actor, p)),
            }),
            factor_optional: self.factor_optional,
        }
    }

    /// Whether a submitted form carries this session's CSRF token.
    pub fn csrf_matches(&self, sent: Option<&str>) -> bool {
        sent.is_some_and(|s| constant_time_eq(s, &self.csrf))
    }
}

async fn session_of(parts: &Parts, state: &Arc<WebState>) -> Result<PageSession, AppError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let token = cookies::read(&jar, state, Kind::Session).ok_or(AppError::Unauthenticated)?;
    let (actor, csrf) = state.app.actor_for_session(&token).await?;
    Ok(PageSession {
        actor,
        csrf,
        lang: lang_of(parts),
        token,
        factor_optional: state.app.settings().second_factor
            == homeward_app::SecondFactorPolicy::Optional,
    })
}

impl FromRequestParts<Arc<WebState>> for PageSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<WebState>,
    ) -> Result<Self, Response> {
        match session_of(parts, state).await {
            Ok(s) => Ok(s),
            Err(AppError::Unauthenticated) => Err(Redirect::to("/sign-in").into_response()),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                let ctx = Ctx::public(lang_of(parts));
                Err(super::layout::error_page(
                    &ctx,
                    parts.uri.path(),
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "problem-internal",
                ))
            }
        }
    }
}

impl OptionalFromRequestParts<Arc<WebState>> for PageSession {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<WebState>,
    ) -> Result<Option<Self>, Infallible> {
        Ok(session_of(parts, state).await.ok())
    }
}
