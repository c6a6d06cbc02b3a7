//! `homeward bench journal`: what the Merkle tree gives and costs on a journal of many entries —
//! inclusion and consistency proofs per second, as a witness asks for them, and `audit verify`
//! entries per second (both chains, both trees, every head, the replay).

use super::import::raw_appends;
use super::kit::{Scratch, engine, median};
use crate::NodeArgs;
use crate::demo::people::Rng;
use crate::output::say;
use anyhow::{Result, anyhow};
use std::time::Instant;

pub async fn run(node: &NodeArgs, entries: usize, proofs: usize, rounds: usize) -> Result<()> {
    let engine = engine(node);
    let (mut inclusion, mut consistency, mut verify) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let s = Scratch::new(node).await?;
        raw_appends(&s.app, entries).await?;
        let size = s
            .app
            .journal_head("journal")
            .await
            .map_err(crate::node::explain)?
            .size;
        let mut rng = Rng::new(round as u64 + 1);
        let start = Instant::now();
        for _ in 0..proofs {
            let seq = 1 + rng.below(size as usize) as i64;
            s.app
                .journal_inclusion("journal", seq, None)
                .await
                .map_err(crate::node::explain)?;
        }
        inclusion.push(proofs as f64 / start.elapsed().as_secs_f64());
        let start = Instant::now();
        for _ in 0..proofs {
            let from = 1 + rng.below(size as usize) as i64;
            s.app
                .journal_consistency("journal", from, None)
                .await
                .map_err(crate::node::explain)?;
        }
        consistency.push(proofs as f64 / start.elapsed().as_secs_f64());
        let start = Instant::now();
        let report = s
            .app
            .verify_journal(None, &Default::default(), &|_, _| {})
            .await
            .map_err(crate::node::explain)?
            .map_err(|f| anyhow!("journal not intact: {f}"))?;
        verify.push(report.entries as f64 / start.elapsed().as_secs_f64());
        s.drop().await;
    }
    say!("engine {engine}, journal of {entries} entries, {rounds} rounds (median), one client");
    say!("inclusion proofs: {:.0}/s", median(inclusion));
    say!("consistency proofs: {:.0}/s", median(consistency));
    say!(
        "audit verify: {:.0} entries/s (replay included)",
        median(verify)
    );
    Ok(())
}
