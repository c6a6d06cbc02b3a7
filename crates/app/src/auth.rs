//! Sign-in, sessions and the actor every service receives.

use crate::{App, AppError, Result};
use homeward_crypto::{hash_password, new_token, token_digest, verify_password};
use homeward_domain::roles::Role;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The signed-in user on whose behalf a service runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Why this request reads personal data; recorded in the access log with every read.
    pub purpose: &'static str,
}

impl Actor {
    /// The same actor, declaring another purpose (one of [`crate::policy::PURPOSES`]).
    pub fn with_purpose(
        mut self,
        purpose: &str,
    ) -> std::result::Result<Actor, homeward_domain::Invalid> {
        self.purpose = crate::policy::purpose(purpose)
            .ok_or_else(|| homeward_domain::Invalid::one("/purpose", "error-unknown-value"))?;
        Ok(self)
    }
}

/// A new sign-in: the bearer/cookie token (shown once, stored only as a digest) and the
/// session's CSRF token for forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires_at: String,
}

/// Failed sign-ins allowed per account in one window before the account is throttled.
const MAX_FAILURES: u32 = 10;
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed sign-ins per account. In memory and per node: a restart forgets them, which errs
/// towards letting the real user in; the full throttle (per account and per address, with a
/// second factor) belongs to the access-control work.
#[derive(Default)]
pub(crate) struct SignInFailures(Mutex<HashMap<String, (u32, Instant)>>);

impl SignInFailures {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn throttled(&self, email: &str) -> bool {
        self.map()
            .get(email)
            .is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < WINDOW)
    }

    fn record(&self, email: &str) {
        let mut map = self.map();
        let entry = map.entry(email.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    fn clear(&self, email: &str) {
        self.map().remove(email);
    }
}

pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    t.format(&fmt).unwrap_or_default()
}

/// Whether sign-in failed because of the password or because the account is throttled.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInRefused {
    BadCredentials,
    Throttled,
}

impl App {
    /// Checks a password and opens a session. The same answer is given for an unknown email and
    /// a wrong password, and both take an Argon2 verification, so neither reveals which accounts
    /// exist.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> Result<std::result::Result<NewSession, SignInRefused>> {
        let email = email.trim().to_lowercase();
        if self.sign_in_failures.throttled(&email) {
            return Ok(Err(SignInRefused::Throttled));
        }
        let user = self.store.user_by_email(&email).await?;
        let stored = user.as_ref().and_then(|u| u.password_hash.clone());
        let ok = match &stored {
            Some(hash) => verify_password(hash, password),
            None => {
                // Spend the same time as a real check.
                let _ = verify_password(dummy_hash(), password);
                false
            }
        };
        // A deactivated account answers exactly like a wrong password.
        let Some(user) = user.filter(|u| ok && u.active) else {
            self.sign_in_failures.record(&email);
            return Ok(Err(SignInRefused::BadCredentials));
        };
        self.sign_in_failures.clear(&email);
        let session = NewSession {
            token: new_token(),
            csrf: new_token(),
            expires_at: timestamp(
                time::OffsetDateTime::now_utc()
                    + time::Duration::hours(self.settings.session_hours),
            ),
        };
        let now = timestamp(time::OffsetDateTime::now_utc());
        self.store
            .insert_session(
                &token_digest(&session.token),
                &user.id,
                &session.csrf,
                &now,
                &session.expires_at,
            )
            .await?;
        Ok(Ok(session))
    }

    /// The actor behind a session token and the session's CSRF token.
    pub async fn actor_for_token(&self, token: &str) -> Result<(Actor, String)> {
        let now = timestamp(time::OffsetDateTime::now_utc());
        let (user_id, csrf) = self
            .store
            .session(&token_digest(token), &now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = self
            .store
            .user(&user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)?;
        let roles: Vec<Role> = user.roles.iter().filter_map(|r| Role::parse(r)).collect();
        let actor = Actor {
            user_id: user.id,
            organisation_id: user.organisation_id,
            email: user.email,
            display_name: user.display_name,
            roles: roles.clone(),
            purpose: crate::policy::default_purpose(&roles),
        };
        Ok((actor, csrf))
    }

    pub async fn sign_out(&self, token: &str) -> Result<()> {
        self.store.delete_session(&token_digest(token)).await?;
        Ok(())
    }

    /// Checks a new password against the policy.
    pub(crate) fn check_password(&self, password: &str) -> Result<String> {
        if password.chars().count() < self.settings.min_password_chars {
            return Err(
                homeward_domain::Invalid::one("/password", "error-password-too-short").into(),
            );
        }
        if password.len() > 1024 {
            return Err(homeward_domain::Invalid::one("/password", "error-text-too-long").into());
        }
        if is_common_password(password) {
            return Err(homeward_domain::Invalid::one("/password", "error-password-common").into());
        }
        Ok(hash_password(password))
    }
}

/// Passwords refused whatever their length: `config/password-denylist.txt`, compiled in.
const PASSWORD_DENYLIST: &str = include_str!("../../../config/password-denylist.txt");

fn is_common_password(password: &str) -> bool {
    let candidate = password.trim().to_lowercase();
    PASSWORD_DENYLIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l.to_lowercase() == candidate)
}

/// A valid Argon2id hash of a random secret, computed once, used to equalise timing.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_token()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert!(is_common_password("Password1234"));
        assert!(is_common_password("1qaz2wsx3edc"));
        assert!(!is_common_password("a long and unusual passphrase"));
        // The comment lines of the file are not passwords.
        assert!(!is_common_password(
            "# Passwords Homeward refuses whatever their length (compared without regard to case)."
        ));
    }
}
