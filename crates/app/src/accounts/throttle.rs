//! The sign-in throttle: budgets of evaluated failures per account and per client address,
//! persisted (a restart does not reset them) and keyed by digests (the table never holds an
//! email or an address in clear).
//!
//! | budget | limit |
//! | --- | --- |
//! | one account, 15 minutes | [`ACCOUNT_PER_WINDOW`] |
//! | one account, rolling 24 hours | [`ACCOUNT_PER_DAY`] |
//! | one client address, 15 minutes, across accounts | [`ADDRESS_PER_WINDOW`] |
//!
//! Over any budget, [`crate::App::sign_in`] evaluates an attempt only when it carries a valid
//! second-factor code, and records nothing otherwise: an attacker's guesses stop counting (and
//! stop being tried) while the real user, who holds the factor, can still sign in.

use crate::Result;
use homeward_store::Store;

/// Evaluated failures allowed per account in [`WINDOW_SECONDS`].
pub const ACCOUNT_PER_WINDOW: i64 = 10;
/// Evaluated failures allowed per account in 24 hours.
pub const ACCOUNT_PER_DAY: i64 = 100;
/// Evaluated failures allowed per client address in [`WINDOW_SECONDS`], whatever the accounts.
pub const ADDRESS_PER_WINDOW: i64 = 50;
/// The short window.
pub const WINDOW_SECONDS: i64 = 15 * 60;
const DAY_SECONDS: i64 = 24 * 60 * 60;

/// The throttle key of an account (also used by tests to count what was evaluated).
pub fn account_key(email: &str) -> String {
    format!(
        "account:{}",
        homeward_crypto::token_digest(&email.trim().to_lowercase())
    )
}

/// The throttle key of a client address.
pub fn address_key(address: &str) -> String {
    format!("ip:{}", homeward_crypto::token_digest(address.trim()))
}

pub(crate) struct Throttle<'a> {
    store: &'a Store,
    account: String,
    address: Option<String>,
}

impl<'a> Throttle<'a> {
    pub(crate) fn new(store: &'a Store, email: &str, address: Option<&str>) -> Self {
        Throttle {
            store,
            account: account_key(email),
            address: address.map(address_key),
        }
    }

    /// Whether the account or the address has used up a budget.
    pub(crate) async fn over_budget(&self) -> Result<bool> {
        let now = crate::clock::now_unix();
        let window = now - WINDOW_SECONDS;
        let s = self.store;
        if s.sign_in_failures_since(&self.account, window).await? >= ACCOUNT_PER_WINDOW
            || s.sign_in_failures_since(&self.account, now - DAY_SECONDS)
                .await?
                >= ACCOUNT_PER_DAY
        {
            return Ok(true);
        }
        if let Some(address) = &self.address {
            return Ok(s.sign_in_failures_since(address, window).await? >= ADDRESS_PER_WINDOW);
        }
        Ok(false)
    }

    /// Counts an evaluated failure against the account and the address.
    pub(crate) async fn record(&self) -> Result<()> {
        let now = crate::clock::now_unix();
        let mut keys = vec![self.account.as_str()];
        if let Some(a) = &self.address {
            keys.push(a);
        }
        self.store
            .record_sign_in_failure(&keys, now, now - DAY_SECONDS)
            .await?;
        Ok(())
    }
}
