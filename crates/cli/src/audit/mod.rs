//! `homeward audit`: verify the journal in place (against witness stores), export it, verify an
//! export offline, or witness another node.

mod export;
mod witness;

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use homeward_app::journal::export::ExportLine;
use homeward_app::journal::verify::Against;
use homeward_domain::journal::witness::Witness;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute both hash chains and Merkle trees, check every signed tree head and replay the
    /// journal; with --witness, compare the logs with what each witness saw. Exits 0 when intact;
    /// otherwise 1, naming the first entry after which trust ends.
    Verify {
        /// Verify an export file offline instead of the node's database.
        #[arg(long, env = "HOMEWARD_EXPORT")]
        export: Option<PathBuf>,
        /// With --export: a public key of the node (base64), obtained from it out of band.
        #[arg(long, env = "HOMEWARD_PUBLIC_KEY", requires = "export")]
        public_key: Option<String>,
        /// A witness store (from `homeward audit witness`); repeat for several.
        #[arg(long, conflicts_with = "export")]
        witness: Vec<PathBuf>,
    },
    /// Watch a node: fetch its signed heads, check them against every head kept and keep them.
    /// Exits 1 when the node's log no longer extends what was kept.
    Witness {
        /// The node's address, e.g. https://homeward.example.org.
        #[arg(long, env = "HOMEWARD_WITNESS_NODE")]
        node: String,
        /// The witness store (created at the first run).
        #[arg(long, env = "HOMEWARD_WITNESS_STORE")]
        store: PathBuf,
        /// Keep heads only, not every leaf (a rewrite is then named to a range, not an entry).
        #[arg(long)]
        heads_only: bool,
        /// The node's public key (base64), obtained out of band; by default the first run trusts
        /// the key of the head it fetches.
        #[arg(long, env = "HOMEWARD_PUBLIC_KEY")]
        public_key: Option<String>,
    },
    /// Write the journal and its signed heads as JSON lines.
    Export {
        #[arg(long, env = "HOMEWARD_OUT")]
        out: PathBuf,
    },
    /// Print the node's public key (give it to auditors).
    PublicKey,
}

pub async fn run(node: &NodeArgs, cmd: AuditCommand) -> Result<ExitCode> {
    match cmd {
        AuditCommand::Verify {
            export: Some(file),
            public_key,
            ..
        } => {
            let key =
                public_key.ok_or_else(|| anyhow!("--public-key is required with --export"))?;
            export::verify(&file, &key)
        }
        AuditCommand::Verify {
            export: None,
            witness,
            ..
        } => verify(node, &witness).await,
        AuditCommand::Witness {
            node: url,
            store,
            heads_only,
            public_key,
        } => witness::run(&url, &store, heads_only, public_key).await,
        AuditCommand::Export { out } => {
            let app = crate::node::open(node).await?;
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let mut w = BufWriter::new(file);
            let bar = crate::progress::bar("exporting");
            let mut sink = |line: &ExportLine| -> std::io::Result<()> {
                serde_json::to_writer(&mut w, line)?;
                w.write_all(b"\n")
            };
            let n = app
                .export_journal(None, &mut sink, &crate::progress::reporter(&bar))
                .await
                .map_err(crate::node::explain)?;
            bar.finish_and_clear();
            w.flush()?;
            say!("exported {n} entries to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::PublicKey => {
            let app = crate::node::open(node).await?;
            say!("{}", app.store().public_key());
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn verify(node: &NodeArgs, stores: &[PathBuf]) -> Result<ExitCode> {
    let mut witnesses = Vec::new();
    for path in stores {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let w = Witness::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        witnesses.push((path.display().to_string(), w));
    }
    let app = crate::node::open(node).await?;
    let against = Against {
        witnesses: &witnesses,
        head_interval: std::time::Duration::from_millis(node.head_interval_ms),
    };
    let bar = crate::progress::bar("verifying");
    let result = app
        .verify_journal(None, &against, &crate::progress::reporter(&bar))
        .await
        .map_err(crate::node::explain)?;
    bar.finish_and_clear();
    let r = match result {
        Ok(r) => r,
        Err(f) => {
            say!("JOURNAL NOT INTACT: {f}");
            return Ok(ExitCode::from(1));
        }
    };
    say!(
        "journal intact: {} entries (root {}), {} access-log entries, {} signed heads verified, {} projections rebuilt identically; signing key {}",
        r.entries,
        r.root,
        r.access_entries,
        r.heads,
        r.tables,
        r.key_id
    );
    if r.unsigned > 0 {
        say!(
            "{} recent entries are not signed yet (heads are signed every {} ms)",
            r.unsigned,
            node.head_interval_ms
        );
    }
    if witnesses.is_empty() {
        say!(
            "no witness store given: the node's own signatures vouch for all {} entries, and whoever holds its key could have re-signed them; nothing is vouched for from outside",
            r.entries
        );
    } else if r.unwitnessed > 0 {
        say!(
            "the last {} entries come after the latest head a witness saw: no witness vouches for them yet",
            r.unwitnessed
        );
    } else {
        say!("every entry is vouched for by a witness");
    }
    Ok(ExitCode::SUCCESS)
}
