//! `homeward bench import`: bulk journal appends, raw events and household registrations, in
//! batched transactions.

use super::kit::{Scratch, engine, median, seed};
use crate::NodeArgs;
use crate::demo::people::{Rng, register_batch};
use crate::output::say;
use anyhow::Result;
use homeward_app::{App, SYSTEM_ACTOR};
use homeward_domain::conditions::area::AreaLevel;
use homeward_domain::events::{AreaImported, Event};
use homeward_store::Author;
use std::time::Instant;

pub async fn run(node: &NodeArgs, events: usize, households: usize, rounds: usize) -> Result<()> {
    let engine = engine(node);
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
    Ok(())
}

/// Appends `n` small events in transactions of 1,000; returns events per second.
pub(super) async fn raw_appends(app: &App, n: usize) -> Result<f64> {
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
