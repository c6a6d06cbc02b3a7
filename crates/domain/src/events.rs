//! Every change Homeward records is one of these events. State is a projection of them.
//!
//! Personal fields never appear here in clear: a person's `sealed` map holds ciphertext made by
//! the application layer under that person's data key. The journal therefore stays verifiable
//! after a key is destroyed, and an auditor can read the whole journal without reading a name.

use crate::area::AreaLevel;
use crate::case::{CaseKind, CaseState};
use crate::household::Relationship;
use crate::person::{AgeBand, Sex};
use crate::roles::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", deny_unknown_fields)]
pub enum Event {
    #[serde(rename = "organisation.created")]
    OrganisationCreated(OrganisationCreated),
    #[serde(rename = "user.created")]
    UserCreated(UserCreated),
    /// The fact that a password was set; the hash itself lives outside the journal so that a
    /// journal export never carries credentials.
    #[serde(rename = "user.password_set")]
    UserPasswordSet(UserRef),
    /// The user can no longer sign in; their sessions end.
    #[serde(rename = "user.deactivated")]
    UserDeactivated(UserRef),
    /// The user confirmed a second factor (TOTP). The secret lives outside the journal, sealed.
    #[serde(rename = "user.second_factor_enrolled")]
    UserSecondFactorEnrolled(UserRef),
    /// An administrator removed the user's second factor (lost phone); their sessions ended.
    #[serde(rename = "user.second_factor_reset")]
    UserSecondFactorReset(UserRef),
    #[serde(rename = "area.imported")]
    AreaImported(AreaImported),
    #[serde(rename = "household.registered")]
    HouseholdRegistered(HouseholdRegistered),
    #[serde(rename = "case.opened")]
    CaseOpened(CaseOpened),
    /// A user opened a case outside their organisation, with a justification, for a limited time.
    #[serde(rename = "access.break_glass")]
    BreakGlassOpened(BreakGlassOpened),
    /// A person's data key was destroyed. Their sealed fields can never be read again.
    #[serde(rename = "person.erased")]
    PersonErased(PersonErased),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationCreated {
    pub id: Uuid,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCreated {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRef {
    pub user_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaImported {
    pub pcode: String,
    pub name: String,
    pub level: AreaLevel,
    pub parent: Option<String>,
}

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassOpened {
    pub id: Uuid,
    pub user_id: Uuid,
    pub case_id: Uuid,
    /// Typed by the user; read by the data-protection officer.
    pub justification: String,
    /// RFC 3339 UTC; the grant ends then.
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonErased {
    pub person_id: Uuid,
    /// A reason code (e.g. `data_subject_request`, `retention`), never free text about the person.
    pub reason: String,
}

impl Event {
    /// The journal's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::OrganisationCreated(_) => "organisation.created",
            Event::UserCreated(_) => "user.created",
            Event::UserPasswordSet(_) => "user.password_set",
            Event::UserDeactivated(_) => "user.deactivated",
            Event::UserSecondFactorEnrolled(_) => "user.second_factor_enrolled",
            Event::UserSecondFactorReset(_) => "user.second_factor_reset",
            Event::AreaImported(_) => "area.imported",
            Event::HouseholdRegistered(_) => "household.registered",
            Event::CaseOpened(_) => "case.opened",
            Event::BreakGlassOpened(_) => "access.break_glass",
            Event::PersonErased(_) => "person.erased",
        }
    }

    /// The journal's `subject` column: the id of the record the event is about, so that one
    /// record's history is one indexed query.
    pub fn subject(&self) -> String {
        match self {
            Event::OrganisationCreated(e) => e.id.to_string(),
            Event::UserCreated(e) => e.id.to_string(),
            Event::UserPasswordSet(e)
            | Event::UserDeactivated(e)
            | Event::UserSecondFactorEnrolled(e)
            | Event::UserSecondFactorReset(e) => e.user_id.to_string(),
            Event::AreaImported(e) => e.pcode.clone(),
            Event::HouseholdRegistered(e) => e.id.to_string(),
            Event::CaseOpened(e) => e.id.to_string(),
            Event::BreakGlassOpened(e) => e.case_id.to_string(),
            Event::PersonErased(e) => e.person_id.to_string(),
        }
    }

    /// The payload as stored: compact JSON of the event's body.
    pub fn payload_json(&self) -> String {
        let body = match self {
            Event::OrganisationCreated(e) => serde_json::to_string(e),
            Event::UserCreated(e) => serde_json::to_string(e),
            Event::UserPasswordSet(e)
            | Event::UserDeactivated(e)
            | Event::UserSecondFactorEnrolled(e)
            | Event::UserSecondFactorReset(e) => serde_json::to_string(e),
            Event::AreaImported(e) => serde_json::to_string(e),
            Event::HouseholdRegistered(e) => serde_json::to_string(e),
            Event::CaseOpened(e) => serde_json::to_string(e),
            Event::BreakGlassOpened(e) => serde_json::to_string(e),
            Event::PersonErased(e) => serde_json::to_string(e),
        };
        // Serialising these plain structs cannot fail: no maps with non-string keys, no floats.
        body.unwrap_or_default()
    }

    /// Reads an event back from its journal columns.
    pub fn from_parts(kind: &str, payload: &str) -> Result<Event, serde_json::Error> {
        let payload: serde_json::Value = serde_json::from_str(payload)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_their_journal_columns() {
        let e = Event::AreaImported(AreaImported {
            pcode: "XA01".into(),
            name: "Northern Hills".into(),
            level: AreaLevel::Adm1,
            parent: Some("XA".into()),
        });
        let back = Event::from_parts(e.kind(), &e.payload_json()).unwrap();
        assert_eq!(back, e);
        assert_eq!(e.subject(), "XA01");
    }

    #[test]
    fn unknown_kinds_and_fields_are_refused() {
        assert!(Event::from_parts("area.renamed", "{}").is_err());
        assert!(
            Event::from_parts(
                "person.erased",
                r#"{"person_id":"00000000-0000-0000-0000-000000000000","reason":"x","extra":1}"#
            )
            .is_err()
        );
    }
}
