//! A user's own account: sessions, API tokens, password and second-factor status.

use crate::accounts::sign_in::API_TOKEN_PREFIX;
use crate::clock::timestamp;
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::error::Errors;
use homeward_domain::text;
use homeward_store::accounts::ApiTokenRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the user's live sessions. The token itself is never shown again.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    /// When the session was last used (to the minute).
    pub last_seen_at: String,
    pub second_factor: bool,
    /// The session this request came with.
    pub current: bool,
}

/// A request for an API token.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for (shown in the list).
    pub name: String,
    /// Permissions (snake_case, e.g. `read_cases`), each once; each must be one the user holds.
    #[schema(min_items = 1, max_items = 24)]
    pub scopes: Vec<String>,
    /// 1 to 90.
    pub expires_in_days: i64,
}

/// An API token as listed (without the token).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
}

/// A new API token: the only time the token is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    #[serde(flatten)]
    pub view: TokenView,
}

/// Longest lifetime of an API token.
pub const MAX_TOKEN_DAYS: i64 = 90;

fn view(row: ApiTokenRow) -> TokenView {
    TokenView {
        id: row.id,
        name: row.name,
        scopes: row.scopes,
        created_at: row.created_at,
        expires_at: row.expires_at,
    }
}

impl App {
    /// The actor's live sessions, newest first.
    pub async fn my_sessions(&self, actor: &Actor) -> Result<Vec<SessionView>> {
        policy::require_own_account(actor)?;
        let now = crate::clock::now_unix();
        let rows = self
            .store
            .sessions_of(
                &actor.user_id,
                &timestamp(time::OffsetDateTime::now_utc()),
                now - self.settings.idle_minutes * 60,
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|s| SessionView {
                current: actor.session_id() == Some(s.id.as_str()),
                last_seen_at: time::OffsetDateTime::from_unix_timestamp(s.last_seen)
                    .map(timestamp)
                    .unwrap_or_default(),
                id: s.id,
                created_at: s.created_at,
                expires_at: s.expires_at,
                second_factor: s.second_factor,
            })
            .collect())
    }

    /// Ends every session of the actor, this one included ("sign out everywhere").
    pub async fn end_my_sessions(&self, actor: &Actor) -> Result<()> {
        policy::require_own_account(actor)?;
        self.store.delete_sessions_of(&actor.user_id).await?;
        Ok(())
    }

    /// Makes an API token limited to `scopes`, which must all be permissions the user holds.
    /// Only a session that passed a second factor may make one.
    pub async fn create_token(&self, actor: &Actor, req: NewToken) -> Result<CreatedToken> {
        policy::require_own_account(actor)?;
        if !App::passed_second_factor(actor) {
            return Err(AppError::Forbidden);
        }
        let mut errors = Errors::default();
        let name = errors.check(text::name("/name", &req.name));
        let mut scopes: Vec<Permission> = Vec::new();
        let listed: &[String] = if errors.within("/scopes", req.scopes.len(), Permission::ALL.len())
        {
            &req.scopes
        } else {
            &[]
        };
        for (i, s) in listed.iter().enumerate() {
            match Permission::parse(s) {
                None => errors.push(format!("/scopes/{i}"), "error-unknown-value"),
                Some(p) if !policy::roles_allow(&actor.roles, p) => {
                    errors.push(format!("/scopes/{i}"), "error-scope-not-held")
                }
                Some(p) if scopes.contains(&p) => {
                    errors.push(format!("/scopes/{i}"), "error-duplicate")
                }
                Some(p) => scopes.push(p),
            }
        }
        if req.scopes.is_empty() {
            errors.push("/scopes", "error-required");
        }
        if !(1..=MAX_TOKEN_DAYS).contains(&req.expires_in_days) {
            errors.push("/expires_in_days", "error-token-days");
        }
        errors.into_result()?;
        let Some(name) = name else {
            return Err(AppError::Conflict("validation"));
        };
        let token = format!("{API_TOKEN_PREFIX}{}", homeward_crypto::new_token());
        let now = time::OffsetDateTime::now_utc();
        let row = ApiTokenRow {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: actor.user_id.clone(),
            name,
            scopes: scopes.iter().map(|p| p.name().to_owned()).collect(),
            created_at: timestamp(now),
            expires_at: timestamp(now + time::Duration::days(req.expires_in_days)),
        };
        self.store
            .insert_api_token(&row, &homeward_crypto::token_digest(&token))
            .await?;
        Ok(CreatedToken {
            token,
            view: view(row),
        })
    }

    pub async fn my_tokens(&self, actor: &Actor) -> Result<Vec<TokenView>> {
        policy::require_own_account(actor)?;
        Ok(self
            .store
            .api_tokens_of(&actor.user_id)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// Revokes one of the actor's tokens; another user's token id answers "not found".
    pub async fn revoke_token(&self, actor: &Actor, id: &str) -> Result<()> {
        policy::require_own_account(actor)?;
        if self.store.delete_api_token(&actor.user_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Changes the actor's own password. The current one must be given (a wrong one counts as a
    /// failed sign-in); the change is journaled, every other session of the user ends and no
    /// device stays known (each is known again at its next sign-in).
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        policy::require_own_account(actor)?;
        let user = self
            .store
            .user(&actor.user_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let mut errors = Errors::default();
        let current_ok = user
            .password_hash
            .as_deref()
            .is_some_and(|h| homeward_crypto::verify_password(h, current));
        if !current_ok {
            crate::accounts::throttle::Throttle::new(&self.store, &actor.email, None)
                .record(crate::accounts::throttle::Failure::Evaluated)
                .await?;
            errors.push("/current_password", "error-password-wrong");
        }
        let hash = errors.check(self.check_password(new).map_err(|e| {
            match e {
                AppError::Invalid(i) => homeward_domain::Invalid(
                    i.0.into_iter()
                        .map(|f| homeward_domain::FieldError::new("/new_password", f.code))
                        .collect(),
                ),
                _ => homeward_domain::Invalid::one("/new_password", "error-password-too-short"),
            }
        }));
        errors.into_result()?;
        let Some(hash) = hash else {
            return Err(AppError::Conflict("validation"));
        };
        let id = uuid::Uuid::parse_str(&actor.user_id).map_err(|_| AppError::NotFound)?;
        let author = crate::author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(
                        &author,
                        &homeward_domain::events::Event::UserPasswordSet(
                            homeward_domain::events::UserRef { user_id: id },
                        ),
                    )
                    .await?;
                    w.put_password_hash(&id.to_string(), &hash).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        match actor.session_id() {
            Some(keep) => {
                self.store
                    .delete_other_sessions_of(&actor.user_id, keep)
                    .await?
            }
            None => self.store.delete_sessions_of(&actor.user_id).await?,
        }
        self.store.delete_known_devices_of(&actor.user_id).await?;
        Ok(())
    }

    /// Whether the actor has a confirmed second factor, and whether they must.
    pub async fn my_second_factor(&self, actor: &Actor) -> Result<(bool, bool)> {
        let enrolled = self
            .store
            .second_factor(&actor.user_id)
            .await?
            .is_some_and(|f| f.confirmed);
        Ok((enrolled, self.second_factor_required(&actor.roles)))
    }
}
