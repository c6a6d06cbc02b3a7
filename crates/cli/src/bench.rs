//! `homeward bench`: throughput measurements.

use crate::NodeArgs;
use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Time `audit verify` on the node's data.
    Verify,
}

pub async fn run(node: &NodeArgs, cmd: BenchCommand) -> Result<()> {
    match cmd {
        BenchCommand::Verify => {
            let app = crate::node::open(node).await?;
            let start = std::time::Instant::now();
            let report = app.verify_journal(None, &|_, _| {}).await.map_err(crate::node::explain)?;
            let secs = start.elapsed().as_secs_f64();
            let entries = report.as_ref().map(|r| r.entries).unwrap_or(0);
            println!("verify: {entries} entries in {secs:.2} s ({:.0} entries/s)", entries as f64 / secs);
        }
    }
    Ok(())
}
