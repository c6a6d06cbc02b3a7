//! Return-area conditions: submitting assessments, and the area status computed from them.
//! The status is recomputed inside the same write as the assessment that changes it, so the
//! journal's `area.status_changed` events follow exactly from the assessments before them.

use crate::policy::{self, Permission};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::person;
use homeward_domain::conditions::assessment::{self, Finding, FindingInput, SourceType};
use homeward_domain::conditions::criteria::Criteria;
use homeward_domain::conditions::severity::SeverityConfig;
use homeward_domain::conditions::status::{self, AreaStatus, AssessmentFacts, Verdict};
use homeward_domain::events::{AreaAssessed, AreaStatusChanged, Event};
use homeward_domain::{Invalid, error::Errors};
use homeward_store::conditions::{AssessmentRow, StatusRow};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::ToSchema;
use uuid::Uuid;

/// The severity figures as shipped in `config/return-index.toml` (placeholders, not verified).
pub fn shipped_severity(criteria: &Criteria) -> Result<SeverityConfig> {
    SeverityConfig::parse(
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../config/return-index.toml"
        )),
        criteria,
    )
    .map_err(|e| AppError::Config(format!("config/return-index.toml: {e}")))
}

/// The criteria as shipped in `config/area-criteria.toml`.
pub fn shipped_criteria() -> Result<Criteria> {
    Criteria::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/area-criteria.toml"
    )))
    .map_err(|e| AppError::Config(format!("config/area-criteria.toml: {e}")))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAssessment {
    /// YYYY-MM-DD: the date the evidence describes; not in the future.
    pub assessed_on: String,
    /// key_informant, household_survey, field_visit, secondary_data.
    pub source_type: String,
    /// One finding per criterion of the criteria in force (at most `criteria::MAX_CRITERIA`,
    /// 32, in any configuration).
    #[schema(max_items = 32)]
    pub findings: Vec<FindingBody>,
    /// The assessment (of the same area and organisation) this one corrects.
    #[serde(default)]
    pub corrects: Option<String>,
    /// The assessing organisation; when given, it must be the assessor's own.
    #[serde(default)]
    pub organisation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingBody {
    pub criterion: String,
    /// met, partly, not_met, unknown.
    pub status: String,
    /// Sub-item id → observation: at most one per sub-item of the criterion (never more than
    /// `criteria::MAX_ITEMS`, 32).
    #[serde(default)]
    pub observations: BTreeMap<String, String>,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: String,
    pub pcode: String,
    pub organisation_id: String,
    /// Filled where organisations are shown side by side.
    pub organisation_name: Option<String>,
    pub assessed_on: String,
    pub source_type: String,
    pub criteria_version: String,
    pub corrects: Option<String>,
    pub findings: Vec<FindingBody>,
    pub submitted_at: String,
    /// 0 (every condition met) … 100 (none met), from `config/return-index.toml`.
    pub severity_score: Option<u32>,
    /// low, medium, high — absent while the configured figures are not verified.
    pub severity_label: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusChange {
    pub status: String,
    pub previous: Option<String>,
    pub reason: String,
    pub evidence_on: Option<String>,
    pub criteria_version: String,
    pub changed_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaStatusView {
    pub pcode: String,
    /// safe, conditional, unsafe, unassessed, stale.
    pub status: String,
    pub reason: String,
    pub evidence_on: Option<String>,
    /// Each organisation's latest current assessment, newest first: shown side by side.
    pub by_organisation: Vec<AssessmentView>,
    /// Status changes, newest first.
    pub history: Vec<StatusChange>,
    /// For an area with sub-areas: the worst of their statuses and how many have each.
    pub children: Option<RollUpView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollUpView {
    pub worst: String,
    /// Status → number of sub-areas.
    pub counts: BTreeMap<String, usize>,
}

fn view(row: AssessmentRow, severity: &SeverityConfig) -> Result<AssessmentView> {
    let findings: Vec<Finding> = serde_json::from_str(&row.findings)
        .map_err(|e| homeward_store::StoreError::Corrupt(e.to_string()))?;
    let score = severity.score(
        &findings
            .iter()
            .map(|f| (f.criterion.clone(), f.status))
            .collect(),
    );
    Ok(AssessmentView {
        id: row.id,
        pcode: row.pcode,
        organisation_id: row.organisation_id,
        organisation_name: None,
        assessed_on: row.assessed_on,
        source_type: row.source_type,
        criteria_version: row.criteria_version,
        corrects: row.corrects,
        findings: findings
            .into_iter()
            .map(|f| FindingBody {
                criterion: f.criterion,
                status: f.status.as_str().to_owned(),
                observations: f.observations,
                evidence: f.evidence,
            })
            .collect(),
        submitted_at: row.submitted_at,
        severity_score: score.as_ref().map(|s| s.score),
        severity_label: score.and_then(|s| s.level).map(|l| l.as_str().to_owned()),
    })
}

fn facts(rows: &[AssessmentRow]) -> std::result::Result<Vec<AssessmentFacts>, AppError> {
    rows.iter()
        .map(|r| {
            let findings: Vec<Finding> = serde_json::from_str(&r.findings)
                .map_err(|e| homeward_store::StoreError::Corrupt(e.to_string()))?;
            let assessed_on = person::date("", &r.assessed_on)
                .map_err(|_| homeward_store::StoreError::Corrupt("assessment date".into()))?;
            Ok(AssessmentFacts {
                id: r.id.clone(),
                organisation_id: r.organisation_id.clone(),
                assessed_on,
                seq: r.seq,
                criteria: findings
                    .into_iter()
                    .map(|f| (f.criterion, f.status))
                    .collect(),
                corrects: r.corrects.clone(),
            })
        })
        .collect()
}

fn change(row: StatusRow) -> StatusChange {
    StatusChange {
        status: row.status,
        previous: row.previous,
        reason: row.reason,
        evidence_on: row.evidence_on,
        criteria_version: row.criteria_version,
        changed_at: row.changed_at,
    }
}

/// Recomputes an area's status inside a write and journals a change when there is one.
async fn recompute(
    w: &mut homeward_store::Write,
    author: &homeward_store::Author,
    criteria: &Criteria,
    pcode: &str,
    today: time::Date,
) -> Result<Option<AreaStatus>> {
    let rows = w.area_assessments(pcode).await?;
    let verdict: Verdict = status::area_status(criteria, &facts(&rows)?, today);
    let previous = w
        .area_status(pcode)
        .await?
        .and_then(|s| AreaStatus::parse(&s));
    if previous == Some(verdict.status) {
        return Ok(None);
    }
    let event = Event::AreaStatusChanged(AreaStatusChanged {
        pcode: pcode.to_owned(),
        status: verdict.status,
        previous,
        reason: verdict.reason,
        evidence_on: verdict.evidence_on.map(|d| d.to_string()),
        criteria_version: criteria.version.clone(),
    });
    w.append(author, &event).await?;
    Ok(Some(verdict.status))
}

impl App {
    pub fn criteria(&self) -> Arc<Criteria> {
        self.criteria.clone()
    }

    /// The severity figures in force, with their provenance.
    pub fn severity(&self) -> Arc<SeverityConfig> {
        self.severity.clone()
    }

    /// Records an assessment for the actor's organisation and recomputes the area's status.
    pub async fn submit_assessment(
        &self,
        actor: &Actor,
        pcode: &str,
        input: NewAssessment,
    ) -> Result<AssessmentView> {
        policy::require(actor, Permission::SubmitAssessments)?;
        if input
            .organisation_id
            .as_deref()
            .is_some_and(|o| o.trim() != actor.organisation_id)
        {
            // Assessors speak for their own organisation only.
            return Err(AppError::Forbidden);
        }
        let area = self.store.area(pcode).await?.ok_or(AppError::NotFound)?;
        let criteria = self.criteria.clone();
        let mut errors = Errors::default();
        let assessed_on = errors.check(person::date("/assessed_on", &input.assessed_on));
        if assessed_on.is_some_and(|d| d > crate::clock::today()) {
            errors.push("/assessed_on", "error-date-in-future");
        }
        let source_type = SourceType::parse(input.source_type.trim());
        if source_type.is_none() {
            errors.push("/source_type", "error-unknown-value");
        }
        let findings_input: Vec<FindingInput> = input
            .findings
            .into_iter()
            .map(|f| FindingInput {
                criterion: f.criterion,
                status: f.status,
                observations: f.observations,
                evidence: f.evidence,
            })
            .collect();
        let findings = errors.check(assessment::findings(&criteria, &findings_input));
        let mut corrects = None;
        if let Some(id) = input.corrects.as_deref().map(str::trim) {
            match self.store.area_assessment(id).await? {
                Some(old)
                    if old.pcode == area.pcode && old.organisation_id == actor.organisation_id =>
                {
                    let already = self
                        .store
                        .area_assessments(&area.pcode)
                        .await?
                        .iter()
                        .any(|a| a.corrects.as_deref() == Some(id));
                    if already {
                        errors.push("/corrects", "error-already-corrected");
                    } else {
                        corrects = Uuid::parse_str(id).ok();
                    }
                }
                _ => errors.push("/corrects", "error-unknown-assessment"),
            }
        }
        errors.into_result()?;
        let (Some(assessed_on), Some(source_type), Some(findings)) =
            (assessed_on, source_type, findings)
        else {
            return Err(Invalid::one("/", "error-required").into());
        };
        let id = Uuid::now_v7();
        let event = Event::AreaAssessed(AreaAssessed {
            id,
            pcode: area.pcode.clone(),
            organisation_id: Uuid::parse_str(&actor.organisation_id)
                .map_err(|_| AppError::NotFound)?,
            assessed_on: assessed_on.to_string(),
            source_type,
            criteria_version: criteria.version.clone(),
            corrects,
            findings,
        });
        let (author, pcode, today) = (
            crate::author_of(Some(actor)),
            area.pcode,
            crate::clock::today(),
        );
        self.store
            .write(move |w| {
                Box::pin(async move {
                    w.append(&author, &event).await?;
                    recompute(w, &author, &criteria, &pcode, today).await?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
        let row = self
            .store
            .area_assessment(&id.to_string())
            .await?
            .ok_or(AppError::NotFound)?;
        view(row, &self.severity)
    }

    /// An area's assessments, newest first.
    pub async fn area_assessments(
        &self,
        actor: &Actor,
        pcode: &str,
    ) -> Result<Vec<AssessmentView>> {
        policy::require(actor, Permission::ReadAssessments)?;
        let area = self.store.area(pcode).await?.ok_or(AppError::NotFound)?;
        self.store
            .area_assessments(&area.pcode)
            .await?
            .into_iter()
            .map(|r| view(r, &self.severity))
            .collect()
    }

    pub async fn area_assessment(&self, actor: &Actor, id: &str) -> Result<AssessmentView> {
        policy::require(actor, Permission::ReadAssessments)?;
        let row = self
            .store
            .area_assessment(id)
            .await?
            .ok_or(AppError::NotFound)?;
        view(row, &self.severity)
    }

    /// An area's status, why, the organisations' views side by side, and its history. Public:
    /// people deciding whether to go home read it without signing in.
    pub async fn area_status(&self, pcode: &str) -> Result<AreaStatusView> {
        let area = self.store.area(pcode).await?.ok_or(AppError::NotFound)?;
        let rows = self.store.area_assessments(&area.pcode).await?;
        let verdict = status::area_status(&self.criteria, &facts(&rows)?, crate::clock::today());
        let mut by_organisation = Vec::with_capacity(verdict.by_organisation.len());
        for id in &verdict.by_organisation {
            if let Some(row) = rows.iter().find(|r| &r.id == id) {
                let mut v = view(row.clone(), &self.severity)?;
                v.organisation_name = self
                    .store
                    .organisation(&v.organisation_id)
                    .await?
                    .map(|o| o.name);
                by_organisation.push(v);
            }
        }
        let history = self
            .store
            .area_status_history(&area.pcode)
            .await?
            .into_iter()
            .map(change)
            .collect();
        let children: Vec<AreaStatus> = self
            .store
            .child_statuses(&area.pcode)
            .await?
            .into_iter()
            .map(|s| {
                s.and_then(|s| AreaStatus::parse(&s))
                    .unwrap_or(AreaStatus::Unassessed)
            })
            .collect();
        let children = status::roll_up(&children).map(RollUpView::from);
        Ok(AreaStatusView {
            children,
            pcode: area.pcode,
            status: verdict.status.as_str().to_owned(),
            reason: verdict.reason.as_str().to_owned(),
            evidence_on: verdict.evidence_on.map(|d| d.to_string()),
            by_organisation,
            history,
        })
    }

    /// Recomputes every assessed area's status as of today (evidence goes stale with time, not
    /// only with new assessments); journals each change. Returns how many changed.
    pub async fn recompute_area_statuses(
        &self,
        progress: &(dyn Fn(i64, i64) + Sync),
    ) -> Result<u64> {
        let pcodes = self.store.assessed_pcodes().await?;
        let total = pcodes.len() as i64;
        let mut changed = 0;
        for (i, chunk) in pcodes.chunks(200).enumerate() {
            let (criteria, chunk, today) =
                (self.criteria.clone(), chunk.to_vec(), crate::clock::today());
            let author = crate::author_of(None);
            changed += self
                .store
                .write(move |w| {
                    Box::pin(async move {
                        let mut n = 0;
                        for pcode in &chunk {
                            n += u64::from(
                                recompute(w, &author, &criteria, pcode, today)
                                    .await?
                                    .is_some(),
                            );
                        }
                        Ok::<_, AppError>(n)
                    })
                })
                .await?;
            progress(((i + 1) * 200).min(pcodes.len()) as i64, total);
        }
        Ok(changed)
    }
}

impl From<status::RollUp> for RollUpView {
    fn from(r: status::RollUp) -> Self {
        RollUpView {
            worst: r.worst.as_str().to_owned(),
            counts: r
                .counts
                .into_iter()
                .map(|(k, v)| (k.as_str().to_owned(), v))
                .collect(),
        }
    }
}

/// The criteria in force, as the API shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriteriaView {
    pub version: String,
    pub source: String,
    pub max_age_days: u32,
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionView {
    pub id: String,
    pub required_for_safe: bool,
    /// Language code → text.
    pub label: BTreeMap<String, String>,
    pub meaning: BTreeMap<String, String>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemView {
    pub id: String,
    pub label: BTreeMap<String, String>,
}

impl From<&Criteria> for CriteriaView {
    fn from(c: &Criteria) -> Self {
        CriteriaView {
            version: c.version.clone(),
            source: c.source.clone(),
            max_age_days: c.max_age_days,
            criteria: c
                .criteria
                .iter()
                .map(|c| CriterionView {
                    id: c.id.clone(),
                    required_for_safe: c.required_for_safe,
                    label: c.label.clone(),
                    meaning: c.meaning.clone(),
                    items: c
                        .items
                        .iter()
                        .map(|i| ItemView {
                            id: i.id.clone(),
                            label: i.label.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
