//! The test kit's second factor: it signs users in as an honest client with an authenticator
//! app would — enrolling TOTP through the API at a user's first sign-in, then sending a code of a
//! time step not used before at every later one.

use super::fixtures::PASSWORD;
use super::http::send;
use super::node::TestNode;
use serde_json::json;
use std::time::Duration;

impl TestNode {
    /// Signs in (making the test user first when needed) and returns the bearer token of a
    /// session that passed the second factor. The kit is an honest client: the first sign-in of
    /// a user enrols a TOTP factor through the API (scanning the secret as an app would), later
    /// ones send a code computed from it, each of a time step not used before (see
    /// [`TestNode::next_code`]).
    pub async fn login(&self, email: &str) -> String {
        self.ensure_user(email).await;
        let key = email.to_lowercase();
        let code = self.next_code(&key).await;
        let mut body = json!({"email": email, "password": PASSWORD});
        if let Some(c) = &code {
            body["code"] = json!(c);
        }
        let r = self.post_json("/api/v1/session", None, &body).await;
        assert_eq!(r.status, 201, "sign-in of {email} failed: {r:#?}");
        let token = r.json["token"].as_str().expect("token").to_owned();
        match code {
            Some(_) => token,
            // Enrolling replaces the session: the new token is the one to use.
            None => self.enrol(&key, &token).await,
        }
    }

    /// Enrols a TOTP second factor for the session's user through the API, as a person with an
    /// authenticator app would; remembers the secret and returns the new session's token.
    pub async fn enrol(&self, email: &str, token: &str) -> String {
        let (secret, step, fresh) = enrol_via(&self.client, &self.base_url, token).await;
        self.factors
            .lock()
            .await
            .insert(email.to_lowercase(), (secret, step));
        fresh
    }

    /// A TOTP code for the user that the server has not seen yet: the earliest acceptable step
    /// after the last one used, waiting for the clock when the three steps the server accepts
    /// (one either side of now) are used up. `None` when the kit enrolled no factor for them.
    pub async fn next_code(&self, email: &str) -> Option<String> {
        let mut factors = self.factors.lock().await;
        let (secret, last) = factors.get_mut(&email.to_lowercase())?;
        loop {
            let now = unix_now();
            let step = homeward_crypto::totp_step(now);
            // The previous step only early in this one, so the server's clock cannot pass it.
            let earliest = if now % 30 < 20 { step - 1 } else { step };
            let candidate = (*last + 1).max(earliest);
            if candidate <= step + 1 {
                *last = candidate;
                return Some(homeward_crypto::totp_code(secret, candidate));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// Enrols a TOTP second factor for the session behind `token` on the server at `base`, through
/// the API as an authenticator app's owner would; returns the secret, the step of the code that
/// confirmed it, and the token of the session that replaces the enrolling one (which has ended).
pub async fn enrol_via(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> (Vec<u8>, i64, String) {
    let started = send(
        client
            .post(format!("{base}/api/v1/me/second-factor"))
            .bearer_auth(token)
            .json(&json!({})),
    )
    .await;
    assert_eq!(started.status, 201, "enrolment: {started:#?}");
    let secret = data_encoding::BASE32_NOPAD
        .decode(started.json["secret"].as_str().expect("secret").as_bytes())
        .expect("base32 secret");
    // The previous step when early in this one (the server accepts one step either side), so that
    // the next two sign-ins need not wait for the clock.
    let now = unix_now();
    let step = homeward_crypto::totp_step(now) - i64::from(now % 30 < 20);
    let code = homeward_crypto::totp_code(&secret, step);
    let done = send(
        client
            .post(format!("{base}/api/v1/me/second-factor/confirmation"))
            .bearer_auth(token)
            .json(&json!({ "code": code })),
    )
    .await;
    assert_eq!(done.status, 200, "confirmation: {done:#?}");
    let fresh = done.json["token"]
        .as_str()
        .expect("a new session token")
        .to_owned();
    (secret, step, fresh)
}

/// Signs in with the test password on a server of its own (not a [`TestNode`]),
/// enrols a second factor as the user would, and returns the session token.
pub async fn sign_in_and_enrol(client: &reqwest::Client, base: &str, email: &str) -> String {
    let r = send(
        client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": email, "password": PASSWORD})),
    )
    .await;
    assert_eq!(r.status, 201, "sign-in of {email}: {r:#?}");
    let token = r.json["token"].as_str().expect("token").to_owned();
    enrol_via(client, base, &token).await.2
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
