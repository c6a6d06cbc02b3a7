//! The auditor's check of the whole journal: chain, checkpoints and replay.

use crate::policy::{self, Permission};
use crate::{Actor, App, Result};
pub use homeward_store::journal::verify::{Failure, Report};

impl App {
    /// Verifies the chain, the checkpoints and the projections. `actor` is `None` for the
    /// operator at the command line.
    pub async fn verify_journal(
        &self,
        actor: Option<&Actor>,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<std::result::Result<Report, Failure>> {
        if let Some(a) = actor {
            policy::require(a, Permission::Audit)?;
        }
        Ok(homeward_store::journal::verify::verify(&self.store, progress).await?)
    }
}
