//! The journal events of households, cases and teams.

use crate::cases::case::{CaseKind, CaseState, ClosureReason, Sensitivity};
use crate::cases::household::Relationship;
use crate::cases::person::{AgeBand, Sex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredPerson {
    pub id: Uuid,
    pub relationship: Relationship,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub nationality: Option<String>,
    pub languages: Vec<String>,
    /// Field name → ciphertext under the person's data key.
    pub sealed: BTreeMap<String, String>,
    /// The registering user confirmed this member's relationship to the head although it is
    /// unusual for their ages (`config/household.toml`). Left out when false, so entries of
    /// households that needed no confirmation, and journals written before the check, are
    /// unchanged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unusual_confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdRegistered {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub members: Vec<RegisteredPerson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseOpened {
    pub id: Uuid,
    pub reference: String,
    pub kind: CaseKind,
    pub state: CaseState,
    pub household_id: Uuid,
    pub organisation_id: Uuid,
    pub host_country: String,
    pub origin_country: String,
    pub destination_area: String,
    pub assigned_to: Option<Uuid>,
    /// Absent in journals written before teams existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamCreated {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMembership {
    pub team_id: Uuid,
    pub user_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseAssigned {
    pub case_id: Uuid,
    pub assigned_to: Option<Uuid>,
    pub team_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSensitivitySet {
    pub case_id: Uuid,
    pub markers: Vec<Sensitivity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseClosed {
    pub case_id: Uuid,
    pub reason: ClosureReason,
}
