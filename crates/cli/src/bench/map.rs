//! `homeward bench map`: the public map page of a province with many detailed districts, served
//! over HTTP by an in-process server on a throw-away node. Areas, boundaries (through the same
//! GeoJSON import as `homeward areas boundaries`) and a spread of statuses are set up first; the
//! page requests are what is timed.

use super::kit::{Scratch, median};
use crate::NodeArgs;
use crate::output::say;
use anyhow::{Result, anyhow};
use homeward_domain::conditions::status::{AreaStatus, StatusReason};
use homeward_domain::events::{AreaStatusChanged, Event};
use serde_json::{Value, json};
use std::time::Instant;

/// A district outline of `vertices` positions: a wavy square cell of a `cols`-wide grid.
fn district(i: usize, cols: usize, vertices: usize) -> Value {
    let size = 0.1;
    let (x, y) = ((i % cols) as f64 * size, (i / cols) as f64 * size);
    let per_side = (vertices / 4).max(1);
    let mut pts = Vec::with_capacity(vertices + 1);
    for side in 0..4 {
        for k in 0..per_side {
            let t = k as f64 / per_side as f64;
            // Inner points wobble a little, as surveyed borders do; corners stay shared.
            let wobble = if k == 0 {
                0.0
            } else {
                size * 0.03 * ((k * 7 + side * 3 + i) % 5) as f64 / 5.0
            };
            let (px, py) = match side {
                0 => (x + t * size, y + wobble),
                1 => (x + size - wobble, y + t * size),
                2 => (x + size - t * size, y + size - wobble),
                _ => (x + wobble, y + size - t * size),
            };
            pts.push(json!([px, py]));
        }
    }
    pts.push(json!([x, y]));
    json!({"type": "Feature", "properties": {"pcode": format!("XZ01{:04}", i + 1)},
           "geometry": {"type": "Polygon", "coordinates": [pts]}})
}

pub async fn run(node: &NodeArgs, districts: usize, vertices: usize, rounds: usize) -> Result<()> {
    let explain = crate::node::explain;
    let scratch = Scratch::new(node).await?;
    let app = &scratch.app;
    let engine = app.store().engine();
    let mut csv =
        String::from("pcode,name,level,parent\nXZ,Zedland,country,\nXZ01,Province 1,adm1,XZ\n");
    for i in 0..districts {
        csv.push_str(&format!("XZ01{:04},District {},adm2,XZ01\n", i + 1, i + 1));
    }
    app.import_areas_csv(None, &csv).await.map_err(explain)?;
    let cols = (districts as f64).sqrt().ceil() as usize;
    let features: Vec<Value> = (0..districts)
        .map(|i| district(i, cols, vertices))
        .collect();
    let geojson = json!({"type": "FeatureCollection", "features": features}).to_string();
    let t = Instant::now();
    app.import_boundaries(None, &geojson, &|_, _| {})
        .await
        .map_err(explain)?;
    say!(
        "{engine}: {districts} district boundaries of {vertices} positions imported ({:.1} MB GeoJSON) in {:.1} s",
        geojson.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    // A spread of statuses, journaled as the status computation would.
    let statuses = [
        AreaStatus::Safe,
        AreaStatus::Conditional,
        AreaStatus::Unassessed,
        AreaStatus::Safe,
        AreaStatus::Unsafe,
        AreaStatus::Stale,
    ];
    let events: Vec<Event> = (0..districts)
        .map(|i| {
            Event::AreaStatusChanged(AreaStatusChanged {
                pcode: format!("XZ01{:04}", i + 1),
                status: statuses[(i * 7 / 3) % statuses.len()],
                previous: None,
                reason: StatusReason::NoAssessment,
                evidence_on: None,
                criteria_version: app.criteria().version.clone(),
            })
        })
        .collect();
    let author = homeward_app::author_of(None);
    app.store()
        .write(move |w| {
            Box::pin(async move {
                for e in &events {
                    w.append(&author, e).await?;
                }
                Ok::<_, homeward_app::AppError>(())
            })
        })
        .await
        .map_err(explain)?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let state = homeward_web::WebState {
        app: app.clone(),
        behind_tls: false,
        insecure_cookies: false,
        trusted_proxies: Vec::new(),
    };
    let server = tokio::spawn(homeward_web::serve(listener, state, async {
        let _ = stop_rx.await;
    }));
    let client = reqwest::Client::new();
    for lang in ["en", "ar"] {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..rounds.max(1) {
            let t = Instant::now();
            let page = client
                .get(format!("{base}/areas/XZ01"))
                .header("accept-language", lang)
                .send()
                .await?;
            if !page.status().is_success() {
                return Err(anyhow!("GET /areas/XZ01 answered {}", page.status()));
            }
            bytes = page.bytes().await?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        say!(
            "{engine}: map page of {districts} districts ({lang}), median {:.0} ms, {bytes} bytes",
            median(times)
        );
    }
    let _ = stop_tx.send(());
    let _ = server.await;
    scratch.drop().await;
    Ok(())
}
