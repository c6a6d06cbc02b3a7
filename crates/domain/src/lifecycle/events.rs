//! The journal events of the return lifecycle: transitions and the safeguard records.

use crate::cases::case::CaseState;
use crate::lifecycle::records::{CaseRecord, TransitionReason};
use crate::lifecycle::road::Move;
use crate::lifecycle::safeguards::{RuleId, Severity};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A finding as stored with a transition: which rule, how severe, about whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRecord {
    pub rule: RuleId,
    pub severity: Severity,
    pub person_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseTransitioned {
    pub case_id: Uuid,
    pub from: CaseState,
    pub to: CaseState,
    pub step: Move,
    pub reason: Option<TransitionReason>,
    /// The safeguard rule-set version the move was evaluated with.
    pub rules_version: String,
    /// The warnings (or, for a forced return, the alerts) standing when the case moved.
    pub findings: Vec<FindingRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRecorded {
    pub id: Uuid,
    pub case_id: Uuid,
    /// The member the record is about, when it is about one.
    pub person_id: Option<Uuid>,
    /// YYYY-MM-DD: the day the session, screening or decision took place.
    pub on: String,
    pub record: CaseRecord,
    /// Free text sealed under `note_key`'s data key: erasing that person erases the note.
    pub note: Option<String>,
    pub note_key: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRecordResolved {
    pub id: Uuid,
    pub case_id: Uuid,
    /// The record that resolved it (a follow-up screening), if any.
    pub by_record: Option<Uuid>,
    pub note: Option<String>,
    pub note_key: Option<Uuid>,
}
