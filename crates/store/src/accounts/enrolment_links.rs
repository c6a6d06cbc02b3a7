//! One-time enrolment links: issued by an administrator for a new user (or to reset a forgotten
//! password), opened by the user to choose their password. Stored only as the digest of the
//! token; at most one per user; operational state outside the journal (the journal records that
//! a link was issued and that a password was set).

use crate::db::Arg;
use crate::{Store, StoreError, Write};

/// A live link as the enrolment page sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentLinkRow {
    pub user_id: String,
    /// Wrong second-factor codes typed with this link so far.
    pub failures: i64,
}

impl Store {
    /// The unexpired link behind a token digest.
    pub async fn enrolment_link(
        &self,
        token_digest: &str,
        now: i64,
    ) -> Result<Option<EnrolmentLinkRow>, StoreError> {
        let row = self
            .pool()
            .fetch_optional(
                "SELECT user_id, failures FROM enrolment_links WHERE token_digest = $1 AND expires_at > $2",
                &[Arg::Text(token_digest), Arg::Int(now)],
            )
            .await?;
        Ok(row.map(|r| EnrolmentLinkRow {
            user_id: r[0].text(),
            failures: r[1].int(),
        }))
    }

    /// Counts a wrong second-factor code typed with a link.
    pub async fn count_enrolment_link_failure(&self, token_digest: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "UPDATE enrolment_links SET failures = failures + 1 WHERE token_digest = $1",
                &[Arg::Text(token_digest)],
            )
            .await?;
        Ok(())
    }

    /// Ends a user's link, if any (deactivation).
    pub async fn delete_enrolment_link_of(&self, user_id: &str) -> Result<(), StoreError> {
        self.pool()
            .execute(
                "DELETE FROM enrolment_links WHERE user_id = $1",
                &[Arg::Text(user_id)],
            )
            .await?;
        Ok(())
    }
}

impl Write {
    /// Stores a new link for the user, replacing an earlier one (which stops working).
    pub async fn put_enrolment_link(
        &mut self,
        token_digest: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.tx
            .execute(
                "DELETE FROM enrolment_links WHERE user_id = $1 OR expires_at <= $2",
                &[Arg::Text(user_id), Arg::Int(now)],
            )
            .await?;
        self.tx
            .execute(
                "INSERT INTO enrolment_links (token_digest, user_id, created_at, expires_at, failures) VALUES ($1, $2, $3, $4, 0)",
                &[
                    Arg::Text(token_digest),
                    Arg::Text(user_id),
                    Arg::Int(now),
                    Arg::Int(expires_at),
                ],
            )
            .await?;
        Ok(())
    }

    /// Uses a link up: true when it was live (it is gone now), so two requests cannot both use
    /// it.
    pub async fn take_enrolment_link(
        &mut self,
        token_digest: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .execute(
                "DELETE FROM enrolment_links WHERE token_digest = $1 AND expires_at > $2",
                &[Arg::Text(token_digest), Arg::Int(now)],
            )
            .await?
            == 1)
    }
}
