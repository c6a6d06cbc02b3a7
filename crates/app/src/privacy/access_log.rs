//! The access log: every read of personal data leaves an entry naming who, what, when and why.
//!
//! Reads are logged before their answer leaves the server, through the same durable write path
//! as every other change: if the entry cannot be written, the read fails instead of going
//! unrecorded.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_store::Access;
use serde::Serialize;
use utoipa::ToSchema;

/// One read of a person's data, for the data-protection officer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessItem {
    pub seq: i64,
    pub at: String,
    /// The user who read.
    pub actor: String,
    pub actor_name: Option<String>,
    pub organisation: String,
    /// What was read: `case.read` (a case page or record), `cases.list` (names in a case list).
    pub kind: String,
    /// The case read, when one was.
    pub subject: String,
    /// That case's human reference (`HW-…`).
    pub case_reference: Option<String>,
    pub purpose: String,
}

/// The most entries one answer lists.
const HISTORY_LIMIT: i64 = 500;

impl App {
    /// Records that `actor` was shown the personal fields of `persons`.
    pub(crate) async fn log_access(
        &self,
        actor: &Actor,
        kind: &'static str,
        subject: String,
        persons: Vec<String>,
    ) -> Result<()> {
        if persons.is_empty() {
            return Ok(());
        }
        let author = crate::author_of(Some(actor));
        let purpose = actor.purpose;
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.log_access(
                        &author,
                        &Access {
                            kind,
                            subject: &subject,
                            persons: &persons,
                            purpose,
                        },
                    )
                    .await?;
                    Ok::<_, AppError>(())
                })
            })
            .await
    }

    /// The human reference of a case id (none for an empty or unknown id).
    pub(crate) async fn case_reference(&self, case_id: &str) -> Result<Option<String>> {
        if case_id.is_empty() {
            return Ok(None);
        }
        Ok(self.store.case(case_id).await?.map(|c| c.reference))
    }

    /// Who read this person's data, newest first. For the data-protection officer and auditors of
    /// the organisation that holds the person.
    pub async fn person_access_history(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> Result<Vec<AccessItem>> {
        policy::require(actor, Permission::ReadAccessLog)?;
        let household = self
            .store
            .household_of_person(person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let organisation = self
            .store
            .household_organisation(&household)
            .await?
            .ok_or(AppError::NotFound)?;
        policy::within_organisation(actor, &organisation)?;
        let rows = self.store.access_history(person_id, HISTORY_LIMIT).await?;
        let names = self
            .display_names(rows.iter().map(|r| r.actor.clone()))
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows {
            let case_reference = self.case_reference(&row.subject).await?;
            items.push(AccessItem {
                seq: row.seq,
                at: row.at,
                actor_name: names.get(&row.actor).cloned(),
                actor: row.actor,
                organisation: row.organisation,
                kind: row.kind,
                subject: row.subject,
                case_reference,
                purpose: row.purpose,
            });
        }
        Ok(items)
    }
}
