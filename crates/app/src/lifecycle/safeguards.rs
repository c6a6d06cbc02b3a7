//! The safeguard engine's place in the application: the shipped rule set, the facts read from a
//! case file, and "why can't this case proceed?" for whoever reaches the case.

use crate::cases::reads::facts as scope_facts;
use crate::policy::{Permission, cases as scope};
use crate::{Actor, App, AppError, Result};
use homeward_domain::cases::case::{CaseKind, CaseState};
use homeward_domain::cases::household::{self, Relationship};
use homeward_domain::cases::person::{self, AgeBand};
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::iso639;
use homeward_domain::lifecycle::records::{CaseRecord, CoercionCode, ConsentRole};
use homeward_domain::lifecycle::road;
use homeward_domain::lifecycle::safeguards::{
    self, BestInterests, CaseFacts, Coercion, Consent, Counselling, Evaluation, Member,
    RiskAssessment, RuleSet, Stamp,
};
use homeward_domain::privacy::sharing::ConsentPurpose;
use homeward_store::StoreError;
use homeward_store::lifecycle::{CaseFile, CaseRecordRow};

pub fn shipped_rules() -> Result<RuleSet> {
    RuleSet::parse(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/safeguards.toml"
    )))
    .map_err(|e| AppError::Config(format!("config/safeguards.toml: {e}")))
}

fn corrupt(what: &str) -> AppError {
    AppError::Store(StoreError::Corrupt(format!("case file: {what}")))
}

fn date(raw: &str) -> Result<time::Date> {
    person::date("", raw).map_err(|_| corrupt("date"))
}

/// A journal time stamp (RFC 3339) and position as an engine stamp.
fn stamp_at(at: &str, seq: i64) -> Result<Stamp> {
    Ok(Stamp {
        on: date(at.get(..10).unwrap_or_default())?,
        seq,
    })
}

/// A stored record's codes, read back.
pub(crate) fn record_data(row: &CaseRecordRow) -> Result<CaseRecord> {
    serde_json::from_str(&row.data).map_err(|_| corrupt("record"))
}

/// The state a transition from `state` would reach when the user asks to "proceed".
pub fn proceed_target(state: CaseState, suspended_from: Option<CaseState>) -> Option<CaseState> {
    match state {
        CaseState::Suspended => suspended_from,
        s => road::next(s),
    }
}

/// The destination's status for the gate: as last computed, except that evidence older than
/// `max_age_days` is stale today even before the daily recompute journals it.
fn destination_now(file: &CaseFile, today: time::Date, max_age_days: u32) -> Result<AreaStatus> {
    let Some(status) = file.destination_status.as_deref() else {
        return Ok(AreaStatus::Unassessed);
    };
    let status = AreaStatus::parse(status).ok_or_else(|| corrupt("area status"))?;
    let oldest = today - time::Duration::days(i64::from(max_age_days));
    match file
        .destination_evidence_on
        .as_deref()
        .map(date)
        .transpose()?
    {
        Some(evidence) if evidence < oldest && status != AreaStatus::Unassessed => {
            Ok(AreaStatus::Stale)
        }
        _ => Ok(status),
    }
}

/// Reads the engine's facts out of a case file.
pub(crate) fn case_facts(
    file: &CaseFile,
    today: time::Date,
    max_age_days: u32,
) -> Result<CaseFacts> {
    let kind = CaseKind::parse(&file.case.kind).ok_or_else(|| corrupt("kind"))?;
    let destination = destination_now(file, today, max_age_days)?;
    let bands: Vec<(Relationship, AgeBand)> = file
        .members
        .iter()
        .map(|m| {
            Ok((
                Relationship::parse(&m.relationship).ok_or_else(|| corrupt("relationship"))?,
                AgeBand::parse(&m.age_band).ok_or_else(|| corrupt("age band"))?,
            ))
        })
        .collect::<Result<_>>()?;
    let unaccompanied = household::unaccompanied_children(&bands);
    let members = file
        .members
        .iter()
        .zip(&bands)
        .enumerate()
        .map(|(i, (m, (_, band)))| Member {
            id: m.id.clone(),
            position: i + 1,
            age_band: *band,
            // Registrations before codes were made canonical may say "ara" for "ar": read
            // both as one language, as the consent and counselling records now are.
            languages: m
                .languages
                .iter()
                .map(|l| iso639::canonical(l).map_or_else(|| l.clone(), str::to_owned))
                .collect(),
            unaccompanied: unaccompanied.contains(&i),
        })
        .collect();
    let mut facts = CaseFacts {
        kind,
        today,
        destination,
        members,
        counselling: Vec::new(),
        consents: Vec::new(),
        coercion: Vec::new(),
        risk_assessments: Vec::new(),
        best_interests: Vec::new(),
        open_holds: 0,
        cooling_off_waived: false,
        screenings_due: 0,
        restarted: file
            .restarted
            .as_ref()
            .map(|(at, seq)| stamp_at(at, *seq))
            .transpose()?,
    };
    for c in &file.consents {
        if c.purpose != ConsentPurpose::Return.as_str() {
            continue;
        }
        facts.consents.push(Consent {
            person_id: c.person_id.clone(),
            role: ConsentRole::parse(&c.role).ok_or_else(|| corrupt("consent role"))?,
            language: c.language.clone(),
            interpreter: c.interpreter,
            stamp: Stamp {
                on: date(&c.given_on)?,
                seq: c.seq,
            },
            withdrawn: c
                .withdrawn
                .as_ref()
                .map(|(at, seq)| stamp_at(at, *seq))
                .transpose()?,
        });
    }
    let mut waivers = Vec::new();
    for row in &file.records {
        let stamp = Stamp {
            on: date(&row.recorded_on)?,
            seq: row.seq,
        };
        match record_data(row)? {
            CaseRecord::Counselling {
                language,
                interpreter,
                destination_status,
                ..
            } => facts.counselling.push(Counselling {
                stamp,
                language,
                interpreter,
                destination_status,
            }),
            CaseRecord::CoercionIndicator { code } => facts.coercion.push(Coercion {
                person_id: row.person_id.clone(),
                detention: code == CoercionCode::DecisionInDetention,
                open: row.open,
            }),
            CaseRecord::VulnerabilityScreening { .. } => {
                facts.screenings_due += usize::from(row.open);
            }
            CaseRecord::RiskAssessment {
                risk_found,
                mitigable,
            } => facts.risk_assessments.push(RiskAssessment {
                stamp,
                risk_found,
                mitigable,
            }),
            CaseRecord::BestInterests { kind, outcome, .. } => {
                let person_id = row.person_id.clone().ok_or_else(|| corrupt("child"))?;
                facts.best_interests.push(BestInterests {
                    person_id,
                    kind,
                    outcome,
                    stamp,
                });
            }
            CaseRecord::Hold { suspensive, .. } => {
                facts.open_holds += usize::from(row.open && suspensive);
            }
            CaseRecord::CoolingOffWaiver { .. } => waivers.push(stamp),
            CaseRecord::RemovalDecision { .. } => {}
        }
    }
    // A waiver answers the consents it was granted over: counselling again (and consenting
    // again) starts a new cooling-off.
    let since = facts.latest_counselling().map(|c| c.stamp);
    facts.cooling_off_waived = waivers.iter().any(|w| since.is_none_or(|s| *w > s));
    Ok(facts)
}

/// What the case page and `GET /cases/{id}/safeguards` show.
#[derive(Debug, Clone)]
pub struct SafeguardsView {
    pub state: CaseState,
    /// The state a suspended case left (the only one it resumes to).
    pub suspended_from: Option<CaseState>,
    pub kind: CaseKind,
    /// The state "proceed" leads to; `None` at the end of the road or off it.
    pub target: Option<CaseState>,
    /// The evaluation for that target (every rule guarding it).
    pub evaluation: Option<Evaluation>,
}

impl App {
    pub fn safeguard_rules(&self) -> &RuleSet {
        &self.safeguards
    }

    /// Why the case can or cannot proceed to `target` (by default, the next state).
    pub async fn case_safeguards(
        &self,
        actor: &Actor,
        case_id: &str,
        target: Option<CaseState>,
    ) -> Result<SafeguardsView> {
        crate::policy::require(actor, Permission::ReadCases)?;
        let file = self
            .store
            .case_file(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let teams = self.store.teams_of_user(&actor.user_id).await?;
        if !scope::reaches(actor, &teams, &scope_facts(&file.case)) {
            return Err(AppError::NotFound);
        }
        let state = CaseState::parse(&file.case.state).ok_or_else(|| corrupt("state"))?;
        let suspended_from = file.suspended_from.as_deref().and_then(CaseState::parse);
        let target = target.or_else(|| proceed_target(state, suspended_from));
        let facts = case_facts(&file, crate::clock::today(), self.criteria.max_age_days)?;
        Ok(SafeguardsView {
            state,
            suspended_from,
            kind: facts.kind,
            target,
            evaluation: target.map(|t| safeguards::evaluate(&self.safeguards, &facts, t)),
        })
    }
}
