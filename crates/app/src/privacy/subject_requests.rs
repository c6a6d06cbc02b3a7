//! Data-subject requests: the data-protection officer logs what a person asked for, the deadline
//! runs from the day of receipt, and answering the request does what it asks in the same commit
//! (an erasure destroys the person's key, a correction re-seals their fields).
//!
//! Requests hold codes and dates only. There is no free-text note: what the person wrote stays
//! in the DPO's correspondence, outside Homeward, so that nothing about a person is ever stored
//! in clear and reading a request never reads personal data.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::cases::person::{self, AgeBand, PersonalFields};
use homeward_domain::error::Errors;
use homeward_domain::events::{
    Event, PersonCorrected, PersonErased, SubjectRequestClosed, SubjectRequestExtended,
    SubjectRequestReceived,
};
use homeward_domain::privacy::subject_request::{self as sr, RequestKind, RequestStatus};
use homeward_store::privacy::SubjectRequestRow;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

/// A request to log.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubjectRequest {
    /// The person who asks (a person of the DPO's organisation).
    pub person_id: String,
    /// access, correction, erasure, restriction or objection.
    pub kind: String,
    /// YYYY-MM-DD: the day the request reached the organisation; not in the future.
    pub received_on: String,
}

/// An extension of the deadline (once per request).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// 1 to 60 days.
    pub days: i64,
    /// complexity or number_of_requests.
    pub reason: String,
}

/// Completing a request. Only a correction takes a body: the corrected fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    #[serde(default)]
    pub corrections: Option<Corrections>,
}

/// Corrected personal fields. A field left out stays as it is; an empty optional field is
/// cleared. Checked with the same rules as at registration.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub phone: Option<String>,
    pub document_number: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

/// A refusal, with its reason code.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// manifestly_unfounded, excessive, identity_not_verified or legal_exemption.
    pub reason: String,
}

/// A data-subject request and where its deadline stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectRequestView {
    pub id: String,
    pub person_id: String,
    pub kind: String,
    pub received_on: String,
    /// The day the answer is due (YYYY-MM-DD).
    pub deadline: String,
    /// open, extended, completed or refused.
    pub status: String,
    /// Days until the deadline (negative once passed); absent once the request is closed.
    pub days_left: Option<i64>,
    /// Pending and past its deadline.
    pub overdue: bool,
    pub extension_reason: Option<String>,
    /// The outcome code when completed, the refusal reason when refused.
    pub outcome: Option<String>,
    /// The user who last acted on the request.
    pub handled_by: String,
    pub handled_by_name: Option<String>,
    pub logged_at: String,
    /// When an export was produced for this request.
    pub exported_at: Option<String>,
    pub closed_at: Option<String>,
}

fn parse_date(raw: &str) -> Option<Date> {
    person::date("", raw).ok()
}

fn uuid(raw: &str) -> Result<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

impl App {
    fn view(&self, row: SubjectRequestRow, name: Option<String>) -> SubjectRequestView {
        let status = RequestStatus::parse(&row.status).unwrap_or(RequestStatus::Open);
        let days_left = match (status.is_pending(), parse_date(&row.deadline)) {
            (true, Some(d)) => Some(sr::days_left(d, crate::clock::today())),
            _ => None,
        };
        SubjectRequestView {
            id: row.id,
            person_id: row.person_id,
            kind: row.kind,
            received_on: row.received_on,
            deadline: row.deadline,
            status: row.status,
            overdue: days_left.is_some_and(|d| d < 0),
            days_left,
            extension_reason: row.extension_reason,
            outcome: row.outcome,
            handled_by_name: name,
            handled_by: row.handled_by,
            logged_at: row.logged_at,
            exported_at: row.exported_at,
            closed_at: row.closed_at,
        }
    }

    pub(crate) async fn subject_request_views(
        &self,
        rows: Vec<SubjectRequestRow>,
    ) -> Result<Vec<SubjectRequestView>> {
        let names = self
            .display_names(rows.iter().map(|r| r.handled_by.clone()))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let name = names.get(&r.handled_by).cloned();
                self.view(r, name)
            })
            .collect())
    }

    /// The organisation holding a person, or `NotFound`.
    pub(crate) async fn person_organisation(&self, person_id: &str) -> Result<(String, String)> {
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
        Ok((household, organisation))
    }

    /// A request of the actor's organisation, or `NotFound`.
    async fn own_request(&self, actor: &Actor, id: &str) -> Result<SubjectRequestRow> {
        policy::require(actor, Permission::ManageSubjectRequests)?;
        let row = self
            .store
            .subject_request(id)
            .await?
            .ok_or(AppError::NotFound)?;
        policy::within_organisation(actor, &row.organisation_id)?;
        Ok(row)
    }

    /// Logs a request. A person of another organisation, or none, answers `NotFound`.
    pub async fn log_subject_request(
        &self,
        actor: &Actor,
        input: NewSubjectRequest,
    ) -> Result<SubjectRequestView> {
        policy::require(actor, Permission::ManageSubjectRequests)?;
        let today = crate::clock::today();
        let mut errors = Errors::default();
        let kind = RequestKind::parse(input.kind.trim());
        if kind.is_none() {
            errors.push("/kind", "error-unknown-value");
        }
        let received = errors.check(sr::received_on("/received_on", &input.received_on, today));
        let person = Uuid::parse_str(input.person_id.trim()).ok();
        if person.is_none() {
            errors.push("/person_id", "error-id");
        }
        errors.into_result()?;
        let (Some(kind), Some(received), Some(person_id)) = (kind, received, person) else {
            return Err(Invalid::one("", "error-required").into());
        };
        let (_, organisation) = self.person_organisation(&person_id.to_string()).await?;
        policy::within_organisation(actor, &organisation)?;
        let deadline = sr::deadline(received, self.settings.subject_request_days);
        let event = Event::SubjectRequestReceived(SubjectRequestReceived {
            id: Uuid::now_v7(),
            organisation_id: uuid(&organisation)?,
            person_id,
            kind,
            received_on: received.to_string(),
            deadline: deadline.to_string(),
            handled_by: uuid(&actor.user_id)?,
        });
        let id = event.subject();
        let author = crate::author_of(Some(actor));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &event).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.subject_request(actor, &id).await
    }

    /// One request of the actor's organisation.
    pub async fn subject_request(&self, actor: &Actor, id: &str) -> Result<SubjectRequestView> {
        let row = self.own_request(actor, id).await?;
        self.subject_request_views(vec![row])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)
    }

    /// The requests of the actor's organisation: overdue first, then by deadline. `status` is
    /// `open` (pending: open or extended), `extended`, `completed`, `refused`, or absent (all).
    pub async fn subject_requests(
        &self,
        actor: &Actor,
        status: Option<&str>,
    ) -> Result<Vec<SubjectRequestView>> {
        policy::require(actor, Permission::ManageSubjectRequests)?;
        let statuses: Vec<&str> = match status.map(str::trim).filter(|s| !s.is_empty()) {
            None => Vec::new(),
            Some("open") => vec!["open", "extended"],
            Some(s) => match RequestStatus::parse(s) {
                Some(st) => vec![st.as_str()],
                None => return Err(Invalid::one("/status", "error-unknown-value").into()),
            },
        };
        let rows = self
            .store
            .subject_requests_of(&actor.organisation_id, &statuses)
            .await?;
        let mut views = self.subject_request_views(rows).await?;
        // Stable: within each group the store's deadline order stays.
        views.sort_by_key(|v| (!v.overdue, v.days_left.is_none()));
        Ok(views)
    }

    /// Extends a pending request's deadline once, by 1 to 60 days, for a reason code.
    pub async fn extend_subject_request(
        &self,
        actor: &Actor,
        id: &str,
        input: Extension,
    ) -> Result<SubjectRequestView> {
        let row = self.own_request(actor, id).await?;
        let current = parse_date(&row.deadline)
            .ok_or(AppError::Conflict("subject-request-deadline-unreadable"))?;
        let reason = input.reason.trim().to_owned();
        let deadline = sr::extend(current, input.days, &reason)?;
        let event = Event::SubjectRequestExtended(SubjectRequestExtended {
            id: uuid(&row.id)?,
            deadline: deadline.to_string(),
            reason,
            handled_by: uuid(&actor.user_id)?,
        });
        let (author, rid) = (crate::author_of(Some(actor)), row.id.clone());
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let now = w.subject_request(&rid).await?.ok_or(AppError::NotFound)?;
                    match now.status.as_str() {
                        "open" => {}
                        "extended" => return Err(AppError::Conflict("already-extended")),
                        _ => return Err(AppError::Conflict("request-closed")),
                    }
                    w.append(&author, &event).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        self.subject_request(actor, id).await
    }

    /// Refuses a pending request with a reason code.
    pub async fn refuse_subject_request(
        &self,
        actor: &Actor,
        id: &str,
        input: Refusal,
    ) -> Result<SubjectRequestView> {
        let row = self.own_request(actor, id).await?;
        let reason = input.reason.trim().to_owned();
        if !sr::REFUSAL_REASONS.contains(&reason.as_str()) {
            return Err(Invalid::one("/reason", "error-unknown-value").into());
        }
        let event = Event::SubjectRequestRefused(SubjectRequestClosed {
            id: uuid(&row.id)?,
            outcome: reason,
            handled_by: uuid(&actor.user_id)?,
        });
        self.close_request(actor, &row.id, vec![event], None)
            .await?;
        self.subject_request(actor, id).await
    }

    /// Completes a pending request, doing what it asks in the same commit: an erasure destroys
    /// the person's data key, a correction re-seals the corrected fields; an access request
    /// needs an export produced for it first.
    pub async fn complete_subject_request(
        &self,
        actor: &Actor,
        id: &str,
        input: Completion,
    ) -> Result<SubjectRequestView> {
        let row = self.own_request(actor, id).await?;
        let kind = RequestKind::parse(&row.kind)
            .ok_or(AppError::Conflict("subject-request-kind-unreadable"))?;
        if kind != RequestKind::Correction && input.corrections.is_some() {
            return Err(Invalid::one("/corrections", "error-corrections-not-applicable").into());
        }
        let request_id = uuid(&row.id)?;
        let person_id = uuid(&row.person_id)?;
        let mut events = Vec::new();
        let mut erase = None;
        match kind {
            RequestKind::Access if row.exported_at.is_none() => {
                return Err(AppError::Conflict("export-required"));
            }
            RequestKind::Correction => {
                let corrections = input
                    .corrections
                    .ok_or_else(|| Invalid::one("/corrections", "error-required"))?;
                events.push(Event::PersonCorrected(
                    self.corrected(&row.person_id, request_id, corrections)
                        .await?,
                ));
            }
            RequestKind::Erasure => {
                erase = Some(Event::PersonErased(PersonErased {
                    person_id,
                    reason: "data_subject_request".to_owned(),
                }));
            }
            _ => {}
        }
        events.push(Event::SubjectRequestCompleted(SubjectRequestClosed {
            id: request_id,
            outcome: kind.outcome().to_owned(),
            handled_by: uuid(&actor.user_id)?,
        }));
        self.close_request(actor, &row.id, events, erase).await?;
        self.subject_request(actor, id).await
    }

    /// The `person.corrected` event for a correction: current fields merged with the corrected
    /// ones, checked like a registration, sealed under the person's key.
    async fn corrected(
        &self,
        person_id: &str,
        request_id: Uuid,
        c: Corrections,
    ) -> Result<PersonCorrected> {
        let empty = [
            &c.given_name,
            &c.family_name,
            &c.date_of_birth,
            &c.phone,
            &c.document_number,
            &c.address,
            &c.notes,
        ]
        .iter()
        .all(|f| f.is_none());
        if empty {
            return Err(Invalid::one("/corrections", "error-required").into());
        }
        let (household, _) = self.person_organisation(person_id).await?;
        let person = self
            .store
            .persons_of_household(&household)
            .await?
            .into_iter()
            .find(|p| p.id == person_id)
            .ok_or(AppError::NotFound)?;
        let current = self
            .open_person(person_id, person.sealed.as_deref())
            .await?
            .ok_or(AppError::Conflict("person-erased"))?;
        let keep = |new: Option<String>, old: Option<String>| match new {
            Some(v) if v.trim().is_empty() => None,
            Some(v) => Some(v),
            None => old,
        };
        let merged = PersonalFields {
            given_name: c.given_name.unwrap_or(current.given_name),
            family_name: c.family_name.unwrap_or(current.family_name),
            date_of_birth: keep(c.date_of_birth, current.date_of_birth),
            phone: keep(c.phone, current.phone),
            document_number: keep(c.document_number, current.document_number),
            address: keep(c.address, current.address),
            notes: keep(c.notes, current.notes),
        };
        let today = crate::clock::today();
        let mut errors = Errors::default();
        let fields = merged.validated("/corrections", today, &mut errors);
        errors.into_result()?;
        let age_band = match fields
            .date_of_birth
            .as_deref()
            .and_then(|d| person::date("", d).ok())
        {
            Some(dob) => AgeBand::from_age(person::age_on(dob, today)),
            None => AgeBand::parse(&person.age_band).unwrap_or(AgeBand::Unknown),
        };
        let sealed = self
            .reseal_person(person_id, &fields)
            .await?
            .ok_or(AppError::Conflict("person-erased"))?;
        Ok(PersonCorrected {
            person_id: uuid(person_id)?,
            request_id,
            age_band,
            sealed,
        })
    }

    /// Appends the closing events of a request in one commit, after checking, under the write
    /// lock, that it is still pending; `erase` destroys the person's key first.
    async fn close_request(
        &self,
        actor: &Actor,
        id: &str,
        events: Vec<Event>,
        erase: Option<Event>,
    ) -> Result<()> {
        let (author, rid) = (crate::author_of(Some(actor)), id.to_owned());
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let now = w.subject_request(&rid).await?.ok_or(AppError::NotFound)?;
                    if !matches!(now.status.as_str(), "open" | "extended") {
                        return Err(AppError::Conflict("request-closed"));
                    }
                    let corrects = events
                        .iter()
                        .any(|e| matches!(e, Event::PersonCorrected(_)));
                    if corrects && !w.person_key_exists(&now.person_id).await? {
                        return Err(AppError::Conflict("person-erased"));
                    }
                    // The same steps as `erase_person`; a person erased before the request was
                    // answered needs no second erasure.
                    if let Some(erased) = &erase
                        && w.destroy_person_key(&now.person_id).await?
                    {
                        w.append(&author, erased).await?;
                    }
                    for e in &events {
                        w.append(&author, e).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await
    }
}
