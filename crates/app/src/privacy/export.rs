//! The subject-access export: everything Homeward holds about one person, for an access request
//! (GDPR art. 15). The export is a read of personal data like any other: it is written to the
//! access log (purpose `data_protection`) durably before the document is built and answered.
//!
//! It holds the person's own data only, consents included. Other members of the household appear as a count, never
//! with their fields; journal entries are listed by kind, time and actor, without payloads.

use crate::policy::{self, Permission};
use crate::privacy::sharing::Consent;
use crate::privacy::subject_requests::SubjectRequestView;
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::events::{Event, SubjectRequestRef};
use homeward_store::Access;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// The format name written in every export.
pub const EXPORT_FORMAT: &str = "homeward-subject-access-v1";

/// The access-log kind of an export.
pub const EXPORT_ACCESS_KIND: &str = "person.export";

/// The most access-log entries one export lists (newest first).
const ACCESS_LIMIT: i64 = 100_000;

/// Everything held about one person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectExport {
    /// `homeward-subject-access-v1`.
    pub format: String,
    pub generated_at: String,
    pub person: ExportedPerson,
    pub household: ExportedHousehold,
    pub cases: Vec<ExportedCase>,
    /// Journal entries about the person, their household, their cases and their requests.
    pub journal: Vec<ExportedEntry>,
    /// Who read the person's data, when and why, newest first (this export included).
    pub access_log: Vec<ExportedAccess>,
    pub subject_requests: Vec<SubjectRequestView>,
    /// The person's consents, withdrawn ones included.
    pub consents: Vec<Consent>,
    /// The safeguard records of their cases that concern them or their whole household, with
    /// the notes sealed under their own key (notes about other members stay out).
    pub records: Vec<crate::lifecycle::records::RecordView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedPerson {
    pub id: String,
    /// True once the person was erased: their personal fields are gone for good.
    pub erased: bool,
    pub sex: String,
    pub age_band: String,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    /// The personal fields, opened; absent once erased.
    pub personal: Option<ExportedFields>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedFields {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub document_number: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedHousehold {
    pub id: String,
    pub organisation: Option<String>,
    pub registered_at: Option<String>,
    /// The person's relationship to the head of household.
    pub relationship: String,
    /// How many persons the household has (their data is theirs, not exported here).
    pub members: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedCase {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub state: String,
    pub host_country: String,
    pub origin_country: String,
    pub destination_area: String,
    pub destination_area_name: Option<String>,
    pub opened_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedEntry {
    pub seq: i64,
    pub at: String,
    pub kind: String,
    /// The user's display name, or `system` for the node itself.
    pub actor: String,
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedAccess {
    pub at: String,
    /// The reader's display name, or `system` for the node's operator.
    pub actor: String,
    pub organisation: Option<String>,
    /// What was read: `case.read`, `cases.list`, `person.export`.
    pub kind: String,
    pub case_reference: Option<String>,
    pub purpose: String,
}

/// Steps reported to the progress callback.
const STEPS: i64 = 5;

impl App {
    /// Exports everything held about a person. `actor` is `None` for the operator at the
    /// command line. `request_id` names the access request the export answers; it is recorded
    /// on the request so that the request can be completed.
    pub async fn export_person(
        &self,
        actor: Option<&Actor>,
        person_id: &str,
        request_id: Option<&str>,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<SubjectExport> {
        if let Some(a) = actor {
            policy::require(a, Permission::ManageSubjectRequests)?;
        }
        let (household_id, organisation) = self.person_organisation(person_id).await?;
        if let Some(a) = actor {
            policy::within_organisation(a, &organisation)?;
        }
        let request = match request_id.map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(rid) => {
                let row = self.store.subject_request(rid).await?;
                match row {
                    Some(r) if r.person_id == person_id && r.kind == "access" => {
                        Some(Uuid::parse_str(&r.id).map_err(|_| AppError::NotFound)?)
                    }
                    _ => return Err(Invalid::one("/request", "error-unknown-request").into()),
                }
            }
        };
        progress(0, STEPS);

        // The log entry first, durably; with the request's record of the export in one commit.
        let author = crate::author_of(actor);
        let handled_by = actor.and_then(|a| Uuid::parse_str(&a.user_id).ok());
        let persons = vec![person_id.to_owned()];
        let subject = person_id.to_owned();
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.log_access(
                        &author,
                        &Access {
                            kind: EXPORT_ACCESS_KIND,
                            subject: &subject,
                            persons: &persons,
                            purpose: "data_protection",
                        },
                    )
                    .await?;
                    if let (Some(id), Some(by)) = (request, handled_by) {
                        let pending = w
                            .subject_request(&id.to_string())
                            .await?
                            .is_some_and(|r| matches!(r.status.as_str(), "open" | "extended"));
                        if !pending {
                            return Err(AppError::Conflict("request-closed"));
                        }
                        let event =
                            Event::SubjectRequestExported(SubjectRequestRef { id, handled_by: by });
                        w.append(&author, &event).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        progress(1, STEPS);

        let members = self.store.persons_of_household(&household_id).await?;
        let row = members
            .iter()
            .find(|p| p.id == person_id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let opened = self.open_person(person_id, row.sealed.as_deref()).await?;
        let erased = row.erased_at.is_some() || opened.is_none();
        let personal = opened.filter(|_| !erased).map(|f| ExportedFields {
            given_name: f.given_name,
            family_name: f.family_name,
            date_of_birth: f.date_of_birth,
            phone: f.phone,
            document_number: f.document_number,
            address: f.address,
            notes: f.notes,
        });
        let mut orgs = Organisations::default();
        let household = ExportedHousehold {
            id: household_id.clone(),
            organisation: orgs.name(self, &organisation).await?,
            registered_at: self.store.household_registered_at(&household_id).await?,
            relationship: row.relationship.clone(),
            members: members.len(),
        };
        let person = ExportedPerson {
            id: row.id,
            erased,
            sex: row.sex,
            age_band: row.age_band,
            nationality: row.nationality,
            languages: row.languages,
            personal,
        };
        progress(2, STEPS);

        let case_rows = self.store.cases_of_household(&household_id).await?;
        let mut cases = Vec::with_capacity(case_rows.len());
        for c in &case_rows {
            cases.push(ExportedCase {
                id: c.id.clone(),
                reference: c.reference.clone(),
                kind: c.kind.clone(),
                state: c.state.clone(),
                host_country: c.host_country.clone(),
                origin_country: c.origin_country.clone(),
                destination_area: c.destination_area.clone(),
                destination_area_name: self.store.area(&c.destination_area).await?.map(|a| a.name),
                opened_at: c.opened_at.clone(),
            });
        }
        let mut records = Vec::new();
        for c in &case_rows {
            records.extend(self.records_about(&c.id, person_id).await?);
        }
        let requests = self.store.subject_requests_about(person_id).await?;
        let mut subjects = vec![person_id.to_owned(), household_id.clone()];
        subjects.extend(case_rows.iter().map(|c| c.id.clone()));
        subjects.extend(requests.iter().map(|r| r.id.clone()));
        let mut entries = Vec::new();
        for s in &subjects {
            entries.extend(self.store.history(s).await?);
        }
        entries.sort_by_key(|e| e.seq);
        progress(3, STEPS);

        let access = self.store.access_history(person_id, ACCESS_LIMIT).await?;
        let names = self
            .display_names(
                entries
                    .iter()
                    .map(|e| e.actor.clone())
                    .chain(access.iter().map(|a| a.actor.clone())),
            )
            .await?;
        let who = |id: &str| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| crate::SYSTEM_ACTOR.to_owned())
        };
        let mut journal = Vec::with_capacity(entries.len());
        for e in entries {
            journal.push(ExportedEntry {
                seq: e.seq,
                at: e.at,
                kind: e.kind,
                actor: who(&e.actor),
                organisation: orgs.name(self, &e.organisation).await?,
            });
        }
        let mut access_log = Vec::with_capacity(access.len());
        for a in access {
            access_log.push(ExportedAccess {
                case_reference: self.case_reference(&a.subject).await?,
                actor: who(&a.actor),
                organisation: orgs.name(self, &a.organisation).await?,
                at: a.at,
                kind: a.kind,
                purpose: a.purpose,
            });
        }
        progress(4, STEPS);

        let subject_requests = self.subject_request_views(requests).await?;
        let consents = self
            .store
            .consents_of_person(person_id)
            .await?
            .into_iter()
            .map(crate::privacy::sharing::consent)
            .collect();
        progress(STEPS, STEPS);
        Ok(SubjectExport {
            format: EXPORT_FORMAT.to_owned(),
            generated_at: crate::clock::timestamp(time::OffsetDateTime::now_utc()),
            person,
            household,
            cases,
            journal,
            access_log,
            subject_requests,
            consents,
            records,
        })
    }
}

/// Organisation names, looked up once each.
#[derive(Default)]
struct Organisations(HashMap<String, Option<String>>);

impl Organisations {
    async fn name(&mut self, app: &App, id: &str) -> Result<Option<String>> {
        if id.is_empty() {
            return Ok(None);
        }
        if let Some(n) = self.0.get(id) {
            return Ok(n.clone());
        }
        let n = app.store.organisation(id).await?.map(|o| o.name);
        self.0.insert(id.to_owned(), n.clone());
        Ok(n)
    }
}
