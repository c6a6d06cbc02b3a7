//! Known devices: a client that signed in as a user before holds a random token, stored here only
//! as its digest. The sign-in throttle still evaluates such a client's attempts while others
//! exhaust the account's budget. Operational state, outside the journal like sessions.

use crate::db::Arg;
use crate::{Store, StoreError};

/// A known device as the throttle sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDeviceRow {
    /// A public id, under which the throttle counts the device's own failures.
    pub id: String,
}

impl Store {
    /// Remembers a device for the user until `expires_at` (Unix seconds), forgetting every
    /// expired device of any user on the way.
    pub async fn insert_known_device(
        &self,
        token_digest: &str,
        id: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM known_devices WHERE expires_at <= $1",
                &[Arg::Int(now)],
            )
            .await?;
        self.pool()
            .execute(
                "INSERT INTO known_devices (token_digest, id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    Arg::Text(token_digest),
                    Arg::Text(id),
                    Arg::Text(user_id),
                    Arg::Int(now),
                    Arg::Int(expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    /// The unexpired device behind a token digest, if it belongs to the user.
    pub async fn known_device(
        &self,
        token_digest: &str,
        user_id: &str,
        now: i64,
    ) -> Result<Option<KnownDeviceRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT id FROM known_devices WHERE token_digest = $1 AND user_id = $2 AND expires_at > $3",
                &[Arg::Text(token_digest), Arg::Text(user_id), Arg::Int(now)],
            )
            .await?;
        Ok(row.map(|r| KnownDeviceRow { id: r[0].text() }))
    }

    /// Forgets one of the user's devices (its token is replaced at every sign-in).
    pub async fn delete_known_device(
        &self,
        token_digest: &str,
        user_id: &str,
    ) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM known_devices WHERE token_digest = $1 AND user_id = $2",
                &[Arg::Text(token_digest), Arg::Text(user_id)],
            )
            .await?;
        Ok(())
    }

    /// Forgets every device of a user (password change, deactivation).
    pub async fn delete_known_devices_of(&self, user_id: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM known_devices WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(())
    }
}
