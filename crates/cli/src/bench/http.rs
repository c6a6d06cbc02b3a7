//! `homeward bench http`: durable single writes and reads over HTTP against an in-process server.

use super::kit::{Scratch, Served, Stats, drive, engine, median, seed};
use crate::NodeArgs;
use crate::output::say;
use anyhow::{Result, anyhow};
use homeward_app::App;

pub async fn run(
    node: &NodeArgs,
    requests: usize,
    concurrency: usize,
    rounds: usize,
) -> Result<()> {
    let engine = engine(node);
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
    Ok(())
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
