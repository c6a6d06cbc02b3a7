//! Every change Homeward records is one of these events. State is a projection of them.
//!
//! Personal fields never appear here in clear: a person's `sealed` map holds ciphertext made by
//! the application layer under that person's data key. The journal therefore stays verifiable
//! after a key is destroyed, and an auditor can read the whole journal without reading a name.

pub use crate::accounts::events::{OrganisationCreated, UserCreated, UserRef};
pub use crate::cases::events::{
    CaseAssigned, CaseClosed, CaseOpened, CaseSensitivitySet, HouseholdRegistered,
    RegisteredPerson, TeamCreated, TeamMembership,
};
pub use crate::conditions::events::{
    AreaAssessed, AreaBoundarySet, AreaImported, AreaStatusChanged,
};
pub use crate::journal::events::NodeKeyRotated;
pub use crate::lifecycle::events::{
    CaseRecordResolved, CaseRecorded, CaseTransitioned, FindingRecord,
};
pub use crate::privacy::events::{
    AgreementConcluded, AgreementRevoked, BreakGlassOpened, ConsentGiven, ConsentWithdrawn,
    PersonCorrected, PersonErased, SubjectRequestClosed, SubjectRequestExtended,
    SubjectRequestReceived, SubjectRequestRef,
};
use serde::{Deserialize, Serialize};

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
    /// An administrator issued a one-time link with which the user chooses their password (a
    /// new user, or a forgotten password). The link's token lives outside the journal, as a
    /// digest.
    #[serde(rename = "user.enrolment_link_issued")]
    UserEnrolmentLinkIssued(UserRef),
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
    #[serde(rename = "team.created")]
    TeamCreated(TeamCreated),
    #[serde(rename = "team.member_added")]
    TeamMemberAdded(TeamMembership),
    #[serde(rename = "team.member_removed")]
    TeamMemberRemoved(TeamMembership),
    /// The case changes hands: a worker, a team, or both.
    #[serde(rename = "case.assigned")]
    CaseAssigned(CaseAssigned),
    /// The case's sensitivity markers, replacing the previous set.
    #[serde(rename = "case.sensitivity_set")]
    CaseSensitivitySet(CaseSensitivitySet),
    #[serde(rename = "case.closed")]
    CaseClosed(CaseClosed),
    /// Two organisations agreed to share named fields for one purpose until a date.
    #[serde(rename = "agreement.concluded")]
    AgreementConcluded(AgreementConcluded),
    #[serde(rename = "agreement.revoked")]
    AgreementRevoked(AgreementRevoked),
    #[serde(rename = "consent.given")]
    ConsentGiven(ConsentGiven),
    /// Takes effect at once: the next read is decided without the consent.
    #[serde(rename = "consent.withdrawn")]
    ConsentWithdrawn(ConsentWithdrawn),
    /// A person's personal fields were corrected on their request; the new ciphertext is sealed
    /// under the person's existing data key.
    #[serde(rename = "person.corrected")]
    PersonCorrected(PersonCorrected),
    /// The data-protection officer logged a data-subject request.
    #[serde(rename = "subject_request.received")]
    SubjectRequestReceived(SubjectRequestReceived),
    /// The deadline of a data-subject request was extended (once).
    #[serde(rename = "subject_request.extended")]
    SubjectRequestExtended(SubjectRequestExtended),
    /// An export of everything held about the person was produced for an access request.
    #[serde(rename = "subject_request.exported")]
    SubjectRequestExported(SubjectRequestRef),
    /// The request was answered; `outcome` is a code.
    #[serde(rename = "subject_request.completed")]
    SubjectRequestCompleted(SubjectRequestClosed),
    /// The request was refused; `outcome` is the refusal reason code.
    #[serde(rename = "subject_request.refused")]
    SubjectRequestRefused(SubjectRequestClosed),
    /// An assessor's findings on an area; immutable once submitted (corrections are new ones).
    #[serde(rename = "area.assessed")]
    AreaAssessed(AreaAssessed),
    /// The area's computed status changed, and why.
    #[serde(rename = "area.status_changed")]
    AreaStatusChanged(AreaStatusChanged),
    /// The case moved along (or off) the return road, with the safeguard evaluation that let it.
    #[serde(rename = "case.transitioned")]
    CaseTransitioned(CaseTransitioned),
    /// A record the safeguards read: counselling, coercion indicator, screening, risk
    /// assessment, best interests, hold, cooling-off waiver, removal decision.
    #[serde(rename = "case.recorded")]
    CaseRecorded(CaseRecorded),
    /// An open record was resolved: an indicator reviewed, a hold lifted, a screen followed up.
    #[serde(rename = "case.record_resolved")]
    CaseRecordResolved(CaseRecordResolved),
    /// An area's boundary, replacing any earlier one.
    #[serde(rename = "area.boundary_set")]
    AreaBoundarySet(AreaBoundarySet),
    /// The node's signing key was replaced; heads from here on carry the new key.
    #[serde(rename = "node.key_rotated")]
    NodeKeyRotated(NodeKeyRotated),
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
            Event::UserEnrolmentLinkIssued(_) => "user.enrolment_link_issued",
            Event::AreaImported(_) => "area.imported",
            Event::HouseholdRegistered(_) => "household.registered",
            Event::CaseOpened(_) => "case.opened",
            Event::BreakGlassOpened(_) => "access.break_glass",
            Event::PersonErased(_) => "person.erased",
            Event::TeamCreated(_) => "team.created",
            Event::TeamMemberAdded(_) => "team.member_added",
            Event::TeamMemberRemoved(_) => "team.member_removed",
            Event::CaseAssigned(_) => "case.assigned",
            Event::CaseSensitivitySet(_) => "case.sensitivity_set",
            Event::CaseClosed(_) => "case.closed",
            Event::AgreementConcluded(_) => "agreement.concluded",
            Event::AgreementRevoked(_) => "agreement.revoked",
            Event::ConsentGiven(_) => "consent.given",
            Event::ConsentWithdrawn(_) => "consent.withdrawn",
            Event::PersonCorrected(_) => "person.corrected",
            Event::SubjectRequestReceived(_) => "subject_request.received",
            Event::SubjectRequestExtended(_) => "subject_request.extended",
            Event::SubjectRequestExported(_) => "subject_request.exported",
            Event::SubjectRequestCompleted(_) => "subject_request.completed",
            Event::SubjectRequestRefused(_) => "subject_request.refused",
            Event::AreaAssessed(_) => "area.assessed",
            Event::AreaStatusChanged(_) => "area.status_changed",
            Event::CaseTransitioned(_) => "case.transitioned",
            Event::CaseRecorded(_) => "case.recorded",
            Event::CaseRecordResolved(_) => "case.record_resolved",
            Event::AreaBoundarySet(_) => "area.boundary_set",
            Event::NodeKeyRotated(_) => "node.key_rotated",
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
            | Event::UserSecondFactorReset(e)
            | Event::UserEnrolmentLinkIssued(e) => e.user_id.to_string(),
            Event::AreaImported(e) => e.pcode.clone(),
            Event::HouseholdRegistered(e) => e.id.to_string(),
            Event::CaseOpened(e) => e.id.to_string(),
            Event::BreakGlassOpened(e) => e.case_id.to_string(),
            Event::PersonErased(e) => e.person_id.to_string(),
            Event::TeamCreated(e) => e.id.to_string(),
            Event::TeamMemberAdded(e) | Event::TeamMemberRemoved(e) => e.team_id.to_string(),
            Event::CaseAssigned(e) => e.case_id.to_string(),
            Event::CaseSensitivitySet(e) => e.case_id.to_string(),
            Event::CaseClosed(e) => e.case_id.to_string(),
            Event::AgreementConcluded(e) => e.id.to_string(),
            Event::AgreementRevoked(e) => e.agreement_id.to_string(),
            Event::ConsentGiven(e) => e.person_id.to_string(),
            Event::ConsentWithdrawn(e) => e.person_id.to_string(),
            Event::PersonCorrected(e) => e.person_id.to_string(),
            Event::SubjectRequestReceived(e) => e.id.to_string(),
            Event::SubjectRequestExtended(e) => e.id.to_string(),
            Event::SubjectRequestExported(e) => e.id.to_string(),
            Event::SubjectRequestCompleted(e) | Event::SubjectRequestRefused(e) => e.id.to_string(),
            Event::AreaAssessed(e) => e.pcode.clone(),
            Event::AreaStatusChanged(e) => e.pcode.clone(),
            Event::CaseTransitioned(e) => e.case_id.to_string(),
            Event::CaseRecorded(e) => e.case_id.to_string(),
            Event::CaseRecordResolved(e) => e.case_id.to_string(),
            Event::AreaBoundarySet(e) => e.pcode.clone(),
            Event::NodeKeyRotated(e) => e.key_id.clone(),
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
            | Event::UserSecondFactorReset(e)
            | Event::UserEnrolmentLinkIssued(e) => serde_json::to_string(e),
            Event::AreaImported(e) => serde_json::to_string(e),
            Event::HouseholdRegistered(e) => serde_json::to_string(e),
            Event::CaseOpened(e) => serde_json::to_string(e),
            Event::BreakGlassOpened(e) => serde_json::to_string(e),
            Event::PersonErased(e) => serde_json::to_string(e),
            Event::TeamCreated(e) => serde_json::to_string(e),
            Event::TeamMemberAdded(e) | Event::TeamMemberRemoved(e) => serde_json::to_string(e),
            Event::CaseAssigned(e) => serde_json::to_string(e),
            Event::CaseSensitivitySet(e) => serde_json::to_string(e),
            Event::CaseClosed(e) => serde_json::to_string(e),
            Event::AgreementConcluded(e) => serde_json::to_string(e),
            Event::AgreementRevoked(e) => serde_json::to_string(e),
            Event::ConsentGiven(e) => serde_json::to_string(e),
            Event::ConsentWithdrawn(e) => serde_json::to_string(e),
            Event::PersonCorrected(e) => serde_json::to_string(e),
            Event::SubjectRequestReceived(e) => serde_json::to_string(e),
            Event::SubjectRequestExtended(e) => serde_json::to_string(e),
            Event::SubjectRequestExported(e) => serde_json::to_string(e),
            Event::SubjectRequestCompleted(e) | Event::SubjectRequestRefused(e) => {
                serde_json::to_string(e)
            }
            Event::AreaAssessed(e) => serde_json::to_string(e),
            Event::AreaStatusChanged(e) => serde_json::to_string(e),
            Event::CaseTransitioned(e) => serde_json::to_string(e),
            Event::CaseRecorded(e) => serde_json::to_string(e),
            Event::CaseRecordResolved(e) => serde_json::to_string(e),
            Event::AreaBoundarySet(e) => serde_json::to_string(e),
            Event::NodeKeyRotated(e) => serde_json::to_string(e),
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
    use crate::conditions::area::AreaLevel;

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
    fn a_registration_written_before_unusual_confirmations_still_replays() {
        let old = r#"{"id":"01900000-0000-7000-8000-000000000001","organisation_id":"01900000-0000-7000-8000-000000000002","members":[{"id":"01900000-0000-7000-8000-000000000003","relationship":"head","sex":"female","age_band":"18-59","nationality":null,"languages":["ar"],"sealed":{}}]}"#;
        let e = Event::from_parts("household.registered", old).unwrap();
        let Event::HouseholdRegistered(h) = &e else {
            panic!("{e:?}");
        };
        assert!(!h.members[0].unusual_confirmed);
        // Unconfirmed members are written as before, so their entries hash as before.
        assert_eq!(e.payload_json(), old);
        let mut confirmed = h.clone();
        confirmed.members[0].unusual_confirmed = true;
        let json = Event::HouseholdRegistered(confirmed).payload_json();
        assert!(json.contains(r#""unusual_confirmed":true"#), "{json}");
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
