//! The real binary serving a test's database, as an operator runs it: to kill it, restart it,
//! and reach it from outside the test's process.

use super::db::TestDb;
use super::factor::sign_in_and_enrol;
use super::fixtures::{AREAS_CSV, PASSWORD};
use super::http::wait_healthy;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

pub struct Server {
    pub child: tokio::process::Child,
    pub base: String,
}

/// Starts `homeward serve` on a random port and waits until it answers `/healthz`.
pub async fn start_server(db: &TestDb, client: &reqwest::Client) -> Server {
    let mut cmd = db.command();
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = cmd.spawn().expect("spawn homeward serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.expect("read stdout") {
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest.split('/').next().expect("address");
                return format!("http://{addr}");
            }
        }
        panic!("the server exited before it served");
    })
    .await
    .expect("the server did not say where it serves within 60 s");
    // Keep reading so that the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    wait_healthy(client, &base, Duration::from_secs(30)).await;
    Server { child, base }
}

/// A fresh node set up with the command line, served: its database, server and a caseworker's
/// token.
pub async fn fresh_node(client: &reqwest::Client) -> (TestDb, Server, String) {
    let db = TestDb::new().await;
    let areas = db.root.join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).expect("write areas");
    db.cli(&["org", "add", "--name", "Org A", "--country", "XA"])
        .await
        .ok();
    db.cli_with_stdin(
        &[
            "user",
            "add",
            "--org",
            "Org A",
            "--role",
            "caseworker",
            "--email",
            "cw@a.test",
        ],
        &format!("{PASSWORD}\n"),
    )
    .await
    .ok();
    db.cli(&["areas", "import", areas.to_str().expect("path")])
        .await
        .ok();
    let server = start_server(&db, client).await;
    let token = sign_in_and_enrol(client, &server.base, "cw@a.test").await;
    (db, server, token)
}
