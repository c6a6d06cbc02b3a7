//! Data-subject requests: their projection, read models, and the reads a command makes inside
//! the write transaction (so that a state check and the change it allows cannot interleave with
//! another writer).

use crate::db::{Arg, Row, Tx};
use crate::{Store, StoreError, Write};
use homeward_domain::events::Event;

/// One data-subject request as the table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRequestRow {
    pub id: String,
    pub organisation_id: String,
    pub person_id: String,
    pub kind: String,
    pub received_on: String,
    pub deadline: String,
    pub status: String,
    pub extension_reason: Option<String>,
    pub outcome: Option<String>,
    pub handled_by: String,
    pub logged_at: String,
    pub exported_at: Option<String>,
    pub closed_at: Option<String>,
}

const COLUMNS_BY_ID: &str = "SELECT id, organisation_id, person_id, kind, received_on, deadline, status, extension_reason, outcome, handled_by, logged_at, exported_at, closed_at FROM subject_requests WHERE id = $1";

fn row(r: &Row) -> SubjectRequestRow {
    SubjectRequestRow {
        id: r[0].text(),
        organisation_id: r[1].text(),
        person_id: r[2].text(),
        kind: r[3].text(),
        received_on: r[4].text(),
        deadline: r[5].text(),
        status: r[6].text(),
        extension_reason: r[7].opt_text(),
        outcome: r[8].opt_text(),
        handled_by: r[9].text(),
        logged_at: r[10].text(),
        exported_at: r[11].opt_text(),
        closed_at: r[12].opt_text(),
    }
}

/// The most requests one list answers.
const LIST_LIMIT: i64 = 1000;

impl Store {
    pub async fn subject_request(&self, id: &str) -> Result<Option<SubjectRequestRow>, StoreError> {
        let r = self
            .pool()
            .fetch_optional(COLUMNS_BY_ID, &[Arg::Text(id)])
            .await?;
        Ok(r.as_ref().map(row))
    }

    /// The requests of one organisation whose status is one of `statuses` (all when empty),
    /// earliest deadline first.
    pub async fn subject_requests_of(
        &self,
        organisation_id: &str,
        statuses: &[&str],
    ) -> Result<Vec<SubjectRequestRow>, StoreError> {
        let (first, second) = match statuses {
            [] => (None, None),
            [one] => (Some(*one), Some(*one)),
            [one, two, ..] => (Some(*one), Some(*two)),
        };
        let rows = self
            .pool()
            .fetch(
                "SELECT id, organisation_id, person_id, kind, received_on, deadline, status, extension_reason, outcome, handled_by, logged_at, exported_at, closed_at FROM subject_requests \
                 WHERE organisation_id = $1 AND ($2 IS NULL OR status = $2 OR status = $3) ORDER BY deadline, logged_at, id LIMIT $4",
                &[Arg::Text(organisation_id), Arg::OptText(first), Arg::OptText(second), Arg::Int(LIST_LIMIT)],
            )
            .await?;
        Ok(rows.iter().map(row).collect())
    }

    /// Every request about one person, oldest first.
    pub async fn subject_requests_about(
        &self,
        person_id: &str,
    ) -> Result<Vec<SubjectRequestRow>, StoreError> {
        let rows = self
            .pool()
            .fetch(
                "SELECT id, organisation_id, person_id, kind, received_on, deadline, status, extension_reason, outcome, handled_by, logged_at, exported_at, closed_at FROM subject_requests \
                 WHERE person_id = $1 ORDER BY logged_at, id",
                &[Arg::Text(person_id)],
            )
            .await?;
        Ok(rows.iter().map(row).collect())
    }
}

impl Write {
    /// A request as it stands inside this write transaction.
    pub async fn subject_request(
        &mut self,
        id: &str,
    ) -> Result<Option<SubjectRequestRow>, StoreError> {
        let r = self
            .tx
            .fetch_optional(COLUMNS_BY_ID, &[Arg::Text(id)])
            .await?;
        Ok(r.as_ref().map(row))
    }

    /// Whether a person still has a data key (is not erased), inside this transaction.
    pub async fn person_key_exists(&mut self, person_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .fetch_optional(
                "SELECT person_id FROM person_keys WHERE person_id = $1",
                &[Arg::Text(person_id)],
            )
            .await?
            .is_some())
    }
}

/// How the subject-request events and `person.corrected` change the tables.
pub(crate) async fn apply(tx: &mut Tx, at: &str, event: &Event) -> Result<(), StoreError> {
    match event {
        Event::PersonCorrected(c) => {
            let (id, sealed) = (
                c.person_id.to_string(),
                serde_json::to_string(&c.sealed).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            );
            tx.execute(
                "UPDATE persons SET sealed = $1, age_band = $2 WHERE id = $3 AND erased_at IS NULL",
                &[
                    Arg::Text(&sealed),
                    Arg::Text(c.age_band.as_str()),
                    Arg::Text(&id),
                ],
            )
            .await?;
        }
        Event::SubjectRequestReceived(r) => {
            let (id, org, person, by) = (
                r.id.to_string(),
                r.organisation_id.to_string(),
                r.person_id.to_string(),
                r.handled_by.to_string(),
            );
            tx.execute(
                "INSERT INTO subject_requests (id, organisation_id, person_id, kind, received_on, deadline, status, handled_by, logged_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)",
                &[
                    Arg::Text(&id),
                    Arg::Text(&org),
                    Arg::Text(&person),
                    Arg::Text(r.kind.as_str()),
                    Arg::Text(&r.received_on),
                    Arg::Text(&r.deadline),
                    Arg::Text(&by),
                    Arg::Text(at),
                ],
            )
            .await?;
        }
        Event::SubjectRequestExtended(e) => {
            let (id, by) = (e.id.to_string(), e.handled_by.to_string());
            tx.execute(
                "UPDATE subject_requests SET status = 'extended', deadline = $1, extension_reason = $2, handled_by = $3 WHERE id = $4",
                &[Arg::Text(&e.deadline), Arg::Text(&e.reason), Arg::Text(&by), Arg::Text(&id)],
            )
            .await?;
        }
        Event::SubjectRequestExported(e) => {
            let id = e.id.to_string();
            tx.execute(
                "UPDATE subject_requests SET exported_at = $1 WHERE id = $2",
                &[Arg::Text(at), Arg::Text(&id)],
            )
            .await?;
        }
        Event::SubjectRequestCompleted(c) | Event::SubjectRequestRefused(c) => {
            let status = if matches!(event, Event::SubjectRequestCompleted(_)) {
                "completed"
            } else {
                "refused"
            };
            let (id, by) = (c.id.to_string(), c.handled_by.to_string());
            tx.execute(
                "UPDATE subject_requests SET status = $1, outcome = $2, handled_by = $3, closed_at = $4 WHERE id = $5",
                &[Arg::Text(status), Arg::Text(&c.outcome), Arg::Text(&by), Arg::Text(at), Arg::Text(&id)],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

impl Store {
    /// The cases opened for a household, oldest first (for a subject-access export).
    pub async fn cases_of_household(
        &self,
        household_id: &str,
    ) -> Result<Vec<crate::cases::CaseRow>, StoreError> {
        let ids = self
            .pool()
            .fetch(
                "SELECT id FROM cases WHERE household_id = $1 ORDER BY opened_seq",
                &[Arg::Text(household_id)],
            )
            .await?;
        let mut out = Vec::with_capacity(ids.len());
        for r in ids {
            if let Some(case) = self.case(&r[0].text()).await? {
                out.push(case);
            }
        }
        Ok(out)
    }

    /// When a household was registered.
    pub async fn household_registered_at(
        &self,
        household_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let r = self
            .pool()
            .fetch_optional(
                "SELECT registered_at FROM households WHERE id = $1",
                &[Arg::Text(household_id)],
            )
            .await?;
        Ok(r.map(|r| r[0].text()))
    }
}

/// The tables this module projects, with the canonical query that lists each; `audit verify` compares
/// them with a replay of the journal.
pub(crate) const TABLES: &[(&str, &str)] = &[(
    "subject_requests",
    "SELECT id, organisation_id, person_id, kind, received_on, deadline, status, extension_reason, outcome, handled_by, logged_at, exported_at, closed_at FROM subject_requests ORDER BY id",
)];
