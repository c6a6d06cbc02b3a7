//! The test kit: a fresh database of the engine named by `HOMEWARD_TEST_ENGINE` (`sqlite`, the
//! default, or `postgres`), the node's keys in a temporary data directory that the `homeward`
//! binary can use too, and a real HTTP server on a random port.
//!
//! PostgreSQL isolation: every test gets its own schema (`hwt_<random hex>`), dropped at the end.
//! The command-line binary reaches the same schema through the connection URL
//! (`?options=-c search_path=<schema>`), which PostgreSQL applies to every connection.

#![allow(dead_code)]

use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_app::{App, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_domain::accounts::roles::Role;
use homeward_store::Location;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

pub use super::factor::{enrol_via, sign_in_and_enrol, unix_now};

/// Password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// The areas every test node has: two countries, one province, two districts.
pub const AREAS_CSV: &str = "pcode,name,level,parent\n\
XA,Xaland,country,\n\
XB,Xbland,country,\n\
XB01,North Xbland,adm1,XB\n\
XB0101,Riverside,adm2,XB01\n\
XB0102,Hillcrest,adm2,XB01\n";

/// The path of the `homeward` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_homeward");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The engine this run tests, from `HOMEWARD_TEST_ENGINE`.
pub fn engine() -> Engine {
    match std::env::var("HOMEWARD_TEST_ENGINE").as_deref() {
        Ok("postgres") | Ok("postgresql") | Ok("pg") => Engine::Postgres,
        Ok("sqlite") | Ok("") | Err(_) => Engine::Sqlite,
        Ok(other) => panic!("HOMEWARD_TEST_ENGINE={other:?}: expected sqlite or postgres"),
    }
}

pub fn pg_url() -> String {
    std::env::var("HOMEWARD_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Random lower-case hex, `n` bytes long.
pub fn random_hex(n: usize) -> String {
    let bytes: [u8; 16] = homeward_crypto::random_bytes();
    bytes[..n.min(16)]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A random number below `n`.
pub fn random_below(n: u64) -> u64 {
    u64::from_le_bytes(homeward_crypto::random_bytes()) % n.max(1)
}

/// Writes a key file as the binary expects it: owner-only.
fn write_key_file(path: &Path, value: &str) {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).expect("create key file");
    f.write_all(value.as_bytes()).expect("write key file");
}

/// What a run of the binary printed and how it ended.
#[derive(Debug)]
pub struct CliOutput {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Panics with everything printed unless the run succeeded.
    pub fn ok(self) -> Self {
        assert!(self.success(), "homeward failed: {self:#?}");
        self
    }
}

/// A fresh, isolated database plus a data directory holding the node's keys.
pub struct TestDb {
    /// A temporary directory owned by the test; the working directory of every CLI run.
    pub root: PathBuf,
    /// `root/data`: the `--data-dir` (SQLite file and key files).
    pub data_dir: PathBuf,
    pub engine: Engine,
    pub location: Location,
    /// PostgreSQL: (base URL, schema).
    pub pg: Option<(String, String)>,
    pub master_b64: String,
    pub node_key_b64: String,
    pub public_key: String,
}

impl TestDb {
    pub async fn new() -> TestDb {
        let root = std::env::temp_dir().join(format!("homeward-it-{}", random_hex(8)));
        let data_dir = root.join("data");
        std::fs::create_dir_all(&data_dir).expect("create data dir");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o700))
                .expect("chmod data dir");
        }
        let master = MasterKey::generate();
        let node_key = NodeKey::generate();
        write_key_file(&data_dir.join("master.key"), &master.to_base64());
        write_key_file(&data_dir.join("node.key"), &node_key.to_base64());
        let engine = engine();
        let (location, pg) = match engine {
            Engine::Sqlite => (Location::Sqlite(data_dir.join("homeward.sqlite")), None),
            Engine::Postgres => {
                let url = pg_url();
                let schema = format!("hwt_{}", random_hex(8));
                homeward_store::create_pg_schema(&url, &schema)
                    .await
                    .unwrap_or_else(|e| panic!("cannot create schema on {url}: {e}"));
                (
                    Location::Postgres {
                        url: url.clone(),
                        schema: Some(schema.clone()),
                    },
                    Some((url, schema)),
                )
            }
        };
        TestDb {
            root,
            data_dir,
            engine,
            location,
            pg,
            master_b64: master.to_base64(),
            node_key_b64: node_key.to_base64(),
            public_key: node_key.public_base64(),
        }
    }

    pub fn master(&self) -> MasterKey {
        MasterKey::from_base64(&self.master_b64).expect("master key")
    }

    pub fn node_key(&self) -> NodeKey {
        NodeKey::from_base64(&self.node_key_b64).expect("node key")
    }

    /// The path of the SQLite database file.
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("homeward.sqlite")
    }

    /// The `--database-url` for the binary: the base URL with the test's schema as search path.
    pub fn cli_database_url(&self) -> Option<String> {
        self.pg.as_ref().map(|(url, schema)| {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}options=-c%20search_path%3D{schema}")
        })
    }

    /// Opens the application on this database, as the server does (second factors required).
    pub async fn open_app(&self) -> App {
        self.open_app_with(Settings::default()).await
    }

    pub async fn open_app_with(&self, settings: Settings) -> App {
        App::open(&self.location, self.master(), self.node_key(), settings)
            .await
            .expect("open app")
    }

    /// A `homeward` command with this node's data dir and database, and no `HOMEWARD_*`
    /// variables inherited from the environment.
    pub fn command(&self) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(BIN);
        for (k, _) in std::env::vars() {
            if k.starts_with("HOMEWARD_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("HOMEWARD_LOG", "warn");
        cmd.current_dir(&self.root);
        cmd.arg("--data-dir").arg(&self.data_dir);
        if let Some(url) = self.cli_database_url() {
            cmd.arg("--database-url").arg(url);
        }
        cmd.kill_on_drop(true);
        cmd
    }

    /// Runs the binary with these arguments to completion.
    pub async fn cli(&self, args: &[&str]) -> CliOutput {
        self.cli_with_stdin(args, "").await
    }

    pub async fn cli_with_stdin(&self, args: &[&str], stdin: &str) -> CliOutput {
        let mut cmd = self.command();
        cmd.args(args);
        run_command(cmd, stdin).await
    }

    /// A raw connection to the same database, bypassing Homeward (to tamper with it).
    pub async fn raw(&self) -> Raw {
        match &self.pg {
            None => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.sqlite_path())
                    .busy_timeout(Duration::from_secs(30));
                Raw::Sqlite(
                    sqlx::sqlite::SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("raw sqlite connection"),
                )
            }
            Some((url, schema)) => {
                use std::str::FromStr;
                let options = sqlx::postgres::PgConnectOptions::from_str(url)
                    .expect("pg url")
                    .options([("search_path", schema.as_str())]);
                Raw::Pg(
                    sqlx::postgres::PgPoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                        .await
                        .expect("raw pg connection"),
                )
            }
        }
    }
}

/// Runs a prepared command, feeding `stdin`, and collects its output.
pub async fn run_command(mut cmd: tokio::process::Command, stdin: &str) -> CliOutput {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn homeward");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .await
            .expect("write stdin");
        drop(input);
    }
    let out = tokio::time::timeout(Duration::from_secs(300), child.wait_with_output())
        .await
        .expect("homeward did not finish within 300 s")
        .expect("wait for homeward");
    CliOutput {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::env::var_os("HOMEWARD_TEST_KEEP").is_some() {
            eprintln!(
                "keeping {} (schema {:?})",
                self.root.display(),
                self.pg.as_ref().map(|p| &p.1)
            );
            return;
        }
        let _ = std::fs::remove_dir_all(&self.root);
        if let Some((url, schema)) = self.pg.take() {
            // Best effort, on a thread of its own: this may run inside the test's runtime.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    let _ = tokio::time::timeout(
                        Duration::from_secs(20),
                        homeward_store::drop_pg_schema(&url, &schema),
                    )
                    .await;
                });
            })
            .join();
        }
    }
}

/// A raw database connection for tampering and inspection.
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Pg(sqlx::PgPool),
}

/// One journal row as stored: the domain's entry type.
pub use homeward_domain::journal::chain::Entry as JournalRow;

impl Raw {
    /// Executes a statement written by the test; returns the number of rows it touched.
    pub async fn exec(&self, sql: &str) -> u64 {
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query(safe())
                .execute(p)
                .await
                .map(|r| r.rows_affected()),
            Raw::Pg(p) => sqlx::query(safe())
                .execute(p)
                .await
                .map(|r| r.rows_affected()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The single integer a query returns (e.g. a count).
    pub async fn int(&self, sql: &str) -> i64 {
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query_scalar::<_, i64>(safe()).fetch_one(p).await,
            Raw::Pg(p) => sqlx::query_scalar::<_, i64>(safe()).fetch_one(p).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Rows of text columns (NULL as `None`).
    pub async fn texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        use sqlx::Row;
        let safe = || sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(p) => sqlx::query(safe())
                .fetch_all(p)
                .await
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            (0..r.len())
                                .map(|i| r.try_get::<Option<String>, _>(i).expect("text"))
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Raw::Pg(p) => sqlx::query(safe())
                .fetch_all(p)
                .await
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            (0..r.len())
                                .map(|i| r.try_get::<Option<String>, _>(i).expect("text"))
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    pub async fn journal(&self) -> Vec<JournalRow> {
        let seqs = self.texts("SELECT CAST(seq AS TEXT), at, actor, organisation, kind, subject, payload, prev_hash, hash FROM journal ORDER BY journal.seq").await;
        seqs.into_iter()
            .map(|r| {
                let t = |i: usize| r[i].clone().unwrap_or_default();
                JournalRow {
                    seq: t(0).parse().expect("seq"),
                    at: t(1),
                    actor: t(2),
                    organisation: t(3),
                    kind: t(4),
                    subject: t(5),
                    payload: t(6),
                    prev_hash: t(7),
                    hash: t(8),
                }
            })
            .collect()
    }

    /// Inserts a journal row exactly as given (a forgery).
    pub async fn insert_journal(&self, e: &JournalRow) {
        let sql = "INSERT INTO journal (seq, at, actor, organisation, kind, subject, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        macro_rules! bound {
            ($q:expr) => {
                $q.bind(e.seq)
                    .bind(&e.at)
                    .bind(&e.actor)
                    .bind(&e.organisation)
                    .bind(&e.kind)
                    .bind(&e.subject)
                    .bind(&e.payload)
                    .bind(&e.prev_hash)
                    .bind(&e.hash)
            };
        }
        match self {
            Raw::Sqlite(p) => bound!(sqlx::query(sql)).execute(p).await.map(|_| ()),
            Raw::Pg(p) => bound!(sqlx::query(sql)).execute(p).await.map(|_| ()),
        }
        .expect("insert forged journal row");
    }

    pub async fn close(self) {
        match self {
            Raw::Sqlite(p) => p.close().await,
            Raw::Pg(p) => p.close().await,
        }
    }
}

/// An HTTP answer: status, headers, and the body as JSON (`Null` when it is not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts that this is an RFC 9457 problem document with the given status.
    pub fn assert_problem(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "unexpected status: {self:#?}");
        assert!(
            self.header("content-type")
                .starts_with("application/problem+json"),
            "not a problem document: {self:#?}"
        );
        assert!(self.json["type"].is_string(), "no type: {self:#?}");
        assert!(self.json["title"].is_string(), "no title: {self:#?}");
        assert_eq!(
            self.json["status"],
            json!(status),
            "status field: {self:#?}"
        );
        self
    }

    /// The `pointer`s of the problem's field errors.
    pub fn pointers(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `code`s of the problem's field errors.
    pub fn codes(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["code"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client")
}

/// Sends a request and reads the whole answer.
pub async fn send(req: reqwest::RequestBuilder) -> Resp {
    let res = req.send().await.expect("HTTP request failed");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.expect("read body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        json,
        text,
    }
}

/// Polls `GET {base}/healthz` until it answers 200, for at most `timeout`.
pub async fn wait_healthy(client: &reqwest::Client, base: &str, timeout: Duration) {
    let start = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().as_u16() == 200
        {
            return;
        }
        assert!(
            start.elapsed() < timeout,
            "{base}/healthz did not answer 200 within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The email of the user holding `role` in organisation A.
pub fn email(role: Role) -> String {
    format!("{}@a.test", role.as_str().replace('_', "-"))
}

/// The caseworker of organisation B.
pub const B_CASEWORKER: &str = "caseworker@b.test";

/// A one-person household returning to `XB0101`; every personal field is filled.
pub fn household(given: &str, family: &str) -> Value {
    json!({
        "members": [{
            "relationship": "head",
            "sex": "female",
            "given_name": given,
            "family_name": family,
            "date_of_birth": "1990-06-15",
            "nationality": "XB",
            "languages": ["ar", "fr"],
        }],
        "case": {
            "kind": "assisted_voluntary_return",
            "host_country": "XA",
            "origin_country": "XB",
            "destination_area": "XB0101",
        }
    })
}

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
            secure_cookies: false,
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

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        send(self.authed(self.client.post(self.url(path)).json(body), token)).await
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

/// Creates a user with the test password.
pub async fn add_user(app: &App, organisation_id: &str, roles: &[Role], email: &str) -> String {
    let roles: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
    app.create_user(
        Admin::Operator,
        NewUser {
            organisation_id,
            email,
            display_name: email.split('@').next().unwrap_or("user"),
            roles: &roles,
            password: PASSWORD,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("create user {email}: {e}"))
    .id
}
