//! Reads and deletions for the retention run: what is due, counted and listed in batches.

use crate::db::Arg;
use crate::{Store, StoreError};

impl Store {
    /// How many persons of cases closed before `closed_before` (YYYY-MM-DD) still have their
    /// personal fields.
    pub async fn count_persons_due(&self, closed_before: &str) -> Result<i64, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT COUNT(*) FROM persons p JOIN cases c ON c.household_id = p.household_id \
                 WHERE c.closed_at IS NOT NULL AND c.closed_at < $1 AND p.erased_at IS NULL",
                &[Arg::Text(closed_before)],
            )
            .await?;
        Ok(row.map(|r| r[0].int()).unwrap_or(0))
    }

    /// Up to `limit` of those persons, in a stable order.
    pub async fn persons_due(
        &self,
        closed_before: &str,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT p.id FROM persons p JOIN cases c ON c.household_id = p.household_id \
                 WHERE c.closed_at IS NOT NULL AND c.closed_at < $1 AND p.erased_at IS NULL ORDER BY p.id LIMIT $2",
                &[Arg::Text(closed_before), Arg::Int(limit)],
            )
            .await?;
        Ok(rows.iter().map(|r| r[0].text()).collect())
    }

    /// Sessions that expired before `expired_before` (YYYY-MM-DD).
    pub async fn count_sessions_expired(&self, expired_before: &str) -> Result<i64, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT COUNT(*) FROM sessions WHERE expires_at < $1",
                &[Arg::Text(expired_before)],
            )
            .await?;
        Ok(row.map(|r| r[0].int()).unwrap_or(0))
    }

    pub async fn delete_sessions_expired(&self, expired_before: &str) -> Result<u64, StoreError> {
        Ok(self
            .pool()
            .execute(
                "DELETE FROM sessions WHERE expires_at < $1",
                &[Arg::Text(expired_before)],
            )
            .await?)
    }
}
