//! `homeward audit`: verify the journal in place, export it, or verify an export offline.

use crate::NodeArgs;
use crate::output::say;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use homeward_app::journal::export::{EXPORT_FORMAT, ExportLine};
use homeward_crypto::verify_signature;
use homeward_domain::journal::chain::{ChainVerifier, checkpoint_message};
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain, check signed checkpoints and replay the journal. Exits 0 when
    /// intact; otherwise 1, naming the first bad entry.
    Verify {
        /// Verify an export file offline instead of the node's database.
        #[arg(long, env = "HOMEWARD_EXPORT")]
        export: Option<PathBuf>,
        /// With --export: the node's public key (base64), obtained from the node out of band.
        #[arg(long, env = "HOMEWARD_PUBLIC_KEY", requires = "export")]
        public_key: Option<String>,
    },
    /// Write the journal and its signed checkpoints as JSON lines.
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
        } => {
            let key =
                public_key.ok_or_else(|| anyhow!("--public-key is required with --export"))?;
            verify_export(&file, &key)
        }
        AuditCommand::Verify { export: None, .. } => {
            let app = crate::node::open(node).await?;
            let bar = crate::progress::bar("verifying");
            let result = app
                .verify_journal(None, &crate::progress::reporter(&bar))
                .await
                .map_err(crate::node::explain)?;
            bar.finish_and_clear();
            match result {
                Ok(r) => {
                    say!(
                        "journal intact: {} entries, head {}, {} signed checkpoints verified, {} projections rebuilt identically",
                        r.entries,
                        r.head,
                        r.checkpoints,
                        r.tables
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => {
                    say!("JOURNAL NOT INTACT: {f}");
                    Ok(ExitCode::from(1))
                }
            }
        }
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

/// Verifies an export with nothing but the file and the node's public key.
fn verify_export(file: &PathBuf, public_key: &str) -> Result<ExitCode> {
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let mut chain = ChainVerifier::default();
    let mut hashes = std::collections::HashMap::new();
    let mut last_signed = 0;
    let fail = |msg: String| -> Result<ExitCode> {
        say!("EXPORT NOT INTACT: {msg}");
        Ok(ExitCode::from(1))
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line?;
        let parsed: ExportLine = match serde_json::from_str(&line) {
            Ok(p) => p,
            Err(_) => return fail(format!("line {} is not a journal export line", i + 1)),
        };
        match parsed {
            ExportLine::Header { format, .. } if i == 0 && format == EXPORT_FORMAT => {}
            ExportLine::Header { .. } => return fail(format!("line {}: unexpected header", i + 1)),
            _ if i == 0 => return fail("the first line is not an export header".into()),
            ExportLine::Entry(e) => {
                if let Err(b) = chain.push(&e) {
                    return fail(b.to_string());
                }
                hashes.insert(e.seq, e.hash);
            }
            ExportLine::Checkpoint {
                seq,
                hash,
                public_key: key,
                signature,
                ..
            } => {
                if key.trim() != public_key.trim()
                    || !verify_signature(public_key, &checkpoint_message(seq, &hash), &signature)
                {
                    return fail(format!(
                        "checkpoint at entry {seq}: not signed by the given key"
                    ));
                }
                if hashes.get(&seq) != Some(&hash) {
                    return fail(format!(
                        "checkpoint at entry {seq}: the entry's hash differs from the signed one"
                    ));
                }
                last_signed = last_signed.max(seq);
            }
        }
    }
    let (entries, head) = chain.head();
    if last_signed < entries {
        return fail(format!(
            "entries {} to {entries} are not covered by a signed checkpoint",
            last_signed + 1
        ));
    }
    say!(
        "export intact: {entries} entries, head {head}, signed by the given key up to entry {last_signed}"
    );
    Ok(ExitCode::SUCCESS)
}
