//! What a client sends to record counselling, coercion indicators, screenings, risk and
//! best-interests assessments, holds, waivers and removal decisions — and its validation into
//! the domain's codes. Every error names its field; nothing is written on any error.

use crate::policy::Permission;
use homeward_domain::cases::person;
use homeward_domain::conditions::status::AreaStatus;
use homeward_domain::error::Errors;
use homeward_domain::lifecycle::records::{
    BestInterestsKind, BestInterestsOutcome, CaseRecord, CoercionCode, CoolingOffWaiverReason,
    CounsellingTopic, DurableSolution, Factor, FactorKind, FactorLevel, HoldKind,
    InterventionRating, MAX_FACTORS, MIN_PANEL_MEMBERS, ScreeningStage, VulnerabilityDomain,
    VulnerabilityFactor,
};
use homeward_domain::text;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

/// What every record input gives the service that writes it: the record and its date, validated
/// (errors pushed, naming their fields), its free-text note, the member it is about, and the
/// permission it needs.
pub trait RecordInput {
    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)>;
    /// The note's field and text (sealed when written).
    fn note(&self) -> (&'static str, Option<&str>);
    fn person_id(&self) -> Option<&str> {
        None
    }
    fn permission(&self) -> Permission {
        Permission::RecordSafeguards
    }
}

/// The longest free-text note a record carries.
pub const NOTE_CHARS: usize = 4000;

/// A code list: the parser of its wire form, and all its values.
type CodeList<T> = (fn(&str) -> Option<T>, &'static [T]);

/// Parses a list of codes, each at most once (so no longer than the code list `all`), naming
/// the item at fault. `None` when the list is longer than that: its items are not looked at.
fn codes<T>(
    errors: &mut Errors,
    pointer: &str,
    raw: &[String],
    (parse, all): CodeList<T>,
) -> Option<Vec<T>>
where
    T: PartialEq,
{
    if !errors.within(pointer, raw.len(), all.len()) {
        return None;
    }
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        match parse(r.trim()) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => errors.push(format!("{pointer}/{i}"), "error-duplicate"),
            None => errors.push(format!("{pointer}/{i}"), "error-unknown-value"),
        }
    }
    Some(out)
}

fn code<T>(
    errors: &mut Errors,
    pointer: &str,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let v = parse(raw.trim());
    if v.is_none() {
        errors.push(pointer, "error-unknown-value");
    }
    v
}

/// A date that has happened: not in the future.
pub(crate) fn past_date(
    errors: &mut Errors,
    pointer: &str,
    raw: &str,
    today: Date,
) -> Option<Date> {
    let d = errors.check(person::date(pointer, raw))?;
    if d > today {
        errors.push(pointer, "error-date-in-future");
        return None;
    }
    Some(d)
}

pub(crate) fn note(errors: &mut Errors, pointer: &str, raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    if raw.is_empty() {
        return None;
    }
    errors.check(text::free_text(pointer, raw, NOTE_CHARS))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCounselling {
    /// YYYY-MM-DD, not in the future.
    pub held_on: String,
    /// ISO 639 code of the language the session was held in.
    pub language: String,
    pub interpreter: bool,
    /// The version of the information sheet handed over, e.g. `AVR-XB-2026-03`.
    pub information_sheet: String,
    /// safety_at_destination, area_status, housing, livelihoods, documentation, health_care,
    /// education, reintegration_assistance, alternatives, right_to_withdraw, travel; each once.
    #[schema(max_items = 11)]
    pub topics: Vec<String>,
    /// The questions the household asked, in their words (sealed).
    #[serde(default)]
    pub questions: Option<String>,
}

impl RecordInput for NewCounselling {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/questions", self.questions.as_deref())
    }

    /// The record; the destination's status is filled in from the system at the session.
    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/held_on", &self.held_on, today);
        let language = errors.check(text::known_language("/language", &self.language));
        let sheet = errors.check(text::identifier(
            "/information_sheet",
            &self.information_sheet,
            40,
        ));
        let topics = codes(
            errors,
            "/topics",
            &self.topics,
            (CounsellingTopic::parse, CounsellingTopic::ALL),
        );
        Some((
            on?,
            CaseRecord::Counselling {
                language: language?,
                interpreter: self.interpreter,
                information_sheet: sheet?,
                destination_status: AreaStatus::Unassessed,
                topics: topics?,
            },
        ))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCoercionIndicator {
    /// decision_in_detention, time_pressure, threats_or_loss_of_benefits, conditional_incentives,
    /// misinformation, family_or_community_pressure, no_alternatives_explained, capacity_in_doubt.
    pub code: String,
    /// The member concerned, if one (required for decision_in_detention).
    #[serde(default)]
    pub person_id: Option<String>,
    /// YYYY-MM-DD, not in the future.
    pub observed_on: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl RecordInput for NewCoercionIndicator {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", self.note.as_deref())
    }

    fn person_id(&self) -> Option<&str> {
        self.person_id.as_deref()
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/observed_on", &self.observed_on, today);
        let code = code(errors, "/code", &self.code, CoercionCode::parse);
        if code == Some(CoercionCode::DecisionInDetention) && self.person_id.is_none() {
            errors.push("/person_id", "error-required");
        }
        Some((on?, CaseRecord::CoercionIndicator { code: code? }))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorInput {
    /// individual, household, community, structural.
    pub level: String,
    /// risk, protective.
    pub kind: String,
    pub code: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewScreening {
    pub person_id: String,
    /// YYYY-MM-DD, not in the future.
    pub screened_on: String,
    /// rapid, full.
    pub stage: String,
    /// Each factor at most once at each level (`records::MAX_FACTORS`, 60).
    #[serde(default)]
    #[schema(max_items = 60)]
    pub factors: Vec<FactorInput>,
    /// child, sex_gender_orientation, health_and_welfare, protection_needs, other; each once.
    #[serde(default)]
    #[schema(max_items = 5)]
    pub domains: Vec<String>,
    /// The screener's rating of the intervention needed: low, medium, high.
    pub rating: String,
    /// A full screening's rapid screen, which it closes.
    #[serde(default)]
    pub follows: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl RecordInput for NewScreening {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", self.note.as_deref())
    }

    fn person_id(&self) -> Option<&str> {
        Some(&self.person_id)
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/screened_on", &self.screened_on, today);
        let stage = code(errors, "/stage", &self.stage, ScreeningStage::parse);
        let rating = code(errors, "/rating", &self.rating, InterventionRating::parse);
        let domains = codes(
            errors,
            "/domains",
            &self.domains,
            (VulnerabilityDomain::parse, VulnerabilityDomain::ALL),
        );
        let mut factors: Vec<Factor> = Vec::new();
        // A list over the maximum is refused whole, its entries unread.
        let listed: &[FactorInput] = if errors.within("/factors", self.factors.len(), MAX_FACTORS) {
            &self.factors
        } else {
            &[]
        };
        for (i, f) in listed.iter().enumerate() {
            let p = format!("/factors/{i}");
            let level = code(errors, &format!("{p}/level"), &f.level, FactorLevel::parse);
            let kind = code(errors, &format!("{p}/kind"), &f.kind, FactorKind::parse);
            let c = code(
                errors,
                &format!("{p}/code"),
                &f.code,
                VulnerabilityFactor::parse,
            );
            if let (Some(level), Some(kind), Some(code)) = (level, kind, c) {
                if factors.iter().any(|f| f.level == level && f.code == code) {
                    errors.push(p, "error-duplicate");
                } else {
                    factors.push(Factor { level, kind, code });
                }
            }
        }
        let follows = match (&self.follows, stage) {
            (Some(f), Some(ScreeningStage::Full)) => match uuid::Uuid::parse_str(f.trim()) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push("/follows", "error-id");
                    None
                }
            },
            (Some(_), Some(ScreeningStage::Rapid)) => {
                errors.push("/follows", "error-not-applicable");
                None
            }
            _ => None,
        };
        Some((
            on?,
            CaseRecord::VulnerabilityScreening {
                stage: stage?,
                factors,
                domains: domains?,
                rating: rating?,
                follows,
            },
        ))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRiskAssessment {
    /// YYYY-MM-DD, not in the future.
    pub assessed_on: String,
    pub risk_found: bool,
    /// Whether the risk found can be mitigated; then `mitigation` says how.
    pub mitigable: bool,
    #[serde(default)]
    pub mitigation: Option<String>,
}

impl RecordInput for NewRiskAssessment {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/mitigation", self.mitigation.as_deref())
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/assessed_on", &self.assessed_on, today);
        if !self.risk_found && self.mitigable {
            errors.push("/mitigable", "error-not-applicable");
        }
        let mitigation = self
            .mitigation
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        if self.risk_found && self.mitigable && mitigation.is_none() {
            errors.push("/mitigation", "error-required");
        }
        Some((
            on?,
            CaseRecord::RiskAssessment {
                risk_found: self.risk_found,
                mitigable: self.mitigable,
            },
        ))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBestInterests {
    /// The child.
    pub person_id: String,
    /// YYYY-MM-DD, not in the future.
    pub decided_on: String,
    /// assessment, determination.
    pub kind: String,
    /// return_in_best_interests, return_not_in_best_interests, deferred.
    pub outcome: String,
    /// A determination's panel size (at least 3).
    #[serde(default)]
    pub panel_members: u32,
    pub child_heard: bool,
    pub legal_representation: bool,
    /// return, local_integration, resettlement, family_reunification: at least return and one
    /// other, each once.
    #[schema(min_items = 2, max_items = 4)]
    pub options_compared: Vec<String>,
    /// YYYY-MM-DD by which the outcome is reviewed (a determination's review route).
    #[serde(default)]
    pub review_on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl RecordInput for NewBestInterests {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", self.note.as_deref())
    }

    fn person_id(&self) -> Option<&str> {
        Some(&self.person_id)
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/decided_on", &self.decided_on, today);
        let kind = code(errors, "/kind", &self.kind, BestInterestsKind::parse);
        let outcome = code(
            errors,
            "/outcome",
            &self.outcome,
            BestInterestsOutcome::parse,
        );
        let options = codes(
            errors,
            "/options_compared",
            &self.options_compared,
            (DurableSolution::parse, DurableSolution::ALL),
        );
        if let Some(options) = &options
            && (!options.contains(&DurableSolution::Return) || options.len() < 2)
        {
            errors.push("/options_compared", "error-options-compared");
        }
        let review_on = match self.review_on.as_deref() {
            Some(r) => errors.check(person::date("/review_on", r)),
            None => None,
        };
        if kind == Some(BestInterestsKind::Determination) {
            if (self.panel_members as usize) < MIN_PANEL_MEMBERS {
                errors.push("/panel_members", "error-panel-too-small");
            }
            if review_on.is_none() && self.review_on.is_none() {
                errors.push("/review_on", "error-required");
            }
        }
        if let (Some(r), Some(d)) = (review_on, on)
            && r < d
        {
            errors.push("/review_on", "error-date-before");
        }
        Some((
            on?,
            CaseRecord::BestInterests {
                kind: kind?,
                outcome: outcome?,
                panel_members: self.panel_members,
                child_heard: self.child_heard,
                legal_representation: self.legal_representation,
                options_compared: options?,
                review_on: review_on.map(|r| r.to_string()),
            },
        ))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHold {
    /// pending_appeal, pending_court_decision, grievance, other.
    pub kind: String,
    /// Whether the hold suspends the return while open.
    pub suspensive: bool,
    /// YYYY-MM-DD, not in the future.
    pub placed_on: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl RecordInput for NewHold {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", self.note.as_deref())
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/placed_on", &self.placed_on, today);
        let hold = code(errors, "/kind", &self.kind, HoldKind::parse);
        Some((
            on?,
            CaseRecord::Hold {
                hold: hold?,
                suspensive: self.suspensive,
            },
        ))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWaiver {
    /// medical_urgency, family_reunification, safety_in_host_country,
    /// returnee_request_after_counselling.
    pub reason: String,
    /// Why, in the supervisor's words (required, sealed).
    pub note: String,
}

impl RecordInput for NewWaiver {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", Some(&self.note))
    }

    /// A waiver is a supervisor's decision.
    fn permission(&self) -> Permission {
        Permission::ReviewSafeguards
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let reason = code(
            errors,
            "/reason",
            &self.reason,
            CoolingOffWaiverReason::parse,
        );
        if self.note.trim().is_empty() {
            errors.push("/note", "error-required");
        }
        Some((today, CaseRecord::CoolingOffWaiver { reason: reason? }))
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRemovalDecision {
    /// YYYY-MM-DD, not in the future.
    pub decided_on: String,
    /// Whether an appeal against the decision is pending.
    pub appeal_pending: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl RecordInput for NewRemovalDecision {
    fn note(&self) -> (&'static str, Option<&str>) {
        ("/note", self.note.as_deref())
    }

    fn validate(&self, errors: &mut Errors, today: Date) -> Option<(Date, CaseRecord)> {
        let on = past_date(errors, "/decided_on", &self.decided_on, today)?;
        Some((
            on,
            CaseRecord::RemovalDecision {
                decided_on: on.to_string(),
                appeal_pending: self.appeal_pending,
            },
        ))
    }
}
