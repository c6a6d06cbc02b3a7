//! The journal export an auditor verifies offline: every entry and every signed head of the
//! journal's tree, one JSON line each.

use crate::policy::{self, Permission};
use crate::{Actor, App, Result};
use homeward_domain::journal::heads::JOURNAL;

/// One line of a journal export.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportLine {
    Header { format: String, public_key: String },
    Entry(homeward_domain::journal::chain::Entry),
    Head(homeward_domain::journal::heads::SignedHead),
}

/// The format name written in an export's first line.
pub const EXPORT_FORMAT: &str = "homeward-journal-v2";

impl App {
    /// Writes the whole journal and its signed heads, one JSON line each, after signing a head at
    /// the current size so the export is covered to its last entry.
    pub async fn export_journal(
        &self,
        actor: Option<&Actor>,
        sink: &mut dyn FnMut(&ExportLine) -> std::io::Result<()>,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<i64> {
        if let Some(a) = actor {
            policy::require(a, Permission::Audit)?;
        }
        self.store
            .write(|w| {
                Box::pin(async move {
                    w.sign_heads_now().await?;
                    Ok::<_, crate::AppError>(())
                })
            })
            .await?;
        // The export ends at the last signed head (the one just made, or a later one): entries
        // that other commands append meanwhile are left for the next export, so every exported
        // entry is covered by a signature.
        let heads: Vec<_> = self
            .store
            .all_heads()
            .await?
            .into_iter()
            .filter(|h| h.tree == JOURNAL)
            .collect();
        let total = heads.iter().map(|h| h.size).max().unwrap_or(0);
        let io = |e: std::io::Error| crate::AppError::Io(e.to_string());
        sink(&ExportLine::Header {
            format: EXPORT_FORMAT.to_owned(),
            public_key: self.store.public_key(),
        })
        .map_err(io)?;
        let mut after = 0;
        while after < total {
            let limit = (total - after).min(2000);
            let page =
                homeward_store::journal::reads::entries_after(&self.store, after, limit).await?;
            let Some(last) = page.last().map(|e| e.seq) else {
                break;
            };
            for e in page.into_iter().filter(|e| e.seq <= total) {
                sink(&ExportLine::Entry(e)).map_err(io)?;
            }
            after = last;
            progress(after, total);
        }
        for head in heads.into_iter().filter(|h| h.size <= after) {
            sink(&ExportLine::Head(head)).map_err(io)?;
        }
        Ok(after)
    }
}
