//! Break-glass grants: emergency access to one case of another organisation, for a few hours.

use crate::db::{Arg, Tx};
use crate::{Store, StoreError};
use homeward_domain::events::BreakGlassOpened;

/// A break-glass grant, for the data-protection officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassRow {
    pub id: String,
    pub user_id: String,
    pub case_id: String,
    pub justification: String,
    pub opened_at: String,
    pub expires_at: String,
}

impl Store {
    /// Whether `user_id` holds a break-glass grant on `case_id` that has not expired at `now`.
    pub async fn break_glass_active(
        &self,
        user_id: &str,
        case_id: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let row = self
            .pool()
            .fetch_optional("SELECT id FROM break_glass WHERE user_id = $1 AND case_id = $2 AND expires_at > $3 LIMIT 1", &[Arg::Text(user_id), Arg::Text(case_id), Arg::Text(now)])
            .await?;
        Ok(row.is_some())
    }

    /// Grants opened on the cases of one organisation, newest first (at most 500).
    pub async fn break_glass_on(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<BreakGlassRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, user_id, case_id, justification, opened_at, expires_at FROM break_glass WHERE organisation_id = $1 ORDER BY opened_at DESC LIMIT 500",
                &[Arg::Text(organisation_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| BreakGlassRow {
                id: r[0].text(),
                user_id: r[1].text(),
                case_id: r[2].text(),
                justification: r[3].text(),
                opened_at: r[4].text(),
                expires_at: r[5].text(),
            })
            .collect())
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[(
    "break_glass",
    "SELECT id, user_id, case_id, organisation_id, justification, opened_at, expires_at FROM break_glass ORDER BY id",
)];

pub(crate) async fn apply_opened(
    tx: &mut Tx,
    at: &str,
    b: &BreakGlassOpened,
) -> Result<(), StoreError> {
    let (id, user, case) = (
        b.id.to_string(),
        b.user_id.to_string(),
        b.case_id.to_string(),
    );
    tx.execute(
            "INSERT INTO break_glass (id, user_id, case_id, organisation_id, justification, opened_at, expires_at) \
             SELECT $1, $2, id, organisation_id, $4, $5, $6 FROM cases WHERE id = $3",
            &[Arg::Text(&id), Arg::Text(&user), Arg::Text(&case), Arg::Text(&b.justification), Arg::Text(at), Arg::Text(&b.expires_at)],
        )
        .await?;
    Ok(())
}
