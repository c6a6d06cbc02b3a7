//! `homeward bench`: throughput measurements whose figures go to docs/PERFORMANCE.md.
//!
//! Each benchmark builds a throw-away node (a temporary SQLite file, or a fresh schema on the
//! PostgreSQL server named by --database-url), runs several rounds and prints the median.

use crate::NodeArgs;
use crate::demo::{Rng, region_csv, register_batch, return_districts};
use crate::output::say;
use anyhow::{Result, anyhow};
use clap::Subcommand;
use homeward_app::accounts::organisations::{Admin, NewUser};
use homeward_app::{App, SYSTEM_ACTOR, Settings};
use homeward_crypto::{MasterKey, NodeKey};
use homeward_domain::conditions::area::AreaLevel;
use homeward_domain::events::{AreaImported, Event};
use homeward_store::{Author, Location};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Bulk journal appends: raw events and household registrations, in batched transactions.
    Import {
        /// Events per round for the raw append benchmark.
        #[arg(long, default_value_t = 50_000)]
        events: usize,
        /// Households per round for the registration benchmark.
        #[arg(long, default_value_t = 5_000)]
        households: usize,
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Durable single writes and reads over HTTP against an in-process server.
    Http {
        #[arg(long, default_value_t = 2_000)]
        requests: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// The safeguard engine per case, and transitions over HTTP (passed and refused).
    Safeguards {
        /// Cases moved per round.
        #[arg(long, default_value_t = 2_000)]
        cases: usize,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Time `audit verify` on the node's own data (--data-dir / --database-url).
    Verify,
    /// Recompute area statuses over many areas and assessments; render the public area pages.
    Areas {
        /// Districts (adm2), spread over 50 provinces.
        #[arg(long, default_value_t = 50_000)]
        areas: usize,
        #[arg(long, default_value_t = 500_000)]
        assessments: usize,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Serve the public map page of one province with many detailed districts.
    Map {
        #[arg(long, default_value_t = 1_000)]
        districts: usize,
        /// Positions per district outline.
        #[arg(long, default_value_t = 200)]
        vertices: usize,
        #[arg(long, default_value_t = 10)]
        rounds: usize,
    },
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

pub async fn run(node: &NodeArgs, cmd: BenchCommand) -> Result<()> {
    let engine = if node.database_url.is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    match cmd {
        BenchCommand::Import {
            events,
            households,
            rounds,
        } => {
            let (mut raw, mut regs, mut hh) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..rounds {
                let s = Scratch::new(node).await?;
                raw.push(raw_appends(&s.app, events).await?);
                let (ev, h) = registrations(&s.app, households, round as u64).await?;
                regs.push(ev);
                hh.push(h);
                s.drop().await;
            }
            say!("engine {engine}, {rounds} rounds (median)");
            say!(
                "raw journal appends, 1000 per transaction: {:.0} events/s",
                median(raw)
            );
            say!(
                "household registrations, 500 per transaction: {:.0} events/s ({:.0} households/s, sealing included)",
                median(regs),
                median(hh)
            );
        }
        BenchCommand::Http {
            requests,
            concurrency,
            rounds,
        } => {
            let (mut w, mut r) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let s = Scratch::new(node).await?;
                let (writes, reads) = http_round(&s.app, requests, concurrency).await?;
                w.push(writes);
                r.push(reads);
                s.drop().await;
            }
            say!(
                "engine {engine}, {requests} requests × {rounds} rounds, {concurrency} concurrent clients, client and server on this machine"
            );
            let show = |label: &str, v: &[Stats]| {
                let rate = median(v.iter().map(|s| s.rate).collect());
                let p50 = median(v.iter().map(|s| s.p50).collect());
                let p99 = median(v.iter().map(|s| s.p99).collect());
                say!("{label}: {rate:.0} requests/s, p50 {p50:.1} ms, p99 {p99:.1} ms");
            };
            show(
                "durable writes (POST /api/v1/households, 2 events each)",
                &w,
            );
            show("reads (GET /api/v1/cases/{id}, names decrypted)", &r);
        }
        BenchCommand::Areas {
            areas,
            assessments,
            rounds,
        } => crate::bench_areas::run(node, areas, assessments, rounds).await?,
        BenchCommand::Safeguards {
            cases,
            concurrency,
            rounds,
        } => crate::bench_lifecycle::run(node, cases, concurrency, rounds).await?,
        BenchCommand::Map {
            districts,
            vertices,
            rounds,
        } => crate::bench_map::run(node, districts, vertices, rounds).await?,
        BenchCommand::Verify => {
            let app = crate::node::open(node).await?;
            let start = Instant::now();
            let report = app
                .verify_journal(None, &|_, _| {})
                .await
                .map_err(crate::node::explain)?;
            let secs = start.elapsed().as_secs_f64();
            let entries = report
                .as_ref()
                .map(|r| r.entries)
                .map_err(|f| anyhow!("journal not intact: {f}"))?;
            say!(
                "verify ({engine}): {entries} entries in {secs:.2} s ({:.0} entries/s, replay included)",
                entries as f64 / secs
            );
        }
    }
    Ok(())
}

/// Appends `n` small events in transactions of 1,000; returns events per second.
async fn raw_appends(app: &App, n: usize) -> Result<f64> {
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let (from, to) = (done, (done + 1000).min(n));
        app.store()
            .write(move |w| {
                Box::pin(async move {
                    let author = Author {
                        actor: SYSTEM_ACTOR.to_owned(),
                        organisation: String::new(),
                    };
                    if from == 0 {
                        let root = AreaImported {
                            pcode: "QQ".into(),
                            name: "Bench".into(),
                            level: AreaLevel::Country,
                            parent: None,
                        };
                        w.append(&author, &Event::AreaImported(root)).await?;
                    }
                    for i in from..to {
                        let area = AreaImported {
                            pcode: format!("QQ{i:07}"),
                            name: "Bench area".into(),
                            level: AreaLevel::Adm1,
                            parent: Some("QQ".into()),
                        };
                        w.append(&author, &Event::AreaImported(area)).await?;
                    }
                    Ok::<_, homeward_store::StoreError>(())
                })
            })
            .await?;
        done = to;
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

/// Registers `n` households in transactions of 500; returns (events/s, households/s).
async fn registrations(app: &App, n: usize, seed_value: u64) -> Result<(f64, f64)> {
    let (org, caseworker, destinations) = seed(app, "bench-password-1").await?;
    let mut rng = Rng::new(seed_value);
    let before = app.store().counts(None).await?.journal;
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(500);
        register_batch(app, &org, &caseworker.id, &destinations, &mut rng, batch).await?;
        done += batch;
    }
    let secs = start.elapsed().as_secs_f64();
    let events = app.store().counts(None).await?.journal - before;
    Ok((events as f64 / secs, n as f64 / secs))
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
            secure_cookies: false,
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

async fn http_round(app: &App, requests: usize, concurrency: usize) -> Result<(Stats, Stats)> {
    let password = "bench-password-1";
    let (_, _, destinations) = seed(app, password).await?;
    let served = Served::start(app).await?;
    let token = served.sign_in("bench@bench.example", password).await?;
    let destinations = std::sync::Arc::new(destinations);
    let ids = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let (client, base) = (served.client.clone(), served.base.clone());
    let write = {
        let (client, base, token, ids) = (client.clone(), base.clone(), token.clone(), ids.clone());
        move |i: usize| {
            let (client, base, token, ids) =
                (client.clone(), base.clone(), token.clone(), ids.clone());
            let body = serde_json::json!({
                "members": [{"relationship": "head", "sex": "female", "given_name": format!("Bench{i}"), "family_name": "Returnee", "date_of_birth": "1990-01-01", "languages": ["ar"]}],
                "case": {"kind": "assisted_voluntary_return", "host_country": "XA", "origin_country": "XB", "destination_area": destinations[i % destinations.len()]}
            });
            async move {
                let r = client
                    .post(format!("{base}/api/v1/households"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await?;
                if r.status() != 201 {
                    return Err(anyhow!("write answered {}", r.status()));
                }
                let v: serde_json::Value = r.json().await?;
                ids.lock()
                    .await
                    .push(v["id"].as_str().unwrap_or_default().to_owned());
                Ok(())
            }
        }
    };
    let writes = drive(requests, concurrency, write).await?;
    let read = move |i: usize| {
        let (client, base, token, ids) = (client.clone(), base.clone(), token.clone(), ids.clone());
        async move {
            let id = ids
                .lock()
                .await
                .get(i % requests.max(1))
                .cloned()
                .unwrap_or_default();
            let r = client
                .get(format!("{base}/api/v1/cases/{id}"))
                .bearer_auth(&token)
                .send()
                .await?;
            if r.status() != 200 {
                return Err(anyhow!("read answered {}", r.status()));
            }
            r.bytes().await?;
            Ok(())
        }
    };
    let reads = drive(requests, concurrency, read).await?;
    served.stop().await?;
    Ok((writes, reads))
}
