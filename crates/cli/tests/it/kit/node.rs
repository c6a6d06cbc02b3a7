//! A running node: a database, the application on it, and the HTTP server in this process,
//! with the requests a test sends it.

use super::db::{CliOutput, TestDb};
use super::fixtures::{AREAS_CSV, B_CASEWORKER, add_user, email};
use super::http::{Resp, http_client, send, send_patiently, wait_healthy};
use homeward_app::accounts::organisations::Admin;
use homeward_app::{App, Settings};
use homeward_domain::accounts::roles::Role;
use serde_json::Value;
use std::time::Duration;

/// A running node: a database, the application on it, and the HTTP server in this process.
pub struct TestNode {
    pub app: App,
    pub base_url: String,
    pub client: reqwest::Client,
    pub org_a: String,
    pub org_b: String,
    /// The test users made so far (see [`TestNode::ensure_user`]).
    users: tokio::sync::Mutex<std::collections::HashSet<String>>,
    /// The second factors the kit enrolled, by email: the secret and the last step used.
    pub(crate) factors: tokio::sync::Mutex<std::collections::HashMap<String, (Vec<u8>, i64)>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    /// Declared last: dropped (directory removed, schema dropped) after everything above.
    pub db: TestDb,
}

impl TestNode {
    /// A node with the test areas and organisations A (XA) and B (XB). The users (one for every
    /// role in A, see [`email`], and [`B_CASEWORKER`] in B) are made through the application's
    /// own service when a test first signs one in: each costs an Argon2 hash, which is slow in
    /// a debug build, and most tests need two or three of them.
    pub async fn start() -> TestNode {
        TestNode::start_with(Settings::default(), Vec::new()).await
    }

    /// A node with these settings, believing `X-Forwarded-For` from `trusted_proxies`.
    pub async fn start_with(
        settings: Settings,
        trusted_proxies: Vec<std::net::IpAddr>,
    ) -> TestNode {
        let db = TestDb::new().await;
        let app = db.open_app_with(settings).await;
        app.import_areas_csv(None, AREAS_CSV)
            .await
            .expect("import areas");
        let org_a = app
            .create_organisation(Admin::Operator, "Org A", "XA")
            .await
            .expect("org A")
            .id;
        let org_b = app
            .create_organisation(Admin::Operator, "Org B", "XB")
            .await
            .expect("org B")
            .id;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = homeward_web::WebState {
            app: app.clone(),
            behind_tls: false,
            insecure_cookies: false,
            trusted_proxies,
        };
        let server = tokio::spawn(async move {
            homeward_web::serve(listener, state, async move {
                let _ = rx.await;
            })
            .await
            .expect("server");
        });
        let base_url = format!("http://{addr}");
        let client = http_client();
        wait_healthy(&client, &base_url, Duration::from_secs(10)).await;
        TestNode {
            app,
            base_url,
            client,
            org_a,
            org_b,
            users: Default::default(),
            factors: Default::default(),
            shutdown: Some(tx),
            server: Some(server),
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn authed(&self, req: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::RequestBuilder {
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        send(self.authed(self.client.get(self.url(path)), token)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        send(self.authed(self.client.delete(self.url(path)), token)).await
    }

    /// Posts JSON; a 429 is waited out as an honest client would ([`send_patiently`]).
    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        send_patiently(self.authed(self.client.post(self.url(path)).json(body), token)).await
    }

    /// Posts bytes as they are, with the given content type.
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Resp {
        send(
            self.authed(
                self.client
                    .post(self.url(path))
                    .header("content-type", content_type)
                    .body(body),
                token,
            ),
        )
        .await
    }

    /// Makes the test user with this email unless it exists: a user of A named by [`email`], or
    /// [`B_CASEWORKER`]. Other emails are left alone.
    pub async fn ensure_user(&self, address: &str) {
        let address = address.to_lowercase();
        let mut users = self.users.lock().await;
        if users.contains(&address) {
            return;
        }
        let who = if address == B_CASEWORKER {
            Some((&self.org_b, Role::Caseworker))
        } else {
            Role::ALL
                .iter()
                .find(|r| email(**r) == address)
                .map(|r| (&self.org_a, *r))
        };
        if let Some((org, role)) = who {
            add_user(&self.app, org, &[role], &address).await;
            users.insert(address);
        }
    }

    /// Signs in the user holding `role` in organisation A.
    pub async fn login_as(&self, role: Role) -> String {
        self.login(&email(role)).await
    }

    /// Registers a household; asserts 201 and returns the case detail.
    pub async fn register(&self, token: &str, body: &Value) -> Value {
        let r = self
            .post_json("/api/v1/households", Some(token), body)
            .await;
        assert_eq!(r.status, 201, "registration failed: {r:#?}");
        r.json
    }

    pub async fn journal_len(&self) -> i64 {
        self.app.store().counts(None).await.expect("counts").journal
    }

    /// Posts `body` to `path` and asserts the refusal: a 422 problem document whose errors name
    /// `pointer` with `code`, and a journal no longer than before.
    pub async fn refuses(
        &self,
        path: &str,
        token: &str,
        body: &Value,
        pointer: &str,
        code: &str,
    ) -> Resp {
        let before = self.journal_len().await;
        let r = self.post_json(path, Some(token), body).await;
        r.assert_problem(422);
        let errors = r.pointers().into_iter().zip(r.codes()).collect::<Vec<_>>();
        assert!(
            errors.iter().any(|(p, c)| p == pointer && c == code),
            "{path}: expected {pointer} {code}, got {errors:?}"
        );
        assert_eq!(
            self.journal_len().await,
            before,
            "{path}: the journal changed"
        );
        r
    }

    /// Runs the binary against this node's data.
    pub async fn cli(&self, args: &[&str]) -> CliOutput {
        self.db.cli(args).await
    }

    /// Stops the server and closes the application's connections. The data stays until the
    /// node is dropped.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
        }
        self.app.store().close().await;
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
