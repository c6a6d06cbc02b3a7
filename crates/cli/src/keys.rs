//! `homeward keys`: the custody of the node's keys.

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use homeward_crypto::NodeKey;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Hand the node over to a new signing key: the current key endorses the new one in the
    /// journal, and every head from then on is signed with the new key. Stop the server first.
    RotateNode {
        /// Where to write the new key (owner-only); by default it replaces the current key file,
        /// which is kept as `<file>.retired-<time>`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run(node: &NodeArgs, cmd: KeysCommand) -> Result<()> {
    match cmd {
        KeysCommand::RotateNode { out } => rotate_node(node, out).await,
    }
}

async fn rotate_node(node: &NodeArgs, out: Option<PathBuf>) -> Result<()> {
    let current = crate::node::node_key_path(node);
    let target = out
        .clone()
        .or(current.clone())
        .ok_or_else(|| anyhow!("the node key comes from HOMEWARD_NODE_KEY: give --out FILE"))?;
    let app = crate::node::open(node).await?;
    let new = NodeKey::generate();
    // The new key is on disk before the journal names it, so a crash cannot leave the node
    // handed over to a key nobody holds.
    let staged = target.with_extension("new");
    let _ = std::fs::remove_file(&staged);
    crate::node::key_file(&staged, || new.to_base64())?;
    let id = new.key_id();
    let seq = app
        .rotate_node_key(new)
        .await
        .map_err(crate::node::explain)?;
    app.store().close().await;
    if out.is_none()
        && let Some(old) = &current
    {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let retired = PathBuf::from(format!("{}.retired-{stamp}", old.display()));
        std::fs::rename(old, &retired)
            .with_context(|| format!("cannot keep the old key as {}", retired.display()))?;
        say!("the old key is kept as {}", retired.display());
    }
    std::fs::rename(&staged, &target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    say!(
        "node key rotated at entry {seq}: new key {id} in {}; start the server with it",
        target.display()
    );
    Ok(())
}
