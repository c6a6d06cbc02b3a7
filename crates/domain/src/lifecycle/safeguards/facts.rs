//! What the safeguard engine knows of a case: plain values the application reads from the store.
//! Nothing here is personal: members are known by id, position, age band and languages.

use crate::cases::case::CaseKind;
use crate::cases::person::AgeBand;
use crate::conditions::status::AreaStatus;
use crate::lifecycle::records::{BestInterestsKind, BestInterestsOutcome, ConsentRole};
use time::Date;

/// When a record was made: its date, then its journal position for records of the same date.
/// "After the latest counselling" compares stamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub on: Date,
    pub seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    /// 1-based place in the household, used in messages instead of a name.
    pub position: usize,
    pub age_band: AgeBand,
    /// ISO 639 codes of the languages the person speaks.
    pub languages: Vec<String>,
    /// A child with no adult in the household (UASC).
    pub unaccompanied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counselling {
    pub stamp: Stamp,
    pub language: String,
    pub interpreter: bool,
    /// The destination's status as the counsellor presented it.
    pub destination_status: AreaStatus,
}

/// An active or withdrawn consent to return (other purposes do not concern the gate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// The person the consent is about.
    pub person_id: String,
    pub role: ConsentRole,
    pub language: String,
    pub interpreter: bool,
    pub stamp: Stamp,
    /// When it was withdrawn, if it was: the withdrawal's own stamp, so the engine can tell a
    /// withdrawal since the latest counselling (which needs counselling again) from an old one.
    pub withdrawn: Option<Stamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coercion {
    pub person_id: Option<String>,
    /// Decided in immigration detention: for a child, an alert whether reviewed or not.
    pub detention: bool,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskAssessment {
    pub stamp: Stamp,
    pub risk_found: bool,
    pub mitigable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestInterests {
    pub person_id: String,
    pub kind: BestInterestsKind,
    pub outcome: BestInterestsOutcome,
    pub stamp: Stamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub kind: CaseKind,
    pub today: Date,
    /// The destination area's status now.
    pub destination: AreaStatus,
    pub members: Vec<Member>,
    pub counselling: Vec<Counselling>,
    pub consents: Vec<Consent>,
    pub coercion: Vec<Coercion>,
    pub risk_assessments: Vec<RiskAssessment>,
    pub best_interests: Vec<BestInterests>,
    /// Open holds with suspensive effect (pending appeals, court decisions, grievances).
    pub open_holds: usize,
    /// A supervisor waived the cooling-off period, with a reason.
    pub cooling_off_waived: bool,
    /// Follow-up vulnerability screenings opened by a positive rapid screen and not yet done.
    pub screenings_due: usize,
    /// When the case last went back to counselling (counselled again, or reopened after a
    /// withdrawal): counselling before that no longer counts.
    pub restarted: Option<Stamp>,
}

impl CaseFacts {
    pub fn latest_counselling(&self) -> Option<&Counselling> {
        self.counselling.iter().max_by_key(|c| c.stamp)
    }

    /// The person's active consent to return in the given role, newest first.
    pub fn active_consent(&self, person_id: &str, role: ConsentRole) -> Option<&Consent> {
        self.consents
            .iter()
            .filter(|c| c.person_id == person_id && c.role == role && c.withdrawn.is_none())
            .max_by_key(|c| c.stamp)
    }

    pub fn latest_best_interests(&self, person_id: &str) -> Option<&BestInterests> {
        self.best_interests
            .iter()
            .filter(|b| b.person_id == person_id)
            .max_by_key(|b| b.stamp)
    }
}
