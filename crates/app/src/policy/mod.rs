//! Who may do what. The one place that decides; every service asks it first.
//!
//! The table below is the whole role policy, kept as data so that reading it is reading the
//! policy. Anything not granted is denied. Which *cases* a grant reaches (assignment, team,
//! organisation, sharing agreement with consent, sensitivity, closure) is decided by
//! [`cases`]; other records of an organisation are checked by [`within_organisation`].

pub mod cases;

use crate::{AppError, auth::Actor};
use homeward_domain::roles::Role;

/// Everything a user can ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See counts on the dashboard.
    ViewDashboard,
    /// List and read cases of one's organisation (without personal fields).
    ReadCases,
    /// Read the personal fields (names, dates of birth, …) of persons in one's organisation.
    ReadPersonal,
    /// Register households and open cases.
    RegisterCases,
    /// Read the administrative areas.
    ReadAreas,
    /// Import administrative areas.
    ImportAreas,
    /// Create organisations and users.
    ManageUsers,
    /// Erase a person (crypto-shredding).
    ErasePersons,
    /// Read the journal and verify it.
    Audit,
    /// Read who read a person's data (the access log).
    ReadAccessLog,
    /// Give a case to another worker or team.
    AssignCases,
    /// Mark a case as sensitive (child protection, gender-based violence, trafficking).
    MarkSensitive,
    /// Close a case.
    CloseCases,
    /// Record and withdraw a person's consent.
    RecordConsent,
    /// Conclude and revoke data-sharing agreements.
    ManageAgreements,
    /// Create teams and change their members.
    ManageTeams,
    /// See the organisation's teams (to assign cases to them).
    ReadTeams,
    /// Submit return-area assessments for one's organisation.
    SubmitAssessments,
    /// Read area assessments with their evidence (area status itself is public).
    ReadAssessments,
    /// Log and answer data-subject requests (access, correction, erasure, restriction,
    /// objection) for persons of one's organisation, and export everything held about a person.
    ManageSubjectRequests,
}

/// Why personal data may be read. Every read records one of these in the access log.
pub const PURPOSES: &[&str] = &[
    "case_management",
    "supervision",
    "monitoring",
    "data_protection",
    "audit",
];

/// The purpose named `text`, if the policy knows it.
pub fn purpose(text: &str) -> Option<&'static str> {
    PURPOSES.iter().copied().find(|p| *p == text)
}

/// The purpose a request declares when it names none: what the user's first role is for.
pub fn default_purpose(roles: &[Role]) -> &'static str {
    match roles.first() {
        Some(Supervisor) => "supervision",
        Some(Monitor) => "monitoring",
        Some(Dpo) => "data_protection",
        Some(Auditor) => "audit",
        _ => "case_management",
    }
}

use Permission::*;
use Role::*;

/// The grants. Reading down a column answers "what can this role do?".
pub const GRANTS: &[(Role, &[Permission])] = &[
    (
        Caseworker,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            RegisterCases,
            ReadAreas,
            MarkSensitive,
            RecordConsent,
            ReadTeams,
            ReadAssessments,
        ],
    ),
    (
        Supervisor,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            RegisterCases,
            ReadAreas,
            MarkSensitive,
            RecordConsent,
            AssignCases,
            CloseCases,
            ReadTeams,
            ReadAssessments,
        ],
    ),
    // Monitors read cases to check them, but never alter them.
    (
        Monitor,
        &[
            ViewDashboard,
            ReadCases,
            ReadPersonal,
            ReadAreas,
            ReadAssessments,
        ],
    ),
    (
        Assessor,
        &[ViewDashboard, ReadAreas, SubmitAssessments, ReadAssessments],
    ),
    // Aggregate roles see counts, never names.
    (
        ProgrammeManager,
        &[ViewDashboard, ReadCases, ReadAreas, ReadAssessments],
    ),
    (Finance, &[ViewDashboard, ReadAreas]),
    (
        Dpo,
        &[
            ViewDashboard,
            ReadAreas,
            ErasePersons,
            Audit,
            ReadAccessLog,
            ManageAgreements,
            ManageSubjectRequests,
        ],
    ),
    (Auditor, &[ViewDashboard, ReadAreas, Audit, ReadAccessLog]),
    (
        Admin,
        &[
            ViewDashboard,
            ReadAreas,
            ImportAreas,
            ManageUsers,
            Audit,
            ManageTeams,
            ReadTeams,
        ],
    ),
];

pub fn allows(role: Role, permission: Permission) -> bool {
    GRANTS
        .iter()
        .any(|(r, perms)| *r == role && perms.contains(&permission))
}

/// Succeeds when any of the actor's roles grants the permission.
pub fn require(actor: &Actor, permission: Permission) -> Result<(), AppError> {
    if actor.roles.iter().any(|r| allows(*r, permission)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn may(actor: &Actor, permission: Permission) -> bool {
    require(actor, permission).is_ok()
}

/// Records of another organisation are answered as "not found", so that guessing ids reveals
/// nothing about what exists elsewhere.
pub fn within_organisation(actor: &Actor, organisation_id: &str) -> Result<(), AppError> {
    if actor.organisation_id == organisation_id {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_row_and_nothing_else_is_granted() {
        for role in Role::ALL {
            assert_eq!(
                GRANTS.iter().filter(|(r, _)| r == role).count(),
                1,
                "{role}"
            );
        }
        assert!(!allows(Monitor, RegisterCases));
        assert!(!allows(ProgrammeManager, ReadPersonal));
        assert!(!allows(Auditor, ReadPersonal));
        assert!(allows(Caseworker, RegisterCases));
        for role in Role::ALL {
            assert_eq!(allows(*role, ManageSubjectRequests), *role == Dpo, "{role}");
        }
    }
}
