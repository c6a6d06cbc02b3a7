//! Second factor: TOTP enrolment, checking codes (once each), recovery codes, and the
//! administrator's reset. The secret is sealed under the master key in `second_factors`, outside
//! the journal; the journal records only that a user enrolled or was reset.

use crate::accounts::organisations::Admin;
use crate::clock::now_unix;
use crate::policy::actor::Credential;
use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_crypto::{
    new_totp_secret, token_digest, totp_matching_step, totp_secret_base32, totp_step, totp_uri,
};
use homeward_domain::events::{Event, UserRef};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What the master key's seal of a TOTP secret is bound to.
const SEAL_PURPOSE: &str = "totp";
/// How many recovery codes a user gets when they enrol.
pub const RECOVERY_CODES: usize = 10;

/// The start of an enrolment: shown once, to be entered into an authenticator app.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrolment {
    /// The secret in base32, for typing in by hand.
    pub secret: String,
    /// The `otpauth://` URI, usually shown as a QR code.
    pub otpauth_uri: String,
}

/// The end of an enrolment: one-time recovery codes, shown once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    /// The session that replaces the one that enrolled (ASVS V7.2.4: a new token once the second
    /// factor is passed; the old one has ended). Use this bearer token from now on; a page
    /// receives it as its session cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip)]
    pub csrf: Option<String>,
}

/// A recovery code: 128 random bits as 26 base32 characters in groups of four. At 128 bits a
/// fast digest is enough to store it (ASVS 5.0 V6.5.2, V11.5.1); a guess is hopeless either way.
fn new_recovery_code() -> String {
    let raw = totp_secret_base32(&homeward_crypto::random_bytes::<16>()).to_lowercase();
    raw.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The stored digest of a recovery code: bound to the user, blind to case, spaces and dashes.
fn recovery_digest(user_id: &str, code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token_digest(&format!("recovery|{user_id}|{normal}"))
}

impl App {
    /// Whether `code` is a valid, unused second-factor code of the user: a TOTP code of the
    /// current step or one either side, newer than the last one accepted, or an unused recovery
    /// code. A valid code is used up by this check.
    pub(crate) async fn check_second_factor(&self, user_id: &str, code: &str) -> Result<bool> {
        let code = code.trim();
        if code.is_empty() || code.len() > 64 {
            return Ok(false);
        }
        let Some(factor) = self
            .store
            .second_factor(user_id)
            .await?
            .filter(|f| f.confirmed)
        else {
            return Ok(false);
        };
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            let secret = self
                .master
                .open_secret(SEAL_PURPOSE, user_id, &factor.sealed_secret)
                .map_err(|_| AppError::Conflict("second-factor-unreadable"))?;
            let Some(step) = totp_matching_step(&secret, code, totp_step(now_unix())) else {
                return Ok(false);
            };
            // Atomic: a step is accepted once, and never one older than the last accepted.
            return Ok(self.store.use_totp_step(user_id, step).await?);
        }
        Ok(self
            .store
            .use_recovery_code(user_id, &recovery_digest(user_id, code))
            .await?)
    }

    /// Starts enrolment: a new secret, stored sealed and unconfirmed until a code from it is
    /// confirmed. Only a session may enrol (not an API token), and only once.
    pub async fn start_second_factor(&self, actor: &Actor) -> Result<Enrolment> {
        policy::require_enrolling(actor)?;
        let secret = new_totp_secret();
        let sealed = self
            .master
            .seal_secret(SEAL_PURPOSE, &actor.user_id, &secret);
        let now = crate::clock::timestamp(time::OffsetDateTime::now_utc());
        if !self
            .store
            .put_pending_second_factor(&actor.user_id, &sealed, &now)
            .await?
        {
            return Err(AppError::Conflict("second-factor-enrolled"));
        }
        Ok(Enrolment {
            secret: totp_secret_base32(&secret),
            otpauth_uri: totp_uri("Homeward", &actor.email, &secret),
        })
    }

    /// The enrolment the actor started and has not confirmed yet, shown again (so a page can be
    /// reloaded, or a wrong code retyped, without making a new secret).
    pub async fn pending_second_factor(&self, actor: &Actor) -> Result<Option<Enrolment>> {
        policy::require_enrolling(actor)?;
        let Some(factor) = self
            .store
            .second_factor(&actor.user_id)
            .await?
            .filter(|f| !f.confirmed)
        else {
            return Ok(None);
        };
        let secret = self
            .master
            .open_secret(SEAL_PURPOSE, &actor.user_id, &factor.sealed_secret)
            .map_err(|_| AppError::Conflict("second-factor-unreadable"))?;
        Ok(Some(Enrolment {
            secret: totp_secret_base32(&secret),
            otpauth_uri: totp_uri("Homeward", &actor.email, &secret),
        }))
    }

    /// Confirms enrolment with a code from the app. The session that confirmed counts as having
    /// passed the second factor; the user's other sessions end. Returns recovery codes, once.
    pub async fn confirm_second_factor(&self, actor: &Actor, code: &str) -> Result<Enrolled> {
        policy::require_enrolling(actor)?;
        let Some(factor) = self.store.second_factor(&actor.user_id).await? else {
            return Err(AppError::Conflict("second-factor-not-started"));
        };
        if factor.confirmed {
            return Err(AppError::Conflict("second-factor-enrolled"));
        }
        let secret = self
            .master
            .open_secret(SEAL_PURPOSE, &actor.user_id, &factor.sealed_secret)
            .map_err(|_| AppError::Conflict("second-factor-unreadable"))?;
        let Some(step) = totp_matching_step(&secret, code, totp_step(now_unix())) else {
            return Err(homeward_domain::Invalid::one("/code", "error-second-factor-code").into());
        };
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        let digests: Vec<String> = codes
            .iter()
            .map(|c| recovery_digest(&actor.user_id, c))
            .collect();
        let id = Uuid::parse_str(&actor.user_id).map_err(|_| AppError::NotFound)?;
        let author = crate::author_of(Some(actor));
        let user_id = actor.user_id.clone();
        let confirmed = self
            .store
            .write(move |w| {
                Box::pin(async move {
                    if !w.confirm_second_factor(&user_id, step, &digests).await? {
                        return Ok::<_, AppError>(false);
                    }
                    w.append(
                        &author,
                        &Event::UserSecondFactorEnrolled(UserRef { user_id: id }),
                    )
                    .await?;
                    Ok(true)
                })
            })
            .await?;
        if !confirmed {
            return Err(AppError::Conflict("second-factor-enrolled"));
        }
        // The session that enrolled is replaced by a new one that has passed the second factor;
        // every other session of the user ends with it.
        let session = match actor.session_id() {
            Some(_) => {
                let user = self
                    .store
                    .user(&actor.user_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let (new, id) = self.open_session_with_id(&user, true).await?;
                self.store
                    .delete_other_sessions_of(&actor.user_id, &id)
                    .await?;
                Some(new)
            }
            None => None,
        };
        Ok(Enrolled {
            recovery_codes: codes,
            token: session.as_ref().map(|s| s.token.clone()),
            csrf: session.map(|s| s.csrf),
        })
    }

    /// Removes a user's second factor (a lost phone): journaled; their sessions and API tokens
    /// end, and they enrol again at their next sign-in. An administrator cannot reset their own.
    pub async fn reset_second_factor(&self, who: Admin<'_>, user_id: &str) -> Result<()> {
        who.require(Permission::ManageUsers)?;
        let user = self.store.user(user_id).await?.ok_or(AppError::NotFound)?;
        if let Admin::User(a) = &who {
            policy::within_organisation(a, &user.organisation_id)?;
            if a.user_id == user.id {
                return Err(AppError::Conflict("cannot-reset-self"));
            }
        }
        if self.store.second_factor(&user.id).await?.is_none() {
            return Err(AppError::Conflict("no-second-factor"));
        }
        let id = Uuid::parse_str(&user.id).map_err(|_| AppError::NotFound)?;
        let author = who.author();
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(
                        &author,
                        &Event::UserSecondFactorReset(UserRef { user_id: id }),
                    )
                    .await?;
                    w.remove_second_factor(&id.to_string()).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        Ok(())
    }

    /// Whether the actor's session passed a second factor (for strong actions such as making
    /// API tokens).
    pub(crate) fn passed_second_factor(actor: &Actor) -> bool {
        matches!(
            actor.credential,
            Credential::Session {
                second_factor: true,
                ..
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_compare_without_case_or_dashes() {
        let code = new_recovery_code();
        // 26 characters and 6 dashes.
        assert_eq!(code.len(), 32, "{code}");
        assert_eq!(
            recovery_digest("u", &code),
            recovery_digest("u", &code.to_uppercase().replace('-', " "))
        );
        assert_ne!(recovery_digest("u", &code), recovery_digest("v", &code));
    }
}
