//! Sign-in, sessions and the actor every service receives.
//!
//! A request authenticates with a session (made by signing in) or an API token (made by a
//! signed-in user, limited to scopes). Either way the result is an [`Actor`]; [`crate::policy`]
//! then decides what it may do, including holding a session at second-factor enrolment.

use crate::accounts::throttle::{Failure, Throttle};
use crate::clock::{now_unix, timestamp};
use crate::policy::actor::{Actor, Credential};
use crate::policy::{self, Permission};
use crate::{App, AppError, Result, SecondFactorPolicy};
use homeward_crypto::{hash_password, new_token, token_digest, verify_password};
use homeward_domain::accounts::roles::Role;
use homeward_store::accounts::NewSessionRow;
use homeward_store::accounts::UserRow;
use std::sync::OnceLock;

/// What a sign-in carries.
#[derive(Debug, Clone, Copy)]
pub struct SignIn<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// A code from the authenticator app, or a recovery code.
    pub code: Option<&'a str>,
    /// The client's address as the transport determined it (for the per-address throttle).
    pub client: Option<&'a str>,
    /// The known-device token this client was given at an earlier sign-in
    /// ([`crate::accounts::known_devices`]).
    pub device: Option<&'a str>,
}

/// Where a new session stands with the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactorState {
    /// The sign-in passed a second factor.
    Passed,
    /// The user must enrol one now: the session can do nothing else until they do.
    EnrolmentRequired,
    /// The user has none and their roles (or this node) do not require one.
    NotEnrolled,
}

impl SecondFactorState {
    pub fn as_str(self) -> &'static str {
        match self {
            SecondFactorState::Passed => "passed",
            SecondFactorState::EnrolmentRequired => "enrolment_required",
            SecondFactorState::NotEnrolled => "not_enrolled",
        }
    }
}

/// A new sign-in: the bearer/cookie token (shown once, stored only as a digest), the session's
/// CSRF token for forms, and the client's new known-device token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: String,
    pub second_factor: SecondFactorState,
    /// Made at a sign-in with a password: sent back at the next one, it keeps this client
    /// evaluated while someone else is guessing the password (the one the client sent, if any,
    /// has stopped working).
    pub device_token: Option<String>,
}

/// Why sign-in failed: the credentials (email, password or code), or a throttle. Neither says
/// whether the account exists.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInRefused {
    BadCredentials,
    /// Not evaluated; try again in `retry_after` seconds (or with a second-factor code, or from a
    /// device that signed in before).
    Throttled {
        retry_after: i64,
    },
}

/// Prefix of API tokens, so that leaked tokens are recognisable (and told from session tokens).
pub const API_TOKEN_PREFIX: &str = "hwt_";

/// Sessions are marked as used at most this often (seconds), to spare a write per request.
const TOUCH_EVERY: i64 = 60;

impl App {
    /// Checks a password (and second factor) and opens a session. The same answer is given for
    /// an unknown email, a wrong password and a wrong code, and the first two take an Argon2
    /// verification, so none of them reveals which accounts exist. The throttle
    /// ([`crate::accounts::throttle`], where the policy is written down) decides first whether the
    /// attempt is evaluated at all.
    pub async fn sign_in(
        &self,
        req: SignIn<'_>,
    ) -> Result<std::result::Result<NewSession, SignInRefused>> {
        let now = now_unix();
        let email = req.email.trim().to_lowercase();
        let mut throttle = Throttle::new(&self.store, &email, req.client);
        let user = self.store.user_by_email(&email).await?;
        if let (Some(u), Some(token)) = (&user, req.device)
            && let Some(device) = self.known_device(&u.id, token, now).await?
        {
            throttle.known_device(&device.id, now).await?;
        }
        // Whether a second-factor code already passed (checked first while throttled).
        let mut passed = false;
        // The wait of the budget a valid code got this attempt past.
        let mut throttled: Option<i64> = None;
        if !throttle.is_known_device() {
            let wait = throttle
                .address_wait(now)
                .await?
                .max(throttle.account_wait(now).await?);
            if wait > 0 {
                // The code is checked first; without a valid one the password is not looked at
                // and the attempt is refused, so the guesses stop here while the real user, who
                // holds the second factor, still gets in.
                let Some(code) = req.code else {
                    return Ok(Err(SignInRefused::Throttled { retry_after: wait }));
                };
                let code_wait = throttle.code_wait(now).await?;
                if code_wait > 0 {
                    let retry_after = wait.max(code_wait);
                    return Ok(Err(SignInRefused::Throttled { retry_after }));
                }
                passed = match &user {
                    Some(u) => self.check_second_factor(&u.id, code).await?,
                    None => false,
                };
                if !passed {
                    throttle.record(Failure::CodePastBudget).await?;
                    return Ok(Err(SignInRefused::Throttled { retry_after: wait }));
                }
                throttled = Some(wait);
            }
        }
        // Past a budget, a wrong password answers like the budget itself: the guesser learns
        // nothing from the code they were lucky with.
        let refused = |throttled: Option<i64>| match throttled {
            Some(retry_after) => SignInRefused::Throttled { retry_after },
            None => SignInRefused::BadCredentials,
        };
        let ok = match &user {
            Some(u) => password_ok(u, req.password),
            None => {
                // Spend the same time as a real check.
                let _ = verify_password(dummy_hash(), req.password);
                false
            }
        };
        // A deactivated account answers exactly like a wrong password.
        let Some(user) = user.filter(|u| ok && u.active) else {
            throttle.record(Failure::Evaluated).await?;
            return Ok(Err(refused(throttled)));
        };
        let enrolled = self
            .store
            .second_factor(&user.id)
            .await?
            .is_some_and(|f| f.confirmed);
        if enrolled && !passed {
            passed = match req.code {
                Some(code) => self.check_second_factor(&user.id, code).await?,
                None => false,
            };
            if !passed {
                throttle.record(Failure::Evaluated).await?;
                return Ok(Err(refused(throttled)));
            }
        }
        let mut session = self.open_session(&user, enrolled && passed).await?;
        session.device_token = Some(self.remember_device(&user.id, req.device, now).await?);
        Ok(Ok(session))
    }

    /// Whether the roles of `user` oblige them to have a second factor on this node.
    pub(crate) fn second_factor_required(&self, roles: &[Role]) -> bool {
        self.settings.second_factor == SecondFactorPolicy::Required
            && policy::second_factor_required(roles)
    }

    async fn open_session(&self, user: &UserRow, second_factor: bool) -> Result<NewSession> {
        Ok(self.open_session_with_id(user, second_factor).await?.0)
    }

    /// Opens a session; returns it with its public id.
    pub(crate) async fn open_session_with_id(
        &self,
        user: &UserRow,
        second_factor: bool,
    ) -> Result<(NewSession, String)> {
        let roles = parse_roles(&user.roles);
        let state = if second_factor {
            SecondFactorState::Passed
        } else if self.second_factor_required(&roles) {
            SecondFactorState::EnrolmentRequired
        } else {
            SecondFactorState::NotEnrolled
        };
        let now = time::OffsetDateTime::now_utc();
        let session = NewSession {
            token: new_token(),
            csrf: new_token(),
            expires_at: timestamp(now + time::Duration::hours(self.settings.session_hours)),
            second_factor: state,
            device_token: None,
        };
        let digest = token_digest(&session.token);
        let id = uuid::Uuid::now_v7().to_string();
        let created = timestamp(now);
        self.store
            .insert_session(NewSessionRow {
                token_digest: &digest,
                id: &id,
                user_id: &user.id,
                csrf: &session.csrf,
                created_at: &created,
                expires_at: &session.expires_at,
                last_seen: now.unix_timestamp(),
                second_factor,
            })
            .await?;
        Ok((session, id))
    }

    /// The actor behind a session token and the session's CSRF token. Sessions end at their
    /// expiry and after [`crate::Settings::idle_minutes`] without use.
    pub async fn actor_for_session(&self, token: &str) -> Result<(Actor, String)> {
        let now = now_unix();
        let digest = token_digest(token);
        let session = self
            .store
            .session(
                &digest,
                &timestamp(time::OffsetDateTime::now_utc()),
                now - self.settings.idle_minutes * 60,
            )
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = self.active_user(&session.user_id).await?;
        let roles = parse_roles(&user.roles);
        let must_have_factor = self.second_factor_required(&roles);
        if must_have_factor && !session.second_factor && user.second_factor {
            // A session from before the user enrolled (or from an Optional node): sign in again,
            // with the code.
            return Err(AppError::Unauthenticated);
        }
        if now - session.last_seen >= TOUCH_EVERY {
            self.store.touch_session(&digest, now).await?;
        }
        let actor = Actor {
            enrolment_required: must_have_factor && !session.second_factor,
            scopes: None,
            credential: Credential::Session {
                id: session.id,
                second_factor: session.second_factor,
            },
            ..actor_of(user, roles)
        };
        Ok((actor, session.csrf))
    }

    /// The actor behind a bearer token: an API token (`hwt_…`) or a session token.
    pub async fn actor_for_bearer(&self, token: &str) -> Result<Actor> {
        if token.starts_with(API_TOKEN_PREFIX) {
            return self.actor_for_api_token(token).await;
        }
        Ok(self.actor_for_session(token).await?.0)
    }

    async fn actor_for_api_token(&self, token: &str) -> Result<Actor> {
        let now = timestamp(time::OffsetDateTime::now_utc());
        let row = self
            .store
            .api_token(&token_digest(token), &now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = self.active_user(&row.user_id).await?;
        let roles = parse_roles(&user.roles);
        let scopes = row
            .scopes
            .iter()
            .filter_map(|s| Permission::parse(s))
            .collect();
        Ok(Actor {
            enrolment_required: false,
            scopes: Some(scopes),
            credential: Credential::ApiToken { id: row.id },
            ..actor_of(user, roles)
        })
    }

    async fn active_user(&self, user_id: &str) -> Result<UserRow> {
        self.store
            .user(user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)
    }

    pub async fn sign_out(&self, token: &str) -> Result<()> {
        self.store.delete_session(&token_digest(token)).await?;
        Ok(())
    }
}

fn password_ok(user: &UserRow, password: &str) -> bool {
    match &user.password_hash {
        Some(hash) => verify_password(hash, password),
        None => {
            let _ = verify_password(dummy_hash(), password);
            false
        }
    }
}

pub(crate) fn parse_roles(roles: &[String]) -> Vec<Role> {
    roles.iter().filter_map(|r| Role::parse(r)).collect()
}

/// The actor of a user, before the credential is known.
fn actor_of(user: UserRow, roles: Vec<Role>) -> Actor {
    Actor {
        user_id: user.id,
        organisation_id: user.organisation_id,
        email: user.email,
        display_name: user.display_name,
        purpose: crate::policy::default_purpose(&roles),
        roles,
        scopes: None,
        enrolment_required: false,
        credential: Credential::Session {
            id: String::new(),
            second_factor: false,
        },
    }
}

/// A valid Argon2id hash of a random secret, computed once, used to equalise timing.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_token()))
}
