//! Known devices: at every successful sign-in the client is given a random token (a cookie for
//! the pages, `device_token` in the API's answer), stored only as its digest. Sent back at a
//! later sign-in, it proves the client signed in as this user before, and the sign-in throttle
//! still evaluates it while someone else uses up the account's budget. It is not a second factor
//! and grants nothing else.

use crate::{App, Result};
use homeward_crypto::{new_token, token_digest};
use homeward_store::accounts::KnownDeviceRow;

/// How long a device stays known after its last sign-in.
pub const KNOWN_DEVICE_DAYS: i64 = 90;

impl App {
    /// The user's unexpired device behind `token`.
    pub(crate) async fn known_device(
        &self,
        user_id: &str,
        token: &str,
        now: i64,
    ) -> Result<Option<KnownDeviceRow>> {
        Ok(self
            .store
            .known_device(&token_digest(token), user_id, now)
            .await?)
    }

    /// Gives the client of a successful sign-in a new device token; the one it sent (if any)
    /// stops working, so a copied token lives only until the holder's next sign-in.
    pub(crate) async fn remember_device(
        &self,
        user_id: &str,
        previous: Option<&str>,
        now: i64,
    ) -> Result<String> {
        if let Some(old) = previous {
            self.store
                .delete_known_device(&token_digest(old), user_id)
                .await?;
        }
        let token = new_token();
        self.store
            .insert_known_device(
                &token_digest(&token),
                &uuid::Uuid::now_v7().to_string(),
                user_id,
                now,
                now + KNOWN_DEVICE_DAYS * 24 * 60 * 60,
            )
            .await?;
        Ok(token)
    }
}
