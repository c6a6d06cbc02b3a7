//! What the benchmarks share: throw-away nodes, a seeded organisation, an HTTP load driver with
//! its latency statistics, and the median.

use crate::NodeArgs;
use crate::demo::people::return_districts;
use crate::demo::region::region_csv;
use anyhow::{Result, anyhow};
use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_app::{App, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_store::Location;
use std::path::PathBuf;
use std::time::Instant;

/// The engine a benchmark runs on, as its report names it.
pub(crate) fn engine(node: &NodeArgs) -> &'static str {
    if node.database_url.is_some() {
        "postgres"
    } else {
        "sqlite"
    }
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A throw-away node: temporary SQLite, or a fresh PostgreSQL schema when --database-url is set.
pub(crate) struct Scratch {
    pub(crate) app: App,
    dir: PathBuf,
    pg: Option<(String, String)>,
}

impl Scratch {
    pub(crate) async fn new(node: &NodeArgs) -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("homeward-bench-{}", hex_id()));
        std::fs::create_dir_all(&dir)?;
        let (location, pg) = match &node.database_url {
            Some(url) => {
                let schema = format!("homeward_bench_{}", hex_id());
                homeward_store::create_pg_schema(url, &schema).await?;
                (
                    Location::Postgres {
                        url: url.clone(),
                        schema: Some(schema.clone()),
                    },
                    Some((url.clone(), schema)),
                )
            }
            None => (Location::Sqlite(dir.join("bench.sqlite")), None),
        };
        let app = App::open(
            &location,
            MasterKey::generate(),
            NodeKey::generate(),
            // Throughput, not sign-in, is measured: the bench user signs in with a password.
            Settings {
                second_factor: homeward_app::SecondFactorPolicy::Optional,
                ..Settings::default()
            },
        )
        .await
        .map_err(crate::node::explain)?;
        Ok(Scratch { app, dir, pg })
    }

    pub(crate) async fn drop(self) {
        self.app.store().close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((url, schema)) = self.pg {
            let _ = homeward_store::drop_pg_schema(&url, &schema).await;
        }
    }
}

fn hex_id() -> String {
    homeward_crypto::random_bytes::<6>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Areas, one organisation and one caseworker (`bench@bench.example`); returns the organisation
/// id, the caseworker and the return destinations.
pub(crate) async fn seed(
    app: &App,
    password: &str,
) -> Result<(String, homeward_store::accounts::UserRow, Vec<String>)> {
    let explain = crate::node::explain;
    app.import_areas_csv(None, &region_csv())
        .await
        .map_err(explain)?;
    let org = app
        .create_organisation(Admin::Operator, "Bench", "XA")
        .await
        .map_err(explain)?;
    let user = app
        .create_user(
            Admin::Operator,
            NewUser {
                organisation_id: &org.id,
                email: "bench@bench.example",
                display_name: "Bench",
                roles: &["caseworker".to_owned()],
                password,
            },
        )
        .await
        .map_err(explain)?;
    Ok((org.id, user, return_districts(app).await?))
}

pub(crate) struct Stats {
    pub(crate) rate: f64,
    pub(crate) p50: f64,
    pub(crate) p99: f64,
}

fn stats(mut latencies: Vec<f64>, secs: f64) -> Stats {
    latencies.sort_by(f64::total_cmp);
    Stats {
        rate: latencies.len() as f64 / secs,
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    }
}

/// An in-process server on a scratch node, for HTTP benchmarks.
pub(crate) struct Served {
    pub(crate) base: String,
    pub(crate) client: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    pub(crate) async fn start(app: &App) -> Result<Served> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let state = homeward_web::WebState {
            app: app.clone(),
            behind_tls: false,
            insecure_cookies: false,
            trusted_proxies: Vec::new(),
        };
        let server = tokio::spawn(homeward_web::serve(listener, state, async {
            let _ = stop_rx.await;
        }));
        Ok(Served {
            base,
            client: reqwest::Client::new(),
            stop,
            server,
        })
    }

    /// Signs in with a password; returns the bearer token.
    pub(crate) async fn sign_in(&self, email: &str, password: &str) -> Result<String> {
        let session: serde_json::Value = self
            .client
            .post(format!("{}/api/v1/session", self.base))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await?
            .json()
            .await?;
        session["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("sign-in failed"))
    }

    pub(crate) async fn stop(self) -> Result<()> {
        let _ = self.stop.send(());
        self.server.await??;
        Ok(())
    }
}

/// Runs `requests` calls of `call(i)` from `concurrency` clients; returns their rate and
/// latencies.
pub(crate) async fn drive<F, Fut>(requests: usize, concurrency: usize, call: F) -> Result<Stats>
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (counter, call) = (counter.clone(), call.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                let t = Instant::now();
                call(i).await?;
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(stats(all, start.elapsed().as_secs_f64()))
}
