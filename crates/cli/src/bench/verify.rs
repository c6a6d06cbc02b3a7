//! `homeward bench verify`: `audit verify` timed on the node's own data.

use super::kit::engine;
use crate::NodeArgs;
use crate::output::say;
use anyhow::{Result, anyhow};
use std::time::Instant;

pub async fn run(node: &NodeArgs) -> Result<()> {
    let engine = engine(node);
    let app = crate::node::open(node).await?;
    let start = Instant::now();
    let report = app
        .verify_journal(None, &Default::default(), &|_, _| {})
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
    Ok(())
}
