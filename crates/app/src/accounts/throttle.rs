//! The sign-in throttle: it slows whoever guesses passwords without letting them lock the holder
//! out. Failures that were evaluated are persisted (a restart does not reset them) under digests
//! (the table never holds an email or an address in clear), and four budgets are kept:
//!
//! | budget | key | figure | from |
//! | --- | --- | --- | --- |
//! | a graduated delay per account **and** client address | `pair:` | after the n-th failure in 24 h: 1 s (n < 3), 3 s (n < 9), 5 s (n < 25), then 10 s — [`DELAYS`] | Kanidm's password soft-lock (`server/lib/src/credential/softlock.rs`) |
//! | one client address, across accounts | `ip:` | [`ADDRESS_PER_WINDOW`] failures in [`WINDOW_SECONDS`] | stops one address spraying many accounts |
//! | one account, from clients it does not know | `account:` | [`ACCOUNT_PER_DAY`] failures in a rolling 24 h | NIST SP 800-63B §5.2.2 (at most 100 consecutive failures) |
//! | second-factor codes tried past a budget | `code:` | [`CODES_PER_DAY`] wrong codes per account in 24 h | the same clause, for the OTP authenticator |
//!
//! An attempt that meets a closed budget is refused (429, with the seconds to wait) **without
//! looking at the password and without being counted**, except in two cases:
//!
//! - **A known device** — a client that signed in as this user before and sends back the token it
//!   was given then ([`crate::accounts::known_devices`], stored as a digest) — is evaluated whatever
//!   the address, the delay and the account's budget say. Its own failures are counted under
//!   `device:`; after [`DEVICE_PER_DAY`] of them it is treated as unknown, so a stolen device token
//!   buys at most that many guesses.
//! - **A valid second-factor code** (checked first, and used up) lets the password be looked at;
//!   a wrong code counts against `code:` and the address.
//!
//! So the guesser, from however many addresses, gets at most [`ACCOUNT_PER_DAY`] password
//! evaluations a day per account, each address at most [`ADDRESS_PER_WINDOW`] in 15 minutes, and
//! waits between guesses; the holder — whose address differs, whose device is known, or who holds
//! the code — still signs in. What remains: a holder **without** a second factor, signing in from a
//! device that never signed in before, from an address the guesser shares, or after the guesser
//! used up the account's day, waits (the answer says how long) or asks an administrator for an
//! enrolment link, which signs them in without the throttle (its 256-bit token is the proof).

use crate::Result;
use homeward_store::Store;

/// Delays after failures of one account from one address: `(from the n-th failure, seconds)`.
/// Kanidm's password soft-lock schedule; its 100-failure day cap is [`ACCOUNT_PER_DAY`].
pub const DELAYS: &[(i64, i64)] = &[(1, 1), (3, 3), (9, 5), (25, 10)];
/// Evaluated failures per account in a rolling 24 hours, for clients the account does not know.
pub const ACCOUNT_PER_DAY: i64 = 100;
/// Wrong second-factor codes per account in a rolling 24 hours, tried past a closed budget. Each
/// guess of a 6-digit code succeeds with a chance of 3 in 10⁶ (three steps are valid at a time),
/// and a success only buys one look at the password.
pub const CODES_PER_DAY: i64 = 100;
/// Failures per client address in [`WINDOW_SECONDS`], whatever the accounts.
pub const ADDRESS_PER_WINDOW: i64 = 50;
/// Failures from one known device in 24 hours after which it no longer exempts.
pub const DEVICE_PER_DAY: i64 = 10;
/// The window of the per-address budget.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// The window of the per-account, per-pair and per-device budgets.
pub const DAY_SECONDS: i64 = 24 * 60 * 60;

fn digest(prefix: &str, value: &str) -> String {
    format!("{prefix}:{}", homeward_crypto::token_digest(value))
}

/// An email as the throttle keys it (also the form the sign-in looks the user up by).
fn normal_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The throttle key of an account (also used by tests to count what was evaluated).
pub fn account_key(email: &str) -> String {
    digest("account", &normal_email(email))
}

/// The throttle key of a client address.
pub fn address_key(address: &str) -> String {
    digest("ip", address.trim())
}

/// The throttle key of an account tried from one address (its graduated delay).
pub fn pair_key(email: &str, address: &str) -> String {
    digest(
        "pair",
        &format!("{}|{}", normal_email(email), address.trim()),
    )
}

/// The throttle key of the second-factor codes tried for an account past a budget.
pub fn code_key(email: &str) -> String {
    digest("code", &normal_email(email))
}

/// The throttle key of a known device's own failures.
pub(crate) fn device_key(device_id: &str) -> String {
    digest("device", device_id)
}

/// The seconds to wait after the n-th failure of a pair.
fn delay_after(failures: i64) -> i64 {
    DELAYS
        .iter()
        .rev()
        .find(|(from, _)| failures >= *from)
        .map_or(0, |(_, seconds)| *seconds)
}

/// Which budgets a failure counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A password (or, under the budgets, a code) that was evaluated and wrong.
    Evaluated,
    /// A wrong second-factor code tried past a closed budget. It counts against the codes'
    /// budget and the address, not the pair: the pair's delay is already running, and a client
    /// retrying during it would otherwise only lengthen it.
    CodePastBudget,
}

pub(crate) struct Throttle<'a> {
    store: &'a Store,
    account: String,
    code: String,
    address: Option<String>,
    pair: Option<String>,
    /// The known device the attempt came from, if any.
    device: Option<String>,
}

impl<'a> Throttle<'a> {
    pub(crate) fn new(store: &'a Store, email: &str, address: Option<&str>) -> Self {
        Throttle {
            store,
            account: account_key(email),
            code: code_key(email),
            address: address.map(address_key),
            pair: address.map(|a| pair_key(email, a)),
            device: None,
        }
    }

    /// Marks the attempt as coming from a known device; answers whether the device may still
    /// skip the budgets (it has not used up its own).
    pub(crate) async fn known_device(&mut self, device_id: &str, now: i64) -> Result<bool> {
        let key = device_key(device_id);
        let used = self.wait(&key, now, DAY_SECONDS, DEVICE_PER_DAY).await? > 0;
        if !used {
            self.device = Some(key);
        }
        Ok(!used)
    }

    pub(crate) fn is_known_device(&self) -> bool {
        self.device.is_some()
    }

    /// Seconds until a budget of `limit` failures in `window` under `key` has room (0: now).
    async fn wait(&self, key: &str, now: i64, window: i64, limit: i64) -> Result<i64> {
        let times = self
            .store
            .sign_in_failures_newest(key, now - window, limit)
            .await?;
        // At most `limit` times come back: the budget is used up when the limit-th newest exists,
        // and it has room again when that failure leaves the window.
        let nth = usize::try_from(limit - 1).ok().and_then(|i| times.get(i));
        Ok(nth.map_or(0, |at| (at + window - now).max(1)))
    }

    /// Seconds until the address may try again: the pair's graduated delay and the address's
    /// budget. 0 when it may now.
    pub(crate) async fn address_wait(&self, now: i64) -> Result<i64> {
        let (Some(address), Some(pair)) = (&self.address, &self.pair) else {
            return Ok(0);
        };
        let budget = self
            .wait(address, now, WINDOW_SECONDS, ADDRESS_PER_WINDOW)
            .await?;
        let last = DELAYS.last().map_or(1, |(from, _)| *from);
        let times = self
            .store
            .sign_in_failures_newest(pair, now - DAY_SECONDS, last)
            .await?;
        let delay = match times.first() {
            Some(at) => (at + delay_after(times.len() as i64) - now).max(0),
            None => 0,
        };
        Ok(budget.max(delay))
    }

    /// Seconds until the account's daily budget has room again (0: it has now).
    pub(crate) async fn account_wait(&self, now: i64) -> Result<i64> {
        self.wait(&self.account, now, DAY_SECONDS, ACCOUNT_PER_DAY)
            .await
    }

    /// Seconds until second-factor codes may be tried past a budget again (0: now).
    pub(crate) async fn code_wait(&self, now: i64) -> Result<i64> {
        self.wait(&self.code, now, DAY_SECONDS, CODES_PER_DAY).await
    }

    /// Counts a failure against the budgets it belongs to.
    pub(crate) async fn record(&self, failure: Failure) -> Result<()> {
        let now = crate::clock::now_unix();
        let mut keys: Vec<&str> = Vec::new();
        match failure {
            Failure::Evaluated => keys.push(&self.account),
            Failure::CodePastBudget => keys.push(&self.code),
        }
        keys.extend(self.address.as_deref());
        if failure == Failure::Evaluated {
            keys.extend(self.pair.as_deref());
        }
        keys.extend(self.device.as_deref());
        self.store
            .record_sign_in_failure(&keys, now, now - DAY_SECONDS)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_follow_the_soft_lock_schedule() {
        let schedule: Vec<i64> = (0..=30).map(delay_after).collect();
        assert_eq!(schedule[0], 0);
        assert_eq!(&schedule[1..3], [1, 1]);
        assert_eq!(&schedule[3..9], [3; 6]);
        assert_eq!(&schedule[9..25], [5; 16]);
        assert_eq!(&schedule[25..], [10; 6]);
    }

    #[test]
    fn keys_are_digests_and_pairs_depend_on_both() {
        let k = pair_key("A@x.test ", "198.51.100.1");
        assert_eq!(k, pair_key("a@x.test", "198.51.100.1"));
        assert_ne!(k, pair_key("a@x.test", "198.51.100.2"));
        for key in [k, account_key("a@x.test"), address_key("198.51.100.1")] {
            assert!(!key.contains('@') && !key.contains("198.51"), "{key}");
        }
    }
}
