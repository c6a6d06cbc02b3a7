//! Recording what the safeguards read, and resolving what stays open. Every record is one
//! journal event written after re-checking, inside the write, that the actor may still change
//! the case; free text is sealed under the data key of the person it is about (or the head of
//! the household), so erasing that person erases it.

use crate::cases::reads::facts as scope_facts;
use crate::lifecycle::record_inputs::{RecordInput, note};
use crate::lifecycle::safeguards::record_data;
use crate::policy::{self, Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::Invalid;
use homeward_domain::cases::case::CaseKind;
use homeward_domain::cases::person::AgeBand;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::error::Errors;
use homeward_domain::events::{CaseRecordResolved, CaseRecorded, Event};
use homeward_domain::lifecycle::records::{CaseRecord, ScreeningStage};
use homeward_store::lifecycle::CaseRecordRow;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

/// A record as the API and the case page show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordView {
    pub id: String,
    /// counselling, coercion_indicator, vulnerability_screening, risk_assessment,
    /// best_interests, hold, cooling_off_waiver, removal_decision.
    #[serde(rename = "type")]
    pub kind: String,
    pub person_id: Option<String>,
    /// YYYY-MM-DD.
    pub on: String,
    /// The record's codes and flags.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// The sealed note, opened for readers who see the household's names.
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub open: bool,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    pub resolution_note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// What the review found, or why the hold is lifted (required, sealed).
    pub note: String,
}

/// Which sealed notes a view opens.
#[derive(Clone, Copy)]
enum Notes<'a> {
    /// None: the reader does not see the household's names.
    Closed,
    /// Every note: the reader sees the household's names.
    All,
    /// Only those sealed under this person's key: their own subject-access export.
    SealedFor(&'a str),
}

impl Notes<'_> {
    fn opens(self, key: &str) -> bool {
        match self {
            Notes::Closed => false,
            Notes::All => true,
            Notes::SealedFor(person) => person == key,
        }
    }
}

/// One record to write, validated.
struct Pending {
    person_id: Option<Uuid>,
    on: Date,
    record: CaseRecord,
    note: Option<String>,
    permission: Permission,
}

impl App {
    /// Records what the safeguards read: counselling, a coercion indicator, a screening, a risk
    /// or best-interests assessment, a hold, a cooling-off waiver or a removal decision.
    pub async fn record_on_case<I: RecordInput>(
        &self,
        actor: &Actor,
        case_id: &str,
        input: I,
    ) -> Result<RecordView> {
        let mut errors = Errors::default();
        let validated = input.validate(&mut errors, crate::clock::today());
        let (pointer, text) = input.note();
        let note = note(&mut errors, pointer, text);
        self.record(
            actor,
            case_id,
            errors,
            validated,
            input.person_id(),
            note,
            input.permission(),
        )
        .await
    }

    /// Checks the shared parts (person, permission) and writes one record.
    #[allow(clippy::too_many_arguments)]
    async fn record(
        &self,
        actor: &Actor,
        case_id: &str,
        mut errors: Errors,
        validated: Option<(Date, CaseRecord)>,
        person_id: Option<&str>,
        note: Option<String>,
        permission: Permission,
    ) -> Result<RecordView> {
        policy::require(actor, permission)?;
        let file = self
            .store
            .case_file(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        scope::change(actor, &teams, &scope_facts(&file.case), permission)?;
        let member = match person_id.map(str::trim) {
            Some(p) => match file.members.iter().find(|m| m.id == p) {
                Some(m) => Some(m),
                None => {
                    errors.push("/person_id", "error-unknown-person");
                    None
                }
            },
            None => None,
        };
        if let (Some(m), Some((_, record))) = (member, validated.as_ref()) {
            let child = AgeBand::parse(&m.age_band).is_some_and(AgeBand::is_child);
            if matches!(record, CaseRecord::BestInterests { .. }) && !child {
                errors.push("/person_id", "error-not-a-child");
            }
        }
        let kind = CaseKind::parse(&file.case.kind);
        if let Some((_, CaseRecord::RemovalDecision { .. })) = validated.as_ref()
            && kind != Some(CaseKind::ForcedReturn)
        {
            errors.push("/", "error-removal-decision-forced-only");
        }
        errors.into_result()?;
        let Some((on, record)) = validated else {
            return Err(Invalid::one("/", "error-required").into());
        };
        let pending = Pending {
            person_id: member.and_then(|m| Uuid::parse_str(&m.id).ok()),
            on,
            record,
            note,
            permission,
        };
        let key_holder = member
            .or_else(|| file.members.first())
            .map(|m| m.id.clone())
            .ok_or(AppError::NotFound)?;
        self.write_record(actor, &teams, case_id, pending, &key_holder)
            .await
    }

    async fn write_record(
        &self,
        actor: &Actor,
        teams: &[String],
        case_id: &str,
        p: Pending,
        key_holder: &str,
    ) -> Result<RecordView> {
        let id = Uuid::now_v7();
        let sealed = match &p.note {
            Some(text) => Some(
                self.seal_note(key_holder, &id.to_string(), "note", text)
                    .await?
                    .ok_or(AppError::Conflict("person-erased"))?,
            ),
            None => None,
        };
        let case_uuid = Uuid::parse_str(case_id).map_err(|_| AppError::NotFound)?;
        let note_key = sealed
            .as_ref()
            .and_then(|_| Uuid::parse_str(key_holder).ok());
        let (who, author, teams) = (actor.clone(), crate::author_of(Some(actor)), teams.to_vec());
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let file = w
                        .case_file(&case_uuid.to_string())
                        .await?
                        .ok_or(AppError::NotFound)?;
                    scope::change(&who, &teams, &scope_facts(&file.case), p.permission)?;
                    let mut record = p.record;
                    // Counselling presents the destination's status as the system has it now.
                    if let CaseRecord::Counselling {
                        destination_status, ..
                    } = &mut record
                    {
                        *destination_status = file
                            .destination_status
                            .as_deref()
                            .and_then(AreaStatus::parse)
                            .unwrap_or(AreaStatus::Unassessed);
                    }
                    let resolves = follow_up_of(&record, &file.records)?;
                    w.append(
                        &author,
                        &Event::CaseRecorded(CaseRecorded {
                            id,
                            case_id: case_uuid,
                            person_id: p.person_id,
                            on: p.on.to_string(),
                            record,
                            note: sealed,
                            note_key,
                        }),
                    )
                    .await?;
                    if let Some(rapid) = resolves {
                        let event = CaseRecordResolved {
                            id: rapid,
                            case_id: case_uuid,
                            by_record: Some(id),
                            note: None,
                            note_key: None,
                        };
                        w.append(&author, &Event::CaseRecordResolved(event)).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        let row = self
            .store
            .case_record(&id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        self.record_view(row, Notes::All).await
    }
}

/// The open rapid screen a full screening follows up, which it closes in the same write.
fn follow_up_of(record: &CaseRecord, existing: &[CaseRecordRow]) -> Result<Option<Uuid>> {
    let CaseRecord::VulnerabilityScreening {
        stage: ScreeningStage::Full,
        follows: Some(f),
        ..
    } = record
    else {
        return Ok(None);
    };
    let rapid = existing
        .iter()
        .find(|r| r.id == f.to_string() && r.kind == "vulnerability_screening" && r.open);
    match rapid {
        Some(_) => Ok(Some(*f)),
        None => Err(Invalid::one("/follows", "error-unknown-screening").into()),
    }
}

impl App {
    /// Reviews a coercion indicator or lifts a hold (a supervisor's decision, with a note).
    pub async fn resolve_record(
        &self,
        actor: &Actor,
        case_id: &str,
        record_id: &str,
        input: Resolution,
    ) -> Result<RecordView> {
        policy::require(actor, Permission::ReviewSafeguards)?;
        let mut errors = Errors::default();
        let text = note(&mut errors, "/note", Some(&input.note));
        if text.is_none() {
            errors.push("/note", "error-required");
        }
        let file = self
            .store
            .case_file(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        scope::change(
            actor,
            &teams,
            &scope_facts(&file.case),
            Permission::ReviewSafeguards,
        )?;
        let row = file
            .records
            .iter()
            .find(|r| r.id == record_id.trim())
            .ok_or(AppError::NotFound)?;
        if !matches!(row.kind.as_str(), "coercion_indicator" | "hold") {
            return Err(AppError::Conflict("record-not-resolvable"));
        }
        if !row.open {
            return Err(AppError::Conflict("already-resolved"));
        }
        errors.into_result()?;
        let key_holder = row
            .person_id
            .clone()
            .or_else(|| file.members.first().map(|m| m.id.clone()))
            .ok_or(AppError::NotFound)?;
        let sealed = self
            .seal_note(
                &key_holder,
                &row.id,
                "resolution",
                text.as_deref().unwrap_or_default(),
            )
            .await?
            .ok_or(AppError::Conflict("person-erased"))?;
        let (id, case_uuid) = (
            Uuid::parse_str(&row.id).map_err(|_| AppError::NotFound)?,
            Uuid::parse_str(&file.case.id).map_err(|_| AppError::NotFound)?,
        );
        let event = CaseRecordResolved {
            id,
            case_id: case_uuid,
            by_record: None,
            note: Some(sealed),
            note_key: Uuid::parse_str(&key_holder).ok(),
        };
        let (who, author) = (actor.clone(), crate::author_of(Some(actor)));
        self.store
            .write(move |w| {
                Box::pin(async move {
                    let file = w
                        .case_file(&case_uuid.to_string())
                        .await?
                        .ok_or(AppError::NotFound)?;
                    scope::change(
                        &who,
                        &teams,
                        &scope_facts(&file.case),
                        Permission::ReviewSafeguards,
                    )?;
                    // Two reviewers at once: the second finds it resolved.
                    if !file
                        .records
                        .iter()
                        .any(|r| r.id == id.to_string() && r.open)
                    {
                        return Err(AppError::Conflict("already-resolved"));
                    }
                    w.append(&author, &Event::CaseRecordResolved(event)).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        let row = self
            .store
            .case_record(&id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        self.record_view(row, Notes::All).await
    }

    /// The case's records, oldest first, for readers within their own scope only: coercion
    /// codes, vulnerability factors and best-interests outcomes are not fields a sharing
    /// agreement can list, nor what break-glass is for. Notes are opened only for readers who
    /// see the household's names; opening them is logged like any personal read.
    pub async fn case_records(&self, actor: &Actor, case_id: &str) -> Result<Vec<RecordView>> {
        let row = self.store.case(case_id).await?.ok_or(AppError::NotFound)?;
        let access = self.case_access(actor, &row).await?;
        if access.via != scope::Via::Scope {
            return Err(AppError::NotFound);
        }
        let notes = access.names == scope::Names::All;
        let file = self
            .store
            .case_file(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut out = Vec::with_capacity(file.records.len());
        let mut persons: Vec<String> = Vec::new();
        for r in file.records {
            if notes {
                for k in [&r.note_key, &r.resolution_note_key].into_iter().flatten() {
                    if !persons.contains(k) {
                        persons.push(k.clone());
                    }
                }
            }
            out.push(
                self.record_view(r, if notes { Notes::All } else { Notes::Closed })
                    .await?,
            );
        }
        self.log_access(actor, "case.records.read", case_id.to_owned(), persons)
            .await?;
        Ok(out)
    }

    /// The records of the person's case that concern them (theirs, or the whole household's),
    /// with the notes sealed under their own key opened: what a subject-access export owes them.
    /// Notes about other members stay closed.
    pub(crate) async fn records_about(
        &self,
        case_id: &str,
        person_id: &str,
    ) -> Result<Vec<RecordView>> {
        let Some(file) = self.store.case_file(case_id).await? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for r in file.records {
            if r.person_id.as_deref().is_none_or(|p| p == person_id) {
                out.push(self.record_view(r, Notes::SealedFor(person_id)).await?);
            }
        }
        Ok(out)
    }

    async fn record_view(&self, r: CaseRecordRow, notes: Notes<'_>) -> Result<RecordView> {
        let data = serde_json::to_value(record_data(&r)?).unwrap_or_default();
        let open = |sealed: &Option<String>, key: &Option<String>, field: &'static str| {
            let (sealed, key, id) = (sealed.clone(), key.clone(), r.id.clone());
            async move {
                match (sealed, key) {
                    (Some(s), Some(k)) if notes.opens(&k) => {
                        self.open_note(&k, &id, field, &s).await
                    }
                    _ => Ok(None),
                }
            }
        };
        let note = open(&r.note, &r.note_key, "note").await?;
        let resolution_note =
            open(&r.resolution_note, &r.resolution_note_key, "resolution").await?;
        Ok(RecordView {
            id: r.id,
            kind: r.kind,
            person_id: r.person_id,
            on: r.recorded_on,
            data,
            note,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
            open: r.open,
            resolved_at: r.resolved_at,
            resolved_by: r.resolved_by,
            resolution_note,
        })
    }
}
