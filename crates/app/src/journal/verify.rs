//! The auditor's check of the whole journal: chains, trees and signed heads, witnesses, replay.

use crate::policy::{self, Permission};
use crate::{Actor, App, Result};
pub use homeward_store::journal::verify::{Against, Failure, Report};

impl App {
    /// Verifies the chains, the trees and their signed heads, and the projections, against the
    /// witness stores given. `actor` is `None` for the operator at the command line.
    pub async fn verify_journal(
        &self,
        actor: Option<&Actor>,
        against: &Against<'_>,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<std::result::Result<Report, Failure>> {
        if let Some(a) = actor {
            policy::require(a, Permission::Audit)?;
        }
        Ok(homeward_store::journal::verify::verify(&self.store, against, progress).await?)
    }
}
