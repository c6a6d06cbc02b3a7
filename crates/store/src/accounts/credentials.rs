//! Credentials and operational account state: second factors, recovery codes, sign-in failure
//! counts, sessions and API tokens. None of it is in the journal (the journal records the facts
//! that need accounting for); none of it is replayed or exported.

use crate::db::{Arg, Row};
use crate::{Store, StoreError, Write};

/// A stored TOTP secret (sealed under the master key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactorRow {
    pub sealed_secret: String,
    pub confirmed: bool,
    /// The last time step accepted; codes of this step or earlier are refused.
    pub last_step: i64,
}

/// A live session as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub csrf: String,
    pub created_at: String,
    pub expires_at: String,
    /// Unix seconds of the last request.
    pub last_seen: i64,
    /// Whether the sign-in passed a second factor.
    pub second_factor: bool,
}

/// What a new session row holds.
pub struct NewSessionRow<'a> {
    pub token_digest: &'a str,
    pub id: &'a str,
    pub user_id: &'a str,
    pub csrf: &'a str,
    pub created_at: &'a str,
    pub expires_at: &'a str,
    pub last_seen: i64,
    pub second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
}

fn session(r: &Row) -> SessionRow {
    SessionRow {
        id: r[0].text(),
        user_id: r[1].text(),
        csrf: r[2].text(),
        created_at: r[3].text(),
        expires_at: r[4].text(),
        last_seen: r[5].int(),
        second_factor: r[6].int() != 0,
    }
}

fn token(r: &Row) -> ApiTokenRow {
    ApiTokenRow {
        id: r[0].text(),
        user_id: r[1].text(),
        name: r[2].text(),
        scopes: r[3]
            .text()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: r[4].text(),
        expires_at: r[5].text(),
    }
}

impl Store {
    // --- second factors -------------------------------------------------------------------

    pub async fn second_factor(
        &self,
        user_id: &str,
    ) -> Result<Option<SecondFactorRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT sealed_secret, confirmed, last_step FROM second_factors WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(row.map(|r| SecondFactorRow {
            sealed_secret: r[0].text(),
            confirmed: r[1].int() != 0,
            last_step: r[2].int(),
        }))
    }

    /// Stores a new, unconfirmed secret, replacing an earlier unconfirmed one. A confirmed
    /// secret is never replaced here (only a reset removes it); returns false then.
    pub async fn put_pending_second_factor(
        &self,
        user_id: &str,
        sealed_secret: &str,
        created_at: &str,
    ) -> Result<bool, StoreError> {
        self.pool()
            .execute(
                "DELETE FROM second_factors WHERE user_id = $1 AND confirmed = 0",
                &[Arg::Text(user_id)],
            )
            .await?;
        let inserted = self
            .pool()
            .execute(
                "INSERT INTO second_factors (user_id, sealed_secret, confirmed, last_step, created_at) \
                 SELECT $1, $2, 0, 0, $3 WHERE NOT EXISTS (SELECT 1 FROM second_factors WHERE user_id = $1)",
                &[Arg::Text(user_id), Arg::Text(sealed_secret), Arg::Text(created_at)],
            )
            .await?;
        Ok(inserted == 1)
    }

    /// Accepts a confirmed factor's code of time step `step` once: true only if no code of this
    /// step or a later one was accepted before (atomic, so two requests cannot both use it).
    pub async fn use_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        Ok(self
            .pool()
            .execute(
                "UPDATE second_factors SET last_step = $2 WHERE user_id = $1 AND confirmed = 1 AND last_step < $2",
                &[Arg::Text(user_id), Arg::Int(step)],
            )
            .await?
            == 1)
    }

    /// Uses up a recovery code: true when it existed (it no longer does).
    pub async fn use_recovery_code(&self, user_id: &str, digest: &str) -> Result<bool, StoreError> {
        Ok(self
            .pool()
            .execute(
                "DELETE FROM recovery_codes WHERE user_id = $1 AND digest = $2",
                &[Arg::Text(user_id), Arg::Text(digest)],
            )
            .await?
            == 1)
    }

    pub async fn recovery_codes_left(&self, user_id: &str) -> Result<i64, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(row.map(|r| r[0].int()).unwrap_or(0))
    }

    // --- sign-in throttle -----------------------------------------------------------------

    /// Records one evaluated failure under each key, and forgets every failure older than
    /// `forget_before` (whatever its key, so keys never seen again do not linger).
    pub async fn record_sign_in_failure(
        &self,
        keys: &[&str],
        at: i64,
        forget_before: i64,
    ) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM sign_in_failures WHERE at < $1",
                &[Arg::Int(forget_before)],
            )
            .await?;
        for key in keys {
            self.pool()
                .execute(
                    "INSERT INTO sign_in_failures (throttle_key, at) VALUES ($1, $2)",
                    &[Arg::Text(key), Arg::Int(at)],
                )
                .await?;
        }
        Ok(())
    }

    /// The times (Unix seconds, newest first) of at most `limit` failures under `key` at or
    /// after `since`: enough to tell whether a budget of `limit` is used up, and until when.
    pub async fn sign_in_failures_newest(
        &self,
        key: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT at FROM sign_in_failures WHERE throttle_key = $1 AND at >= $2 ORDER BY at DESC LIMIT $3",
                &[Arg::Text(key), Arg::Int(since), Arg::Int(limit)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].int()).collect())
    }

    // --- sessions ----------------------------------------------------------------------------

    pub async fn insert_session(&self, s: NewSessionRow<'_>) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "INSERT INTO sessions (token_digest, id, user_id, csrf, created_at, expires_at, last_seen, second_factor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    Arg::Text(s.token_digest),
                    Arg::Text(s.id),
                    Arg::Text(s.user_id),
                    Arg::Text(s.csrf),
                    Arg::Text(s.created_at),
                    Arg::Text(s.expires_at),
                    Arg::Int(s.last_seen),
                    Arg::Int(i64::from(s.second_factor)),
                ],
            )
            .await?;
        Ok(())
    }

    /// A live session: not expired (`expires_at > now`) and used at or after `idle_since`.
    pub async fn session(
        &self,
        token_digest: &str,
        now: &str,
        idle_since: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, user_id, csrf, created_at, expires_at, last_seen, second_factor FROM sessions WHERE token_digest = $1 AND expires_at > $2 AND last_seen >= $3",
                &[Arg::Text(token_digest), Arg::Text(now), Arg::Int(idle_since)],
            )
            .await?;
        Ok(row.as_ref().map(session))
    }

    /// Marks a session as used now.
    pub async fn touch_session(&self, token_digest: &str, now: i64) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "UPDATE sessions SET last_seen = $2 WHERE token_digest = $1",
                &[Arg::Text(token_digest), Arg::Int(now)],
            )
            .await?;
        Ok(())
    }

    /// A user's live sessions, newest first.
    pub async fn sessions_of(
        &self,
        user_id: &str,
        now: &str,
        idle_since: i64,
    ) -> Result<Vec<SessionRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, user_id, csrf, created_at, expires_at, last_seen, second_factor FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen >= $3 ORDER BY created_at DESC, id DESC",
                &[Arg::Text(user_id), Arg::Text(now), Arg::Int(idle_since)],
            )
            .await?;
        Ok(rows.iter().map(session).collect())
    }

    /// Ends every session of a user (deactivation, password change, factor reset, "sign out
    /// everywhere").
    pub async fn delete_sessions_of(&self, user_id: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM sessions WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(())
    }

    /// Ends every session of a user but one (after enrolling a second factor).
    pub async fn delete_other_sessions_of(
        &self,
        user_id: &str,
        keep_id: &str,
    ) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM sessions WHERE user_id = $1 AND id <> $2",
                &[Arg::Text(user_id), Arg::Text(keep_id)],
            )
            .await?;
        Ok(())
    }

    /// Ends one of a user's sessions by its public id; false when there is no such session.
    pub async fn delete_session_by_id(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .pool()
            .execute(
                "DELETE FROM sessions WHERE user_id = $1 AND id = $2",
                &[Arg::Text(user_id), Arg::Text(id)],
            )
            .await?
            == 1)
    }

    pub async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM sessions WHERE token_digest = $1",
                &[Arg::Text(token_digest)],
            )
            .await?;
        Ok(())
    }

    // --- API tokens --------------------------------------------------------------------------

    pub async fn insert_api_token(
        &self,
        row: &ApiTokenRow,
        token_digest: &str,
    ) -> Result<(), StoreError> {
        let scopes = row.scopes.join(",");
        self.pool()
            .execute(
                "INSERT INTO api_tokens (id, token_digest, user_id, name, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    Arg::Text(&row.id),
                    Arg::Text(token_digest),
                    Arg::Text(&row.user_id),
                    Arg::Text(&row.name),
                    Arg::Text(&scopes),
                    Arg::Text(&row.created_at),
                    Arg::Text(&row.expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    /// An unexpired token by its digest.
    pub async fn api_token(
        &self,
        token_digest: &str,
        now: &str,
    ) -> Result<Option<ApiTokenRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id, user_id, name, scopes, created_at, expires_at FROM api_tokens WHERE token_digest = $1 AND expires_at > $2",
                &[Arg::Text(token_digest), Arg::Text(now)],
            )
            .await?;
        Ok(row.as_ref().map(token))
    }

    pub async fn api_tokens_of(&self, user_id: &str) -> Result<Vec<ApiTokenRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, user_id, name, scopes, created_at, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(rows.iter().map(token).collect())
    }

    /// Revokes one of a user's tokens; false when the user has no such token.
    pub async fn delete_api_token(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .pool()
            .execute(
                "DELETE FROM api_tokens WHERE user_id = $1 AND id = $2",
                &[Arg::Text(user_id), Arg::Text(id)],
            )
            .await?
            == 1)
    }

    pub async fn delete_api_tokens_of(&self, user_id: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM api_tokens WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(())
    }
}

impl Write {
    /// Ends every session, API token and known device of a user in this write (a password set
    /// through an enrolment link: whoever knew the old one is out).
    pub async fn end_access_of(&mut self, user_id: &str) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE user_id = $1",
            "DELETE FROM known_devices WHERE user_id = $1",
        ] {
            self.tx.execute(sql, &[Arg::Text(user_id)]).await?;
        }
        Ok(())
    }

    /// Sets a user's password hash (operational table; the journal records only the fact).
    pub async fn put_password_hash(&mut self, user_id: &str, hash: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM credentials WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        self.tx
            .execute(
                "INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2)",
                &[Arg::Text(user_id), Arg::Text(hash)],
            )
            .await?;
        Ok(())
    }

    /// Confirms a pending second factor, with the step of the code that confirmed it (so that
    /// code cannot be used again), and stores the digests of new recovery codes.
    pub async fn confirm_second_factor(
        &mut self,
        user_id: &str,
        step: i64,
        recovery_digests: &[String],
    ) -> Result<bool, StoreError> {
        let n = self
            .tx
            .execute(
                "UPDATE second_factors SET confirmed = 1, last_step = $2 WHERE user_id = $1 AND confirmed = 0",
                &[Arg::Text(user_id), Arg::Int(step)],
            )
            .await?;
        if n != 1 {
            return Ok(false);
        }
        self.tx
            .execute(
                "DELETE FROM recovery_codes WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        for d in recovery_digests {
            self.tx
                .execute(
                    "INSERT INTO recovery_codes (user_id, digest) VALUES ($1, $2)",
                    &[Arg::Text(user_id), Arg::Text(d)],
                )
                .await?;
        }
        Ok(true)
    }

    /// Removes a user's second factor and recovery codes, and ends their sessions, tokens and
    /// known devices.
    pub async fn remove_second_factor(&mut self, user_id: &str) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM second_factors WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE user_id = $1",
            "DELETE FROM known_devices WHERE user_id = $1",
        ] {
            self.tx.execute(sql, &[Arg::Text(user_id)]).await?;
        }
        Ok(())
    }
}
