//! The access log: one entry per read of personal data, indexed per person so the data-protection
//! officer can answer "who read my file?". It is a hash chain of its own beside the journal,
//! appended by [`crate::Write::log_access`].

use crate::db::Arg;
use crate::{Store, StoreError};

/// One read of a person's data, from the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub organisation: String,
    pub kind: String,
    pub subject: String,
    pub purpose: String,
}

impl Store {
    /// The reads of one person's data, newest first (at most `limit`).
    pub async fn access_history(
        &self,
        person_id: &str,
        limit: i64,
    ) -> Result<Vec<AccessRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT a.seq, a.at, a.actor, a.organisation, a.kind, a.subject, a.payload FROM access_log_persons p JOIN access_log a ON a.seq = p.seq \
                 WHERE p.person_id = $1 ORDER BY a.seq DESC LIMIT $2",
                &[Arg::Text(person_id), Arg::Int(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| AccessRow {
                seq: r[0].int(),
                at: r[1].text(),
                actor: r[2].text(),
                organisation: r[3].text(),
                kind: r[4].text(),
                subject: r[5].text(),
                purpose: serde_json::from_str::<serde_json::Value>(&r[6].text())
                    .ok()
                    .and_then(|v| v["purpose"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
            })
            .collect())
    }
}

/// One read of personal data, as the access log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access<'a> {
    /// What was read, e.g. `case.read`.
    pub kind: &'a str,
    /// The record read (a case id).
    pub subject: &'a str,
    /// The persons whose personal fields were shown.
    pub persons: &'a [String],
    /// Why: one of the purposes the policy knows.
    pub purpose: &'a str,
}
