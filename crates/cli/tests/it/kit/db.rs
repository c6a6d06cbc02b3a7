//! A fresh, isolated database of the engine named by `HOMEWARD_TEST_ENGINE`, the node's keys in
//! a temporary data directory, and runs of the `homeward` binary on them.

use super::fixtures::random_hex;
use homeward_app::{App, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_store::Location;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

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
